"""``/v1/customers/search`` and ``/fetch`` (every region, device token required) and the
``customer.create`` mutation (client id kept, loyalty number assigned, duplicates refused),
on SQLite and PostgreSQL."""

from __future__ import annotations

import re
import uuid

import httpx
import pytest
from sqlalchemy import select

from sync import protocol as p
from sync.server.db import read_tx, write_tx
from sync.server.versions import upsert_rows
from sync.server.models import ENTITY_TABLES
from sync.wire import parse_customer_fetch, parse_customer_search
from tests.integration.conftest import ASSOCIATE, Device
from tests.integration.test_central_mutations import Pusher


def _other_region_customer(central, dev: Device) -> dict:
    """A customer (with an order) in a region this device does not receive."""
    letters = "".join(chr(97 + int(ch, 16)) for ch in uuid.uuid4().hex[:8])
    digits = str(uuid.uuid4().int)[:7]
    row = {"id": f"C-far-{letters}", "first_name": "Odile", "last_name": "Far" + letters,
           "email": f"odile.{letters}@example.org", "phone": f"+1 (212) {digits[:3]}-{digits[3:]}",
           "loyalty_number": "9" + digits + "00", "tier": "gold", "points": 10}
    scope = "region:elsewhere"
    assert scope not in dev.scopes
    with write_tx(central.engine()) as conn:
        upsert_rows(conn, "customers", scope, [row])
        upsert_rows(conn, "orders", scope, [{"id": f"O-far-{letters}", "customer_id": row["id"],
                                             "channel": "online", "status": "delivered"}])
        upsert_rows(conn, "order_lines", scope, [{"id": f"O-far-{letters}-1", "order_id": f"O-far-{letters}",
                                                  "qty": 1}])
    return {**row, "scope": scope}


def _search(dev: Device, q: str, limit: int = 20) -> p.CustomerSearchResponse:
    r = dev.http.post("/v1/customers/search", json={"q": q, "limit": limit})
    assert r.status_code == 200, r.text
    return parse_customer_search(r.content)


def _ids(resp: p.CustomerSearchResponse) -> list[str]:
    return [row[0] for group in resp.customers for row in group.rows]


def test_search_requires_a_device_token(central):
    with httpx.Client(base_url=central.url) as http:
        assert http.post("/v1/customers/search", json={"q": "smith"}).status_code == 401
        assert http.post("/v1/customers/fetch", json={"customer_id": "C1"},
                         headers={"Authorization": "Bearer nope"}).status_code == 401


def test_search_finds_customers_of_other_regions_by_every_key(central, enrolled):
    other = _other_region_customer(central, enrolled)
    assert other["scope"] not in enrolled.scopes
    assert _ids(_search(enrolled, other["loyalty_number"]))[0] == other["id"]
    assert other["id"] in _ids(_search(enrolled, other["email"].upper()))
    digits = re.sub(r"\D", "", other["phone"])
    formatted = f"({digits[-10:-7]}) {digits[-7:-4]}-{digits[-4:]}"
    assert other["id"] in _ids(_search(enrolled, formatted, 50))
    assert other["id"] in _ids(_search(enrolled, digits[-7:], 50))  # its last 7 digits
    both = f"{other['last_name'][:3]} {other['first_name'][:2]}"  # prefixes, any order
    resp = _search(enrolled, both, 50)
    assert other["id"] in _ids(resp)
    group = next(g for g in resp.customers if other["id"] in [r[0] for r in g.rows])
    assert group.scope == other["scope"] and group.columns[-1] == p.VERSION_COLUMN


def test_search_validates_and_limits(central, enrolled):
    assert enrolled.http.post("/v1/customers/search", json={"q": "a"}).status_code == 400
    assert len(_ids(_search(enrolled, "a b", 3))) <= 3
    assert _ids(_search(enrolled, "zzzzqqq")) == []


