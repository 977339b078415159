"""Mutations: business rules, authoritative state in results, exactly-once and sequence order."""

from __future__ import annotations

import itertools
import uuid

import pytest
from sqlalchemy import func, select

from sync import protocol as p
from sync.entities import ENTITIES
from sync.server.db import read_tx, write_tx
from sync.server.models import ENTITY_TABLES, mutations
from sync.server.versions import upsert_rows
from tests.integration.conftest import ASSOCIATE, MANAGER, OTHER_MANAGER, Device, enroll_device

_ids = itertools.count(1)


def uid(prefix: str) -> str:
    return f"{prefix}-{next(_ids):05d}-{uuid.uuid4().hex[:6]}"


def make_customer(engine, scope: str, points: int = 100) -> str:
    cid = uid("C")
    with write_tx(engine) as conn:
        upsert_rows(conn, "customers", scope, [{"id": cid, "first_name": "Ada", "last_name": "Test",
                                                "points": points, "email": f"ada.{cid.lower()}@example.com"}])
    return cid


def make_order(engine, scope: str, status: str = "ready", pickup_store: str = "S001", **extra) -> str:
    oid = uid("O")
    row = {"id": oid, "fulfilment": "pickup", "channel": "online", "status": status,
           "pickup_store_id": pickup_store, "pickup_code": "K7Q2", **extra}
    with write_tx(engine) as conn:
        upsert_rows(conn, "orders", scope, [row])
        upsert_rows(conn, "order_lines", scope, [{"id": f"{oid}-1", "order_id": oid, "qty": 1}])
    return oid


class Pusher:
    """A device that numbers its mutations like a terminal outbox does."""

    def __init__(self, dev: Device) -> None:
        self.dev = dev
        self.seq = 0

    def mutation(self, name: str, args: dict, **kw) -> dict:
        self.seq += 1
        return {"id": str(uuid.uuid4()), "seq": self.seq, "name": name, "associate_id": ASSOCIATE,
                "local_time": "2026-11-22T10:00:00Z", "args": args, **kw}

    def push(self, *muts: dict, status: int = 200) -> dict:
        r = self.dev.http.post("/v1/mutations", json={"mutations": list(muts)})
        assert r.status_code == status, r.text
        return r.json()

    def one(self, name: str, args: dict) -> dict:
        return self.push(self.mutation(name, args))["results"][0]


@pytest.fixture
def pusher(enrolled) -> Pusher:
    return Pusher(enrolled)


def state_rows(result: dict, entity: str) -> dict[str, dict]:
    cols = [*ENTITIES[entity].column_names, p.VERSION_COLUMN]
    out = {}
    for g in result["state"]["upserts"]:
        assert g["scope"], "state groups name their scope"
        if g["entity"] == entity:
            out.update({r[0]: dict(zip(cols, r)) for r in g["rows"]})
    return out


def state_deletes(result: dict, entity: str) -> list[str]:
    return [i for g in result["state"]["deletes"] if g["entity"] == entity for i in g["ids"]]


def row(engine, entity: str, row_id: str) -> dict | None:
    t = ENTITY_TABLES[entity]
    with read_tx(engine) as conn:
        r = conn.execute(select(t).where(t.c.id == row_id)).mappings().first()
    return dict(r) if r else None


# ----- note.add --------------------------------------------------------------------------------

def test_note_add_creates_the_note_with_the_clients_id(central, pusher):
    region = pusher.dev.scopes[0]
    cid = make_customer(central.engine(), region)
    res = pusher.one(p.NOTE_ADD, {"note_id": "N-cl-1", "customer_id": cid, "body": "Likes linen"})
    assert res["status"] == "applied", res
    note = state_rows(res, "notes")["N-cl-1"]
    assert note["store_id"] == "S001" and note["associate_id"] == ASSOCIATE and note["body"] == "Likes linen"
    assert note["created_at"] == "2026-11-22T10:00:00Z"
    assert row(central.engine(), "notes", "N-cl-1")["scope"] == region


