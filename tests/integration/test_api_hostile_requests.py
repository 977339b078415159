"""Hostile requests to the real central service (SQLite and PostgreSQL): each gets a clear 4xx with
an ErrorBody code, or a per-mutation rejection that lets the device's queue move on — never a 5xx,
never a silent accept.

What the other central tests already prove is not repeated here (unknown and missing tokens on
/v1/device, revoked devices on device/snapshot/mutations, forbidden scopes, tampered cursors, the
per-handler argument rules): this file covers the gaps the API fuzzing (test_api_fuzz.py) found or
cannot reach — bodies that are not JSON or too large, NUL characters PostgreSQL cannot store,
arguments that cannot be stored or replicated (NaN, 2**64, deep nesting, megabytes), another
store's scope mixed into a request, a revoked device on every endpoint.
"""

from __future__ import annotations

import json
import uuid

import httpx
import pytest
from sqlalchemy import func, select

from sync import protocol as p
from sync.server import admin
from sync.server.db import read_tx
from sync.server.models import ENTITY_TABLES, mutations
from sync.server.mutations.apply import UNSAFE_ARGS
from tests.integration.conftest import ASSOCIATE, enroll_device
from tests.integration.test_central_mutations import make_customer, make_order, pusher, uid  # noqa: F401

SECURED = [("POST", "/v1/snapshot", {"scope": "catalog"}), ("POST", "/v1/changes", {"cursors": {}}),
           ("POST", "/v1/mutations", {"mutations": []}), ("POST", "/v1/customers/search", {"q": "smith"}),
           ("POST", "/v1/customers/fetch", {"customer_id": "C-1"}), ("GET", "/v1/device", None)]
BODIES = ["/v1/enroll", "/v1/snapshot", "/v1/changes", "/v1/mutations", "/v1/customers/search",
          "/v1/customers/fetch"]


def error(r: httpx.Response, status: int, code: str) -> p.ErrorBody:
    """The response is ``status`` with an ErrorBody of ``code`` (and a message saying something)."""
    assert r.status_code == status, (r.status_code, r.text)
    assert r.headers["content-type"].startswith("application/json"), r.headers
    body = p.ErrorBody.model_validate(r.json())
    assert body.code == code and body.message, body
    return body


def _count(central, entity: str) -> int:
    with read_tx(central.engine()) as conn:
        return conn.execute(select(func.count()).select_from(ENTITY_TABLES[entity])).scalar_one()


def _region(dev) -> str:
    return next(s for s in dev.scopes if s.startswith("region:"))


# ----- tokens ------------------------------------------------------------------------------------

def test_a_revoked_device_is_refused_on_every_endpoint(central):
    dev = enroll_device(central)
    try:
        assert admin.revoke_device(central.engine(), dev.id)
        for method, path, body in SECURED:
            error(dev.http.request(method, path, json=body), 401, p.ERR_REVOKED)
    finally:
        dev.http.close()


WRONG_TOKENS = ["Bearer", "Bearer x", "bearer " + "A" * 5000, "Token abc", "Bearer tok en",
                "Bearer \u00e9t\u00e9".encode().decode("latin-1")]


@pytest.mark.parametrize("method, path, body", SECURED)
def test_a_wrong_token_is_401_unauthorized_everywhere(central, method, path, body):
    for authorization in WRONG_TOKENS:
        r = httpx.request(method, central.url + path, json=body,
                          headers={"Authorization": authorization.encode("latin-1")})  # UTF-8 bytes sent raw
        error(r, 401, p.ERR_UNAUTHORIZED)


# ----- another store's scope ---------------------------------------------------------------------

