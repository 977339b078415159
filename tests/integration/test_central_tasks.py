"""Client-book mutations on the central service (SQLite and PostgreSQL): task.add, task.complete,
outreach.log — applied, each rejection, and visibility across regions."""

from __future__ import annotations

import pytest

from sync import protocol as p
from sync.server.db import write_tx
from sync.server.versions import upsert_rows
from tests.integration.conftest import ASSOCIATE
from tests.integration.test_central_mutations import Pusher, make_customer, row, state_deletes, state_rows, uid


@pytest.fixture
def pusher(enrolled) -> Pusher:
    return Pusher(enrolled)


def _region(pusher: Pusher) -> str:
    return next(s for s in pusher.dev.scopes if s.startswith("region:"))


def _with_consent(engine, scope: str, **channels: bool) -> str:
    cid = make_customer(engine, scope)
    consent = {ch: {"opt_in": v, "at": "2026-01-02T03:04:05Z"} for ch, v in channels.items()}
    with write_tx(engine) as conn:
        upsert_rows(conn, "customers", scope, [{"id": cid, "consent": consent}])
    return cid


# ----- task.add ---------------------------------------------------------------------------------

def test_task_add_creates_an_open_follow_up_with_the_clients_id(central, pusher):
    cid = make_customer(central.engine(), _region(pusher))
    tid = uid("T")
    res = pusher.one(p.TASK_ADD, {"task_id": tid, "customer_id": cid, "title": " Call when size M is back ",
                                  "due_on": "2026-12-01"})
    assert res["status"] == "applied", res
    task = state_rows(res, "tasks")[tid]
    assert (task["kind"], task["status"], task["title"], task["due_on"]) == \
        ("follow_up", "open", "Call when size M is back", "2026-12-01")
    assert task["associate_id"] == ASSOCIATE and task["store_id"] == "S001" and task["done_at"] is None
    assert task["created_at"] == "2026-11-22T10:00:00Z"
    assert row(central.engine(), "tasks", tid)["scope"] == _region(pusher)


@pytest.mark.parametrize("args, code", [
    ({"customer_id": "X", "title": ""}, p.REJECT_INVALID_ARGUMENTS),
    ({"customer_id": "X", "title": "   "}, p.REJECT_INVALID_ARGUMENTS),
    ({"customer_id": "X", "title": "call", "due_on": "next week"}, p.REJECT_INVALID_ARGUMENTS),
    ({"customer_id": "NO-SUCH", "title": "call"}, p.REJECT_NOT_FOUND),
    ({"title": "call"}, p.REJECT_INVALID_ARGUMENTS),
])
def test_task_add_rejections_delete_the_clients_task(central, pusher, args, code):
    tid = uid("T")
    res = pusher.one(p.TASK_ADD, {"task_id": tid, **args})
    assert res["status"] == "rejected" and res["code"] == code, res
    assert state_deletes(res, "tasks") == [tid]
    assert row(central.engine(), "tasks", tid) is None


def test_task_add_with_a_taken_id_is_rejected_and_keeps_the_original(central, pusher):
    cid = make_customer(central.engine(), _region(pusher))
    tid = uid("T")
    assert pusher.one(p.TASK_ADD, {"task_id": tid, "customer_id": cid, "title": "first"})["status"] == "applied"
    res = pusher.one(p.TASK_ADD, {"task_id": tid, "customer_id": cid, "title": "second"})
    assert res["code"] == p.REJECT_INVALID_ARGUMENTS
    assert state_rows(res, "tasks")[tid]["title"] == "first"


def test_task_on_a_customer_of_another_region_is_forbidden(central, pusher):
    cid = make_customer(central.engine(), "region:elsewhere")
    res = pusher.one(p.TASK_ADD, {"task_id": uid("T"), "customer_id": cid, "title": "call"})
    assert res["code"] == p.REJECT_FORBIDDEN
    assert state_rows(res, "customers") == {}


# ----- task.complete ----------------------------------------------------------------------------

