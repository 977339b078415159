"""Recommendations on a real synced terminal: affinity from the central service, stock scopes,
local holds, and affinity changes arriving with a sync (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from sync.server.db import read_tx, write_tx
from sync.server.versions import upsert_rows

from clienteling.services.inventory import InventoryService
from clienteling.services.recommendations import RecommendationService
from tests.integration.conftest import ASSOCIATE
from tests.integration.test_terminal_sync import enrolled_terminal

pytestmark = pytest.mark.asyncio


def owned_styles(central, customer_id: str) -> set[str]:
    with read_tx(central.engine()) as conn:
        return set(conn.execute(text(
            "SELECT p.style_id FROM orders o JOIN order_lines l ON l.order_id = o.id JOIN products p "
            "ON p.id = l.sku WHERE o.customer_id = :c AND o.status <> 'cancelled'"), {"c": customer_id}).scalars())


async def test_synced_terminal_recommends_related_available_styles(fresh_central, tmp_path):
    terminal = await enrolled_terminal(fresh_central, tmp_path)
    try:
        await terminal.replicator.sync_once()
        service = RecommendationService(terminal.cache, terminal.clock)
        with read_tx(fresh_central.engine()) as conn:
            buyers = list(conn.execute(text(
                "SELECT o.customer_id FROM orders o JOIN customers c ON c.id = o.customer_id "
                "JOIN stores s ON s.id = c.home_store_id WHERE s.region = (SELECT region FROM stores "
                "WHERE id = 'S001') AND o.status <> 'cancelled' GROUP BY o.customer_id "
                "ORDER BY count(*) DESC, o.customer_id LIMIT 20")).scalars())
            related = {(a, b) for a, b in conn.execute(text("SELECT style_id, related_style_id FROM affinity"))}
        assert related, "the seed computes affinity"
        results = {c: await terminal.worker.run(service.for_customer, c) for c in buyers}
        assert sum(1 for recs in results.values() if recs) >= 15
        stock_stores = {s.split(":", 1)[1] for s in terminal.device.scopes if s.startswith("stock:")}
        for customer, recs in results.items():
            owned = owned_styles(fresh_central, customer)
            assert len(recs) <= 10 and not {r.style_id for r in recs} & owned
            for r in recs:
                assert r.available_here > 0 or (r.nearest is not None and r.nearest.store_id in stock_stores
                                                and r.nearest.store_id != "S001" and r.nearest.qty > 0)
                if r.reasons[0].startswith("Goes with"):
                    assert any((o, r.style_id) in related for o in owned)

        # A hold of every unit here takes the SKU off "here": it is suggested elsewhere or in another colour.
        customer, recs = next((c, rs) for c, rs in results.items() if any(0 < r.available_here <= 10 for r in rs))
        target = next(r for r in recs if 0 < r.available_here <= 10)
        inventory = InventoryService(terminal.cache, terminal.clock)
        await terminal.worker.run(inventory.hold, customer, target.sku, target.available_here, ASSOCIATE)
        after = {r.style_id: r for r in await terminal.worker.run(service.for_customer, customer, 50)}
        again = after.get(target.style_id)
        assert again is None or again.sku != target.sku or again.available_here == 0

        # A stronger affinity computed centrally reaches the terminal with a sync and reorders the list.
        bought = sorted(owned_styles(fresh_central, customer))
        weakest = [r for r in await terminal.worker.run(service.for_customer, customer, 50)
                   if r.style_id != target.style_id][-1]
        new_style = weakest.style_id
        assert (await terminal.worker.run(service.for_customer, customer))[0].style_id != new_style
        with write_tx(fresh_central.engine()) as conn:
            upsert_rows(conn, "affinity", "catalog", [{"id": f"{s}:{new_style}", "style_id": s,
                                                       "related_style_id": new_style, "score": 5.0, "rank": 0}
                                                      for s in bought])
        await terminal.replicator.sync_once()
        top = await terminal.worker.run(service.for_customer, customer)
        assert top and top[0].style_id == new_style and top[0].reasons[0].startswith("Goes with the ")
    finally:
        await terminal.aclose()
