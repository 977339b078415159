"""API fuzzing: schemathesis against the real central service's ``/openapi.json``, on SQLite and
PostgreSQL.

Every operation gets ``FUZZ_EXAMPLES`` examples (default 8, derandomized so CI is repeatable; set
it for a longer, random run) in each generation mode — positive (what the schema allows) and
negative (what it refuses) — once with a real enrolled device's token and once with none. Checks,
per response: no 5xx; status code, content type and body as documented (schemathesis'
``not_a_server_error``, ``status_code_conformance``, ``content_type_conformance``,
``response_schema_conformance``); data the schema refuses is refused (``negative_data_rejection``);
without a token every secured operation answers ``401 unauthorized``.

Random values mostly stop at the first gate (an unknown scope is 403, a random cursor 400, a
random seq 409), so two positive cases in three are steered past it with real values: the
device's scopes and change cursors, customer ids, the next seq with a real mutation name, a fresh
enrolment code. Every failure is collected (not only the first) and the figures are printed
(``-s``): ``FUZZ_EXAMPLES=200 pytest -s tests/integration/test_api_fuzz.py``.

A third test goes past the schema into the handlers: valid arguments of every mutation on real
rows, changed once at random (``10 x FUZZ_EXAMPLES`` mutations), must be applied or refused with a
known code, never ``server_error``.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings, strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import load_all_checks
from schemathesis.core.failures import FailureGroup
from sqlalchemy import select

from sync import protocol as p
from sync.server.db import read_tx
from sync.server.models import ENTITY_TABLES
from tests.integration.conftest import ASSOCIATE, Device
from tests.integration.test_central_mutations import make_customer, make_order

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "8"))
CHECKS = ("not_a_server_error", "status_code_conformance", "content_type_conformance",
          "response_schema_conformance", "negative_data_rejection")
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)


@dataclass
class World:
    """Real values the steering draws from, and the device's next mutation seq."""

    server_url: str
    enroll_code: Any
    scopes: list[str]
    cursors: dict[str, str]
    customers: list[str]
    next_seq: int = 1

    def steer(self, path: str, body: Any, pick: st.DataObject) -> None:
        """Replace the values that would stop a request at its first gate by real ones."""
        if path == "/v1/snapshot":
            body["scope"] = pick.draw(st.sampled_from(self.scopes))
            if pick.draw(st.booleans()):
                body["cursor"] = None
        elif path == "/v1/changes":
            chosen = pick.draw(st.lists(st.sampled_from(self.scopes), min_size=1, unique=True))
            body["cursors"] = {s: self.cursors[s] for s in chosen}
        elif path == "/v1/mutations":
            for i, m in enumerate(body.get("mutations", [])):
                m.update(seq=self.next_seq + i, name=pick.draw(st.sampled_from(p.MUTATION_NAMES)))
                if pick.draw(st.booleans()):
                    m["associate_id"] = ASSOCIATE
        elif path == "/v1/customers/fetch":
            body["customer_id"] = pick.draw(st.sampled_from(self.customers))
        elif path == "/v1/enroll":
            body["code"] = self.enroll_code()

    def learn(self, path: str, response: requests.Response) -> None:
        """Follow the device's last_seq, so steered mutations keep landing on the next seq."""
        if path == "/v1/mutations" and response.status_code in (200, 409):
            last = response.json().get("last_seq")
            if isinstance(last, int):
                self.next_seq = last + 1


@dataclass
class Tally:
    """What a run did and every distinct failure it found (with one curl to reproduce it)."""

    operations: set[str] = field(default_factory=set)
    examples: Counter = field(default_factory=Counter)
    failures: Counter = field(default_factory=Counter)
    first: dict[tuple, str] = field(default_factory=dict)

    def fail(self, key: tuple, reproduce: str) -> None:
        self.failures[key] += 1
        self.first.setdefault(key, reproduce)

    def summary(self) -> str:
        lines = [f"{len(self.operations)} operations, {sum(self.examples.values())} examples, "
                 f"{sum(self.failures.values())} failures ({len(self.failures)} distinct)"]
        lines += [f"  {key}: {n}x\n    {self.first[key]}" for key, n in self.failures.items()]
        return "\n".join(lines)