def test_task_complete_closes_it_once_and_a_second_time_is_a_no_op(central, pusher):
    cid = make_customer(central.engine(), _region(pusher))
    tid = uid("T")
    pusher.one(p.TASK_ADD, {"task_id": tid, "customer_id": cid, "title": "call"})
    first = pusher.one(p.TASK_COMPLETE, {"task_id": tid})
    assert first["status"] == "applied", first
    done = state_rows(first, "tasks")[tid]
    assert done["status"] == "done" and done["done_at"]
    again = pusher.one(p.TASK_COMPLETE, {"task_id": tid})
    assert again["status"] == "applied" and again["message"] == "already done"
    assert state_rows(again, "tasks")[tid]["done_at"] == done["done_at"]


def test_task_complete_of_an_unknown_or_foreign_task_is_refused(central, pusher):
    assert pusher.one(p.TASK_COMPLETE, {"task_id": "T-none"})["code"] == p.REJECT_NOT_FOUND
    far = uid("T")
    with write_tx(central.engine()) as conn:
        upsert_rows(conn, "tasks", "region:elsewhere", [{"id": far, "customer_id": "X", "status": "open",
                                                         "kind": "follow_up", "title": "secret"}])
    res = pusher.one(p.TASK_COMPLETE, {"task_id": far})
    assert res["code"] == p.REJECT_FORBIDDEN
    assert state_rows(res, "tasks") == {} and state_deletes(res, "tasks") == [far]
    assert row(central.engine(), "tasks", far)["status"] == "open"
    assert pusher.one(p.TASK_COMPLETE, {})["code"] == p.REJECT_INVALID_ARGUMENTS


# ----- outreach.log -----------------------------------------------------------------------------

def test_outreach_with_consent_is_logged_as_a_done_task(central, pusher):
    cid = _with_consent(central.engine(), _region(pusher), sms=True, email=False)
    tid = uid("T")
    res = pusher.one(p.OUTREACH_LOG, {"task_id": tid, "customer_id": cid, "channel": "sms",
                                      "body": "Your size M is back"})
    assert res["status"] == "applied", res
    task = state_rows(res, "tasks")[tid]
    assert (task["kind"], task["channel"], task["status"], task["title"]) == \
        ("outreach", "sms", "done", "Your size M is back")
    assert task["done_at"] == task["created_at"] == "2026-11-22T10:00:00Z"


@pytest.mark.parametrize("consent", [{"email": False}, {}, {"sms": True}])
def test_outreach_without_consent_on_that_channel_is_rejected(central, pusher, consent):
    cid = _with_consent(central.engine(), _region(pusher), **consent)
    tid = uid("T")
    res = pusher.one(p.OUTREACH_LOG, {"task_id": tid, "customer_id": cid, "channel": "email", "body": "hello"})
    assert res["status"] == "rejected" and res["code"] == p.REJECT_NO_CONSENT, res
    assert "email" in res["message"]
    assert state_deletes(res, "tasks") == [tid]
    assert cid in state_rows(res, "customers")  # the real consent comes back with the refusal
    assert row(central.engine(), "tasks", tid) is None


@pytest.mark.parametrize("args, code", [
    ({"customer_id": "X", "channel": "pigeon", "body": "hi"}, p.REJECT_INVALID_ARGUMENTS),
    ({"customer_id": "X", "channel": "sms", "body": "  "}, p.REJECT_INVALID_ARGUMENTS),
    ({"customer_id": "NO-SUCH", "channel": "sms", "body": "hi"}, p.REJECT_NOT_FOUND),
])
def test_outreach_bad_arguments(central, pusher, args, code):
    res = pusher.one(p.OUTREACH_LOG, {"task_id": uid("T"), **args})
    assert res["code"] == code, res


def test_outreach_to_a_customer_of_another_region_is_forbidden(central, pusher):
    cid = _with_consent(central.engine(), "region:elsewhere", phone=True)
    res = pusher.one(p.OUTREACH_LOG, {"task_id": uid("T"), "customer_id": cid, "channel": "phone", "body": "hi"})
    assert res["code"] == p.REJECT_FORBIDDEN
    assert state_rows(res, "customers") == {}
