"""Pickups from a real terminal against the real central service: pick / short / ready, partial
handovers, and an offline handover of an order another terminal collected first (rejected, with
an incident the terminal shows and the order as the server has it)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from clienteling.domain import Verification
from sync.server.db import read_tx
from tests.integration.test_terminal_sync import assert_converged, enrolled_terminal

pytestmark = pytest.mark.asyncio


def server_rows(central, sql: str, **params):
    with read_tx(central.engine()) as conn:
        return conn.execute(text(sql), params).all()


async def staff(terminal) -> str:
    associate = await terminal.default_associate()
    assert associate, "the seed has associates at the store"
    return associate


async def test_pick_short_and_ready_reach_the_server(fresh_central, tmp_path):
    terminal = await enrolled_terminal(fresh_central, tmp_path)
    try:
        await terminal.replicator.sync_once()
        who = await staff(terminal)
        placed = [s for s in await terminal.worker.run(terminal.pickups.queue, ("placed", "picking"))
                  if s.order.lines]
        assert placed, "the seed plants placed / picking pickups at the store"
        order = placed[0].order
        picks = [(ln.id, ln.qty, None) for ln in order.lines]
        first = order.lines[0]
        picks[0] = (first.id, first.qty - 1, "not_found")
        result = await terminal.perform(terminal.pickups.pick, order.id, picks, who)
        assert result.value.status == "picking" and result.value.pending
        ready = await terminal.perform(terminal.pickups.mark_ready, order.id, who)
        assert ready.value.status == "ready"
        report = await terminal.replicator.sync_once()
        assert report.applied >= 2 and report.rejected == 0
        for res in (result, ready):
            assert (await terminal.worker.run(terminal.outbox.outcome, res.mutation_id)).state == "applied"
        [(status, ready_at)] = server_rows(fresh_central, "SELECT status, ready_at FROM orders WHERE id = :i", i=order.id)
        assert status == "ready" and ready_at
        [(picked, reason)] = server_rows(fresh_central, "SELECT picked_qty, short_reason FROM order_lines WHERE id = :i",
                                         i=first.id)
        assert (picked, reason) == (first.qty - 1, "not_found")
        mine = await terminal.worker.run(terminal.pickups.get, order.id)
        assert mine.status == "ready" and not mine.pending and mine.lines[0].short_reason == "not_found"
        await terminal.replicator.pull()
        await assert_converged(terminal, fresh_central)
    finally:
        await terminal.aclose()


async def _ready_order_with_units(terminal, units: int = 2):
    for summary in await terminal.worker.run(terminal.pickups.queue, ("ready",)):
        lines = summary.order.lines
        if sum(ln.picked_qty - ln.collected_now for ln in lines) >= units:
            return summary.order
    pytest.fail("the seed has no ready pickup with enough picked units: the test data changed")


async def test_partial_handover_then_the_rest(fresh_central, tmp_path):
    terminal = await enrolled_terminal(fresh_central, tmp_path)
    try:
        await terminal.replicator.sync_once()
        who = await staff(terminal)
        order = await _ready_order_with_units(terminal)
        code = Verification("pickup_code", code=order.pickup_code)
        line = next(ln for ln in order.lines if ln.picked_qty - ln.collected_now > 0)
        part = await terminal.perform(terminal.pickups.collect, order.id, code, who, [(line.id, 1)], "Sam Lee")
        assert (await terminal.worker.run(terminal.pickups.get, order.id)).status == "ready"
        await terminal.replicator.sync_once()
        assert (await terminal.worker.run(terminal.outbox.outcome, part.mutation_id)).state == "applied"
        [(collected,)] = server_rows(fresh_central, "SELECT collected_qty FROM order_lines WHERE id = :i", i=line.id)
        assert collected == (line.collected_qty or 0) + 1
        handovers = await terminal.worker.run(terminal.pickups.handovers, order.id)
        assert [(h.id, h.pending, h.collector_name) for h in handovers][-1] == (part.value.id, False, "Sam Lee")
        after = await terminal.worker.run(terminal.pickups.get, order.id)
        assert after.status == "ready" and sum(ln.pending_collected for ln in after.lines) == 0
        rest = await terminal.perform(terminal.pickups.collect, order.id, code, who)
        assert (await terminal.worker.run(terminal.pickups.get, order.id)).status == "collected"
        await terminal.replicator.sync_once()
        assert (await terminal.worker.run(terminal.outbox.outcome, rest.mutation_id)).state == "applied"
        [(status,)] = server_rows(fresh_central, "SELECT status FROM orders WHERE id = :i", i=order.id)
        assert status == "collected"
        receipt = await terminal.worker.run(terminal.pickups.receipt, rest.value.id)
        assert not receipt.pending and receipt.order_number == order.order_number and receipt.lines
        await terminal.replicator.pull()
        await assert_converged(terminal, fresh_central)
    finally:
        await terminal.aclose()


async def test_offline_handover_of_an_order_collected_elsewhere(fresh_central, tmp_path):
    terminal = await enrolled_terminal(fresh_central, tmp_path)
    other = await enrolled_terminal(fresh_central, tmp_path, name="other")
    try:
        await terminal.replicator.sync_once()
        await other.replicator.sync_once()
        who = await staff(terminal)
        order = await _ready_order_with_units(terminal, 1)
        code = Verification("pickup_code", code=order.pickup_code)
        winner = await other.perform(other.pickups.collect, order.id, code, who)
        await other.replicator.sync_once()
        assert (await other.worker.run(other.outbox.outcome, winner.mutation_id)).state == "applied"
        # This terminal has not heard of it (offline): the counter hands the goods over anyway.
        mine = await terminal.worker.run(terminal.pickups.collect, order.id, code, who)
        assert (await terminal.worker.run(terminal.pickups.get, order.id)).status == "collected"
        await terminal.replicator.sync_once()
        outcome = await terminal.worker.run(terminal.outbox.outcome, mine.mutation_id)
        assert outcome.state == "rejected" and outcome.code == "already_collected" and outcome.message
        incidents = await terminal.worker.run(terminal.incidents.list)
        [incident] = [i for i in incidents if i.id == mine.mutation_id]
        assert incident.kind == "pickup" and incident.code == "already_collected" and incident.order_id == order.id
        assert incident.details["server"]["handovers"] and incident.details["terminal"]
        handovers = await terminal.worker.run(terminal.pickups.handovers, order.id)
        assert [h.id for h in handovers] == [winner.value.id]  # the winner, not the refused one
        assert await terminal.worker.run(terminal.incidents.count_open) >= 1
        await terminal.replicator.pull()
        await assert_converged(terminal, fresh_central)
    finally:
        await terminal.aclose()
        await other.aclose()