@pytest.mark.parametrize("args, code", [
    ({"note_id": "N-bad-1", "customer_id": "X", "body": ""}, p.REJECT_INVALID_ARGUMENTS),
    ({"note_id": "N-bad-2", "customer_id": "X", "body": "x" * 2001}, p.REJECT_INVALID_ARGUMENTS),
    ({"note_id": "N-bad-3", "customer_id": "X", "body": "   "}, p.REJECT_INVALID_ARGUMENTS),
    ({"note_id": "N-bad-4", "customer_id": "NO-SUCH", "body": "hi"}, p.REJECT_NOT_FOUND),
    ({"note_id": "N-bad-5", "body": "hi"}, p.REJECT_INVALID_ARGUMENTS),
])
def test_note_add_rejections_delete_the_clients_note(central, pusher, args, code):
    res = pusher.one(p.NOTE_ADD, args)
    assert res["status"] == "rejected" and res["code"] == code, res
    assert state_deletes(res, "notes") == [args["note_id"]]
    assert row(central.engine(), "notes", args["note_id"]) is None


def test_note_on_a_customer_of_another_region_is_forbidden(central, pusher):
    cid = make_customer(central.engine(), "region:elsewhere")
    res = pusher.one(p.NOTE_ADD, {"note_id": "N-far", "customer_id": cid, "body": "hi"})
    assert res["code"] == p.REJECT_FORBIDDEN
    assert state_rows(res, "customers") == {}  # nothing of another region leaks into the result


# ----- customer.update -------------------------------------------------------------------------

def test_customer_update_sets_fields_and_updated_at(central, pusher):
    cid = make_customer(central.engine(), pusher.dev.scopes[0])
    fields = {"email": "New@Example.org", "phone": "+1 (415) 555-0100", "birthday": "1990-02-03",
              "preferences": {"sizes": {"shoes": "42"}, "brands": ["Acme"]},
              "consent": {"email": {"opt_in": True}}}
    res = pusher.one(p.CUSTOMER_UPDATE, {"customer_id": cid, "fields": fields})
    assert res["status"] == "applied", res
    c = state_rows(res, "customers")[cid]
    assert c["email"] == "new@example.org" and c["phone"] == "+1 (415) 555-0100"
    assert c["preferences"]["sizes"] == {"shoes": "42"} and c["consent"]["email"]["opt_in"] is True
    assert c["consent"]["email"]["at"] and c["updated_at"] and c["first_name"] == "Ada"


@pytest.mark.parametrize("fields", [
    {"email": "not-an-email"}, {"phone": "12345"}, {"phone": "+1 415 555 0100 1234 567"},
    {"phone": "call me"}, {"birthday": "1990-13-01"}, {"loyalty_number": "123"}, {"points": 10**6},
    {"first_name": None}, {},
])
def test_customer_update_rejects_bad_fields_with_the_real_row(central, pusher, fields):
    cid = make_customer(central.engine(), pusher.dev.scopes[0])
    res = pusher.one(p.CUSTOMER_UPDATE, {"customer_id": cid, "fields": fields})
    assert res["status"] == "rejected" and res["code"] == p.REJECT_INVALID_ARGUMENTS, res
    assert state_rows(res, "customers")[cid]["email"] == f"ada.{cid.lower()}@example.com"
    assert res["message"]


# ----- loyalty.redeem --------------------------------------------------------------------------

def test_redeem_appends_ledger_row_and_lowers_points(central, pusher):
    cid = make_customer(central.engine(), pusher.dev.scopes[0], points=120)
    res = pusher.one(p.LOYALTY_REDEEM, {"ledger_id": "L-r1", "customer_id": cid, "points": 50,
                                        "description": "coffee"})
    assert res["status"] == "applied", res
    assert state_rows(res, "customers")[cid]["points"] == 70
    ledger = state_rows(res, "loyalty_ledger")["L-r1"]
    assert ledger["kind"] == "redeem" and ledger["points"] == -50 and ledger["store_id"] == "S001"
    assert row(central.engine(), "customers", cid)["points"] == 70


def test_redeem_more_than_the_balance_is_rejected_with_the_real_balance(central, pusher):
    cid = make_customer(central.engine(), pusher.dev.scopes[0], points=30)
    res = pusher.one(p.LOYALTY_REDEEM, {"ledger_id": "L-r2", "customer_id": cid, "points": 31})
    assert res["status"] == "rejected" and res["code"] == p.REJECT_INSUFFICIENT_POINTS
    assert "30" in res["message"]
    assert state_rows(res, "customers")[cid]["points"] == 30
    assert state_deletes(res, "loyalty_ledger") == ["L-r2"]
    groups = [g for g in res["state"]["deletes"] if g["entity"] == "loyalty_ledger"]
    assert groups[0]["scope"] == pusher.dev.scopes[0]
    assert row(central.engine(), "loyalty_ledger", "L-r2") is None