def test_fetch_returns_the_profile_with_scopes(central, enrolled):
    other = _other_region_customer(central, enrolled)
    r = enrolled.http.post("/v1/customers/fetch", json={"customer_id": other["id"]})
    assert r.status_code == 200, r.text
    state = parse_customer_fetch(r.content).state
    entities = {g.entity for g in state.upserts}
    assert "customers" in entities
    assert all(g.scope == other["scope"] for g in state.upserts)
    counts = {g.entity: len(g.rows) for g in state.upserts}
    assert counts == {"customers": 1, "orders": 1, "order_lines": 1}
    missing = enrolled.http.post("/v1/customers/fetch", json={"customer_id": "no-such-customer"})
    assert parse_customer_fetch(missing.content).state.upserts == []


def _luhn_ok(number: str) -> bool:
    from clienteling.domain.scan import luhn_valid
    return luhn_valid(number)


def test_customer_create_keeps_the_id_and_assigns_a_loyalty_number(central, enrolled):
    pusher = Pusher(enrolled)
    cid = str(uuid.uuid4())
    email = f"new.{uuid.uuid4().hex[:8]}@example.com"
    result = pusher.one(p.CUSTOMER_CREATE, {"customer_id": cid, "first_name": "Nina", "last_name": "Neu",
                                            "email": email.upper(), "phone": "+1 415 555 0199",
                                            "consent": {"email": {"opt_in": True}}})
    assert result["status"] == "applied", result
    (group,) = result["state"]["upserts"]
    row = dict(zip(group["columns"], group["rows"][0]))
    assert row["id"] == cid and group["scope"] in enrolled.scopes
    assert re.fullmatch(r"[1-9]\d{9}", row["loyalty_number"]) and _luhn_ok(row["loyalty_number"])
    assert row["email"] == email and row["tier"] == "member" and row["points"] == 0
    assert row["home_store_id"] == enrolled.store_id and row["assigned_associate_id"] == ASSOCIATE
    assert row["member_since"] == "2026-11-22" and row["consent"]["email"]["opt_in"] is True
    # Searchable at once, from any region's terminal.
    assert cid in _ids(_search(enrolled, row["loyalty_number"]))


def test_customer_create_with_a_taken_email_is_a_duplicate(central, enrolled):
    pusher = Pusher(enrolled)
    email = f"dup.{uuid.uuid4().hex[:8]}@example.com"
    first = pusher.one(p.CUSTOMER_CREATE, {"customer_id": str(uuid.uuid4()), "first_name": "Ann",
                                           "last_name": "One", "email": email})
    assert first["status"] == "applied"
    existing = first["state"]["upserts"][0]["rows"][0][0]
    cid = str(uuid.uuid4())
    second = pusher.one(p.CUSTOMER_CREATE, {"customer_id": cid, "first_name": "Ann", "last_name": "Two",
                                            "email": email})
    assert (second["status"], second["code"]) == ("rejected", p.REJECT_DUPLICATE)
    assert "already exists" in second["message"]
    upserted = [r[0] for g in second["state"]["upserts"] for r in g["rows"]]
    assert upserted == [existing]  # the customer it collided with, to open instead
    assert [i for g in second["state"]["deletes"] for i in g["ids"]] == [cid]  # no such customer
    with read_tx(central.engine()) as conn:
        table = ENTITY_TABLES["customers"]
        assert conn.execute(select(table.c.id).where(table.c.id == cid)).first() is None


@pytest.mark.parametrize("args,where", [
    ({"first_name": "", "last_name": "X", "email": "a@b.cd"}, "first_name"),
    ({"first_name": "A", "last_name": "X", "email": "not-an-email"}, "email"),
    ({"first_name": "A", "last_name": "X", "phone": "123"}, "phone"),
    ({"first_name": "A", "last_name": "X"}, "email address or a phone"),
])
def test_customer_create_validates(central, enrolled, args, where):
    result = Pusher(enrolled).one(p.CUSTOMER_CREATE, {"customer_id": str(uuid.uuid4()), **args})
    assert (result["status"], result["code"]) == ("rejected", p.REJECT_INVALID_ARGUMENTS)
    assert where in result["message"]
