"""KpiService on a real encrypted cache: which rows count for the store and period, against
hand-computed figures (store in Los Angeles, now = 10:00 local on Sunday 2026-11-22)."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from clienteling.cache import state
from clienteling.domain.kpis import LeaderRow
from clienteling.services.kpis import KpiService
from tests.unit.test_cache_engine import REGION, load, make_cache, row

NOW = datetime(2026, 11, 22, 18, 0, 0, tzinfo=timezone.utc)
TODAY = "2026-11-22T"


def order(id_: str, customer: str | None, fulfilment: str, status: str, placed: str, total: int = 100,
          items: int = 1, store: str | None = None, pickup: str | None = None, **extra) -> list:
    return row("orders", id_, customer_id=customer, fulfilment=fulfilment, status=status, placed_at=placed,
               total_cents=total, item_count=items, store_id=store, pickup_store_id=pickup, **extra)


ROWS = [
    ("stores", "catalog", row("stores", "S1", name="Heights", timezone="America/Los_Angeles"),
         row("stores", "S2", name="Bayside", timezone="America/Los_Angeles")),
    ("associates", REGION,
         row("associates", "A1", store_id="S1", first_name="Bo", last_name="Diaz", active=True),
         row("associates", "A2", store_id="S1", first_name="Cy", last_name="Ng", active=True),
         row("associates", "A3", store_id="S1", first_name="Al", last_name="Gone", active=False),
         row("associates", "A4", store_id="S2", first_name="Di", last_name="Far", active=True)),
    ("customers", REGION,
         row("customers", "C1", home_store_id="S1", assigned_associate_id="A1", created_at=TODAY + "10:00:00Z"),
         row("customers", "C2", home_store_id="S1", assigned_associate_id="A2", created_at="2026-10-01T10:00:00Z"),
         row("customers", "C3", home_store_id="S2", created_at=TODAY + "10:00:00Z"),
         row("customers", "C4", home_store_id="S1", created_at="2025-01-01T10:00:00Z")),
    ("orders", REGION,
         order("O1", "C1", "carry", "completed", TODAY + "09:00:00Z", 4000, 3, store="S1"),
         order("O2", "C2", "pickup", "collected", "2026-11-20T10:00:00Z", 2000, 1, pickup="S1",
               ready_at="2026-11-20T10:30:00Z", collected_at=TODAY + "12:00:00Z"),
         order("O3", "C1", "carry", "cancelled", TODAY + "09:30:00Z", 9999, 9, store="S1"),
         order("O4", "C3", "carry", "completed", TODAY + "09:30:00Z", 8888, 8, store="S2"),
         order("O5", "C1", "carry", "completed", "2026-11-22T07:00:00Z", 1000, 1, store="S1"),  # 23:00 yesterday
         order("O6", "C4", "pickup", "placed", TODAY + "09:00:00Z", pickup="S1"),
         order("O7", "C4", "pickup", "ready", TODAY + "10:00:00Z", pickup="S1", ready_at=TODAY + "13:00:00Z"),
         order("O8", "C4", "pickup", "expired", TODAY + "11:00:00Z", pickup="S1", ready_at=TODAY + "11:30:00Z"),
         order("O9", "C4", "carry", "cancelled", "2026-01-01T10:00:00Z", store="S1"),
         order("O10", "C4", "carry", "completed", TODAY + "11:00:00Z", 1000, 1, store="S1"),
         order("O11", "C2", "pickup", "ready", "2026-11-09T10:00:00Z", pickup="S1", ready_at="2026-11-10T10:00:00Z"),
         order("O12", "C4", "pickup", "placed", TODAY + "09:00:00Z", pickup="S2")),
    ("returns", REGION,
         row("returns", "R1", store_id="S1", associate_id="A2", created_at=TODAY + "14:00:00Z", refund_cents=1500),
         row("returns", "R2", store_id="S2", associate_id="A4", created_at=TODAY + "14:00:00Z", refund_cents=700)),
    ("return_lines", REGION, row("return_lines", "RL1", return_id="R1", qty=1),
         row("return_lines", "RL2", return_id="R1", qty=2), row("return_lines", "RL3", return_id="R2", qty=5)),
    ("notes", REGION,
         row("notes", "N1", store_id="S1", associate_id="A1", created_at=TODAY + "15:00:00Z"),
         row("notes", "N2", store_id="S1", associate_id="A1", created_at="2026-11-21T12:00:00Z"),
         row("notes", "N3", store_id="S2", associate_id="A4", created_at=TODAY + "15:00:00Z")),
    ("tasks", REGION,
         row("tasks", "T1", store_id="S1", associate_id="A1", kind="follow_up", status="done",
             created_at="2026-11-01T10:00:00Z", done_at=TODAY + "16:00:00Z"),
         row("tasks", "T2", store_id="S1", associate_id="A1", kind="follow_up", status="open",
             created_at=TODAY + "16:00:00Z"),
         row("tasks", "T3", store_id="S1", associate_id="A2", kind="outreach", status="done",
             created_at=TODAY + "16:00:00Z", done_at=TODAY + "16:00:00Z"),
         row("tasks", "T4", store_id="S2", associate_id="A4", kind="outreach", status="done",
             created_at=TODAY + "16:00:00Z")),
    ("handovers", REGION, row("handovers", "H1", order_id="O2", store_id="S1", associate_id="A2",
                                         collected_at=TODAY + "12:00:00Z")),
]


@pytest.fixture
def cache(tmp_path):
    cache = make_cache(tmp_path)
    for entity, scope, *rows_ in ROWS:
        load(cache, entity, scope, *rows_)
    with cache.write() as conn:
        state.save_scope(conn, REGION, last_sync_at="2026-11-22T17:55:00Z")
    yield cache
    cache.close()


def test_today_figures_and_leaderboard(cache):
    dash = KpiService(cache, lambda: NOW).dashboard("today")
    assert (dash.store_id, dash.store_name, dash.as_of) == ("S1", "Heights", "2026-11-22T17:55:00Z")
    assert (dash.period.start, dash.period.end) == ("2026-11-22T08:00:00Z", "2026-11-22T18:00:00Z")
    c = dash.current
    # Sales: O1 (carry), O2 (pickup collected today), O10; not the cancelled O3, S2's O4 or yesterday's O5.
    assert (c.gross_sales_cents, c.orders, c.units, c.aov_cents) == (7000, 3, 5, 2333)
    assert c.upt == pytest.approx(5 / 3)
    assert (c.returns_cents, c.returns_units, c.net_sales_cents) == (1500, 3, 5500)
    assert (c.return_rate_value, c.return_rate_units) == (pytest.approx(1500 / 7000), pytest.approx(3 / 5))
    # BOPIS placed today at S1: O6, O7 (ready after 180 min), O8 (after 30 min, expired).
    assert c.bopis_orders == 3 and c.bopis_ready_within_sla == 0.5 and c.bopis_median_minutes_to_ready == 105.0
    assert c.bopis_pickup_rate == 0.0
    assert c.bopis_overdue_now == 2  # O6 not ready after 9 hours; O11 ready 12 days ago
    assert c.repeat_purchase_rate == pytest.approx(2 / 3)  # C1 (O5), C2 (O2); not C4 (only a cancelled order)
    assert (c.signups, c.notes, c.tasks_done, c.outreach) == (1, 1, 1, 1)
    assert dash.daily == (("2026-11-22", 5500, 3),)
    assert dash.leaderboard == (LeaderRow("A1", "Bo Diaz", 1, 1, 1, 0, 0, 0, 4000),
                                LeaderRow("A2", "Cy Ng", 0, 0, 0, 1, 1, 1, 2000))


def test_previous_period_is_the_same_length_before(cache):
    dash = KpiService(cache, lambda: NOW).dashboard("today")
    assert (dash.previous.start, dash.previous.end) == ("2026-11-21T22:00:00Z", "2026-11-22T08:00:00Z")
    b = dash.before
    assert (b.gross_sales_cents, b.orders, b.net_sales_cents, b.notes) == (1000, 1, 1000, 0)
    assert b.repeat_purchase_rate == 0.0 and b.bopis_orders == 0 and b.bopis_median_minutes_to_ready is None
    assert b.bopis_overdue_now == 2  # "now" is the same for both periods
    assert dash.daily_before == (("2026-11-21", 1000, 1),)


def test_custom_range_and_store_kpis(cache):
    service = KpiService(cache, lambda: NOW)
    dash = service.dashboard("custom", date(2026, 11, 20), date(2026, 11, 22))
    assert (dash.period.start, dash.period.end) == ("2026-11-20T08:00:00Z", "2026-11-23T08:00:00Z")
    # O5 joins the sales; O2 (placed on the 20th, collected) joins the pickups.
    assert dash.current.orders == 4 and dash.current.bopis_orders == 4 and dash.current.notes == 2
    assert dash.current.bopis_pickup_rate == 0.5 and dash.current.repeat_purchase_rate == pytest.approx(1 / 3)
    assert [d[0] for d in dash.daily] == ["2026-11-20", "2026-11-21", "2026-11-22"]
    assert service.store_kpis(dash.period.start, dash.period.end) == dash.current


def test_empty_cache_gives_zeros(tmp_path):
    cache = make_cache(tmp_path)
    try:
        dash = KpiService(cache, lambda: NOW).dashboard("week")
        assert dash.store_name == "Heights" and dash.current.orders == 0 and dash.leaderboard == ()
        assert dash.current.repeat_purchase_rate is None and dash.as_of is None
        assert (dash.period.start, len(dash.daily)) == ("2026-11-16T00:00:00Z", 7)  # no store row: UTC
    finally:
        cache.close()