def _world(central, dev: Device) -> World:
    cursors = {}
    for scope in dev.scopes:
        r = dev.http.post("/v1/snapshot", json={"scope": scope, "page_rows": 1})
        assert r.status_code == 200, r.text
        cursors[scope] = r.json()["changes_cursor"]
    table = ENTITY_TABLES["customers"]
    with read_tx(central.engine()) as conn:
        customers = list(conn.execute(select(table.c.id).order_by(table.c.id).limit(50)).scalars())
    return World(central.url, lambda: central.enroll_code("S001"), list(dev.scopes), cursors, customers)


def _secured(spec: dict) -> set[str]:
    return {f"{method.upper()} {path}" for path, item in spec["paths"].items()
            for method, op in item.items() if op.get("security")}


def fuzz(central, world: World, token: str | None) -> Tally:
    """Run every operation in both modes; returns the tally (failures are collected, not raised)."""
    spec = httpx.get(f"{central.url}/openapi.json").json()
    schema = schemathesis.openapi.from_dict(spec)
    load_all_checks()
    checks = schemathesis.checks.CHECKS.get_by_names(list(CHECKS))
    secured = _secured(spec)
    auth = {"Authorization": f"Bearer {token}"} if token else {}
    tally = Tally()
    with requests.Session() as session:
        for result in schema.get_all_operations():
            op = result.ok()
            tally.operations.add(op.label)
            for mode in MODES:
                _run_operation(op, mode, world, auth, session, checks, op.label in secured, tally)
    return tally


def _run_operation(op, mode, world: World, auth: dict, session, checks, secured: bool, tally: Tally) -> None:
    @given(case=op.as_strategy(generation_mode=mode), pick=st.data(), steer=st.integers(0, 2))
    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize="FUZZ_EXAMPLES" not in os.environ,
              suppress_health_check=list(HealthCheck))
    def one(case, pick, steer):
        tally.examples[(op.label, mode.value)] += 1
        negative = {str(loc) for loc, info in (case.meta.components.items() if case.meta else ())
                    if info.mode.is_negative}
        # A negative header is the token itself (missing or malformed): send it as generated.
        headers = {} if "ParameterLocation.HEADER" in negative else auth
        body = case.body if isinstance(case.body, dict) else None
        if body is not None and mode is GenerationMode.POSITIVE and steer and auth:
            world.steer(op.path, body, pick)
        wait_s = body.get("wait_s") if body is not None else None
        if isinstance(wait_s, (int, float)) and 0.05 < wait_s <= p.MAX_WAIT_S:
            body["wait_s"] = 0.05  # a long-poll per example would take the whole budget (invalid ones stay)
        if case.headers and (headers or not auth):
            case.headers.pop("Authorization", None)
        try:
            response = case.call(base_url=world.server_url, session=session, headers=headers, timeout=60)
        except (requests.exceptions.InvalidHeader, requests.exceptions.InvalidURL, ValueError):
            tally.examples[("not sendable", mode.value)] += 1  # the client library refused it
            return
        world.learn(op.path, response)
        reproduce = case.as_curl_command(headers=headers)[:800]
        if secured and not headers and not _refused_unauthenticated(response):
            tally.fail((op.label, mode.value, "no valid token but not 401 unauthorized", response.status_code),
                       reproduce)
        try:
            case.validate_response(response, checks=checks, headers=headers,
                                   transport_kwargs={"base_url": world.server_url, "session": session})
        except FailureGroup as group:
            for failure in group.exceptions:
                tally.fail((op.label, mode.value, failure.title, response.status_code), reproduce)

    try:
        one()
    except Unsatisfiable:
        pass  # e.g. negative data for GET /v1/health, which takes nothing


