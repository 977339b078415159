"""The audit trail on the central service: one ``audit`` row per mutation, written with its effect
(or its refusal), never twice for a replay, in the store's location scope; and the acting
associate checked against the device's store (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import event, func, select

from sync import protocol as p
from sync.server import clock
from sync.server.db import read_tx
from sync.server.models import ENTITY_TABLES
from tests.integration.conftest import Device, enroll_device
from tests.integration.test_central_mutations import Pusher, make_customer, row, state_deletes, state_rows, uid
from tests.integration.test_central_pickups import ASSOCIATE, MANAGER, collect_args, make_pickup, region_of

OTHER_STORE_ASSOCIATE = "A0007"
"""An active associate of S002 (same region as S001: their row is visible to S001's terminals)."""


class Staff(Pusher):
    """A terminal of the store whose mutations carry a real associate of that store."""

    def __init__(self, dev: Device, associate_id: str | None = ASSOCIATE) -> None:
        super().__init__(dev)
        self.associate_id = associate_id

    def mutation(self, name: str, args: dict, **kw) -> dict:
        return super().mutation(name, args, **{"associate_id": self.associate_id, **kw})


@pytest.fixture
def staff(enrolled) -> Staff:
    return Staff(enrolled)


@pytest.fixture
def second(central) -> Iterator[Staff]:
    """Another terminal of S001."""
    dev = enroll_device(central)
    yield Staff(dev)
    dev.http.close()


def audit(engine, mutation_id: str) -> dict | None:
    return row(engine, "audit", mutation_id)


def audit_count(engine, mutation_id: str) -> int:
    table = ENTITY_TABLES["audit"]
    with read_tx(engine) as conn:
        return conn.execute(select(func.count()).select_from(table).where(table.c.id == mutation_id)).scalar_one()


def note(staff: Pusher, customer_id: str, **kw) -> dict:
    return staff.mutation(p.NOTE_ADD, {"note_id": uid("N"), "customer_id": customer_id, "body": "Prefers linen"}, **kw)


# ----- what is recorded ------------------------------------------------------------------------

def test_an_applied_mutation_is_audited_with_ids_only(central, staff):
    cid = make_customer(central.engine(), region_of(staff))
    before = clock.now_iso()
    m = note(staff, cid, local_time="2026-11-22T10:00:00Z")
    res = staff.push(m)["results"][0]
    assert res["status"] == "applied", res
    got = audit(central.engine(), m["id"])
    assert got is not None and got["scope"] == "location:S001"
    assert {k: got[k] for k in ("store_id", "device_id", "associate_id", "action", "target", "customer_id",
                                "local_time", "status", "code")} == {
        "store_id": "S001", "device_id": staff.dev.id, "associate_id": ASSOCIATE, "action": p.NOTE_ADD,
        "target": m["args"]["note_id"], "customer_id": cid, "local_time": "2026-11-22T10:00:00Z",
        "status": "applied", "code": None}
    assert before <= got["applied_at"] <= clock.now_iso()  # the server's time, not the counter's
    assert "Prefers linen" not in str(got.values())


def test_a_refusal_is_audited_with_its_code_and_nothing_else_is_written(central, staff):
    cid = make_customer(central.engine(), region_of(staff), points=10)
    ledger_id = uid("L")
    m = staff.mutation(p.LOYALTY_REDEEM, {"ledger_id": ledger_id, "customer_id": cid, "points": 50})
    res = staff.push(m)["results"][0]
    assert (res["status"], res["code"]) == ("rejected", p.REJECT_INSUFFICIENT_POINTS), res
    got = audit(central.engine(), m["id"])
    assert (got["action"], got["target"], got["customer_id"], got["status"], got["code"]) == \
        (p.LOYALTY_REDEEM, ledger_id, cid, "rejected", p.REJECT_INSUFFICIENT_POINTS)
    assert row(central.engine(), "loyalty_ledger", ledger_id) is None


def test_a_refused_handover_has_its_incident_and_its_audit_row(central, staff, second):
    oid, _ = make_pickup(central.engine(), region_of(staff))
    customer = row(central.engine(), "orders", oid)["customer_id"]
    assert staff.one(p.PICKUP_COLLECT, collect_args(oid))["status"] == "applied"
    late = second.mutation(p.PICKUP_COLLECT, collect_args(oid), associate_id=MANAGER)
    assert second.push(late)["results"][0]["code"] == p.REJECT_ALREADY_COLLECTED
    got = audit(central.engine(), late["id"])
    assert (got["associate_id"], got["target"], got["customer_id"], got["status"], got["code"]) == \
        (MANAGER, oid, customer, "rejected", p.REJECT_ALREADY_COLLECTED)
    assert row(central.engine(), "incidents", late["id"])["status"] == "open"


@pytest.mark.parametrize("name", [p.PICKUP_READY, p.PICKUP_CANCEL])
def test_an_order_action_targets_the_order_and_finds_its_customer(central, staff, name):
    oid, _ = make_pickup(central.engine(), region_of(staff), status="picking", lines=((1, 1),))
    customer = row(central.engine(), "orders", oid)["customer_id"]
    m = staff.mutation(name, {"order_id": oid, "reason": "customer called"} if name == p.PICKUP_CANCEL
                       else {"order_id": oid})
    assert staff.push(m)["results"][0]["status"] == "applied"
    got = audit(central.engine(), m["id"])
    assert (got["action"], got["target"], got["customer_id"]) == (name, oid, customer)


def test_a_replay_keeps_the_one_audit_row(central, staff):
    cid = make_customer(central.engine(), region_of(staff))
    m = note(staff, cid)
    first = staff.push(m)["results"][0]
    written = audit(central.engine(), m["id"])
    again = staff.push(m)["results"][0]  # the response was lost: the terminal sends it again
    assert again["status"] == first["status"] == "applied"
    assert audit(central.engine(), m["id"]) == written  # same row, same version: not written again
    assert audit_count(central.engine(), m["id"]) == 1


def test_a_reused_mutation_id_does_not_overwrite_the_first_ones_row(central, staff):
    cid = make_customer(central.engine(), region_of(staff))
    m = note(staff, cid)
    staff.push(m)
    written = audit(central.engine(), m["id"])
    clash = {**staff.mutation(p.TASK_ADD, {"task_id": uid("T"), "customer_id": cid, "title": "call"}), "id": m["id"]}
    assert staff.push(clash)["results"][0]["code"] == p.REJECT_INVALID_ARGUMENTS
    assert audit(central.engine(), m["id"]) == written


def test_an_unknown_mutation_is_audited_without_a_target(central, staff):
    m = staff.mutation("wishlist.add", {"customer_id": "C-x", "sku": "SKU-1"})
    assert staff.push(m)["results"][0]["code"] == p.REJECT_UNKNOWN_MUTATION
    got = audit(central.engine(), m["id"])
    assert (got["action"], got["target"], got["status"], got["code"]) == \
        ("wishlist.add", None, "rejected", p.REJECT_UNKNOWN_MUTATION)


def test_arguments_that_are_not_ids_are_not_copied(central, staff):
    m = staff.mutation(p.NOTE_ADD, {"note_id": {"nested": "x"}, "customer_id": "C" * 500, "body": "hi"})
    assert staff.push(m)["results"][0]["code"] == p.REJECT_INVALID_ARGUMENTS
    got = audit(central.engine(), m["id"])
    assert (got["target"], got["customer_id"], got["status"]) == (None, None, "rejected")


# ----- the acting associate --------------------------------------------------------------------

def test_a_mutation_without_an_associate_is_accepted_and_audited_as_nobody(central, enrolled):
    anonymous = Staff(enrolled, associate_id=None)
    cid = make_customer(central.engine(), region_of(anonymous))
    m = note(anonymous, cid)
    assert anonymous.push(m)["results"][0]["status"] == "applied"
    assert audit(central.engine(), m["id"])["associate_id"] is None


def test_an_associate_moved_to_another_store_still_did_what_this_terminal_recorded(central, staff):
    cid = make_customer(central.engine(), region_of(staff))
    m = note(staff, cid, associate_id=OTHER_STORE_ASSOCIATE)  # recorded offline before the move
    assert staff.push(m)["results"][0]["status"] == "applied"
    assert audit(central.engine(), m["id"])["associate_id"] == OTHER_STORE_ASSOCIATE


@pytest.mark.parametrize("stranger", ["A-NOBODY"])
def test_an_associate_who_is_nobody_is_refused(central, staff, stranger):
    cid = make_customer(central.engine(), region_of(staff))
    m = note(staff, cid, associate_id=stranger)
    res = staff.push(m)["results"][0]
    assert (res["status"], res["code"]) == ("rejected", p.REJECT_UNKNOWN_ASSOCIATE), res
    assert stranger in res["message"]
    assert state_deletes(res, "notes") == [m["args"]["note_id"]]  # the terminal drops its local note
    assert row(central.engine(), "notes", m["args"]["note_id"]) is None
    got = audit(central.engine(), m["id"])
    assert (got["associate_id"], got["status"], got["code"]) == (stranger, "rejected", p.REJECT_UNKNOWN_ASSOCIATE)


def test_a_strangers_change_is_undone_on_the_terminal(central, staff):
    cid = make_customer(central.engine(), region_of(staff))
    m = staff.mutation(p.CUSTOMER_UPDATE, {"customer_id": cid, "fields": {"first_name": "Mallory"}},
                       associate_id="A-NOBODY")
    res = staff.push(m)["results"][0]
    assert res["code"] == p.REJECT_UNKNOWN_ASSOCIATE
    assert state_rows(res, "customers")[cid]["first_name"] == "Ada"  # the server's row comes back
    assert row(central.engine(), "customers", cid)["first_name"] == "Ada"


def test_a_strangers_refused_handover_is_not_an_incident(central, staff):
    oid, _ = make_pickup(central.engine(), region_of(staff))
    assert staff.one(p.PICKUP_COLLECT, collect_args(oid))["status"] == "applied"
    m = staff.mutation(p.PICKUP_COLLECT, collect_args(oid), associate_id="A-NOBODY")
    assert staff.push(m)["results"][0]["code"] == p.REJECT_UNKNOWN_ASSOCIATE
    assert row(central.engine(), "incidents", m["id"]) is None
    assert audit(central.engine(), m["id"])["code"] == p.REJECT_UNKNOWN_ASSOCIATE


# ----- where the rows go -----------------------------------------------------------------------

def test_audit_rows_reach_the_stores_terminals_only(central, staff):
    scope = "location:S001"
    cursor = staff.dev.http.post("/v1/snapshot", json={"scope": scope, "page_rows": 20_000}).json()["changes_cursor"]
    m = note(staff, make_customer(central.engine(), region_of(staff)))
    staff.push(m)
    changes = staff.dev.http.post("/v1/changes", json={"cursors": {scope: cursor}}).json()["scopes"][scope]
    assert m["id"] in [r[0] for g in changes["upserts"] if g["entity"] == "audit" for r in g["rows"]]
    elsewhere = enroll_device(central, "S002")
    try:
        assert scope not in elsewhere.scopes
        assert elsewhere.http.post("/v1/snapshot", json={"scope": scope}).status_code == 403
    finally:
        elsewhere.http.close()


@pytest.fixture
def head_order(central) -> Iterator[list[tuple[list[str], bool]]]:
    """(scope heads bumped in order, whether it wrote an audit row) of every write transaction."""
    engine = central.engine()
    current: dict[int, tuple[list[str], list[bool]]] = {}
    done: list[tuple[list[str], bool]] = []

    def begin(conn) -> None:
        current[id(conn)] = ([], [False])

    def execute(conn, _cursor, statement, params, _context, _many) -> None:
        heads, audited = current.setdefault(id(conn), ([], [False]))
        text = " ".join(statement.split()).lower()
        if text.startswith("update scope_heads set version"):
            values = params.values() if isinstance(params, dict) else params
            heads += [v for v in values if isinstance(v, str)]
        elif text.startswith("insert into audit"):
            audited[0] = True

    def commit(conn) -> None:
        heads, audited = current.pop(id(conn), ([], [False]))
        if heads:
            done.append((heads, audited[0]))

    listeners = (("begin", begin), ("before_cursor_execute", execute), ("commit", commit))
    for name, fn in listeners:
        event.listen(engine, name, fn)
    yield done
    for name, fn in listeners:
        event.remove(engine, name, fn)


def test_scope_heads_are_taken_in_sorted_order_with_the_audit_head(central, staff, head_order):
    """A note (region) and a hold (location, stock) of two terminals of one store must not take the
    location head in opposite orders: each takes its heads in sorted order, audit head included."""
    from tests.integration.test_central_holds import a_sku, set_stock
    engine = central.engine()
    cid = make_customer(engine, region_of(staff))
    sku = a_sku(engine)
    set_stock(engine, sku, on_hand=5)
    staff.push(note(staff, cid))
    staff.push(staff.mutation(p.HOLD_CREATE, {"hold_id": uid("H"), "customer_id": cid, "sku": sku, "qty": 1}))
    staff.push(staff.mutation(p.LOYALTY_REDEEM, {"ledger_id": uid("L"), "customer_id": cid, "points": 10**6}))
    audited = [heads for heads, wrote_audit in head_order if wrote_audit]
    region = region_of(staff)
    assert audited == [["location:S001", region], ["location:S001", "stock:S001"], ["location:S001"]]
    assert all(heads == sorted(heads) for heads in audited)
