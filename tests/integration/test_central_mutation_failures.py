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

