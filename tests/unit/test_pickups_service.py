"""Pickups on a real encrypted cache: queue, pick / short / ready / cancel, partial handovers that
never count twice when the server's rows land, receipts."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from clienteling.cache import outbox
from clienteling.domain import DomainError, Verification
from clienteling.services import OutboxService, PickupService
from tests.unit.test_cache_engine import REGION, fetch, load, make_cache, row

NOW = datetime(2026, 11, 22, 14, 0, 0, tzinfo=timezone.utc)
CODE = Verification("pickup_code", code="K7Q2")


@pytest.fixture
def cache(tmp_path):
    cache = make_cache(tmp_path)
    load(cache, "stores", "catalog", row("stores", "S1", name="Heights", address="1 Main St", city="Oakland",
                                         phone="555-0100"))
    load(cache, "associates", REGION, row("associates", "A1", store_id="S1", first_name="Bo", last_name="Diaz",
                                          role="associate", active=True))
    load(cache, "customers", REGION, row("customers", "C1", first_name="Ana", last_name="Lima",
                                         loyalty_number="100200300400"))
    load(cache, "products", "catalog", row("products", "P1", name="Linen shirt", colour="white", size="M",
                                           price_cents=5000, category="shirts"),
         row("products", "P2", name="Belt", price_cents=2000, category="accessories"))
    load(cache, "orders", REGION,
         row("orders", "O1", version=3, order_number="W-1001", customer_id="C1", fulfilment="pickup",
             pickup_store_id="S1", pickup_code="K7Q2", status="placed", placed_at="2026-11-22T11:00:00Z"),
         row("orders", "O2", version=5, order_number="W-1002", customer_id="C1", fulfilment="pickup",
             pickup_store_id="S1", pickup_code="Z9Z9", status="ready", placed_at="2026-11-22T13:30:00Z",
             ready_at="2026-11-22T13:45:00Z"),
         row("orders", "O3", version=6, order_number="W-1003", fulfilment="pickup", pickup_store_id="S2",
             pickup_code="K7Q2", status="ready", placed_at="2026-11-22T13:00:00Z"))
    load(cache, "order_lines", REGION,
         row("order_lines", "O1-1", order_id="O1", sku="P1", qty=2, price_cents=5000),
         row("order_lines", "O1-2", order_id="O1", sku="P2", qty=1, price_cents=2000))
    yield cache
    cache.close()


def service(cache):
    return PickupService(cache, lambda: NOW)


def test_queue_counts_aging_and_arrivals(cache):
    pickups = service(cache)
    queue = pickups.queue()
    assert [s.order.id for s in queue] == ["O2", "O1"]  # this store only, newest first
    first = queue[1]
    assert first.customer_name == "Ana Lima" and first.aging.overdue and first.aging.minutes_left == -60
    assert [ln.product_name for ln in first.order.lines] == ["Linen shirt", "Belt"]
    counts = pickups.counts()
    assert counts["placed"] == 1 and counts["ready"] == 1 and counts["overdue"] == 1
    assert pickups.arrivals(None) == ([], 5)
    load(cache, "orders", REGION, row("orders", "O4", version=9, fulfilment="pickup", pickup_store_id="S1",
                                      status="placed", placed_at="2026-11-22T13:59:00Z"))
    new, mark = pickups.arrivals(5)
    assert [s.order.id for s in new] == ["O4"] and mark == 9
    assert pickups.arrivals(9) == ([], 9)


def test_find_by_number_code_scan_and_customer(cache):
    pickups = service(cache)
    assert [o.id for o in pickups.find("k7q2")] == ["O1", "O3"]  # this store's first
    assert [o.id for o in pickups.find("https://shop.example/pickup?code=Z9Z9")] == ["O2"]
    assert [o.id for o in pickups.find("W-1001")] == ["O1"]
    assert {o.id for o in pickups.find("lima")} == {"O1", "O2"}
    assert {o.id for o in pickups.find("100200300400")} == {"O1", "O2"}


def test_pick_short_needs_reason_then_ready(cache):
    pickups = service(cache)
    with pytest.raises(DomainError) as err:
        pickups.pick("O1", [("O1-1", 1, None)], "A1")
    assert err.value.code == "short_reason" and "Linen shirt" in err.value.message
    with pytest.raises(DomainError) as err:
        pickups.mark_ready("O1", "A1")
    assert err.value.code == "not_picked"
    result = pickups.pick("O1", [("O1-1", 1, "damaged"), ("O1-2", 1, None)], "A1")
    assert result.value.status == "picking" and result.value.pending
    assert [(ln.picked_qty, ln.short_reason) for ln in result.value.lines] == [(1, "damaged"), (1, None)]
    ready = pickups.mark_ready("O1", "A1")
    assert ready.value.status == "ready" and ready.value.ready_at == "2026-11-22T14:00:00Z"
    names = [e.name for e in OutboxService(cache).list()]
    assert names == ["pickup.ready", "pickup.pick"]
    assert OutboxService(cache).outcome(ready.mutation_id).state == "pending"


def test_cancel_needs_reason_and_an_open_order(cache):
    pickups = service(cache)
    with pytest.raises(DomainError):
        pickups.cancel("O1", "  ", "A1")
    result = pickups.cancel("O1", "customer called", "A1")
    assert result.value.status == "cancelled" and result.value.closed_at == "2026-11-22T14:00:00Z"
    with pytest.raises(DomainError) as err:
        pickups.pick("O1", [("O1-1", 2, None)], "A1")
    assert err.value.code == "not_collectable"


def _ready_with_picks(cache):
    load(cache, "orders", REGION, row("orders", "O1", version=7, order_number="W-1001", customer_id="C1",
                                      fulfilment="pickup", pickup_store_id="S1", pickup_code="K7Q2", status="ready",
                                      placed_at="2026-11-22T11:00:00Z", ready_at="2026-11-22T12:00:00Z"))
    load(cache, "order_lines", REGION,
         row("order_lines", "O1-1", version=7, order_id="O1", sku="P1", qty=2, price_cents=5000, picked_qty=2,
             collected_qty=0),
         row("order_lines", "O1-2", version=7, order_id="O1", sku="P2", qty=1, price_cents=2000, picked_qty=1,
             collected_qty=0))


def test_partial_handover_counts_once_when_the_server_rows_land(cache):
    _ready_with_picks(cache)
    pickups = service(cache)
    with pytest.raises(DomainError) as err:
        pickups.collect("O1", CODE, "A1", lines=[("O1-1", 3)])
    assert err.value.code == "already_collected"
    first = pickups.collect("O1", CODE, "A1", lines=[("O1-1", 1)], collector_name="Sam Lima")
    h = first.value
    assert h.pending and h.lines == (("O1-1", 1),) and h.collector_name == "Sam Lima" and h.associate_name == "Bo Diaz"
    order = pickups.get("O1")
    assert order.status == "ready" and [ln.collected_now for ln in order.lines] == [1, 0]
    # The server confirms: its handover row (same id) and the line's collected_qty arrive together.
    load(cache, "handovers", REGION, row("handovers", h.id, version=8, order_id="O1", store_id="S1",
                                         associate_id="A1", method="pickup_code", lines=[{"line_id": "O1-1", "qty": 1}],
                                         details={}))
    load(cache, "order_lines", REGION, row("order_lines", "O1-1", version=8, order_id="O1", sku="P1", qty=2,
                                           price_cents=5000, picked_qty=2, collected_qty=1))
    with cache.write() as conn:
        outbox.mark_done(conn, 1, "applied", None, None, "2026-11-22T14:00:01Z")
    order = pickups.get("O1")
    assert [(ln.collected_qty, ln.pending_collected) for ln in order.lines] == [(1, 0), (0, 0)]
    rest = pickups.collect("O1", CODE, "A1")  # everything left
    assert rest.value.lines == (("O1-1", 1), ("O1-2", 1))
    assert pickups.get("O1").status == "collected"
    assert [x.id for x in pickups.handovers("O1")] == [h.id, rest.value.id]
    with pytest.raises(DomainError) as err:
        pickups.collect("O1", CODE, "A1")
    assert err.value.code == "already_collected"


def test_rejected_handover_leaves_no_local_row(cache):
    from clienteling.cache import effects, rows
    _ready_with_picks(cache)
    pickups = service(cache)
    result = pickups.collect("O1", Verification("id_document", id_type="passport", id_last4="1234"), "A1")
    assert result.value.details == {"id_type": "passport", "id_last4": "1234"}
    with cache.write() as conn:
        entry = outbox.by_id(conn, result.mutation_id)
        rows.delete_local_only(conn, set(entry.touched))
        rows.upsert(conn, "orders", REGION, [row("orders", "O1", version=9, fulfilment="pickup", status="collected",
                                                 pickup_store_id="S1", collected_by_associate_id="A9")])
        outbox.mark_done(conn, entry.seq, "rejected", "already_collected", "collected by Kim", "t")
        assert effects.reapply_pending(conn, {("orders", "O1")}) == 0
    assert pickups.handovers("O1") == []
    assert pickups.get("O1").collected_by_associate_id == "A9"
    outcome = OutboxService(cache).outcome(result.mutation_id)
    assert (outcome.state, outcome.code, outcome.message) == ("rejected", "already_collected", "collected by Kim")
    assert fetch(cache, "SELECT pending FROM outbox_keys WHERE seq = ?", entry.seq) == [(0,), (0,)]


def test_handover_receipt(cache):
    _ready_with_picks(cache)
    pickups = service(cache)
    h = pickups.collect("O1", CODE, "A1", lines=[("O1-1", 2)]).value
    receipt = pickups.receipt(h.id)
    assert receipt.store.name == "Heights" and receipt.store.address == "1 Main St, Oakland"
    assert receipt.order_number == "W-1001" and receipt.customer_name == "Ana Lima"
    assert receipt.loyalty_number == "••••••••0400" and receipt.receipt_number == h.id[:8].upper()
    [line] = receipt.lines
    assert (line.name, line.colour, line.size, line.qty, line.amount_cents) == ("Linen shirt", "white", "M", 2, 10000)
    assert receipt.pending and receipt.verification == "pickup_code" and receipt.associate_name == "Bo Diaz"


@pytest.mark.parametrize("verification, words", [
    (Verification("id_document", id_last4="1234"), "which photo ID"),
    (Verification("id_document", id_type=" ", id_last4="1234"), "which photo ID"),
    (Verification("id_document", id_type="passport"), "last 4 characters"),
    (Verification("id_document", id_type="passport", id_last4="12"), "last 4 characters"),
    (Verification("id_document", id_type="passport", id_last4="12-4"), "last 4 characters"),
    (Verification("id_document", id_type="passport", id_last4="12345"), "last 4 characters"),
])
def test_id_document_needs_type_and_last4(cache, verification, words):
    _ready_with_picks(cache)
    with pytest.raises(DomainError) as err:
        service(cache).collect("O1", verification, "A1")
    assert err.value.code == "invalid_arguments" and words in err.value.message
    assert fetch(cache, "SELECT count(*) FROM outbox") == [(0,)]


def test_counts_are_one_sql_pass_with_overdue_in_sql(cache, monkeypatch):
    from clienteling.cache import pickup_reads
    load(cache, "orders", REGION,  # NOW is 14:00; ready within 2 h, collect within 7 days (default policy)
         row("orders", "P1", fulfilment="pickup", pickup_store_id="S1", status="picking",
             placed_at="2026-11-22T12:00:01Z"),                          # due 14:00:01: not yet
         row("orders", "P2", fulfilment="pickup", pickup_store_id="S1", status="picking",
             placed_at="2026-11-22T11:59:00+00:00"),                     # overdue (another time format)
         row("orders", "R1", fulfilment="pickup", pickup_store_id="S1", status="ready",
             placed_at="2026-11-10T10:00:00Z", ready_at="2026-11-15T13:59:00Z"),   # 7 days passed
         row("orders", "R2", fulfilment="pickup", pickup_store_id="S1", status="ready",
             placed_at="2026-11-10T10:00:00Z", ready_at=None),
         row("orders", "X1", fulfilment="pickup", pickup_store_id="S1", status="collected",
             placed_at="2026-11-01T10:00:00Z", ready_at="2026-11-01T11:00:00Z"))

    def no_scan(*_args, **_kwargs):
        raise AssertionError("counts() must not read the queue")
    monkeypatch.setattr(pickup_reads, "queue", no_scan)
    counts = service(cache).counts()
    # O1 placed 11:00 (overdue), O2 ready 13:45 (not), P2, R1 overdue; O3 is another store's.
    assert (counts["placed"], counts["picking"], counts["ready"], counts["collected"]) == (1, 2, 3, 1)
    assert counts["overdue"] == 3
    with cache.read() as conn:
        plan = " ".join(r[3] for r in conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT status, count(*) FROM orders WHERE pickup_store_id = 'S1' GROUP BY status"))
    assert "pickup_store_id" in plan and "INDEX" in plan