def test_redeem_over_the_offline_cap_needs_a_manager_of_this_store(central, pusher):
    cid = make_customer(central.engine(), pusher.dev.scopes[0], points=900)
    for who in (ASSOCIATE, OTHER_MANAGER, "M-nobody"):
        res = pusher.one(p.LOYALTY_REDEEM, {"ledger_id": uid("L"), "customer_id": cid, "points": 600,
                                            "override": {"manager_id": who, "reason": "loyal customer"}})
        assert res["code"] == p.REJECT_MANAGER_REQUIRED, res
    res = pusher.one(p.LOYALTY_REDEEM, {"ledger_id": uid("L"), "customer_id": cid, "points": 600,
                                        "override": {"manager_id": MANAGER, "reason": "loyal customer"}})
    assert res["status"] == "applied", res
    assert row(central.engine(), "customers", cid)["points"] == 300


@pytest.mark.parametrize("points", [0, -5, 2.5, "10"])
def test_redeem_needs_positive_whole_points(central, pusher, points):
    cid = make_customer(central.engine(), pusher.dev.scopes[0])
    res = pusher.one(p.LOYALTY_REDEEM, {"ledger_id": uid("L"), "customer_id": cid, "points": points})
    assert res["code"] == p.REJECT_INVALID_ARGUMENTS


# ----- pickup.collect --------------------------------------------------------------------------

def test_collect_a_ready_order(central, pusher):
    oid = make_order(central.engine(), pusher.dev.scopes[0])
    res = pusher.one(p.PICKUP_COLLECT, {"order_id": oid, "line_ids": [f"{oid}-1"],
                                        "verification": {"method": "pickup_code", "code": "k7q2"}})
    assert res["status"] == "applied", res
    o = state_rows(res, "orders")[oid]
    assert o["status"] == "collected" and o["collected_at_store_id"] == "S001"
    assert o["collected_by_associate_id"] == ASSOCIATE and o["collected_at"]


def test_collecting_twice_names_when_and_where(central, pusher):
    oid = make_order(central.engine(), pusher.dev.scopes[0])
    checked_id = {"method": "id_document", "id_type": "passport", "id_last4": "1234"}
    assert pusher.one(p.PICKUP_COLLECT, {"order_id": oid, "verification": checked_id})["status"] == "applied"
    other = Pusher(enroll_device(central))
    try:
        res = other.one(p.PICKUP_COLLECT, {"order_id": oid, "verification": {"method": "id_document"}})
    finally:
        other.dev.http.close()
    assert res["status"] == "rejected" and res["code"] == p.REJECT_ALREADY_COLLECTED
    collected = row(central.engine(), "orders", oid)
    stores = ENTITY_TABLES["stores"]
    with read_tx(central.engine()) as conn:
        store_name = conn.execute(select(stores.c.name).where(stores.c.id == "S001")).scalar_one()
    at = collected["collected_at"]
    assert f"{at[:10]} {at[11:16]} UTC" in res["message"] and store_name in res["message"]
    assert state_rows(res, "orders")[oid]["status"] == "collected"


@pytest.mark.parametrize("status, extra, words", [
    ("cancelled", {"closed_at": "2026-11-01T09:00:00Z"}, "cancelled on 2026-11-01"),
    ("expired", {"closed_at": "2026-11-02T09:00:00Z"}, "expired on 2026-11-02"),
    ("placed", {}, "not ready"),
    ("picking", {}, "not ready"),
])
def test_orders_that_are_not_ready_are_not_collectable(central, pusher, status, extra, words):
    oid = make_order(central.engine(), pusher.dev.scopes[0], status=status, **extra)
    res = pusher.one(p.PICKUP_COLLECT, {"order_id": oid, "verification": {"method": "id_document"}})
    assert res["code"] == p.REJECT_NOT_COLLECTABLE and words in res["message"], res
    assert state_rows(res, "orders")[oid]["status"] == status


def test_only_pickup_orders_of_this_store(central, pusher):
    region = pusher.dev.scopes[0]
    elsewhere = make_order(central.engine(), region, pickup_store="S002")
    shipped = make_order(central.engine(), region, fulfilment="ship")
    for oid in (elsewhere, shipped):
        res = pusher.one(p.PICKUP_COLLECT, {"order_id": oid, "verification": {"method": "id_document"}})
        assert res["code"] == p.REJECT_NOT_COLLECTABLE
    wrong_code = make_order(central.engine(), region)
    res = pusher.one(p.PICKUP_COLLECT, {"order_id": wrong_code,
                                        "verification": {"method": "pickup_code", "code": "NOPE"}})
    assert res["code"] == p.REJECT_INVALID_ARGUMENTS
    assert row(central.engine(), "orders", wrong_code)["status"] == "ready"