def test_another_stores_scope_in_a_request_refuses_the_whole_request(central, enrolled):
    other = enroll_device(central, "S002")
    try:
        theirs = f"location:{other.store_id}"
        assert theirs not in enrolled.scopes
        their_cursor = other.http.post("/v1/snapshot", json={"scope": theirs, "page_rows": 1}).json()
        mine = enrolled.http.post("/v1/snapshot", json={"scope": "catalog", "page_rows": 1}).json()
        # Its own cursor does not open it, and a scope of ours next to it leaks nothing either.
        error(enrolled.http.post("/v1/snapshot", json={"scope": theirs, "cursor": their_cursor["cursor"]}),
              403, p.ERR_FORBIDDEN_SCOPE)
        error(enrolled.http.post("/v1/changes", json={"cursors": {"catalog": mine["changes_cursor"],
                                                                  theirs: their_cursor["changes_cursor"]}}),
              403, p.ERR_FORBIDDEN_SCOPE)
        # Their cursor under our scope's name is not ours: cursors are bound to their scope.
        own = f"location:{enrolled.store_id}"
        error(enrolled.http.post("/v1/changes", json={"cursors": {own: their_cursor["changes_cursor"]}}),
              400, p.ERR_BAD_CURSOR)
        error(enrolled.http.post("/v1/snapshot", json={"scope": own, "cursor": their_cursor["cursor"]}),
              400, p.ERR_BAD_CURSOR)
    finally:
        other.http.close()


def test_a_changes_request_naming_no_scope_is_answered_empty(enrolled):
    """Found by the fuzzing: ``{"cursors": {}}`` was a 500 (an empty IN list in a prepared statement)."""
    for wait_s in (0, 0.05):
        r = enrolled.http.post("/v1/changes", json={"cursors": {}, "wait_s": wait_s})
        assert r.status_code == 200, r.text
        assert p.ChangesResponse.model_validate(r.json()).scopes == {}


# ----- bodies ------------------------------------------------------------------------------------

NOT_OBJECTS = {"not-utf8": b'{"q": "\xc3\x28"}', "not-json": b"{not json", "empty": b"", "array": b"[1, 2]",
               "string": b'"scope"', "null": b"null", "deep": b"[" * 100_000 + b"]" * 100_000}


@pytest.mark.parametrize("path", BODIES)
def test_a_body_that_is_not_the_json_object_asked_for_is_400(central, enrolled, path):
    for what, content in NOT_OBJECTS.items():
        r = enrolled.http.post(path, content=content, headers={"Content-Type": "application/json"})
        assert r.status_code == 400, (what, r.text)
        error(r, 400, p.ERR_BAD_REQUEST)


