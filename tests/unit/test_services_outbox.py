"""Services: each write = local change + outbox row in ONE transaction, with the server's args."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from clienteling.cache import outbox
from clienteling.domain import DomainError, Verification
from clienteling.domain.models import Approval
from clienteling.services import CustomerService, LoyaltyService, NoteService, OutboxService, PickupService
from clienteling.services.loyalty import OFFLINE_CAP
from tests.unit.test_cache_engine import REGION, fetch, load, make_cache, row

NOW = datetime(2026, 11, 22, 14, 16, 51, tzinfo=timezone.utc)


def clock():
    return NOW


@pytest.fixture
def cache(tmp_path):
    cache = make_cache(tmp_path)
    load(cache, "customers", REGION, row("customers", "C1", version=4, first_name="Ana", last_name="Lima",
                                         points=500, email="ana@example.com"))
    load(cache, "orders", REGION,
         row("orders", "O1", version=2, customer_id="C1", fulfilment="pickup", pickup_store_id="S1",
             pickup_code="K7Q2", status="ready"),
         row("orders", "O2", version=2, customer_id="C1", fulfilment="pickup", pickup_store_id="S2",
             pickup_code="ZZZZ", status="ready"))
    yield cache
    cache.close()


def entries(cache):
    with cache.read() as conn:
        return outbox.pending(conn)


def test_note_add(cache):
    note = NoteService(cache, clock).add("C1", "  likes linen  ", "A1")
    assert note.pending and note.body == "likes linen" and note.store_id == "S1"
    [entry] = entries(cache)
    assert entry.name == "note.add" and entry.seq == 1
    assert entry.args == {"note_id": note.id, "customer_id": "C1", "body": "likes linen"}
    assert entry.associate_id == "A1" and entry.local_time == "2026-11-22T14:16:51Z"
    assert entry.touched == (("notes", note.id),)
    assert fetch(cache, "SELECT _scope, _version FROM notes WHERE id = ?", note.id) == [(REGION, None)]
    assert [n.id for n in CustomerService(cache).notes("C1")] == [note.id]


def test_customer_update_sets_fields_locally(cache):
    service = CustomerService(cache, clock)
    entry = service.update("C1", {"email": "ana.lima@example.com", "preferences": {"brands": ["Arket"]}}, "A1")
    assert entry.args == {"customer_id": "C1", "fields": {"email": "ana.lima@example.com",
                                                           "preferences": {"brands": ["Arket"]}}}
    customer = service.get("C1")
    assert customer.email == "ana.lima@example.com" and customer.preferences == {"brands": ["Arket"]}
    assert customer.has_pending_changes and customer.version == 4
    with pytest.raises(DomainError):
        service.update("C1", {"points": 5}, "A1")
    with pytest.raises(DomainError):
        service.update("C404", {"email": "a@b.co"}, "A1")


def test_redeem_never_double_counts(cache):
    loyalty = LoyaltyService(cache, clock)
    entry = loyalty.redeem("C1", 200, "voucher", "A1")
    assert entry.points == -200 and entry.pending
    [queued] = entries(cache)
    assert queued.args == {"ledger_id": entry.id, "customer_id": "C1", "points": 200, "description": "voucher"}
    assert loyalty.balance("C1").available == 300
    assert fetch(cache, "SELECT points FROM customers WHERE id = 'C1'") == [(500,)]  # untouched
    # The server confirms: its ledger row (same id, versioned) and the new balance arrive.
    load(cache, "loyalty_ledger", REGION, row("loyalty_ledger", entry.id, version=9, customer_id="C1",
                                              kind="redeem", points=-200))
    load(cache, "customers", REGION, row("customers", "C1", version=9, first_name="Ana", points=300))
    assert loyalty.balance("C1").available == 300
    with pytest.raises(DomainError) as err:
        loyalty.redeem("C1", 301, "too much", "A1")
    assert err.value.code == "insufficient_points"
    with pytest.raises(DomainError):
        loyalty.redeem("C1", 0, "", "A1")


def test_a_manager_approves_a_redemption_over_the_offline_cap(cache):
    loyalty = LoyaltyService(cache, clock, offline_redeem_cap_points=100)
    with pytest.raises(DomainError) as err:
        loyalty.redeem("C1", 300, "voucher", "A1")
    assert err.value.code == "offline_cap"
    small = Approval("M1", "Mia Manager", "customer at the counter", refund_cents=200, needs=(OFFLINE_CAP,))
    with pytest.raises(DomainError):  # approved for 200 points, not 300
        loyalty.redeem("C1", 300, "voucher", "A1", approval=small)
    wrong = Approval("M1", "Mia Manager", "refund", refund_cents=300, needs=("receiptless_limit",))
    with pytest.raises(DomainError):  # an approval for something else
        loyalty.redeem("C1", 300, "voucher", "A1", approval=wrong)
    approval = Approval("M1", "Mia Manager", "customer at the counter", refund_cents=300, needs=(OFFLINE_CAP,))
    loyalty.redeem("C1", 50, "within the cap", "A1", approval=approval)  # under the cap: no override sent
    assert "override" not in entries(cache)[-1].args
    entry = loyalty.redeem("C1", 300, "voucher", "A1", approval=approval)
    queued = entries(cache)[-1]
    assert queued.args == {"ledger_id": entry.id, "customer_id": "C1", "points": 300, "description": "voucher",
                           "override": {"manager_id": "M1", "reason": "customer at the counter"}}
    with pytest.raises(DomainError) as err:  # the balance still holds, approval or not
        loyalty.redeem("C1", 300, "again", "A1", approval=approval)
    assert err.value.code == "insufficient_points"


def test_pickup_collect(cache):
    pickups = PickupService(cache, clock)
    with pytest.raises(DomainError) as err:
        pickups.collect("O1", Verification("pickup_code", code="NOPE"), "A1")
    assert err.value.code == "verification_failed"
    with pytest.raises(DomainError):
        pickups.collect("O2", Verification("pickup_code", code="ZZZZ"), "A1")  # another store's pickup
    result = pickups.collect("O1", Verification("pickup_code", code="k7q2"), "A1")
    order = pickups.get("O1")
    assert order.status == "collected" and order.collected_by_associate_id == "A1" and order.pending
    [entry] = entries(cache)
    assert result.mutation_id == entry.id and result.value.pending and result.value.order_id == "O1"
    assert entry.args == {"handover_id": result.value.id, "order_id": "O1",
                          "verification": {"method": "pickup_code", "code": "k7q2"}}
    with pytest.raises(DomainError) as err:
        pickups.collect("O1", Verification("id_document", id_type="passport"), "A1")
    assert err.value.code == "already_collected"
    assert [o.id for o in pickups.find("K7Q2")] == ["O1"]


def test_local_change_and_outbox_row_commit_together(cache, monkeypatch):
    def broken_enqueue(*args, **kwargs):
        raise RuntimeError("disk trouble")
    monkeypatch.setattr(outbox, "enqueue", broken_enqueue)
    with pytest.raises(RuntimeError):
        NoteService(cache, clock).add("C1", "hello", "A1")
    with pytest.raises(RuntimeError):
        CustomerService(cache, clock).update("C1", {"first_name": "Anabel"}, "A1")
    assert fetch(cache, "SELECT count(*) FROM notes") == [(0,)]
    assert fetch(cache, "SELECT first_name FROM customers") == [("Ana",)]
    assert fetch(cache, "SELECT count(*) FROM outbox") == [(0,)]


def test_outbox_service_counts_and_lists(cache):
    notes = NoteService(cache, clock)
    a, b = notes.add("C1", "one", "A1"), notes.add("C1", "two", "A1")
    with cache.write() as conn:
        outbox.mark_done(conn, 1, "rejected", "not_found", "gone", "2026-11-22T15:00:00Z")
    service = OutboxService(cache)
    assert service.counts() == {"pending": 1, "applied": 0, "rejected": 1}
    assert [e.args["note_id"] for e in service.list()] == [b.id, a.id]
    [rejected] = service.list("rejected")
    assert rejected.code == "not_found" and rejected.message == "gone"


def test_sequence_numbers_never_reuse(cache):
    notes = NoteService(cache, clock)
    notes.add("C1", "one", "A1")
    with cache.write() as conn:
        conn.exec_driver_sql("DELETE FROM outbox")
    notes.add("C1", "two", "A1")
    assert [e.seq for e in entries(cache)] == [2]