# ----- sequencing and exactly-once --------------------------------------------------------------

def test_unknown_mutation_is_rejected_and_consumes_its_seq(pusher):
    out = pusher.push(pusher.mutation("teleport.customer", {}), pusher.mutation("also.unknown", {}))
    assert [r["code"] for r in out["results"]] == [p.REJECT_UNKNOWN_MUTATION] * 2
    assert out["last_seq"] == 2


def test_replay_returns_the_stored_result_and_applies_nothing_twice(central, pusher):
    cid = make_customer(central.engine(), pusher.dev.scopes[0], points=100)
    batch = [pusher.mutation(p.LOYALTY_REDEEM, {"ledger_id": uid("L"), "customer_id": cid, "points": 10}),
             pusher.mutation(p.LOYALTY_REDEEM, {"ledger_id": uid("L"), "customer_id": cid, "points": 500}),
             pusher.mutation(p.NOTE_ADD, {"note_id": uid("N"), "customer_id": cid, "body": "once"})]
    first = pusher.push(*batch)
    assert [r["status"] for r in first["results"]] == ["applied", "rejected", "applied"]
    again = pusher.push(*batch)  # the response was "lost": the client sends everything again
    assert again == first
    assert row(central.engine(), "customers", cid)["points"] == 90
    notes = ENTITY_TABLES["notes"]
    with read_tx(central.engine()) as conn:
        assert conn.execute(select(func.count()).where(notes.c.customer_id == cid)).scalar_one() == 1
        stored = conn.execute(select(func.count()).where(mutations.c.device_id == pusher.dev.id)).scalar_one()
    assert stored == 3


def test_replayed_seq_with_another_id_is_rejected(pusher):
    first = pusher.mutation("x.unknown", {})
    pusher.push(first)
    impostor = {**first, "id": str(uuid.uuid4())}
    res = pusher.push(impostor)["results"][0]
    assert res["status"] == "rejected" and res["code"] == p.REJECT_INVALID_ARGUMENTS


def test_sequence_gap_is_409_with_last_seq_and_stops_the_batch(central, pusher):
    cid = make_customer(central.engine(), pusher.dev.scopes[0])
    ok = pusher.mutation(p.NOTE_ADD, {"note_id": uid("N"), "customer_id": cid, "body": "1"})
    pusher.seq += 1  # seq 2 is lost
    gap = pusher.mutation(p.NOTE_ADD, {"note_id": uid("N"), "customer_id": cid, "body": "3"})
    r = pusher.dev.http.post("/v1/mutations", json={"mutations": [ok, gap]})
    assert r.status_code == 409
    body = p.ErrorBody.model_validate(r.json())
    assert body.code == p.ERR_SEQUENCE_GAP and body.last_seq == 1
    assert row(central.engine(), "notes", gap["args"]["note_id"]) is None
    assert pusher.push()["last_seq"] == 1


def test_reused_mutation_id_with_a_new_seq_is_rejected(pusher):
    first = pusher.mutation("x.unknown", {})
    pusher.push(first)
    pusher.seq += 1
    res = pusher.push({**first, "seq": pusher.seq})["results"][0]
    assert res["code"] == p.REJECT_INVALID_ARGUMENTS and "already used" in res["message"]
    assert pusher.push()["last_seq"] == 2


def test_applied_mutation_reaches_other_terminals_through_the_feed(central, pusher):
    region = pusher.dev.scopes[0]
    cid = make_customer(central.engine(), region)
    cursor = pusher.dev.http.post("/v1/snapshot", json={"scope": region, "page_rows": 1}).json()["changes_cursor"]
    res = pusher.one(p.NOTE_ADD, {"note_id": "N-feed", "customer_id": cid, "body": "hello"})
    sc = pusher.dev.http.post("/v1/changes", json={"cursors": {region: cursor}}).json()["scopes"][region]
    note = next(r for g in sc["upserts"] if g["entity"] == "notes" for r in g["rows"] if r[0] == "N-feed")
    assert note[-1] == state_rows(res, "notes")["N-feed"][p.VERSION_COLUMN]


