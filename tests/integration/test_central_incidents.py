"""Incidents on the central service: recorded with a refusal, in the store's location scope,
resolved only by a manager of that store (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from sync import protocol as p
from sync.server.db import write_tx
from sync.server.versions import upsert_rows
from tests.integration.conftest import enroll_device
from tests.integration.test_central_mutations import Pusher, row, state_rows, uid
from tests.integration.test_central_pickups import ASSOCIATE, MANAGER, OTHER_MANAGER, collect_args, make_pickup, region_of


@pytest.fixture
def pusher(enrolled) -> Pusher:
    return Pusher(enrolled)


def an_incident(central, pusher: Pusher) -> str:
    """Collect an order twice from two terminals; returns the incident of the refused handover."""
    oid, _ = make_pickup(central.engine(), region_of(pusher))
    assert pusher.one(p.PICKUP_COLLECT, collect_args(oid))["status"] == "applied"
    late = Pusher(enroll_device(central))
    try:
        m = late.mutation(p.PICKUP_COLLECT, collect_args(oid))
        assert late.push(m)["results"][0]["code"] == p.REJECT_ALREADY_COLLECTED
    finally:
        late.dev.http.close()
    return m["id"]


def resolve(pusher: Pusher, incident_id: str, associate: str, resolution: str = "Called the customer") -> dict:
    m = pusher.mutation(p.INCIDENT_RESOLVE, {"incident_id": incident_id, "resolution": resolution},
                        associate_id=associate)
    return pusher.push(m)["results"][0]


def test_only_a_manager_of_the_store_resolves(central, pusher):
    incident_id = an_incident(central, pusher)
    for who, code in ((ASSOCIATE, p.REJECT_FORBIDDEN), (None, p.REJECT_FORBIDDEN),
                      (OTHER_MANAGER, p.REJECT_FORBIDDEN)):  # a manager, of another store
        res = resolve(pusher, incident_id, who)
        assert (res["status"], res["code"]) == ("rejected", code), res
        assert state_rows(res, "incidents")[incident_id]["status"] == "open"
    res = resolve(pusher, incident_id, MANAGER, "  Items were with the customer already  ")
    assert res["status"] == "applied", res
    incident = state_rows(res, "incidents")[incident_id]
    assert (incident["status"], incident["resolved_by"], incident["resolution"]) == \
        ("resolved", MANAGER, "Items were with the customer already")
    assert incident["resolved_at"]
    again = resolve(pusher, incident_id, MANAGER, "twice")
    assert again["status"] == "applied" and again["message"].startswith("already resolved by Sigríður Harris")
    assert row(central.engine(), "incidents", incident_id)["resolution"] == "Items were with the customer already"


def test_an_inactive_manager_cannot_resolve(central, pusher):
    incident_id = an_incident(central, pusher)
    former = uid("A")
    with write_tx(central.engine()) as conn:
        upsert_rows(conn, "associates", region_of(pusher), [{"id": former, "store_id": "S001", "role": "manager",
                                                             "active": False}])
    assert resolve(pusher, incident_id, former)["code"] == p.REJECT_FORBIDDEN


def test_incidents_of_another_store_are_out_of_reach(central, pusher):
    elsewhere = uid("INC")
    with write_tx(central.engine()) as conn:
        upsert_rows(conn, "incidents", "location:S002", [{"id": elsewhere, "store_id": "S002", "status": "open",
                                                          "kind": "pickup"}])
    res = resolve(pusher, elsewhere, MANAGER)
    assert res["code"] == p.REJECT_FORBIDDEN
    assert state_rows(res, "incidents") == {}  # nothing of another store leaks into the result
    assert resolve(pusher, "INC-NOPE", MANAGER)["code"] == p.REJECT_NOT_FOUND
    assert resolve(pusher, elsewhere, MANAGER, "")["code"] == p.REJECT_INVALID_ARGUMENTS


def test_incidents_reach_the_stores_terminals_through_the_feed(central, pusher):
    scope = "location:S001"
    cursor = pusher.dev.http.post("/v1/snapshot", json={"scope": scope, "page_rows": 20_000}).json()["changes_cursor"]
    incident_id = an_incident(central, pusher)
    sc = pusher.dev.http.post("/v1/changes", json={"cursors": {scope: cursor}}).json()["scopes"][scope]
    ids = [r[0] for g in sc["upserts"] if g["entity"] == "incidents" for r in g["rows"]]
    assert incident_id in ids