def _refused_unauthenticated(response: requests.Response) -> bool:
    """401 unauthorized; or 400 bad_request for a body that is not JSON at all (FastAPI reads the
    body before it resolves the token, so bytes it cannot parse are refused first)."""
    try:
        code = response.json().get("code")
    except (ValueError, AttributeError):
        return False  # not an ErrorBody: the schema checks name it
    if response.status_code == 401:
        return code == p.ERR_UNAUTHORIZED
    try:
        json.loads(response.request.body or b"")
    except ValueError:
        return response.status_code == 400 and code == p.ERR_BAD_REQUEST
    return False


def _report(db_kind: str, who: str, tally: Tally, seconds: float) -> str:
    text = f"fuzz {db_kind}, {who}: {tally.summary()} in {seconds:.1f} s"
    print(text)
    return text


def test_fuzzed_requests_with_a_device_token_get_no_5xx_and_match_the_schema(central, enrolled, db_kind):
    world = _world(central, enrolled)
    started = time.monotonic()
    tally = fuzz(central, world, enrolled.token)
    text = _report(db_kind, "device token", tally, time.monotonic() - started)
    assert len(tally.operations) == 8, text
    # Steering reached past the first gates: mutations were applied or refused by their handlers.
    assert world.next_seq > 1, text
    assert not tally.failures, text


def test_fuzzed_requests_without_a_token_are_refused_401_and_match_the_schema(central, enrolled, db_kind):
    world = _world(central, enrolled)
    started = time.monotonic()
    tally = fuzz(central, world, None)
    text = _report(db_kind, "no token", tally, time.monotonic() - started)
    assert len(tally.operations) == 8, text
    assert not tally.failures, text


# ----- mutation arguments: past the schema, into the handlers -------------------------------------

REJECT_CODES = {v for k, v in vars(p).items() if k.startswith("REJECT_")} - {p.REJECT_SERVER_ERROR}


def _containers(inner: st.SearchStrategy) -> st.SearchStrategy:
    return st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-2 ** 70, 2 ** 70) | st.floats(allow_nan=True)
    | st.text(max_size=40) | st.sampled_from(["", "\x00", "x" * 3000, "2026-11-22", "C-1", "-1"]),
    _containers, max_leaves=8)


def _templates(central, dev: Device) -> dict[str, Any]:
    """Valid arguments of every mutation, on real rows (each call makes fresh client ids)."""
    region = next(s for s in dev.scopes if s.startswith("region:"))
    cid = make_customer(central.engine(), region, points=1000)
    oid = make_order(central.engine(), region, status="ready")
    inventory = ENTITY_TABLES["inventory"]
    with read_tx(central.engine()) as conn:
        sku = conn.execute(select(inventory.c.sku).where(inventory.c.scope == f"stock:{dev.store_id}",
                                                         inventory.c.on_hand > 2).limit(1)).scalar_one()

    def new(prefix: str) -> str:
        return f"{prefix}-{uuid.uuid4().hex[:12]}"

    return {
        p.NOTE_ADD: lambda: {"note_id": new("N"), "customer_id": cid, "body": "likes linen"},
        p.CUSTOMER_UPDATE: lambda: {"customer_id": cid,
                                    "fields": {"first_name": "Ada", "preferences": {"brands": ["A"]}}},
        p.CUSTOMER_CREATE: lambda: {"customer_id": new("C"), "first_name": "Bo", "last_name": "Li",
                                    "email": f"{new('bo')}@example.com"},
        p.LOYALTY_REDEEM: lambda: {"ledger_id": new("L"), "customer_id": cid, "points": 1, "description": "x"},
        p.PICKUP_PICK: lambda: {"order_id": oid, "lines": [{"line_id": f"{oid}-1", "picked_qty": 1}]},
        p.PICKUP_READY: lambda: {"order_id": oid},
        p.PICKUP_CANCEL: lambda: {"order_id": oid, "reason": "customer called"},
        p.PICKUP_COLLECT: lambda: {"order_id": oid, "verification": {"method": "pickup_code", "code": "K7Q2"}},
        p.RETURN_CREATE: lambda: {"return_id": new("R"), "order_id": oid, "refund_method": "store_credit",
                                  "lines": [{"return_line_id": new("RL"), "line_id": f"{oid}-1", "sku": sku, "qty": 1,
                                             "reason": "other", "condition": "new", "disposition": "restock"}]},
        p.TASK_ADD: lambda: {"task_id": new("T"), "customer_id": cid, "title": "call back", "due_on": "2026-12-01"},
        p.TASK_COMPLETE: lambda: {"task_id": new("T")},
        p.OUTREACH_LOG: lambda: {"task_id": new("T"), "customer_id": cid, "channel": "email", "body": "hello"},
        p.HOLD_CREATE: lambda: {"hold_id": new("H"), "customer_id": cid, "sku": sku, "qty": 1},
        p.INCIDENT_RESOLVE: lambda: {"incident_id": new("INC"), "resolution": "checked"},
    }


