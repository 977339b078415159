"""Holds from real terminals: made locally, confirmed or refused by the central service, and the
refusal's reason reaches the terminal that made it (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from sync import protocol as p
from sync.server.db import write_tx
from sync.server.versions import upsert_rows

from clienteling.domain import DomainError
from clienteling.services.inventory import InventoryService
from tests.integration.conftest import ASSOCIATE, COLLEAGUE
from tests.integration.test_terminal_sync import assert_converged, enrolled_terminal

pytestmark = pytest.mark.asyncio


def inventory_of(terminal) -> InventoryService:
    return InventoryService(terminal.cache, terminal.clock, hold_days=2)


async def test_two_terminals_hold_the_last_units_and_the_loser_sees_why(fresh_central, tmp_path):
    with write_tx(fresh_central.engine()) as conn:
        sku = conn.exec_driver_sql("SELECT id FROM products WHERE active ORDER BY id LIMIT 1").scalar_one()
        upsert_rows(conn, "inventory", "stock:S001", [{"id": f"S001:{sku}", "location_id": "S001", "sku": sku,
                                                       "on_hand": 2, "reserved": 0}])
    first = await enrolled_terminal(fresh_central, tmp_path, name="first")
    second = await enrolled_terminal(fresh_central, tmp_path, name="second")
    try:
        await first.replicator.sync_once()
        await second.replicator.sync_once()
        inv1, inv2 = inventory_of(first), inventory_of(second)
        customer = (await first.worker.run(first.customers.search, "a"))[0].id
        assert await first.worker.run(inv1.available_here, sku) == 2
        assert await second.worker.run(inv2.available_here, sku) == 2

        # Both associates see two units and put them aside, each terminal offline from the other.
        mine = await first.worker.run(inv1.hold, customer, sku, 2, ASSOCIATE)
        theirs = await second.worker.run(inv2.hold, customer, sku, 1, COLLEAGUE)
        assert mine.pending and theirs.pending
        with pytest.raises(DomainError):  # the local check already stops a second hold here
            await first.worker.run(inv1.hold, customer, sku, 1, ASSOCIATE)

        await first.replicator.sync_once()
        outcome = await first.worker.run(inv1.hold_outcome, mine.id)
        assert outcome.state == "applied"
        held = await first.worker.run(inv1.holds, sku)
        assert [(h.id, h.pending, h.qty) for h in held] == [(mine.id, False, 2)]
        here = (await first.worker.run(inv1.availability, sku))[0]
        assert (here.location_id, here.on_hand, here.reserved, here.held_locally, here.available) == \
            ("S001", 2, 2, 0, 0)  # the confirmed hold is counted once, by the server's reservation
        assert here.as_of

        await second.replicator.sync_once()
        outcome = await second.worker.run(inv2.hold_outcome, theirs.id)
        assert (outcome.state, outcome.code) == ("rejected", p.REJECT_INSUFFICIENT_STOCK)
        assert outcome.message.startswith("only 0 of ") and "2 reserved" in outcome.message
        assert await second.worker.run(inv2.holds, sku) == [h for h in held]  # only the server's hold
        assert await second.worker.run(inv2.available_here, sku) == 0

        await first.replicator.sync_once()  # the second terminal's refused hold has an audit row since
        await assert_converged(first, fresh_central)
        await assert_converged(second, fresh_central)
    finally:
        await first.aclose()
        await second.aclose()
