"""The terminal's KPIs (KpiService on a synced cache) equal the central SQL's (store_kpis) for the
same store and periods, on SQLite and PostgreSQL, with fresh activity so non-zero figures compare."""

from __future__ import annotations

from dataclasses import asdict
from datetime import timedelta

import pytest

from clienteling.domain import Verification
from clienteling.domain.returns import DraftLine, ReturnDraft
from clienteling.services.clock import iso, utc_now
from clienteling.services.kpis import KpiService
from sync.entities import ENTITIES
from sync.server.db import open_engine, upgrade, write_tx
from sync.server.kpis import store_kpis
from sync.server.versions import upsert_rows
from tests.helpers import databases
from tests.integration.test_terminal_returns import returnable
from tests.integration.test_terminal_sync import STORE, enrolled_terminal
from tests.unit import test_kpis_service as hand
from tests.unit.test_cache_engine import load, make_cache


async def _fresh_activity(terminal) -> None:
    """A note, a full handover of a ready pickup and a return, all taken at this store now."""
    who = await terminal.default_associate()
    customer = (await terminal.worker.run(terminal.customers.search, "a"))[0]
    await terminal.perform(terminal.notes.add, customer.id, "Prefers linen in summer", who)
    ready = [s.order for s in await terminal.worker.run(terminal.pickups.queue, ("ready",))
             if any(ln.picked_qty - ln.collected_now > 0 for ln in s.order.lines)]
    assert ready, "the seed plants ready pickups at the store"
    await terminal.perform(terminal.pickups.collect, ready[0].id,
                           Verification("pickup_code", code=ready[0].pickup_code), who)
    order, q = await returnable(terminal)
    draft = ReturnDraft(lines=[DraftLine(q.line.sku, 1, "wrong_size", "new", "restock", q.line.id)],
                        refund_method="original_tender", order_id=order.id)
    await terminal.perform(terminal.returns.submit, draft, who, True)
    report = await terminal.replicator.sync_once()
    assert report.rejected == 0
    await terminal.replicator.pull()


@pytest.mark.asyncio
async def test_terminal_and_central_kpis_agree(fresh_central, tmp_path):
    terminal = await enrolled_terminal(fresh_central, tmp_path)
    try:
        await terminal.replicator.sync_once()
        await _fresh_activity(terminal)
        now = utc_now().replace(microsecond=0) + timedelta(minutes=1)
        service = KpiService(terminal.cache, lambda: now)
        engine = fresh_central.engine()
        today = now.date()
        for kind, a, b in (("today", None, None), ("week", None, None), ("month", None, None),
                           ("custom", today - timedelta(days=89), today)):
            dash = await terminal.worker.run(service.dashboard, kind, a, b)
            for period, figures in ((dash.period, dash.current), (dash.previous, dash.before)):
                central = store_kpis(engine, STORE, period.start, period.end, iso(now))
                assert asdict(figures) == central, (kind, period)
            if kind == "today":
                today_figures = dash.current
            if kind == "custom":
                assert len(dash.daily) == 90 and sum(d[2] for d in dash.daily) == dash.current.orders
                assert sum(d[1] for d in dash.daily) == dash.current.net_sales_cents
        assert today_figures.notes >= 1 and today_figures.returns_cents > 0 and today_figures.returns_units >= 1
        assert today_figures.orders >= 1 and today_figures.gross_sales_cents > 0
        assert dash.current.bopis_orders > 0 and dash.current.signups > 0 and dash.current.orders > 0
        assert dash.current.repeat_purchase_rate is not None
        assert sum(r.handovers for r in dash.leaderboard) >= 1
        assert sum(r.notes for r in dash.leaderboard) >= 1
    finally:
        await terminal.aclose()


def test_central_sql_on_hand_computed_rows(db_kind, tmp_path):
    """The unit test's hand-computed store, loaded into an empty central database."""
    url = databases.new_postgres_url() if db_kind == "postgresql" else databases.sqlite_url(tmp_path)
    engine = open_engine(url)
    try:
        upgrade(engine)
        with write_tx(engine) as conn:
            for entity, scope, *rows in hand.ROWS:
                names = ENTITIES[entity].column_names
                upsert_rows(conn, entity, scope, [dict(zip(names, r[:len(names)])) for r in rows])
        now = iso(hand.NOW)
        today = store_kpis(engine, "S1", "2026-11-22T08:00:00Z", now, now)
        assert (today["gross_sales_cents"], today["orders"], today["units"], today["aov_cents"]) == (7000, 3, 5, 2333)
        assert (today["returns_cents"], today["returns_units"], today["net_sales_cents"]) == (1500, 3, 5500)
        assert (today["bopis_orders"], today["bopis_ready_within_sla"], today["bopis_median_minutes_to_ready"],
                today["bopis_pickup_rate"], today["bopis_overdue_now"]) == (3, 0.5, 105.0, 0.0, 2)
        assert today["repeat_purchase_rate"] == pytest.approx(2 / 3)
        assert (today["signups"], today["notes"], today["tasks_done"], today["outreach"]) == (1, 1, 1, 1)
        empty = store_kpis(engine, "S1", "2020-01-01T00:00:00Z", "2020-01-02T00:00:00Z", now)
        assert empty["orders"] == 0 and empty["repeat_purchase_rate"] is None and empty["bopis_pickup_rate"] is None
        cache = make_cache(tmp_path / "terminal")
        try:
            for entity, scope, *rows in hand.ROWS:
                load(cache, entity, scope, *rows)
            service = KpiService(cache, lambda: hand.NOW)
            for start in ("2026-11-22T08:00:00Z", "2026-11-20T08:00:00Z", "2026-01-01T00:00:00Z"):
                assert asdict(service.store_kpis(start, now)) == store_kpis(engine, "S1", start, now, now), start
        finally:
            cache.close()
    finally:
        engine.dispose()
