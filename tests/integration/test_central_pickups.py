"""BOPIS pickups on the central service: pick, short pick, ready, cancel, partial and full handovers,
refusals that name who/where/when, incidents, expiry (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from sync import protocol as p
from sync.server import clock
from sync.server.db import read_tx, write_tx
from sync.server.models import ENTITY_TABLES, customer_notifications
from sync.server.versions import upsert_rows
from tests.integration.conftest import ASSOCIATE, MANAGER, OTHER_MANAGER, enroll_device  # noqa: F401  (imported from here too)
from tests.integration.test_central_mutations import Pusher, make_customer, row, state_deletes, state_rows, uid

CODE = "K7Q2XY"


def make_pickup(engine, scope: str, *, status: str = "ready", store: str = "S001",
                lines: tuple[tuple[int, int], ...] = ((2, 2), (1, 1)), customer_id: str | None = None,
                **extra) -> tuple[str, list[str]]:
    """A pickup order with lines of (qty, picked_qty); returns (order id, line ids)."""
    oid = uid("O")
    customer_id = customer_id or make_customer(engine, scope)
    ready_at = clock.now_iso() if status in ("ready", "collected") else None
    line_ids = [f"{oid}-{i}" for i in range(1, len(lines) + 1)]
    with write_tx(engine) as conn:
        upsert_rows(conn, "orders", scope, [{
            "id": oid, "order_number": f"W{oid[-6:]}", "customer_id": customer_id, "fulfilment": "pickup",
            "channel": "online", "store_id": "ONLINE", "status": status, "pickup_store_id": store,
            "pickup_code": CODE, "placed_at": clock.iso_in(timedelta(hours=-5)), "ready_at": ready_at,
            "total_cents": 0, "item_count": sum(q for q, _ in lines), **extra}])
        upsert_rows(conn, "order_lines", scope, [
            {"id": lid, "order_id": oid, "sku": f"SKU-{i:07d}", "qty": qty, "picked_qty": picked, "price_cents": 5000,
             "returned_qty": 0, "collected_qty": 0} for i, (lid, (qty, picked)) in enumerate(zip(line_ids, lines), 1)])
    return oid, line_ids


def region_of(pusher: Pusher) -> str:
    return next(s for s in pusher.dev.scopes if s.startswith("region:"))


def count(engine, table, *where) -> int:
    with read_tx(engine) as conn:
        return conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one()


def collect_args(oid: str, handover_id: str | None = None, **kw) -> dict:
    return {"handover_id": handover_id or uid("H"), "order_id": oid,
            "verification": {"method": "pickup_code", "code": CODE.lower()}, **kw}


@pytest.fixture
def pusher(enrolled) -> Pusher:
    return Pusher(enrolled)


@pytest.fixture
def other(central):
    """A second terminal of the same store."""
    dev = enroll_device(central)
    yield Pusher(dev)
    dev.http.close()


# ----- pick, short pick, ready, cancel ----------------------------------------------------------

def test_pick_in_full_and_short_with_a_reason(central, pusher):
    oid, (l1, l2) = make_pickup(central.engine(), region_of(pusher), status="placed", lines=((2, 0), (1, 0)))
    res = pusher.one(p.PICKUP_PICK, {"order_id": oid, "lines": [
        {"line_id": l1, "picked_qty": 2}, {"line_id": l2, "picked_qty": 0, "short_reason": "damaged"}]})
    assert res["status"] == "applied", res
    lines = state_rows(res, "order_lines")
    assert (lines[l1]["picked_qty"], lines[l1]["short_reason"]) == (2, None)
    assert (lines[l2]["picked_qty"], lines[l2]["short_reason"]) == (0, "damaged")
    assert state_rows(res, "orders")[oid]["status"] == "picking"
    ready = pusher.one(p.PICKUP_READY, {"order_id": oid})
    assert ready["status"] == "applied", ready
    order = state_rows(ready, "orders")[oid]
    assert order["status"] == "ready" and order["ready_at"]


@pytest.mark.parametrize("pick, words", [
    ({"picked_qty": 1}, "short_reason"),
    ({"picked_qty": 3}, "ordered 2"),
    ({"picked_qty": -1}, "picked_qty"),
    ({"picked_qty": 1, "short_reason": "lost in space"}, "short_reason"),
])
def test_bad_picks_are_refused_and_change_nothing(central, pusher, pick, words):
    oid, (l1, _) = make_pickup(central.engine(), region_of(pusher), status="placed", lines=((2, 0), (1, 0)))
    res = pusher.one(p.PICKUP_PICK, {"order_id": oid, "lines": [{"line_id": l1, **pick}]})
    assert (res["status"], res["code"]) == ("rejected", p.REJECT_INVALID_ARGUMENTS), res
    assert words in res["message"]
    assert state_rows(res, "order_lines")[l1]["picked_qty"] == 0  # the server's truth comes back
    assert row(central.engine(), "orders", oid)["status"] == "placed"


def test_pick_a_line_of_another_order_or_at_another_store(central, pusher):
    region = region_of(pusher)
    oid, _ = make_pickup(central.engine(), region, status="placed")
    res = pusher.one(p.PICKUP_PICK, {"order_id": oid, "lines": [{"line_id": "nope", "picked_qty": 1}]})
    assert res["code"] == p.REJECT_INVALID_ARGUMENTS
    elsewhere, (line, _) = make_pickup(central.engine(), region, status="placed", store="S002")
    res = pusher.one(p.PICKUP_PICK, {"order_id": elsewhere, "lines": [{"line_id": line, "picked_qty": 2}]})
    assert res["code"] == p.REJECT_NOT_COLLECTABLE and "collected at Oakland Market" in res["message"]
    done, (line, _) = make_pickup(central.engine(), region, status="collected")
    res = pusher.one(p.PICKUP_PICK, {"order_id": done, "lines": [{"line_id": line, "picked_qty": 2}]})
    assert res["code"] == p.REJECT_NOT_COLLECTABLE and "no longer be picked" in res["message"]


def test_ready_needs_every_line_picked_or_explained(central, pusher):
    region = region_of(pusher)
    oid, (l1, l2) = make_pickup(central.engine(), region, status="picking", lines=((2, 2), (1, 0)))
    res = pusher.one(p.PICKUP_READY, {"order_id": oid})
    assert res["code"] == p.REJECT_INVALID_ARGUMENTS and l2 in res["message"], res
    assert row(central.engine(), "orders", oid)["status"] == "picking"
    nothing, (a, b) = make_pickup(central.engine(), region, status="placed", lines=((1, 0), (1, 0)))
    pusher.one(p.PICKUP_PICK, {"order_id": nothing, "lines": [{"line_id": a, "picked_qty": 0, "short_reason": "not_found"},
                                                               {"line_id": b, "picked_qty": 0, "short_reason": "other"}]})
    res = pusher.one(p.PICKUP_READY, {"order_id": nothing})
    assert res["code"] == p.REJECT_INVALID_ARGUMENTS and "cancel" in res["message"]


def test_ready_queues_one_notification_and_twice_is_a_no_op(central, pusher):
    oid, _ = make_pickup(central.engine(), region_of(pusher), status="picking")
    first = pusher.one(p.PICKUP_READY, {"order_id": oid})
    assert first["status"] == "applied" and first["message"] is None
    again = pusher.one(p.PICKUP_READY, {"order_id": oid})
    assert again["status"] == "applied" and again["message"].startswith("already ready")
    n = customer_notifications
    with read_tx(central.engine()) as conn:
        rows = conn.execute(select(n.c.kind, n.c.customer_id, n.c.sent_at).where(n.c.order_id == oid)).all()
    assert rows == [("pickup_ready", row(central.engine(), "orders", oid)["customer_id"], None)]


def test_cancel_while_nothing_is_handed_over(central, pusher):
    region = region_of(pusher)
    oid, _ = make_pickup(central.engine(), region)
    res = pusher.one(p.PICKUP_CANCEL, {"order_id": oid, "reason": "customer called"})
    assert res["status"] == "applied", res
    order = state_rows(res, "orders")[oid]
    assert order["status"] == "cancelled" and order["closed_at"]
    assert pusher.one(p.PICKUP_CANCEL, {"order_id": oid, "reason": "again"})["status"] == "applied"
    part, (l1, _) = make_pickup(central.engine(), region)
    assert pusher.one(p.PICKUP_COLLECT, collect_args(part, lines=[{"line_id": l1, "qty": 1}]))["status"] == "applied"
    res = pusher.one(p.PICKUP_CANCEL, {"order_id": part, "reason": "changed mind"})
    assert res["code"] == p.REJECT_NOT_COLLECTABLE and "handed over already" in res["message"]
    assert pusher.one(p.PICKUP_CANCEL, {"order_id": part, "reason": ""})["code"] == p.REJECT_INVALID_ARGUMENTS


# ----- handovers -------------------------------------------------------------------------------

def test_partial_then_final_handover(central, pusher):
    oid, (l1, l2) = make_pickup(central.engine(), region_of(pusher), lines=((2, 2), (2, 1)))
    first = pusher.one(p.PICKUP_COLLECT, collect_args(oid, "H-part-1", lines=[{"line_id": l1, "qty": 1}],
                                                      collector_name="Sam Doe"))
    assert first["status"] == "applied", first
    assert first["message"] == "1 unit(s) handed over; 2 still to collect"
    order = state_rows(first, "orders")[oid]
    assert order["status"] == "ready" and order["collected_at_store_id"] == "S001" and order["collected_at"]
    assert state_rows(first, "order_lines")[l1]["collected_qty"] == 1
    handover = state_rows(first, "handovers")["H-part-1"]
    assert handover["lines"] == [{"line_id": l1, "qty": 1}] and handover["method"] == "pickup_code"
    assert (handover["collector_name"], handover["store_id"], handover["associate_id"]) == ("Sam Doe", "S001", ASSOCIATE)
    assert handover["details"] == {"code_checked": True}  # the code itself is not kept
    rest = pusher.one(p.PICKUP_COLLECT, {"handover_id": "H-part-2", "order_id": oid,
                                         "verification": {"method": "id_document", "id_type": "passport",
                                                          "id_last4": "1234"}})
    assert rest["status"] == "applied" and rest["message"] is None, rest
    assert state_rows(rest, "orders")[oid]["status"] == "collected"
    lines = state_rows(rest, "order_lines")
    assert (lines[l1]["collected_qty"], lines[l2]["collected_qty"]) == (2, 1)
    h2 = state_rows(rest, "handovers")
    assert set(h2) == {"H-part-1", "H-part-2"}  # every handover of the order comes back
    assert h2["H-part-2"]["lines"] == [{"line_id": l1, "qty": 1}, {"line_id": l2, "qty": 1}]
    assert h2["H-part-2"]["details"] == {"id_type": "passport", "id_last4": "1234"}
    assert row(central.engine(), "handovers", "H-part-2")["scope"] == region_of(pusher)


def test_a_wrong_pickup_code_is_refused_without_an_incident(central, pusher):
    oid, _ = make_pickup(central.engine(), region_of(pusher))
    res = pusher.one(p.PICKUP_COLLECT, {**collect_args(oid), "verification": {"method": "pickup_code", "code": "NOPE"}})
    assert res["code"] == p.REJECT_INVALID_ARGUMENTS and "pickup code" in res["message"]
    assert state_rows(res, "incidents") == {}
    assert count(central.engine(), ENTITY_TABLES["incidents"], ENTITY_TABLES["incidents"].c.order_id == oid) == 0


def test_more_than_picked_is_invalid(central, pusher):
    oid, (_, l2) = make_pickup(central.engine(), region_of(pusher), lines=((2, 2), (2, 1)))
    res = pusher.one(p.PICKUP_COLLECT, collect_args(oid, lines=[{"line_id": l2, "qty": 2}]))
    assert res["code"] == p.REJECT_INVALID_ARGUMENTS and "only 1 were picked" in res["message"], res


def test_already_collected_names_who_where_when_and_records_an_incident(central, pusher, other):
    oid, (l1, l2) = make_pickup(central.engine(), region_of(pusher))
    win = pusher.mutation(p.PICKUP_COLLECT, collect_args(oid, "H-win"), associate_id=ASSOCIATE)
    assert pusher.push(win)["results"][0]["status"] == "applied"
    late = other.mutation(p.PICKUP_COLLECT, collect_args(oid, "H-late"), associate_id=MANAGER,
                          local_time="2026-11-21T09:30:00Z")
    res = other.push(late)["results"][0]
    assert (res["status"], res["code"]) == ("rejected", p.REJECT_ALREADY_COLLECTED), res
    h = row(central.engine(), "handovers", "H-win")
    when = f"{h['collected_at'][:10]} {h['collected_at'][11:16]} UTC"
    assert res["message"] == f"this order was already handed over on {when} by Léa Adams at San Francisco Heights"
    # The state carries the truth: the winner's handover, the order, its lines, the incident.
    assert state_deletes(res, "handovers") == ["H-late"]
    assert set(state_rows(res, "handovers")) == {"H-win"}
    assert state_rows(res, "orders")[oid]["status"] == "collected"
    assert set(state_rows(res, "order_lines")) == {l1, l2}
    incident = state_rows(res, "incidents")[late["id"]]
    assert (incident["kind"], incident["code"], incident["status"]) == ("pickup", p.REJECT_ALREADY_COLLECTED, "open")
    assert (incident["store_id"], incident["order_id"], incident["associate_id"]) == ("S001", oid, MANAGER)
    assert incident["device_id"] == other.dev.id and incident["local_time"] == "2026-11-21T09:30:00Z"
    assert incident["message"] == res["message"] and incident["mutation_id"] == late["id"]
    terminal, server = incident["details"]["terminal"], incident["details"]["server"]
    assert terminal["handover_id"] == "H-late" and terminal["local_time"] == "2026-11-21T09:30:00Z"
    assert terminal["associate_id"] == MANAGER
    assert server["order_status"] == "collected"
    assert [h["id"] for h in server["handovers"]] == ["H-win"]
    assert server["handovers"][0]["associate_name"] == "Léa Adams"
    assert {ln["line_id"]: ln["collected_qty"] for ln in server["lines"]} == {l1: 2, l2: 1}
    stored = row(central.engine(), "incidents", late["id"])
    assert stored["scope"] == "location:S001" and stored["details"] == incident["details"]
    # A replay of the refused mutation returns the stored result and records nothing twice.
    again = other.push(late)["results"][0]
    assert {k: again[k] for k in ("status", "code", "message")} == {k: res[k] for k in ("status", "code", "message")}
    assert count(central.engine(), ENTITY_TABLES["incidents"], ENTITY_TABLES["incidents"].c.order_id == oid) == 1


def test_a_unit_handed_over_already_is_refused_with_the_earlier_handover(central, pusher, other):
    oid, (l1, _) = make_pickup(central.engine(), region_of(pusher))
    assert pusher.one(p.PICKUP_COLLECT, collect_args(oid, lines=[{"line_id": l1, "qty": 2}]))["status"] == "applied"
    res = other.one(p.PICKUP_COLLECT, collect_args(oid, lines=[{"line_id": l1, "qty": 1}]))
    assert res["code"] == p.REJECT_ALREADY_COLLECTED, res
    assert res["message"].startswith(f"2 of the 2 picked unit(s) of line {l1} were already handed over on ")
    assert "at San Francisco Heights; 0 left to hand over" in res["message"]
    assert state_rows(res, "incidents")
    assert row(central.engine(), "orders", oid)["status"] == "ready"


def test_collect_elsewhere_or_of_a_closed_order_records_an_incident(central, pusher):
    region = region_of(pusher)
    elsewhere, _ = make_pickup(central.engine(), region, store="S002")
    res = pusher.one(p.PICKUP_COLLECT, collect_args(elsewhere))
    assert res["code"] == p.REJECT_NOT_COLLECTABLE and "Oakland Market" in res["message"]
    expired, _ = make_pickup(central.engine(), region, status="expired", closed_at="2026-11-02T09:00:00Z")
    res2 = pusher.one(p.PICKUP_COLLECT, collect_args(expired))
    assert res2["code"] == p.REJECT_NOT_COLLECTABLE and "expired on 2026-11-02 09:00 UTC" in res2["message"]
    for r, oid in ((res, elsewhere), (res2, expired)):
        (incident,) = state_rows(r, "incidents").values()
        assert incident["order_id"] == oid and incident["store_id"] == "S001"


def test_a_reused_handover_id_is_refused(central, pusher):
    region = region_of(pusher)
    first, (l1, _) = make_pickup(central.engine(), region)
    assert pusher.one(p.PICKUP_COLLECT, collect_args(first, "H-reuse", lines=[{"line_id": l1, "qty": 1}]))["status"] \
        == "applied"
    res = pusher.one(p.PICKUP_COLLECT, collect_args(first, "H-reuse", lines=[{"line_id": l1, "qty": 1}]))
    assert res["code"] == p.REJECT_INVALID_ARGUMENTS
    assert row(central.engine(), "handovers", "H-reuse")["lines"] == [{"line_id": l1, "qty": 1}]


# ----- expiry ----------------------------------------------------------------------------------

def test_ready_orders_expire_after_the_policy_days(central, pusher):
    from sync.server.app import _expire_once

    region = region_of(pusher)
    stale, _ = make_pickup(central.engine(), region, ready_at=clock.iso_in(timedelta(days=-8)))
    fresh, _ = make_pickup(central.engine(), region, ready_at=clock.iso_in(timedelta(days=-6)))
    assert _expire_once(central.engine()) >= 1
    order = row(central.engine(), "orders", stale)
    assert order["status"] == "expired" and order["closed_at"]
    assert row(central.engine(), "orders", fresh)["status"] == "ready"
    n = customer_notifications
    assert count(central.engine(), n, n.c.order_id == stale, n.c.kind == "pickup_expired") == 1
    assert count(central.engine(), n, n.c.order_id == fresh) == 0
    res = pusher.one(p.PICKUP_COLLECT, collect_args(stale))
    assert res["code"] == p.REJECT_NOT_COLLECTABLE and "expired" in res["message"]


def test_a_part_handed_over_order_is_closed_as_collected_not_expired(central, pusher):
    """The customer has some of the goods: the sweep closes the order as collected (returns of what
    was handed over stay possible), with no "expired" notification; the rest stays uncollected."""
    from sync.server.app import _expire_once

    region = region_of(pusher)
    oid, (l1, l2) = make_pickup(central.engine(), region, ready_at=clock.iso_in(timedelta(days=-8)))
    first = pusher.one(p.PICKUP_COLLECT, collect_args(oid, lines=[{"line_id": l1, "qty": 1}]))
    assert first["status"] == "applied", first
    before = row(central.engine(), "orders", oid)
    assert _expire_once(central.engine()) >= 1
    order = row(central.engine(), "orders", oid)
    assert (order["status"], order["closed_at"] is not None) == ("collected", True)
    assert {k: order[k] for k in ("collected_at", "collected_by_associate_id", "collected_at_store_id")} == \
        {k: before[k] for k in ("collected_at", "collected_by_associate_id", "collected_at_store_id")}
    assert (row(central.engine(), "order_lines", l1)["collected_qty"],
            row(central.engine(), "order_lines", l2)["collected_qty"]) == (1, 0)
    n = customer_notifications
    assert count(central.engine(), n, n.c.order_id == oid, n.c.kind == "pickup_expired") == 0
    late = pusher.one(p.PICKUP_COLLECT, collect_args(oid))
    assert late["code"] == p.REJECT_ALREADY_COLLECTED, late


# ----- what a handover may name ----------------------------------------------------------------

def test_without_lines_only_units_still_due_are_handed_over(central, pusher):
    """Lines handed over in full are not "asked for again" when ``lines`` (or the older
    ``line_ids``) leaves them in: the remaining units go, nothing is refused or flagged."""
    region = region_of(pusher)
    for form in ("lines omitted", "line_ids"):
        oid, (l1, l2) = make_pickup(central.engine(), region, lines=((2, 2), (1, 1)))
        assert pusher.one(p.PICKUP_COLLECT, collect_args(oid, lines=[{"line_id": l2, "qty": 1}]))["status"] == "applied"
        extra = {"line_ids": [l1, l2]} if form == "line_ids" else {}
        rest = pusher.one(p.PICKUP_COLLECT, collect_args(oid, f"H-rest-{oid}", **extra))
        assert (rest["status"], rest["message"]) == ("applied", None), (form, rest)
        assert state_rows(rest, "handovers")[f"H-rest-{oid}"]["lines"] == [{"line_id": l1, "qty": 2}]
        assert state_rows(rest, "incidents") == {}
        assert row(central.engine(), "orders", oid)["status"] == "collected"
    # Naming only a line handed over in full is still refused, with the earlier handover.
    oid, (l1, l2) = make_pickup(central.engine(), region, lines=((2, 2), (1, 1)))
    assert pusher.one(p.PICKUP_COLLECT, collect_args(oid, lines=[{"line_id": l2, "qty": 1}]))["status"] == "applied"
    res = pusher.one(p.PICKUP_COLLECT, collect_args(oid, line_ids=[l2]))
    assert res["code"] == p.REJECT_ALREADY_COLLECTED and "0 left to hand over" in res["message"], res


@pytest.mark.parametrize("verification, words", [
    ({"method": "id_document"}, "id_type"),
    ({"method": "id_document", "id_type": "  ", "id_last4": "1234"}, "id_type"),
    ({"method": "id_document", "id_type": "passport"}, "id_last4"),
    ({"method": "id_document", "id_type": "passport", "id_last4": "123"}, "id_last4"),
    ({"method": "id_document", "id_type": "passport", "id_last4": "12-4"}, "id_last4"),
    ({"method": "id_document", "id_type": "passport", "id_last4": "12345"}, "id_last4"),
    ({"method": "id_document", "id_type": "passport", "id_last4": "１２３４"}, "id_last4"),  # full-width digits
])
def test_an_id_check_names_the_document_and_its_last_4(central, pusher, verification, words):
    oid, _ = make_pickup(central.engine(), region_of(pusher))
    res = pusher.one(p.PICKUP_COLLECT, {**collect_args(oid), "verification": verification})
    assert (res["status"], res["code"]) == ("rejected", p.REJECT_INVALID_ARGUMENTS), res
    assert res["message"].startswith(f"verification.{words}:"), res
    assert state_rows(res, "incidents") == {}
    assert row(central.engine(), "orders", oid)["status"] == "ready"
    ok = pusher.one(p.PICKUP_COLLECT, {**collect_args(oid), "verification": {
        "method": "id_document", "id_type": "driving licence", "id_last4": "X7b2"}})
    assert ok["status"] == "applied", ok