def test_an_oversized_body_is_413_before_it_is_parsed(central, enrolled):
    big = b'{"q": "' + b"x" * (p.MAX_REQUEST_BYTES + 1) + b'"}'
    body = error(enrolled.http.post("/v1/customers/search", content=big,
                                    headers={"Content-Type": "application/json"}), 413, p.ERR_TOO_LARGE)
    assert str(p.MAX_REQUEST_BYTES) in body.message

    def chunks():  # no Content-Length: the limit counts what arrives
        for _ in range(p.MAX_REQUEST_BYTES // (1024 * 1024) + 2):
            yield b" " * (1024 * 1024)

    with httpx.Client(base_url=central.url, headers=enrolled.http.headers, timeout=30) as http:
        error(http.post("/v1/mutations", content=chunks(), headers={"Content-Type": "application/json"}),
              413, p.ERR_TOO_LARGE)
    assert enrolled.http.get("/v1/device").status_code == 200  # and the service carries on


def test_openapi_documents_413_and_unknown_paths_and_methods_are_error_bodies(central, enrolled):
    spec = httpx.get(f"{central.url}/openapi.json").json()
    for path in BODIES:
        assert "413" in spec["paths"][path]["post"]["responses"], path
    error(enrolled.http.get("/v1/nothing-here"), 404, p.ERR_NOT_FOUND)
    r = error(enrolled.http.get("/v1/snapshot"), 405, p.ERR_METHOD_NOT_ALLOWED)
    assert r.message


NUL_FIELDS = [
    ("/v1/customers/search", {"q": "smi\x00th"}),
    ("/v1/customers/fetch", {"customer_id": "C\x00"}),
    ("/v1/enroll", {"code": "ABCD-\x00"}),
    ("/v1/mutations", {"mutations": [{"id": "abcdefgh\x00", "seq": 1, "name": "note.add",
                                      "local_time": "2026-11-22T10:00:00Z", "args": {}}]}),
    ("/v1/mutations", {"mutations": [{"id": str(uuid.uuid4()), "seq": 1, "name": "note.add",
                                      "associate_id": "A\x00", "local_time": "2026\x00", "args": {}}]}),
]


def test_nul_characters_in_request_fields_are_400_not_a_database_error(central, enrolled):
    """PostgreSQL text cannot hold NUL: these were 500s there (the args have their own rule)."""
    for path, body in NUL_FIELDS:
        r = enrolled.http.post(path, json=body)
        assert r.status_code == 400, (path, body, r.text)
        assert "NUL" in error(r, 400, p.ERR_BAD_REQUEST).message


def test_a_nul_in_the_hostname_enrols_nothing(central):
    r = httpx.post(f"{central.url}/v1/enroll", json={"code": central.enroll_code("S001"), "hostname": "till\x001"})
    error(r, 400, p.ERR_BAD_REQUEST)


# ----- mutation arguments ------------------------------------------------------------------------

def _raw_push(pusher, args_json: str, name: str = p.NOTE_ADD) -> dict:
    """Push one mutation whose args are raw JSON text (NaN and 2**64 cannot be sent any other way)."""
    m = pusher.mutation(name, "ARGS")
    text = json.dumps({"mutations": [m]}).replace('"ARGS"', args_json)
    r = pusher.dev.http.post("/v1/mutations", content=text.encode(), headers={"Content-Type": "application/json"})
    assert r.status_code == 200, r.text
    return r.json()["results"][0] | {"sent_id": m["id"]}


UNSTORABLE = [
    # The audit row looked the target up by this id: a 500 on PostgreSQL, retried for ever (fuzzing).
    (p.PICKUP_READY, '{"order_id": "O-\\u0000"}', "NUL"),
    (p.NOTE_ADD, '{"note_id": "N-1", "customer_id": "C-1", "body": "hi", "x": NaN}', "NaN"),
    ("wishlist.add", '{"x": -Infinity}', "NaN or infinity"),
    (p.LOYALTY_REDEEM, '{"ledger_id": "L-1", "customer_id": "C-1", "points": 18446744073709551616}', "out of range"),
    (p.HOLD_CREATE, '{"hold_id": "H-1", "x": ' + "[" * 40 + "]" * 40 + "}", "deeper"),
    (p.CUSTOMER_UPDATE, '{"customer_id": "C-1", "fields": {"preferences": {"brands": ["'
     + "b" * (p.MAX_ARGS_BYTES + 10) + '"]}}}', "over the limit"),
]


def test_arguments_that_cannot_be_stored_are_rejected_and_not_stored(central, pusher):
    cid = make_customer(central.engine(), _region(pusher.dev))
    for name, args_json, words in UNSTORABLE:
        res = _raw_push(pusher, args_json, name)
        assert (res["status"], res["code"]) == ("rejected", p.REJECT_INVALID_ARGUMENTS), (words, res)
        assert words in res["message"], res
        with read_tx(central.engine()) as conn:
            stored = conn.execute(select(mutations.c.args).where(mutations.c.id == res["sent_id"])).scalar_one()
        assert stored == UNSAFE_ARGS, words
        # The queue moves on.
        after = pusher.one(p.NOTE_ADD, {"note_id": uid("N"), "customer_id": cid, "body": "next"})
        assert after["status"] == "applied", (words, after)


def test_an_unstorable_number_in_a_refused_handover_cannot_poison_the_feed(central, pusher):
    """It used to be copied into the incident the refusal records: the push answered 500 and so did
    every later snapshot or replay carrying that incident (orjson refuses integers over 64 bits)."""
    order = make_order(central.engine(), _region(pusher.dev), status="collected")
    incidents_before = _count(central, "incidents")
    res = _raw_push(pusher, '{"order_id": "%s", "verification": {"method": "pickup_code", "code": "K7Q2", '
                            '"note": 100000000000000000000000000000}}' % order, p.PICKUP_COLLECT)
    assert (res["status"], res["code"]) == ("rejected", p.REJECT_INVALID_ARGUMENTS), res
    assert _count(central, "incidents") == incidents_before
    for scope in pusher.dev.scopes:
        assert pusher.dev.http.post("/v1/snapshot", json={"scope": scope}).status_code == 200, scope


BAD_ARGUMENTS = [
    (p.HOLD_CREATE, {"hold_id": "H-x", "customer_id": "C-x", "sku": "SKU-1", "qty": -1}),
    (p.PICKUP_PICK, {"order_id": "O-x", "lines": [{"line_id": "O-x-1", "picked_qty": -1}]}),
    (p.PICKUP_COLLECT, {"order_id": "O-x", "lines": [{"line_id": "O-x-1", "qty": -2}],
                        "verification": {"method": "pickup_code", "code": "K7Q2"}}),
    (p.RETURN_CREATE, {"return_id": "R-x", "order_id": "O-x", "refund_method": "original_tender",
                       "lines": [{"return_line_id": "RL-x", "line_id": "O-x-1", "sku": "S", "qty": -1,
                                  "reason": "other", "condition": "new", "disposition": "restock"}]}),
    (p.LOYALTY_REDEEM, {"ledger_id": "L-x", "customer_id": "C-x", "points": True}),
    (p.TASK_ADD, {"task_id": "T-x", "customer_id": "C-x", "title": "call", "due_on": 20261122}),
    (p.TASK_COMPLETE, {}),
    (p.OUTREACH_LOG, {"task_id": "T-x", "customer_id": "C-x", "channel": 7, "body": "hi"}),
    (p.CUSTOMER_UPDATE, {"customer_id": "C-x", "fields": ["first_name", "Ada"]}),
    (p.CUSTOMER_CREATE, {"customer_id": "C-xxxxxxxx", "first_name": "A" * 100_000, "last_name": "B"}),
    (p.INCIDENT_RESOLVE, {"incident_id": "INC-x"}),
    (p.PICKUP_READY, {"order_id": ["O-x"]}),
    (p.PICKUP_CANCEL, {"order_id": "O-x", "reason": "r" * 50_000}),
    (p.NOTE_ADD, {"note_id": {"id": 1}, "customer_id": "C-x", "body": "hi"}),
]
"""Wrong types, missing keys, negative quantities, huge strings."""


def test_bad_arguments_are_rejected_per_mutation_and_the_queue_moves_on(central, pusher):
    cid = make_customer(central.engine(), _region(pusher.dev))
    for name, args in BAD_ARGUMENTS:
        bad = pusher.mutation(name, args, associate_id=ASSOCIATE)
        good = pusher.mutation(p.NOTE_ADD, {"note_id": uid("N"), "customer_id": cid, "body": "after"})
        out = pusher.push(bad, good)
        assert (out["results"][0]["status"], out["results"][0]["code"]) == ("rejected", p.REJECT_INVALID_ARGUMENTS), \
            (name, out)
        assert out["results"][1]["status"] == "applied" and out["last_seq"] == good["seq"], (name, out)


def test_a_batch_over_the_protocols_length_is_400_and_applies_nothing(central, pusher):
    muts = [pusher.mutation("wishlist.add", {}) for _ in range(501)]
    error(pusher.dev.http.post("/v1/mutations", json={"mutations": muts}), 400, p.ERR_BAD_REQUEST)
    assert pusher.dev.http.post("/v1/mutations", json={"mutations": []}).json()["last_seq"] == 0
