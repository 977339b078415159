"""A mutation the server cannot process never blocks a device's queue; replays carry fresh state."""

from __future__ import annotations

from sync import protocol as p
from sync.server.db import write_tx
from sync.server.mutations import REGISTRY
from sync.server.versions import upsert_rows
from tests.integration.test_central_mutations import make_customer, pusher, state_rows, uid  # noqa: F401


def _region(pusher) -> str:
    return next(s for s in pusher.dev.scopes if s.startswith("region:"))


def test_nul_characters_are_rejected_and_the_queue_moves_on(central, pusher):
    cid = make_customer(central.engine(), _region(pusher))
    bad = pusher.one(p.NOTE_ADD, {"note_id": uid("N"), "customer_id": cid, "body": "size\x00M"})
    assert (bad["status"], bad["code"]) == ("rejected", p.REJECT_INVALID_ARGUMENTS)
    good = pusher.one(p.NOTE_ADD, {"note_id": uid("N"), "customer_id": cid, "body": "size M"})
    assert good["status"] == "applied"


def test_an_absurd_local_time_falls_back_to_server_time(central, pusher):
    cid = make_customer(central.engine(), _region(pusher))
    m = pusher.mutation(p.NOTE_ADD, {"note_id": uid("N"), "customer_id": cid, "body": "hello"},
                        local_time="0001-01-01T00:00:00+01:00")
    assert pusher.push(m)["results"][0]["status"] == "applied"


def test_a_handler_bug_is_recorded_as_rejected_not_a_blocked_queue(central, pusher, monkeypatch):
    def broken(ctx, args):
        raise KeyError("oops")

    monkeypatch.setitem(REGISTRY, "test.broken", broken)
    res = pusher.one("test.broken", {})
    assert (res["status"], res["code"]) == ("rejected", p.REJECT_SERVER_ERROR)
    assert "logged" in res["message"]
    cid = make_customer(central.engine(), _region(pusher))
    assert pusher.one(p.NOTE_ADD, {"note_id": uid("N"), "customer_id": cid, "body": "next"})["status"] == "applied"


def test_replay_returns_the_stored_outcome_with_current_state(central, pusher):
    region = _region(pusher)
    cid = make_customer(central.engine(), region)
    m = pusher.mutation(p.CUSTOMER_UPDATE, {"customer_id": cid, "fields": {"email": "not-an-email"}})
    first = pusher.push(m)["results"][0]
    assert first["status"] == "rejected"
    with write_tx(central.engine()) as conn:
        upsert_rows(conn, "customers", region, [{"id": cid, "first_name": "Renamed"}])
    replay = pusher.push(m)["results"][0]
    assert (replay["status"], replay["code"], replay["message"]) == (first["status"], first["code"], first["message"])
    assert state_rows(first, "customers")[cid]["first_name"] == "Ada"
    assert state_rows(replay, "customers")[cid]["first_name"] == "Renamed"
    assert state_rows(replay, "customers")[cid][p.VERSION_COLUMN] > state_rows(first, "customers")[cid][p.VERSION_COLUMN]



def test_a_duplicate_says_what_was_duplicated(central, pusher, monkeypatch):
    """A unique rule a handler ran into (a race another terminal won): the email rule is named,
    any other duplicate is described neutrally (it is not about a customer)."""
    from sqlalchemy import insert

    from sync.server.models import customer_notifications

    region = _region(pusher)
    first, second = make_customer(central.engine(), region), make_customer(central.engine(), region)
    taken = f"{uid('dup').lower()}@example.com"
    with write_tx(central.engine()) as conn:
        upsert_rows(conn, "customers", region, [{"id": first, "email": taken}])

    def same_id_twice(ctx, args):
        row = {"id": uid("notice"), "customer_id": first, "order_id": "O-1", "kind": "test", "created_at": ctx.now}
        ctx.conn.execute(insert(customer_notifications), [row, row])

    def email_race(ctx, args):  # as if the email check had run before the other terminal's commit
        upsert_rows(ctx.conn, "customers", region, [{"id": second, "email": taken}])

    monkeypatch.setitem(REGISTRY, "test.same_id", same_id_twice)
    monkeypatch.setitem(REGISTRY, "test.email", email_race)
    dup = pusher.one("test.same_id", {})
    assert (dup["status"], dup["code"]) == ("rejected", p.REJECT_DUPLICATE)
    assert dup["message"] == "another terminal recorded the same thing a moment ago (duplicate id)"
    email = pusher.one("test.email", {})
    assert (email["status"], email["code"]) == ("rejected", p.REJECT_DUPLICATE)
    assert email["message"] == "another terminal recorded a customer with the same email a moment ago"
