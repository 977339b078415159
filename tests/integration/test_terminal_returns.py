"""Returns from a real terminal against the real central service: with a receipt (online and
offline, pending quantities, points reversed, returned quantities after sync) and without one
(allowance, manager approval by PIN, the offline cap)."""

from __future__ import annotations

import pytest
from clienteling.domain import DomainError
from clienteling.domain.returns import DraftLine, ReturnDraft
from sync.pins import hash_pin
from sync.server.db import write_tx
from sync.server.versions import upsert_rows
from tests.integration.test_terminal_pickups import server_rows
from tests.integration.test_terminal_sync import STORE, assert_converged, enrolled_terminal

pytestmark = pytest.mark.asyncio


async def returnable(terminal):
    """(order, returnable line) of a customer of this region: an order that earned points."""
    orders = await terminal.worker.run(lambda: _scan(terminal))
    if orders is None:
        pytest.fail("the seed has no returnable order: the test data changed")
    return orders


def _scan(terminal):
    with terminal.cache.read() as conn:
        ids = [r[0] for r in conn.exec_driver_sql(
            "SELECT o.id FROM orders o JOIN customers c ON c.id = o.customer_id "
            "WHERE o.status IN ('completed', 'delivered', 'collected') ORDER BY o.placed_at DESC LIMIT 200")]
    for order_id in ids:
        quote = terminal.returns.quote(order_id)
        for q in quote.lines:
            if q.verdict.returnable_qty >= 1 and q.line.price_cents >= 100:
                return quote.order, q
    return None


async def test_return_with_receipt_online_then_offline(fresh_central, tmp_path):
    terminal = await enrolled_terminal(fresh_central, tmp_path)
    try:
        await terminal.replicator.sync_once()
        who = await terminal.default_associate()
        order, q = await returnable(terminal)
        before = (await terminal.worker.run(terminal.loyalty.balance, order.customer_id)).server_points
        draft = ReturnDraft(lines=[DraftLine(q.line.sku, 1, "wrong_size", "new", "restock", q.line.id)],
                            refund_method="original_tender", order_id=order.id)
        preview = await terminal.worker.run(terminal.returns.preview, draft, True)
        assert preview.problems == () and preview.refund_cents == q.line.price_cents
        result = await terminal.perform(terminal.returns.submit, draft, who, True)
        again = await terminal.worker.run(terminal.returns.quote, order.id)
        mine = next(x for x in again.lines if x.line.id == q.line.id)
        assert mine.line.pending_returned == 1 and mine.verdict.returnable_qty == q.verdict.returnable_qty - 1
        await terminal.replicator.sync_once()
        outcome = await terminal.worker.run(terminal.outbox.outcome, result.mutation_id)
        assert outcome.state == "applied", outcome
        [(returned,)] = server_rows(fresh_central, "SELECT returned_qty FROM order_lines WHERE id = :i", i=q.line.id)
        assert returned == q.line.returned_qty + 1
        [(refund, points)] = server_rows(fresh_central, "SELECT refund_cents, points_reversed FROM returns WHERE id = :i",
                                         i=result.value.id)
        assert (refund, points) == (preview.refund_cents, preview.points_reversed)
        record = await terminal.worker.run(terminal.returns.get, result.value.id)
        assert not record.pending and record.status == "accepted"
        after = await terminal.worker.run(terminal.returns.quote, order.id)
        mine = next(x for x in after.lines if x.line.id == q.line.id)
        assert (mine.line.returned_qty, mine.line.pending_returned) == (q.line.returned_qty + 1, 0)
        balance = await terminal.worker.run(terminal.loyalty.balance, order.customer_id)
        assert balance.server_points == before - points
        # Offline, the terminal's cap applies: beyond it a manager must approve.
        terminal.returns.offline_return_cap_cents = 1
        if mine.verdict.returnable_qty:
            with pytest.raises(DomainError) as err:
                await terminal.worker.run(terminal.returns.submit, draft, who, False)
            assert err.value.code == "manager_required"
        await terminal.replicator.pull()
        await assert_converged(terminal, fresh_central)
    finally:
        await terminal.aclose()


