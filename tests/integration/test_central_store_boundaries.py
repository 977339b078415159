"""A terminal acts for its own store only: another store's pickups and stock cannot be changed (or
cannot even be named), another region's customers are out of reach, and a return of an order
collected at another store follows the return rules (SQLite and PostgreSQL).

Existing checks live with their mutations (pickup.pick / pickup.collect of another store's order,
holds and notes of another region's customer, incidents of another store, foreign scopes); this
module adds what they leave out."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sync import protocol as p
from sync.server import clock
from sync.server.db import write_tx
from sync.server.models import ENTITY_TABLES
from sync.server.versions import upsert_rows
from tests.integration.test_central_audit import Staff
from tests.integration.test_central_holds import a_sku, set_stock
from tests.integration.test_central_mutations import make_customer, row, state_deletes, state_rows, uid
from tests.integration.test_central_pickups import make_pickup, region_of
from tests.integration.test_central_returns import line, make_product, receipted

ELSEWHERE = "S002"
"""Another store of S001's region (its orders and customers are visible to S001's terminals)."""


@pytest.fixture
def staff(enrolled) -> Staff:
    return Staff(enrolled)


def collected_elsewhere(engine, scope: str, sku: str, *, qty: int, collected: int,
                        status: str = "collected") -> tuple[str, str]:
    """A pickup order of S002 (``qty`` x $30.00) of which ``collected`` units were handed over there
    yesterday; returns (order id, line id)."""
    oid, lid = uid("O"), uid("OL")
    customer = make_customer(engine, scope)
    yesterday = clock.iso_in(timedelta(days=-1))
    with write_tx(engine) as conn:
        upsert_rows(conn, "orders", scope, [{
            "id": oid, "order_number": f"W{oid[-6:]}", "customer_id": customer, "channel": "online",
            "fulfilment": "pickup", "store_id": "ONLINE", "pickup_store_id": ELSEWHERE, "status": status,
            "placed_at": clock.iso_in(timedelta(days=-3)), "ready_at": clock.iso_in(timedelta(days=-2)),
            "collected_at": yesterday if collected else None, "collected_at_store_id": ELSEWHERE if collected else None,
            "total_cents": qty * 3000, "item_count": qty}])
        upsert_rows(conn, "order_lines", scope, [{
            "id": lid, "order_id": oid, "sku": sku, "qty": qty, "price_cents": 3000, "returned_qty": 0,
            "picked_qty": qty, "collected_qty": collected}])
    return oid, lid


# ----- returns of another store's pickup -------------------------------------------------------

def test_a_pickup_collected_at_another_store_comes_back_here_into_this_stores_stock(central, staff):
    engine = central.engine()
    sku = make_product(engine, price=3000)
    here, there = set_stock(engine, sku, on_hand=1), set_stock(engine, sku, on_hand=4, store=ELSEWHERE)
    oid, lid = collected_elsewhere(engine, region_of(staff), sku, qty=2, collected=2)
    args = receipted(oid, line(lid, 1))
    res = staff.one(p.RETURN_CREATE, args)
    assert res["status"] == "applied", res
    ret = row(engine, "returns", args["return_id"])
    assert (ret["store_id"], ret["refund_cents"], ret["associate_id"]) == ("S001", 3000, staff.associate_id)
    assert row(engine, "order_lines", lid)["returned_qty"] == 1
    assert row(engine, "inventory", here)["on_hand"] == 2
    assert row(engine, "inventory", there)["on_hand"] == 4  # the other store's stock is not touched
    assert {g["scope"] for g in res["state"]["upserts"] if g["entity"] == "inventory"} == {"stock:S001"}


def test_only_what_was_handed_over_at_the_other_store_can_come_back(central, staff):
    engine = central.engine()
    sku = make_product(engine, price=3000)
    oid, lid = collected_elsewhere(engine, region_of(staff), sku, qty=3, collected=1)
    refused = staff.mutation(p.RETURN_CREATE, receipted(oid, line(lid, 2)))
    res = staff.push(refused)["results"][0]
    assert res["code"] == p.REJECT_EXCEEDS_PURCHASED and "only 1 of 3" in res["message"], res
    incident = row(engine, "incidents", refused["id"])
    assert (incident["store_id"], incident["scope"], incident["order_id"]) == ("S001", "location:S001", oid)
    assert staff.one(p.RETURN_CREATE, receipted(oid, line(lid, 1)))["status"] == "applied"


def test_a_pickup_still_waiting_at_the_other_store_cannot_be_returned(central, staff):
    engine = central.engine()
    sku = make_product(engine, price=3000)
    oid, lid = collected_elsewhere(engine, region_of(staff), sku, qty=1, collected=0, status="ready")
    args = receipted(oid, line(lid, 1))
    res = staff.one(p.RETURN_CREATE, args)
    assert res["code"] == p.REJECT_NOT_RETURNABLE and "does not have these goods" in res["message"], res
    assert row(engine, "returns", args["return_id"]) is None
    assert row(engine, "order_lines", lid)["returned_qty"] == 0


def test_an_order_of_another_region_cannot_be_returned_here(central, staff):
    engine = central.engine()
    sku = make_product(engine, price=3000)
    oid, lid = collected_elsewhere(engine, "region:elsewhere", sku, qty=1, collected=1)
    args = receipted(oid, line(lid, 1))
    res = staff.one(p.RETURN_CREATE, args)
    assert res["code"] == p.REJECT_FORBIDDEN, res
    assert state_rows(res, "orders") == {} and state_rows(res, "order_lines") == {}  # nothing leaks
    assert state_deletes(res, "returns") == [args["return_id"]]
    assert row(engine, "order_lines", lid)["returned_qty"] == 0


# ----- another store's stock -------------------------------------------------------------------

@pytest.mark.parametrize("where", [{"location_id": ELSEWHERE}, {"store_id": ELSEWHERE}])
def test_a_hold_cannot_name_another_stores_stock(central, staff, where):
    engine = central.engine()
    sku = a_sku(engine)
    there = set_stock(engine, sku, on_hand=5, store=ELSEWHERE)
    customer = make_customer(engine, region_of(staff))
    hold_id = uid("H")
    res = staff.one(p.HOLD_CREATE, {"hold_id": hold_id, "customer_id": customer, "sku": sku, "qty": 1, **where})
    assert res["code"] == p.REJECT_INVALID_ARGUMENTS and next(iter(where)) in res["message"], res
    assert row(engine, "holds", hold_id) is None
    assert row(engine, "inventory", there)["reserved"] == 0


def test_a_hold_puts_aside_this_stores_units_never_another_stores(central, staff):
    engine = central.engine()
    sku = a_sku(engine)
    inventory = ENTITY_TABLES["inventory"]
    with write_tx(engine) as conn:  # none here, plenty at the other store
        conn.execute(inventory.delete().where(inventory.c.id == f"S001:{sku}"))
    there = set_stock(engine, sku, on_hand=5, store=ELSEWHERE)
    customer = make_customer(engine, region_of(staff))
    res = staff.one(p.HOLD_CREATE, {"hold_id": uid("H"), "customer_id": customer, "sku": sku, "qty": 1})
    assert res["code"] == p.REJECT_INSUFFICIENT_STOCK and res["message"].startswith("only 0 of"), res
    assert row(engine, "inventory", there)["reserved"] == 0


def test_a_restock_cannot_name_another_stores_stock(central, staff):
    engine = central.engine()
    sku = make_product(engine, price=3000)
    there = set_stock(engine, sku, on_hand=4, store=ELSEWHERE)
    oid, lid = collected_elsewhere(engine, region_of(staff), sku, qty=1, collected=1)
    res = staff.one(p.RETURN_CREATE, receipted(oid, {**line(lid, 1), "location_id": ELSEWHERE}))
    assert res["code"] == p.REJECT_INVALID_ARGUMENTS and "location_id" in res["message"], res
    res = staff.one(p.RETURN_CREATE, receipted(oid, line(lid, 1), location_id=ELSEWHERE))
    assert res["code"] == p.REJECT_INVALID_ARGUMENTS and "location_id" in res["message"], res
    assert row(engine, "inventory", there)["on_hand"] == 4


# ----- another store's pickups -----------------------------------------------------------------

@pytest.mark.parametrize("name, args", [
    (p.PICKUP_READY, {}),
    (p.PICKUP_CANCEL, {"reason": "customer called"}),
])
def test_another_stores_pickup_cannot_be_readied_or_cancelled_here(central, staff, name, args):
    oid, _ = make_pickup(central.engine(), region_of(staff), status="picking", store=ELSEWHERE, lines=((1, 1),))
    res = staff.one(name, {"order_id": oid, **args})
    assert res["code"] == p.REJECT_NOT_COLLECTABLE and "Oakland Market" in res["message"], res
    assert row(central.engine(), "orders", oid)["status"] == "picking"


# ----- customers of another region -------------------------------------------------------------

@pytest.mark.parametrize("name, args, entity, key", [
    (p.NOTE_ADD, {"body": "private"}, "notes", "note_id"),
    (p.TASK_ADD, {"title": "call back"}, "tasks", "task_id"),
    (p.LOYALTY_REDEEM, {"points": 10}, "loyalty_ledger", "ledger_id"),
    (p.CUSTOMER_UPDATE, {"fields": {"first_name": "Mallory"}}, None, None),
])
def test_customers_of_another_region_are_out_of_reach(central, staff, name, args, entity, key):
    engine = central.engine()
    far = make_customer(engine, "region:elsewhere")
    new_id = uid("X")
    res = staff.one(name, {"customer_id": far, **args, **({key: new_id} if key else {})})
    assert res["code"] == p.REJECT_FORBIDDEN, res
    assert state_rows(res, "customers") == {}  # nothing of theirs reaches this terminal
    if entity is not None:
        assert row(engine, entity, new_id) is None
    customer = row(engine, "customers", far)
    assert (customer["first_name"], customer["points"]) == ("Ada", 100)
