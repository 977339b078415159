"""Returns, approvals and incidents on a real encrypted cache: verdicts, pricing, points reversal,
pending quantities, the receipt-less allowance, the offline cap and manager PINs."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from sync.pins import hash_pin
from sync.policy import DEFAULT_POLICY

from clienteling.cache import outbox
from clienteling.domain import DomainError
from clienteling.domain.models import Approval
from clienteling.domain.returns import DraftLine, ReturnDraft
from clienteling.services import ApprovalService, IncidentService, LoyaltyService, ReturnService
from tests.unit.test_cache_engine import REGION, fetch, load, make_cache, row

NOW = datetime(2026, 11, 22, 14, 0, 0, tzinfo=timezone.utc)
FAST = (2**4, 8, 1)


@pytest.fixture
def cache(tmp_path):
    cache = make_cache(tmp_path)
    load(cache, "stores", "catalog", row("stores", "S1", name="Heights"))
    load(cache, "associates", REGION,
         row("associates", "M1", store_id="S1", first_name="Mia", last_name="Chen", role="manager", active=True),
         row("associates", "M2", store_id="S2", first_name="Max", role="manager", active=True),
         row("associates", "A1", store_id="S1", first_name="Bo", role="associate", active=True))
    load(cache, "pins", "location:S1", row("pins", "M1", store_id="S1", pin_hash=hash_pin("2468", params=FAST)),
         row("pins", "A1", store_id="S1", pin_hash=hash_pin("1357", params=FAST)))
    load(cache, "customers", REGION, row("customers", "C1", first_name="Ana", last_name="Lima", points=900,
                                         loyalty_number="100200300400"))
    load(cache, "products", "catalog",
         row("products", "P1", name="Linen shirt", price_cents=6000, category="shirts", barcode="4000000000017"),
         row("products", "P2", name="Belt", price_cents=2000, category="accessories"),
         row("products", "P3", name="Sale scarf", price_cents=1000, category="accessories", final_sale=True))
    load(cache, "orders", REGION,
         row("orders", "O1", version=3, order_number="S-1", customer_id="C1", channel="store", fulfilment="carry",
             status="completed", placed_at="2026-11-10T10:00:00Z"),
         row("orders", "O2", version=3, order_number="S-2", customer_id="C1", channel="online", fulfilment="ship",
             status="delivered", placed_at="2026-10-01T10:00:00Z"))
    load(cache, "order_lines", REGION,
         row("order_lines", "L1", order_id="O1", sku="P1", qty=2, price_cents=5000, returned_qty=0),
         row("order_lines", "L2", order_id="O1", sku="P3", qty=1, price_cents=1000),
         row("order_lines", "L3", order_id="O2", sku="P2", qty=1, price_cents=1800))
    yield cache
    cache.close()


def service(cache, cap=20_000):
    return ReturnService(cache, lambda: NOW, cap)


def line(sku, qty, line_id=None, condition="new", reason="wrong_size", disposition="restock"):
    return DraftLine(sku=sku, qty=qty, reason=reason, condition=condition, disposition=disposition, line_id=line_id)


def test_quote_explains_every_line(cache):
    returns = service(cache)
    assert [o.id for o in returns.find_orders("S-1")] == ["O1"]
    assert [o.id for o in returns.find_orders("100200300400")] == ["O1", "O2"]
    quote = returns.quote("O1")
    by_id = {q.line.id: q for q in quote.lines}
    assert by_id["L1"].verdict.returnable_qty == 2 and by_id["L1"].unit_refund_cents == 5000
    assert by_id["L1"].points_per_unit == 50
    assert by_id["L2"].verdict.code == "final_sale"
    late = returns.quote("O2").lines[0]  # accessories: 14 days since 1 October
    assert late.verdict.code == "window_ended" and late.verdict.returnable_qty == 0


def test_receipted_return_pending_quantities_and_points(cache):
    returns = service(cache)
    draft = ReturnDraft(lines=[line("P1", 1, "L1")], refund_method="original_tender", order_id="O1")
    preview = returns.preview(draft, online=True)
    assert (preview.refund_cents, preview.points_reversed, preview.problems, preview.needs_approval) == (5000, 50, (), ())
    assert preview.offline_cap_left_cents is None
    too_many = ReturnDraft(lines=[line("P1", 3, "L1")], refund_method="original_tender", order_id="O1")
    assert "2 unit(s) can be returned" in returns.preview(too_many, online=True).problems[0]
    damaged = ReturnDraft(lines=[line("P1", 1, "L1", condition="damaged")], refund_method="original_tender",
                          order_id="O1")
    assert "damaged item" in returns.preview(damaged, online=True).problems[0]
    with pytest.raises(DomainError) as err:
        returns.submit(damaged, "A1", online=True)
    assert err.value.code == "not_returnable"
    result = returns.submit(draft, "A1", online=True)
    record = result.value
    assert record.pending and record.refund_cents == 5000 and record.points_reversed == 50 and record.receipt
    assert [(rl.sku, rl.qty, rl.refund_cents) for rl in record.lines] == [("P1", 1, 5000)]
    [entry] = pending(cache)
    assert entry.args["order_id"] == "O1" and entry.args["lines"][0]["line_id"] == "L1"
    assert entry.args["counter_refund_cents"] == 5000  # what this terminal priced and gave
    assert "refund_cents" not in entry.args["lines"][0]  # the server prices the refund
    assert fetch(cache, "SELECT points, kind, _version FROM loyalty_ledger WHERE id = ?",
                 f"{record.id}:reverse") == [(-50, "reverse", None)]
    l1 = {q.line.id: q for q in returns.quote("O1").lines}["L1"]
    assert l1.line.pending_returned == 1 and l1.verdict.returnable_qty == 1
    # The server's rows land (same ids): the pending quantity turns into returned_qty, not both.
    load(cache, "returns", REGION, row("returns", record.id, version=9, order_id="O1", customer_id="C1",
                                       store_id="S1", receipt=True, refund_cents=5000, points_reversed=50,
                                       status="accepted"))
    load(cache, "return_lines", REGION, row("return_lines", record.lines[0].id, version=9, return_id=record.id,
                                            order_line_id="L1", sku="P1", qty=1, refund_cents=5000,
                                            reason="wrong_size", condition="new", disposition="restock"))
    load(cache, "order_lines", REGION, row("order_lines", "L1", version=9, order_id="O1", sku="P1", qty=2,
                                           price_cents=5000, returned_qty=1))
    l1 = {q.line.id: q for q in returns.quote("O1").lines}["L1"]
    assert (l1.line.returned_qty, l1.line.pending_returned, l1.verdict.returnable_qty) == (1, 0, 1)
    assert not returns.get(record.id).pending and returns.returns_of("C1")[0].status == "accepted"
    receipt = returns.receipt(record.id)
    assert receipt.order_number == "S-1" and receipt.points_reversed == 50 and receipt.lines[0].reason == "wrong_size"


def pending(cache):
    with cache.read() as conn:
        return outbox.pending(conn)


def by_id(cache, mutation_id):
    with cache.read() as conn:
        return outbox.by_id(conn, mutation_id)


def test_offline_cap_needs_a_manager(cache):
    returns = service(cache, cap=6000)
    draft = ReturnDraft(lines=[line("P1", 2, "L1")], refund_method="original_tender", order_id="O1")
    preview = returns.preview(draft, online=False)
    assert preview.offline_cap_left_cents == 6000 and "$60.00 more" in preview.needs_approval[0]
    assert returns.preview(draft, online=True).needs_approval == ()
    with pytest.raises(DomainError) as err:
        returns.submit(draft, "A1", online=False)
    assert err.value.code == "manager_required"
    one = ReturnDraft(lines=[line("P1", 1, "L1")], refund_method="original_tender", order_id="O1")
    returns.submit(one, "A1", online=None)
    assert returns.preview(one, online=False).offline_cap_left_cents == 1000


def test_receiptless_price_allowance_and_approval(cache):
    returns = service(cache)
    quote = returns.receiptless_quote("C1", ["4000000000017", "P3"])
    assert [q.line.sku for q in quote.lines] == ["P1", "P3"]
    assert quote.lines[0].unit_refund_cents == 5000  # lowest price paid recently, not the 6000 list price
    assert quote.lines[1].verdict.code == "final_sale" and quote.refund_methods == ("store_credit", "exchange")
    assert quote.allowance.returns_left == DEFAULT_POLICY.returns.receiptless_max_returns
    bad_method = ReturnDraft(lines=[line("P1", 1)], refund_method="original_tender", customer_id="C1")
    assert "Without a receipt" in returns.preview(bad_method, online=True).problems[0]
    big = ReturnDraft(lines=[line("P1", 4)], refund_method="store_credit", customer_id="C1")
    preview = returns.preview(big, online=True)
    assert preview.refund_cents == 20000 and preview.points_reversed == 0
    assert "receipt-less limit" in preview.needs_approval[0]
    with pytest.raises(DomainError) as err:
        returns.submit(big, "A1", online=True)
    assert err.value.code == "manager_required"
    approval = ApprovalService(cache).approve("M1", "2468", "regular customer", preview.refund_cents,
                                              preview.approval_codes)
    assert (approval.refund_cents, approval.needs) == (20000, ("receiptless_limit",))
    result = returns.submit(big, "A1", online=True, approval=approval)
    record = result.value
    assert record.approved_by == "M1" and not record.receipt
    assert by_id(cache, result.mutation_id).args["counter_refund_cents"] == 20000  # the terminal's price
    entry = by_id(cache, returns.submit(
        ReturnDraft(lines=[line("P2", 1)], refund_method="exchange", customer_id="C1"), "A1", online=True,
        approval=approval).mutation_id)
    assert entry.args["override"] == {"manager_id": "M1", "reason": "regular customer"}
    assert "line_id" not in entry.args["lines"][0]
    assert returns.receiptless_quote("C1", []).allowance.returns_left == 0
    assert LoyaltyService(cache, lambda: NOW).balance("C1").available == 900  # nothing reversed


def test_an_approval_covers_only_what_the_manager_saw(cache):
    returns = service(cache, cap=100_000)
    big = ReturnDraft(lines=[line("P1", 4)], refund_method="store_credit", customer_id="C1")
    seen = returns.preview(big, online=True)
    approval = ApprovalService(cache).approve("M1", "2468", "regular customer", seen.refund_cents,
                                              seen.approval_codes)
    bigger = ReturnDraft(lines=[line("P1", 5)], refund_method="store_credit", customer_id="C1")
    with pytest.raises(DomainError) as err:  # quantities grew after the approval
        returns.submit(bigger, "A1", online=True, approval=approval)
    assert err.value.code == "manager_required" and "approval again" in err.value.message
    tight = service(cache, cap=1000)  # offline, the cap needs approving too: not what the manager saw
    assert tight.preview(big, online=False).approval_codes == ("receiptless_limit", "offline_cap")
    with pytest.raises(DomainError) as err:
        tight.submit(big, "A1", online=False, approval=approval)
    assert err.value.code == "manager_required"
    with pytest.raises(DomainError) as err:  # an approval bound to nothing covers nothing
        returns.submit(big, "A1", online=True, approval=Approval("M1", "Mia Chen", "regular customer"))
    assert err.value.code == "manager_required"
    assert pending(cache) == []
    smaller = ReturnDraft(lines=[line("P1", 3)], refund_method="store_credit", customer_id="C1")
    assert returns.submit(smaller, "A1", online=True, approval=approval).value.approved_by == "M1"


def test_manager_pin_checks_and_lockout(cache):
    clock = [0.0]
    approvals = ApprovalService(cache, monotonic=lambda: clock[0])
    assert approvals.managers() == [("M1", "Mia Chen")]
    with pytest.raises(DomainError) as err:
        approvals.approve("A1", "1357", "x")
    assert err.value.code == "not_manager"
    with pytest.raises(DomainError) as err:
        approvals.approve("M2", "2468", "x")  # a manager of another store
    assert err.value.code == "not_manager"
    for left in (4, 3, 2, 1):
        with pytest.raises(DomainError) as err:
            approvals.approve("M1", "0000", "x")
        assert err.value.code == "wrong_pin" and f"{left} tries left" in err.value.message
    with pytest.raises(DomainError) as err:
        approvals.approve("M1", "0000", "x")
    assert err.value.code == "locked"
    with pytest.raises(DomainError) as err:
        approvals.approve("M1", "2468", "x")  # right PIN, still locked
    assert err.value.code == "locked"
    clock[0] = 301.0
    assert approvals.approve("M1", "2468", "price match") == Approval("M1", "Mia Chen", "price match")


def test_incidents_list_and_resolve(cache):
    load(cache, "incidents", "location:S1",
         row("incidents", "I1", version=4, store_id="S1", kind="pickup", order_id="O1", code="already_collected",
             message="collected by Kim", details={"terminal": {"order_id": "O1"}, "server": {"order_status": "collected"}},
             status="open", created_at="2026-11-22T13:00:00Z"),
         row("incidents", "I2", version=4, store_id="S2", kind="return", status="open"))
    incidents = IncidentService(cache, lambda: NOW)
    [inc] = incidents.list()
    assert inc.id == "I1" and inc.details["server"]["order_status"] == "collected" and incidents.count_open() == 1
    with pytest.raises(DomainError) as err:
        incidents.resolve("I1", "done", "A1")
    assert err.value.code == "forbidden"
    result = incidents.resolve("I1", "  customer had both bags; fine  ", "M1")
    assert result.value.status == "resolved" and result.value.pending and result.value.resolved_by == "M1"
    assert incidents.list() == [] and incidents.count_open() == 0
    assert incidents.list(status=None)[0].resolution == "customer had both bags; fine"