def _manager_with_pin(central, pin: str) -> str:
    [(manager,)] = server_rows(central, "SELECT id FROM associates WHERE store_id = :s AND role = 'manager' "
                                        "ORDER BY id LIMIT 1", s=STORE)
    with write_tx(central.engine()) as conn:
        upsert_rows(conn, "pins", f"location:{STORE}", [{"id": manager, "store_id": STORE,
                                                         "pin_hash": hash_pin(pin, params=(2**10, 8, 1))}])
    return manager


def _pricey_sku(terminal) -> list[str]:
    with terminal.cache.read() as conn:
        return [r[0] for r in conn.exec_driver_sql(
            "SELECT id FROM products WHERE NOT coalesce(final_sale, 0) AND price_cents >= 5000 ORDER BY id LIMIT 1")]


async def test_receiptless_over_the_limit_needs_a_manager(fresh_central, tmp_path):
    manager = _manager_with_pin(fresh_central, "8642")
    terminal = await enrolled_terminal(fresh_central, tmp_path)
    try:
        await terminal.replicator.sync_once()
        who = await terminal.default_associate()
        customer = (await terminal.worker.run(terminal.customers.search, "a"))[0]
        skus = await terminal.worker.run(_pricey_sku, terminal)
        quote = await terminal.worker.run(terminal.returns.receiptless_quote, customer.id, skus)
        unit = quote.lines[0].unit_refund_cents
        qty = quote.allowance.cents_left // unit + 1  # just over the allowance
        draft = ReturnDraft(lines=[DraftLine(skus[0], qty, "changed_mind", "new", "restock")],
                            refund_method="store_credit", customer_id=customer.id)
        preview = await terminal.worker.run(terminal.returns.preview, draft, True)
        assert preview.needs_approval and preview.points_reversed == 0 and preview.refund_cents == qty * unit
        with pytest.raises(DomainError) as err:
            await terminal.worker.run(terminal.returns.submit, draft, who, True)
        assert err.value.code == "manager_required"
        managers = await terminal.worker.run(terminal.approvals.managers)
        assert manager in [m for m, _ in managers]
        with pytest.raises(DomainError) as err:
            await terminal.worker.run(terminal.approvals.approve, manager, "0000", "loyal customer")
        assert err.value.code == "wrong_pin"
        approval = await terminal.worker.run(terminal.approvals.approve, manager, "8642", "loyal customer",
                                             preview.refund_cents, preview.approval_codes)
        bigger = ReturnDraft(lines=[DraftLine(skus[0], qty + 1, "changed_mind", "new", "restock")],
                             refund_method="store_credit", customer_id=customer.id)
        with pytest.raises(DomainError) as err:  # the approval covers the refund the manager saw, no more
            await terminal.worker.run(terminal.returns.submit, bigger, who, True, approval)
        assert err.value.code == "manager_required"
        result = await terminal.perform(terminal.returns.submit, draft, who, True, approval)
        await terminal.replicator.sync_once()
        outcome = await terminal.worker.run(terminal.outbox.outcome, result.mutation_id)
        assert outcome.state == "applied", outcome
        [(approved_by, receipt, refund)] = server_rows(
            fresh_central, "SELECT approved_by, receipt, refund_cents FROM returns WHERE id = :i", i=result.value.id)
        assert approved_by == manager and not receipt
        assert refund == preview.refund_cents  # the terminal's price went with the return (counter_refund_cents)
        left = (await terminal.worker.run(terminal.returns.receiptless_quote, customer.id, skus)).allowance
        assert left.returns_left == quote.allowance.returns_left - 1
        await terminal.replicator.pull()
        await assert_converged(terminal, fresh_central)
    finally:
        await terminal.aclose()