def _perturb(args: dict, pick: st.DataObject) -> dict:
    """One change to valid arguments: a key dropped, a value replaced (at any depth) or a key added."""
    target, key = args, None
    while True:
        keys = list(target) if isinstance(target, dict) else list(range(len(target)))
        if not keys:
            break
        key = pick.draw(st.sampled_from(keys))
        if not isinstance(target[key], (dict, list)) or pick.draw(st.booleans()):
            break
        target = target[key]
    action = pick.draw(st.sampled_from(["drop", "replace", "replace", "add"]))
    if action == "drop" and isinstance(target, dict) and key is not None:
        del target[key]
    elif action == "replace" and key is not None:
        target[key] = pick.draw(JSON_VALUES)
    elif isinstance(target, dict):
        target[pick.draw(st.text(max_size=8))] = pick.draw(JSON_VALUES)
    return args


def test_fuzzed_mutation_arguments_are_applied_or_refused_never_a_server_error(central, enrolled, db_kind):
    """Valid arguments of every mutation on real rows, each changed once at random (types, NaN,
    2**70, NUL, 3,000-character strings, dropped and added keys): every push answers 200 and each
    mutation is applied or refused with a known code — ``server_error`` (a handler bug caught) fails."""
    templates = _templates(central, enrolled)
    outcomes: Counter = Counter()
    failures: list[tuple] = []
    seq = [1]
    started = time.monotonic()

    @given(name=st.sampled_from(sorted(templates)), pick=st.data(), associate=st.sampled_from([ASSOCIATE, None]),
           change=st.integers(0, 3))
    @settings(max_examples=10 * EXAMPLES, deadline=None, database=None,
              derandomize="FUZZ_EXAMPLES" not in os.environ, suppress_health_check=list(HealthCheck))
    def push(name, pick, associate, change):
        args = _perturb(templates[name](), pick) if change else templates[name]()  # 1 in 4 valid
        m = {"id": str(uuid.uuid4()), "seq": seq[0], "name": name, "associate_id": associate,
             "local_time": "2026-11-22T10:00:00Z", "args": args}
        r = enrolled.http.post("/v1/mutations", content=json.dumps({"mutations": [m]}).encode(),
                               headers={"Content-Type": "application/json"})
        if r.status_code in (200, 409):
            seq[0] = r.json()["last_seq"] + 1
        if r.status_code != 200:
            failures.append((r.status_code, r.text[:300], m))
            return
        res = r.json()["results"][0]
        outcomes[(res["status"], res["code"])] += 1
        if res["status"] != "applied" and res["code"] not in REJECT_CODES:
            failures.append((res["code"], res["message"], m))

    push()
    text = (f"fuzz {db_kind}, mutation arguments: {sum(outcomes.values())} mutations in "
            f"{time.monotonic() - started:.1f} s: {dict(outcomes)}; {len(failures)} failures")
    print(text)
    assert not failures, (text, failures[:5])
    assert outcomes[("applied", None)] > 0 and len(outcomes) > 2, text  # both sides were reached
