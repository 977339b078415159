"""``hold.create`` on the central service: availability checked under a row lock, never oversold
(SQLite and PostgreSQL)."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from sqlalchemy import select

from sync import protocol as p
from sync.server import clock
from sync.server.db import read_tx, write_tx
from sync.server.models import ENTITY_TABLES
from sync.server.versions import upsert_rows
from tests.integration.conftest import ASSOCIATE
from tests.integration.test_central_mutations import Pusher, make_customer, row, state_deletes, state_rows
from tests.integration.test_central_races import THREADS, _race

_skus = itertools.count(0)
_hold_ids = itertools.count(1)


def a_sku(engine) -> str:
    """A different existing product for each test (the module shares one central database)."""
    products = ENTITY_TABLES["products"]
    with read_tx(engine) as conn:
        ids = conn.execute(select(products.c.id).order_by(products.c.id)).scalars().all()
    return ids[(next(_skus) * 3) % len(ids)]


def set_stock(engine, sku: str, on_hand: int, reserved: int = 0, store: str = "S001") -> str:
    with write_tx(engine) as conn:
        upsert_rows(conn, "inventory", f"stock:{store}", [{"id": f"{store}:{sku}", "location_id": store, "sku": sku,
                                                           "on_hand": on_hand, "reserved": reserved}])
    return f"{store}:{sku}"


def in_days(days: float) -> str:
    return clock.iso_in(timedelta(days=days))


@pytest.fixture
def pusher(enrolled) -> Pusher:
    return Pusher(enrolled)


@pytest.fixture
def customer(central, pusher) -> str:
    return make_customer(central.engine(), pusher.dev.scopes[0])


def test_hold_reserves_stock_and_keeps_the_clients_id(central, pusher, customer):
    sku = a_sku(central.engine())
    inv = set_stock(central.engine(), sku, on_hand=3, reserved=1)
    expires = in_days(2)
    res = pusher.one(p.HOLD_CREATE, {"hold_id": "H-cl-1", "customer_id": customer, "sku": sku, "qty": 2,
                                     "expires_at": expires})
    assert res["status"] == "applied", res
    hold = state_rows(res, "holds")["H-cl-1"]
    assert (hold["location_id"], hold["qty"], hold["status"], hold["associate_id"]) == ("S001", 2, "active", ASSOCIATE)
    assert hold["expires_at"] == expires and hold["customer_id"] == customer
    assert state_rows(res, "inventory")[inv]["reserved"] == 3
    assert row(central.engine(), "holds", "H-cl-1")["scope"] == "location:S001"
    stock = row(central.engine(), "inventory", inv)
    assert (stock["reserved"], stock["on_hand"], stock["scope"]) == (3, 3, "stock:S001")
    groups = {(g["entity"], g["scope"]) for g in res["state"]["upserts"]}
    assert groups == {("holds", "location:S001"), ("inventory", "stock:S001")}


def test_not_enough_stock_is_rejected_with_what_is_available(central, pusher, customer):
    sku = a_sku(central.engine())
    inv = set_stock(central.engine(), sku, on_hand=3, reserved=2)
    res = pusher.one(p.HOLD_CREATE, {"hold_id": "H-short", "customer_id": customer, "sku": sku, "qty": 2,
                                     "expires_at": in_days(2)})
    assert (res["status"], res["code"]) == ("rejected", p.REJECT_INSUFFICIENT_STOCK), res
    assert res["message"].startswith("only 1 of ") and "3 on hand, 2 reserved" in res["message"]
    assert state_rows(res, "inventory")[inv]["reserved"] == 2  # the authoritative row, unchanged
    assert state_deletes(res, "holds") == ["H-short"]  # the terminal drops its local hold
    assert row(central.engine(), "holds", "H-short") is None
    assert row(central.engine(), "inventory", inv)["reserved"] == 2


def test_a_sku_not_stocked_here_has_nothing_to_hold(central, pusher, customer):
    sku = a_sku(central.engine())
    with write_tx(central.engine()) as conn:
        inv = ENTITY_TABLES["inventory"]
        conn.execute(inv.delete().where(inv.c.id == f"S001:{sku}"))
    res = pusher.one(p.HOLD_CREATE, {"hold_id": "H-none", "customer_id": customer, "sku": sku, "qty": 1})
    assert res["code"] == p.REJECT_INSUFFICIENT_STOCK and res["message"].startswith("only 0 of"), res


@pytest.mark.parametrize("change, code", [
    ({"qty": 0}, p.REJECT_INVALID_ARGUMENTS),
    ({"qty": 11}, p.REJECT_INVALID_ARGUMENTS),
    ({"qty": "1"}, p.REJECT_INVALID_ARGUMENTS),
    ({"sku": "SKU-NOPE"}, p.REJECT_NOT_FOUND),
    ({"customer_id": "C-NOPE"}, p.REJECT_NOT_FOUND),
    ({"expires_at": "2020-01-01T00:00:00Z"}, p.REJECT_INVALID_ARGUMENTS),
    ({"expires_at": "tomorrow"}, p.REJECT_INVALID_ARGUMENTS),
    ({"surprise": 1}, p.REJECT_INVALID_ARGUMENTS),
])
def test_bad_holds_are_rejected_and_reserve_nothing(central, pusher, customer, change, code):
    sku = a_sku(central.engine())
    inv = set_stock(central.engine(), sku, on_hand=5)
    hold_id = f"H-bad-{next(_hold_ids)}"
    res = pusher.one(p.HOLD_CREATE, {"hold_id": hold_id, "customer_id": customer, "sku": sku, "qty": 1, **change})
    assert (res["status"], res["code"]) == ("rejected", code), res
    assert state_deletes(res, "holds") == [hold_id]
    assert row(central.engine(), "inventory", inv)["reserved"] == 0


def test_customer_of_another_region_is_forbidden(central, pusher):
    sku = a_sku(central.engine())
    set_stock(central.engine(), sku, on_hand=5)
    far = make_customer(central.engine(), "region:elsewhere")
    res = pusher.one(p.HOLD_CREATE, {"hold_id": "H-far", "customer_id": far, "sku": sku, "qty": 1})
    assert res["code"] == p.REJECT_FORBIDDEN


def test_expiry_is_capped(central, pusher, customer):
    sku = a_sku(central.engine())
    set_stock(central.engine(), sku, on_hand=5)
    res = pusher.one(p.HOLD_CREATE, {"hold_id": "H-long", "customer_id": customer, "sku": sku, "qty": 1,
                                     "expires_at": in_days(90)})
    assert res["status"] == "applied", res
    assert state_rows(res, "holds")["H-long"]["expires_at"] <= in_days(14.01)


def test_a_reused_hold_id_is_refused(central, pusher, customer):
    sku = a_sku(central.engine())
    inv = set_stock(central.engine(), sku, on_hand=5)
    args = {"hold_id": "H-twice", "customer_id": customer, "sku": sku, "qty": 1}
    assert pusher.one(p.HOLD_CREATE, args)["status"] == "applied"
    assert pusher.one(p.HOLD_CREATE, args)["code"] == p.REJECT_INVALID_ARGUMENTS
    assert row(central.engine(), "inventory", inv)["reserved"] == 1
    assert row(central.engine(), "holds", "H-twice")["status"] == "active"  # the first hold survives


def test_terminals_holding_the_last_units_at_once_never_oversell(central):
    """THREADS terminals of one store hold the last 3 units of a SKU at the same moment."""
    region = central.enroll("S001")["scopes"][0]
    cid = make_customer(central.engine(), region)
    sku = a_sku(central.engine())
    inv = set_stock(central.engine(), sku, on_hand=4, reserved=1)
    results = _race(central, lambda i: {"hold_id": f"H-race-{sku}-{i}", "customer_id": cid, "sku": sku, "qty": 1,
                                        "expires_at": in_days(2)}, p.HOLD_CREATE)
    applied = [r for r in results if r["status"] == "applied"]
    assert len(applied) == 3
    assert all(r["code"] == p.REJECT_INSUFFICIENT_STOCK for r in results if r["status"] == "rejected")
    assert len(results) == THREADS
    stock = row(central.engine(), "inventory", inv)
    assert stock["reserved"] == 4 <= stock["on_hand"]
    # Each applied result reports the reservation right after it: they really were serialised.
    assert sorted(state_rows(r, "inventory")[inv]["reserved"] for r in applied) == [2, 3, 4]
    holds = ENTITY_TABLES["holds"]
    with read_tx(central.engine()) as conn:
        held = conn.execute(select(holds.c.qty).where(holds.c.sku == sku, holds.c.status == "active")).scalars().all()
    assert sum(held) == 3


def test_lapsed_holds_give_their_units_back(central, pusher, customer):
    from sync.server.app import _sweep_once

    sku = a_sku(central.engine())
    stock_id = set_stock(central.engine(), sku, on_hand=2)
    first = pusher.one(p.HOLD_CREATE, {"hold_id": "H-lapse-1", "customer_id": customer, "sku": sku, "qty": 2,
                                       "expires_at": in_days(1)})
    assert first["status"] == "applied" and row(central.engine(), "inventory", stock_id)["reserved"] == 2
    with write_tx(central.engine()) as conn:  # a day passes: the hold lapses
        upsert_rows(conn, "holds", "location:S001", [{"id": "H-lapse-1", "expires_at": "2020-01-01T00:00:00Z"}])
    # A new hold of the same SKU releases the lapsed one first and fits.
    second = pusher.one(p.HOLD_CREATE, {"hold_id": "H-lapse-2", "customer_id": customer, "sku": sku, "qty": 2})
    assert second["status"] == "applied", second["message"]
    assert row(central.engine(), "holds", "H-lapse-1")["status"] == "expired"
    assert row(central.engine(), "inventory", stock_id)["reserved"] == 2
    # The periodic sweep does the same without any new hold.
    with write_tx(central.engine()) as conn:
        upsert_rows(conn, "holds", "location:S001", [{"id": "H-lapse-2", "expires_at": "2020-01-01T00:00:00Z"}])
    assert _sweep_once(central.engine()) >= 1
    assert row(central.engine(), "holds", "H-lapse-2")["status"] == "expired"
    assert row(central.engine(), "inventory", stock_id)["reserved"] == 0
