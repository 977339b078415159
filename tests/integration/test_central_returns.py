"""``return.create`` on the central service: windows, final sale, condition, quantities, receipt-less
price and limits, manager overrides, points reversal, restocking, incidents (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sync import protocol as p
from sync.policy import DEFAULT_POLICY, Policy, points_for
from sync.server import clock
from sync.server.db import write_tx
from sync.server.settings import write_policy
from sync.server.versions import upsert_rows
from tests.integration.test_central_holds import set_stock
from tests.integration.test_central_mutations import Pusher, make_customer, row, state_deletes, state_rows, uid
from tests.integration.test_central_pickups import ASSOCIATE, MANAGER, OTHER_MANAGER, region_of


def make_product(engine, *, category: str = "tops", final_sale: bool = False, price: int = 5000) -> str:
    sku = uid("SKU-T")
    with write_tx(engine) as conn:
        upsert_rows(conn, "products", "catalog", [{"id": sku, "name": f"Test {category} {sku[-6:]}",
                                                   "category": category, "final_sale": final_sale,
                                                   "price_cents": price, "active": True}])
    return sku


def make_sale(engine, scope: str, customer_id: str | None, lines: list[tuple[str, int, int]], *,
              status: str = "completed", fulfilment: str = "carry", days_ago: float = 2,
              **extra) -> tuple[str, list[str]]:
    """An order of (sku, qty, price) lines placed ``days_ago``; returns (order id, line ids)."""
    oid = uid("O")
    line_ids = [f"{oid}-{i}" for i in range(1, len(lines) + 1)]
    placed = clock.iso_in(timedelta(days=-days_ago))
    with write_tx(engine) as conn:
        upsert_rows(conn, "orders", scope, [{
            "id": oid, "order_number": f"R{oid[-6:]}", "customer_id": customer_id, "channel": "store",
            "fulfilment": fulfilment, "store_id": "S001", "status": status, "placed_at": placed,
            "total_cents": sum(q * c for _, q, c in lines), "item_count": sum(q for _, q, _ in lines), **extra}])
        upsert_rows(conn, "order_lines", scope, [
            {"id": lid, "order_id": oid, "sku": sku, "qty": qty, "price_cents": price, "returned_qty": 0,
             "picked_qty": qty} for lid, (sku, qty, price) in zip(line_ids, lines)])
    return oid, line_ids


def line(line_id: str | None = None, qty: int = 1, *, sku: str | None = None, reason: str = "changed_mind",
         condition: str = "new", disposition: str = "restock") -> dict:
    out = {"return_line_id": uid("RL"), "qty": qty, "reason": reason, "condition": condition,
           "disposition": disposition}
    if line_id:
        out["line_id"] = line_id
    if sku:
        out["sku"] = sku
    return out


def receipted(order_id: str, *lines: dict, method: str = "original_tender", **kw) -> dict:
    return {"return_id": uid("R"), "order_id": order_id, "lines": list(lines), "refund_method": method, **kw}


def receiptless(customer_id: str, *lines: dict, method: str = "store_credit", **kw) -> dict:
    return {"return_id": uid("R"), "customer_id": customer_id, "lines": list(lines), "refund_method": method, **kw}


@pytest.fixture
def pusher(enrolled) -> Pusher:
    return Pusher(enrolled)


@pytest.fixture
def sale(central, pusher):
    """A customer with 1000 points and a two-line carry sale two days ago (2 x $40.00, 1 x $25.50)."""
    engine = central.engine()
    customer = make_customer(engine, region_of(pusher), points=1000)
    a, b = make_product(engine, price=4000), make_product(engine, price=2550)
    oid, lines = make_sale(engine, region_of(pusher), customer, [(a, 2, 4000), (b, 1, 2550)])
    return customer, oid, lines, (a, b)


# ----- with a receipt --------------------------------------------------------------------------

def test_a_return_refunds_reverses_points_and_restocks(central, pusher, sale):
    customer, oid, (l1, l2), (a, b) = sale
    stock = set_stock(central.engine(), a, on_hand=3)
    args = receipted(oid, line(l1, 1), line(l2, 1, disposition="damaged"))
    res = pusher.one(p.RETURN_CREATE, args)
    assert res["status"] == "applied", res
    points = points_for(4000) + points_for(2550)
    ret = state_rows(res, "returns")[args["return_id"]]
    assert (ret["refund_cents"], ret["points_reversed"], ret["receipt"], ret["status"]) == (6550, points, True, "accepted")
    assert (ret["store_id"], ret["customer_id"], ret["order_id"], ret["associate_id"]) == ("S001", customer, oid, ASSOCIATE)
    assert ret["approved_by"] is None and ret["refund_method"] == "original_tender"
    rl = state_rows(res, "return_lines")
    assert {r["order_line_id"]: (r["sku"], r["qty"], r["refund_cents"]) for r in rl.values()} == \
        {l1: (a, 1, 4000), l2: (b, 1, 2550)}
    lines = state_rows(res, "order_lines")
    assert (lines[l1]["returned_qty"], lines[l2]["returned_qty"]) == (1, 1)
    reverse = state_rows(res, "loyalty_ledger")[f"{args['return_id']}:reverse"]
    assert (reverse["kind"], reverse["points"], reverse["order_id"], reverse["description"]) == \
        ("reverse", -points, oid, "Return")
    assert state_rows(res, "customers")[customer]["points"] == 1000 - points
    assert state_rows(res, "inventory")[stock]["on_hand"] == 4  # restocked; the damaged one is not
    assert row(central.engine(), "inventory", f"S001:{b}") is None
    assert row(central.engine(), "returns", args["return_id"])["scope"] == region_of(pusher)


def test_restocking_a_sku_this_store_never_stocked_makes_its_row(central, pusher):
    """The first restock creates the stock row (0 + qty), the next one adds to it; the row carries
    the version of the return that wrote it (the placeholder version never leaves the transaction)."""
    engine = central.engine()
    sku = make_product(engine, price=1500)
    assert row(engine, "inventory", f"S001:{sku}") is None
    for qty, expected in ((2, 2), (1, 3)):
        oid, (l1,) = make_sale(engine, region_of(pusher), None, [(sku, 2, 1500)])
        res = pusher.one(p.RETURN_CREATE, receipted(oid, line(l1, qty)))
        assert res["status"] == "applied", res
        stock = row(engine, "inventory", f"S001:{sku}")
        assert (stock["on_hand"], stock["reserved"], stock["location_id"], stock["sku"], stock["scope"]) == \
            (expected, 0, "S001", sku, "stock:S001")
        assert stock["version"] > 0 and state_rows(res, "inventory")[f"S001:{sku}"][p.VERSION_COLUMN] == stock["version"]


def test_no_points_come_back_for_an_order_that_earned_none(central, pusher):
    sku = make_product(central.engine())
    guest, (l1,) = make_sale(central.engine(), region_of(pusher), None, [(sku, 1, 3000)])
    res = pusher.one(p.RETURN_CREATE, receipted(guest, line(l1)))
    assert res["status"] == "applied", res
    (ret,) = state_rows(res, "returns").values()
    assert (ret["refund_cents"], ret["points_reversed"]) == (3000, 0)
    assert state_rows(res, "loyalty_ledger") == {}


def test_more_than_bought_is_refused_and_recorded_with_both_sides(central, pusher, sale):
    customer, oid, (l1, _), _ = sale
    first = receipted(oid, line(l1, 1))
    assert pusher.one(p.RETURN_CREATE, first)["status"] == "applied"
    args = receipted(oid, line(l1, 2))
    m = pusher.mutation(p.RETURN_CREATE, args, local_time="2026-11-20T16:00:00Z")
    res = pusher.push(m)["results"][0]
    assert (res["status"], res["code"]) == ("rejected", p.REJECT_EXCEEDS_PURCHASED), res
    assert "only 1 of 2 can come back (1 returned already)" in res["message"]
    assert state_deletes(res, "returns") == [args["return_id"]]
    assert state_deletes(res, "return_lines") == [args["lines"][0]["return_line_id"]]
    assert state_rows(res, "order_lines")[l1]["returned_qty"] == 1
    assert set(state_rows(res, "returns")) == {first["return_id"]}  # what the server has for the order
    incident = state_rows(res, "incidents")[m["id"]]
    assert (incident["kind"], incident["code"], incident["order_id"], incident["customer_id"]) == \
        ("return", p.REJECT_EXCEEDS_PURCHASED, oid, customer)
    terminal, server = incident["details"]["terminal"], incident["details"]["server"]
    assert terminal["lines"] == args["lines"] and terminal["local_time"] == "2026-11-20T16:00:00Z"
    assert server["order_status"] == "completed"
    assert [r["id"] for r in server["returns"]] == [first["return_id"]]
    assert next(x for x in server["lines"] if x["line_id"] == l1)["returned_qty"] == 1
    assert pusher.one(p.RETURN_CREATE, receipted(oid, line(l1, 1), line(l1, 1)))["code"] == p.REJECT_EXCEEDS_PURCHASED


@pytest.mark.parametrize("setup, code, words", [
    ({"category": "accessories", "days_ago": 20}, p.REJECT_NOT_RETURNABLE, "14-day return window for accessories"),
    ({"category": "outerwear", "days_ago": 40}, None, None),
    ({"final_sale": True}, p.REJECT_NOT_RETURNABLE, "final sale"),
    ({"status": "placed", "fulfilment": "ship"}, p.REJECT_NOT_RETURNABLE, "does not have these goods"),
])
def test_window_final_sale_and_goods_not_received(central, pusher, setup, code, words):
    engine = central.engine()
    sku = make_product(engine, category=setup.get("category", "tops"), final_sale=setup.get("final_sale", False))
    customer = make_customer(engine, region_of(pusher))
    oid, (l1,) = make_sale(engine, region_of(pusher), customer, [(sku, 1, 3000)], days_ago=setup.get("days_ago", 2),
                           status=setup.get("status", "completed"), fulfilment=setup.get("fulfilment", "carry"))
    res = pusher.one(p.RETURN_CREATE, receipted(oid, line(l1)))
    if code is None:
        assert res["status"] == "applied", res
    else:
        assert (res["code"], words in res["message"]) == (code, True), res
        assert state_rows(res, "incidents")
        assert row(engine, "order_lines", l1)["returned_qty"] == 0


def test_a_damaged_item_comes_back_only_as_defective(central, pusher, sale):
    _, oid, (l1, _), _ = sale
    res = pusher.one(p.RETURN_CREATE, receipted(oid, line(l1, condition="damaged", reason="changed_mind")))
    assert res["code"] == p.REJECT_NOT_RETURNABLE and "defective or not as described" in res["message"], res
    ok = pusher.one(p.RETURN_CREATE, receipted(oid, line(l1, condition="damaged", reason="defective",
                                                         disposition="vendor")))
    assert ok["status"] == "applied", ok


@pytest.mark.parametrize("mangle, code", [
    (lambda a: a["lines"][0].pop("line_id"), p.REJECT_INVALID_ARGUMENTS),
    (lambda a: a["lines"][0].update(line_id="nope"), p.REJECT_INVALID_ARGUMENTS),
    (lambda a: a["lines"][0].update(sku="SKU-OTHER"), p.REJECT_INVALID_ARGUMENTS),
    (lambda a: a["lines"][0].update(qty=0), p.REJECT_INVALID_ARGUMENTS),
    (lambda a: a["lines"][0].update(condition="muddy"), p.REJECT_INVALID_ARGUMENTS),
    (lambda a: a.update(refund_method="cash_in_hand"), p.REJECT_INVALID_ARGUMENTS),
    (lambda a: a.update(order_id="O-NOPE"), p.REJECT_NOT_FOUND),
    (lambda a: a.update(counter_refund_cents=-1), p.REJECT_INVALID_ARGUMENTS),
    (lambda a: a.update(counter_refund_cents="40.00"), p.REJECT_INVALID_ARGUMENTS),
])
def test_malformed_returns_are_refused_without_incident(central, pusher, sale, mangle, code):
    _, oid, (l1, _), _ = sale
    args = receipted(oid, line(l1))
    mangle(args)
    res = pusher.one(p.RETURN_CREATE, args)
    assert res["code"] == code, res
    assert state_rows(res, "incidents") == {}
    assert row(central.engine(), "order_lines", l1)["returned_qty"] == 0


def test_a_return_of_a_partly_collected_pickup_stops_at_what_was_handed_over(central, pusher):
    engine = central.engine()
    sku = make_product(engine)
    customer = make_customer(engine, region_of(pusher))
    oid, (l1,) = make_sale(engine, region_of(pusher), customer, [(sku, 3, 2000)], status="collected",
                           fulfilment="pickup", collected_at=clock.now_iso())
    with write_tx(engine) as conn:
        upsert_rows(conn, "order_lines", region_of(pusher), [{"id": l1, "picked_qty": 2, "collected_qty": 2}])
    res = pusher.one(p.RETURN_CREATE, receipted(oid, line(l1, 3)))
    assert res["code"] == p.REJECT_EXCEEDS_PURCHASED and "only 2 of 3" in res["message"], res
    assert pusher.one(p.RETURN_CREATE, receipted(oid, line(l1, 2)))["status"] == "applied"


def test_replay_returns_the_stored_result(central, pusher, sale):
    customer, oid, (l1, _), _ = sale
    m = pusher.mutation(p.RETURN_CREATE, receipted(oid, line(l1, 2)))
    first = pusher.push(m)["results"][0]
    assert first["status"] == "applied"
    again = pusher.push(m)["results"][0]
    assert (again["status"], again["message"]) == (first["status"], first["message"])
    assert row(central.engine(), "order_lines", l1)["returned_qty"] == 2
    assert row(central.engine(), "customers", customer)["points"] == 1000 - 2 * points_for(4000)


# ----- without a receipt -----------------------------------------------------------------------

@pytest.fixture
def shopper(central, pusher):
    """A customer and a $40.00 SKU that sold at $30.00 last month (and at $20.00 long ago)."""
    engine = central.engine()
    sku = make_product(engine, price=4000)
    someone = make_customer(engine, region_of(pusher))
    make_sale(engine, region_of(pusher), someone, [(sku, 1, 3000)], days_ago=30)
    make_sale(engine, region_of(pusher), someone, [(sku, 1, 2000)], days_ago=200)
    return make_customer(engine, region_of(pusher), points=500), sku


def test_receiptless_refunds_the_lowest_recent_price_without_points(central, pusher, shopper):
    customer, sku = shopper
    res = pusher.one(p.RETURN_CREATE, receiptless(customer, line(sku=sku, qty=2)))
    assert res["status"] == "applied", res
    (ret,) = state_rows(res, "returns").values()
    assert (ret["refund_cents"], ret["points_reversed"], ret["receipt"], ret["order_id"]) == (6000, 0, False, None)
    assert [r["refund_cents"] for r in state_rows(res, "return_lines").values()] == [6000]
    assert row(central.engine(), "customers", customer)["points"] == 500


def test_a_counter_refund_above_the_central_price_is_recorded_and_flagged(central, pusher, shopper):
    """The terminal priced from its cached region ($45.00 a unit) and gave the money: the return is
    applied with the refund given, and an open refund_above_price incident names both figures."""
    customer, sku = shopper  # the central service prices it at $30.00 a unit
    args = receiptless(customer, line(sku=sku, qty=2), counter_refund_cents=9000)
    m = pusher.mutation(p.RETURN_CREATE, args)
    res = pusher.push(m)["results"][0]
    assert res["status"] == "applied", res
    assert res["message"].endswith("; $30.00 above the central price: recorded for the manager"), res
    ret = state_rows(res, "returns")[args["return_id"]]
    assert (ret["refund_cents"], ret["status"]) == (9000, "accepted")
    assert [r["refund_cents"] for r in state_rows(res, "return_lines").values()] == [6000]  # the server's price
    incident = state_rows(res, "incidents")[m["id"]]
    assert (incident["kind"], incident["code"], incident["status"]) == ("return", p.INCIDENT_REFUND_ABOVE_PRICE, "open")
    assert (incident["customer_id"], incident["order_id"], incident["store_id"]) == (customer, None, "S001")
    assert "($90.00)" in incident["message"] and "($60.00)" in incident["message"], incident["message"]
    terminal, server = incident["details"]["terminal"], incident["details"]["server"]
    assert terminal["counter_refund_cents"] == 9000 and terminal["return_id"] == args["return_id"]
    assert server["refund_cents"] == 6000 and [ln["refund_cents"] for ln in server["lines"]] == [6000]
    assert row(central.engine(), "incidents", m["id"])["scope"] == "location:S001"
    assert row(central.engine(), "returns", args["return_id"])["refund_cents"] == 9000
    # Below the central price: the server's figure, no incident.
    below = pusher.mutation(p.RETURN_CREATE, receiptless(customer, line(sku=sku), counter_refund_cents=2500))
    ok = pusher.push(below)["results"][0]
    assert ok["status"] == "applied" and "above" not in ok["message"], ok
    assert next(iter(state_rows(ok, "returns").values()))["refund_cents"] == 3000
    assert state_rows(ok, "incidents") == {} and row(central.engine(), "incidents", below["id"]) is None


def test_the_allowance_counts_the_refund_given_at_the_counter(central, pusher, shopper):
    customer, sku = shopper  # $30.00 here; the counter gave $160.00, over the $150.00 allowance
    res = pusher.one(p.RETURN_CREATE, receiptless(customer, line(sku=sku), counter_refund_cents=16000))
    assert res["code"] == p.REJECT_MANAGER_REQUIRED and "return of $160.00" in res["message"], res


def test_receiptless_rules(central, pusher, shopper):
    customer, sku = shopper
    cases = [
        (receiptless(customer, line(sku=sku), method="original_tender"), p.REJECT_NOT_RETURNABLE, "store credit or exchange"),
        ({**receiptless(customer, line(sku=sku)), "customer_id": None}, p.REJECT_INVALID_ARGUMENTS, "customer"),
        (receiptless(customer, line("O-1-1", sku=sku)), p.REJECT_INVALID_ARGUMENTS, "names SKUs"),
        (receiptless(customer, line(sku="SKU-NOPE")), p.REJECT_NOT_FOUND, "SKU-NOPE"),
        (receiptless(customer, line(sku=make_product(central.engine(), final_sale=True))), p.REJECT_NOT_RETURNABLE,
         "final sale"),
    ]
    for args, code, words in cases:
        res = pusher.one(p.RETURN_CREATE, args)
        assert (res["code"], words in res["message"]) == (code, True), res


def test_receiptless_limits_need_a_manager_of_this_store(central, pusher, shopper):
    customer, sku = shopper
    for _ in range(2):  # the allowance: 2 returns in 90 days
        assert pusher.one(p.RETURN_CREATE, receiptless(customer, line(sku=sku)))["status"] == "applied"
    third = receiptless(customer, line(sku=sku))
    res = pusher.one(p.RETURN_CREATE, third)
    assert res["code"] == p.REJECT_MANAGER_REQUIRED, res
    assert "0 receipt-less return(s) and $90.00 left in 90 days" in res["message"]
    incident = next(iter(state_rows(res, "incidents").values()))
    assert incident["customer_id"] == customer and incident["order_id"] is None
    assert incident["details"]["server"]["allowance"] == {"returns_left": 0, "cents_left": 9000, "period_days": 90}
    assert len(incident["details"]["server"]["receiptless_returns"]) == 2
    for who in (ASSOCIATE, OTHER_MANAGER):
        refused = pusher.one(p.RETURN_CREATE, {**third, "return_id": uid("R"),
                                               "override": {"manager_id": who, "reason": "regular customer"}})
        assert refused["code"] == p.REJECT_MANAGER_REQUIRED and f"{who} is not an active manager" in refused["message"]
    ok = pusher.one(p.RETURN_CREATE, {**third, "return_id": uid("R"),
                                      "override": {"manager_id": MANAGER, "reason": "regular customer"}})
    assert ok["status"] == "applied", ok
    assert next(iter(state_rows(ok, "returns").values()))["approved_by"] == MANAGER


def test_receiptless_value_limit(central, pusher, shopper):
    customer, sku = shopper
    res = pusher.one(p.RETURN_CREATE, receiptless(customer, line(sku=sku, qty=6)))  # 6 x $30 > $150
    assert res["code"] == p.REJECT_MANAGER_REQUIRED and "$180.00" in res["message"], res


# ----- the policy row --------------------------------------------------------------------------

def test_the_policy_row_rules_the_server(fresh_central):
    from tests.integration.conftest import enroll_device

    engine = fresh_central.engine()
    dev = enroll_device(fresh_central)
    try:
        pusher = Pusher(dev)
        region = region_of(pusher)
        sku = make_product(engine, category="tops")
        customer = make_customer(engine, region)
        oid, (l1,) = make_sale(engine, region, customer, [(sku, 2, 3000)], days_ago=10)
        strict = Policy.from_dict({"returns": {"window_days": {"default": 7}}})
        with write_tx(engine) as conn:
            write_policy(conn, strict)
        res = pusher.one(p.RETURN_CREATE, receipted(oid, line(l1)))
        assert res["code"] == p.REJECT_NOT_RETURNABLE and "7-day return window" in res["message"], res
        with write_tx(engine) as conn:  # an unreadable row falls back to the defaults
            upsert_rows(conn, "settings", "catalog", [{"id": "policy", "value": {"returns": {"window_days": "x"}}}])
        assert pusher.one(p.RETURN_CREATE, receipted(oid, line(l1)))["status"] == "applied"
        assert DEFAULT_POLICY.returns.window_for("tops") >= 10
    finally:
        dev.http.close()