def test_changes_carry_the_devices_last_seq_as_push_hint(central, pusher):
    region = next(s for s in pusher.dev.scopes if s.startswith("region:"))
    cursor = pusher.dev.http.post("/v1/snapshot", json={"scope": region, "page_rows": 20_000}).json()["changes_cursor"]
    assert pusher.dev.http.post("/v1/changes", json={"cursors": {region: cursor}}).json()["last_seq"] == 0
    cid = make_customer(central.engine(), region)
    pusher.one(p.NOTE_ADD, {"note_id": uid("N"), "customer_id": cid, "body": "size M back"})
    assert pusher.dev.http.post("/v1/changes", json={"cursors": {region: cursor}}).json()["last_seq"] == 1


def test_a_stale_consent_from_an_offline_terminal_cannot_undo_a_newer_opt_out(central, pusher):
    cid = make_customer(central.engine(), next(s for s in pusher.dev.scopes if s.startswith("region:")))
    noon_opt_out = {"sms": {"opt_in": False, "at": "2026-11-22T12:00:00Z"}}
    assert pusher.one(p.CUSTOMER_UPDATE, {"customer_id": cid, "fields": {"consent": noon_opt_out}})["status"] == "applied"
    # A terminal offline since morning resends its January copy of SMS with today's email opt-in.
    stale = {"sms": {"opt_in": True, "at": "2026-01-10T09:00:00Z"},
             "email": {"opt_in": True, "at": "2026-11-22T14:00:00Z"}}
    res = pusher.one(p.CUSTOMER_UPDATE, {"customer_id": cid, "fields": {"consent": stale}})
    consent = state_rows(res, "customers")[cid]["consent"]
    assert consent["sms"] == {"opt_in": False, "at": "2026-11-22T12:00:00Z"}
    assert consent["email"]["opt_in"] is True
    # An outreach by SMS is refused on the server.
    out = pusher.one(p.OUTREACH_LOG, {"task_id": uid("T"), "customer_id": cid, "channel": "sms", "body": "hi"})
    assert (out["status"], out["code"]) == ("rejected", p.REJECT_NO_CONSENT)


def test_two_terminals_editing_different_preferences_keep_both_edits(central, pusher):
    cid = make_customer(central.engine(), next(s for s in pusher.dev.scopes if s.startswith("region:")))
    shown = {"sizes": {"tops": "M", "shoes": "40"}, "brands": ["Arket"], "styles": [], "colours": ["navy"]}
    assert pusher.one(p.CUSTOMER_UPDATE, {"customer_id": cid, "fields": {"preferences": shown}})["status"] == "applied"
    # Both terminals showed `shown`; one adds a brand and drops navy, the other changes the shoe size.
    first = {**shown, "brands": ["Arket", "COS"], "colours": []}
    pusher.one(p.CUSTOMER_UPDATE, {"customer_id": cid, "fields": {"preferences": first}, "preferences_base": shown})
    second = {**shown, "sizes": {"tops": "M", "shoes": "41"}}
    res = pusher.one(p.CUSTOMER_UPDATE, {"customer_id": cid, "fields": {"preferences": second},
                                         "preferences_base": shown})
    assert state_rows(res, "customers")[cid]["preferences"] == {
        "sizes": {"tops": "M", "shoes": "41"}, "brands": ["Arket", "COS"], "styles": [], "colours": []}
    # Without a base (an older terminal) the preferences sent replace the stored ones whole.
    res = pusher.one(p.CUSTOMER_UPDATE, {"customer_id": cid, "fields": {"preferences": shown}})
    assert state_rows(res, "customers")[cid]["preferences"] == shown
    bad = pusher.one(p.CUSTOMER_UPDATE, {"customer_id": cid, "fields": {"preferences": shown},
                                         "preferences_base": {"pets": ["cat"]}})
    assert (bad["status"], bad["code"]) == ("rejected", p.REJECT_INVALID_ARGUMENTS)


def test_an_email_belongs_to_one_customer(central, pusher):
    region = next(s for s in pusher.dev.scopes if s.startswith("region:"))
    first, second = make_customer(central.engine(), region), make_customer(central.engine(), region)
    taken = f"{uid('x').lower()}@example.com"
    assert pusher.one(p.CUSTOMER_UPDATE, {"customer_id": first, "fields": {"email": taken}})["status"] == "applied"
    res = pusher.one(p.CUSTOMER_UPDATE, {"customer_id": second, "fields": {"email": taken}})
    assert (res["status"], res["code"]) == ("rejected", p.REJECT_DUPLICATE)
    again = pusher.one(p.CUSTOMER_UPDATE, {"customer_id": first, "fields": {"email": taken}})  # its own: fine
    assert again["status"] == "applied"
