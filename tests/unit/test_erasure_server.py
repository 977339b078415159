"""GDPR erasure on the central side (``admin.erase_customer``), on a throw-away SQLite database."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import insert, select

from sync import protocol
from sync.server import admin
from sync.server.context import DeviceContext
from sync.server.db import read_tx, write_tx
from sync.server.models import ENTITY_TABLES, customer_notifications, devices, mutations, tombstones
from sync.server.mutations.apply import apply_one
from sync.server.mutations.base import REJECT_ERASED
from sync.server.versions import upsert_rows
from tests.unit.test_server_versions import engine  # noqa: F401  (the throw-away database fixture)

REGION, HOME, STOCK = "region:bay", "location:S1", "stock:S1"


def _customer(conn, cid: str) -> None:
    """A customer with a row in every entity that can be about them."""
    oid, rid = f"O-{cid}", f"R-{cid}"
    upsert_rows(conn, "customers", REGION, [{"id": cid, "first_name": "Ada", "email": f"{cid.lower()}@example.com"}])
    upsert_rows(conn, "orders", REGION, [{"id": oid, "customer_id": cid, "status": "collected"}])
    upsert_rows(conn, "order_lines", REGION, [{"id": f"{oid}-1", "order_id": oid, "qty": 1}])
    upsert_rows(conn, "loyalty_ledger", REGION, [{"id": f"L-{cid}", "customer_id": cid, "points": 10}])
    upsert_rows(conn, "notes", REGION, [{"id": f"N-{cid}", "customer_id": cid, "body": "likes linen"}])
    upsert_rows(conn, "tasks", REGION, [{"id": f"T-{cid}", "customer_id": cid, "title": "call back"}])
    upsert_rows(conn, "handovers", REGION, [{"id": f"H-{cid}", "order_id": oid, "collector_name": "Bob"}])
    upsert_rows(conn, "returns", REGION, [{"id": rid, "order_id": oid}])
    upsert_rows(conn, "return_lines", REGION, [{"id": f"{rid}-1", "return_id": rid, "qty": 1}])
    upsert_rows(conn, "holds", HOME, [{"id": f"K-{cid}", "customer_id": cid, "sku": "SKU1", "location_id": "S1",
                                       "qty": 2, "status": "active"}])
    upsert_rows(conn, "incidents", HOME, [{"id": f"I-{cid}", "order_id": oid, "store_id": "S1",
                                           "details": {"collector": "Bob"}}])
    conn.execute(insert(customer_notifications).values(id=f"{oid}:pickup_ready", customer_id=cid, order_id=oid,
                                                       kind="pickup_ready", created_at="2026-11-22T10:00:00Z"))


def _log(conn, mid: str, args: dict, result_rows: list | None = None) -> None:
    state = {"upserts": [{"entity": "customers", "scope": REGION, "columns": [], "rows": result_rows or []}],
             "deletes": []}
    conn.execute(insert(mutations).values(
        id=mid, device_id="D1", seq=int(mid.split("-")[1]), name="note.add", args=args, status="applied",
        code=None, message="ok", result={"id": mid, "seq": 1, "status": "applied", "message": "ok", "state": state},
        applied_at="2026-11-22T10:00:00Z"))


@pytest.fixture
def seeded(engine):
    with write_tx(engine) as conn:
        _customer(conn, "C1")
        _customer(conn, "C10")  # "C1" must not match "C10"
        upsert_rows(conn, "inventory", STOCK, [{"id": "S1:SKU1", "location_id": "S1", "sku": "SKU1",
                                                "on_hand": 9, "reserved": 5}])
        _log(conn, "M-1", {"customer_id": "C1", "body": "secret about Ada"})
        _log(conn, "M-2", {"order_id": "O-C1", "collector_name": "Bob"})
        _log(conn, "M-3", {"customer_id": "C10", "body": "other"}, result_rows=[["C1", "ada@example.com"]])
        _log(conn, "M-4", {"customer_id": "C10", "body": "untouched"})
        upsert_rows(conn, "associates", REGION, [{"id": "A1", "store_id": "S1", "role": "associate", "active": True}])
        upsert_rows(conn, "audit", HOME, [
            {"id": "M-1", "action": "note.add", "target": "N-C1", "customer_id": "C1", "associate_id": "A1"},
            {"id": "M-5", "action": "customer.update", "target": "C1", "customer_id": "C1", "associate_id": "A1"},
            {"id": "M-4", "action": "note.add", "target": "N-C10", "customer_id": "C10", "associate_id": "A1"}])
    return engine


def _ids(conn, entity: str) -> set[str]:
    table = ENTITY_TABLES[entity]
    return set(conn.execute(select(table.c.id)).scalars())


def test_erase_deletes_every_row_about_the_customer_as_tombstones(seeded):
    summary = admin.erase_customer(seeded, "C1")
    assert summary["already_erased"] is False and summary["erased_at"]
    assert summary["deleted"] == {e: 1 for e in ("customers", "loyalty_ledger", "orders", "order_lines", "notes",
                                                 "holds", "tasks", "handovers", "returns", "return_lines",
                                                 "incidents")}
    assert summary["stock_rows_released"] == 1 and summary["notifications_deleted"] == 1
    assert summary["audit_rows_unlinked"] == 2
    with read_tx(seeded) as conn:
        for entity in summary["deleted"]:
            ids = _ids(conn, entity)
            assert not {i for i in ids if "C1" in i.split("-") or i.startswith("O-C1-")}, entity
            assert any("C10" in i for i in ids), entity  # the other customer keeps theirs
        tombs = {(s, e, i) for s, e, i in conn.execute(select(tombstones.c.scope, tombstones.c.entity,
                                                              tombstones.c.row_id))}
        assert ("region:bay", "customers", "C1") in tombs and ("location:S1", "holds", "K-C1") in tombs
        assert ("location:S1", "incidents", "I-C1") in tombs and ("region:bay", "return_lines", "R-C1-1") in tombs
        erasure = conn.execute(select(ENTITY_TABLES["erasures"])).mappings().one()
        assert (erasure["id"], erasure["scope"], erasure["erased_at"]) == ("C1", "catalog", summary["erased_at"])
        stock = conn.execute(select(ENTITY_TABLES["inventory"].c.reserved)).scalar_one()
        assert stock == 3  # the active hold of 2 gave its reservation back
        left = set(conn.execute(select(customer_notifications.c.customer_id)).scalars())
        assert left == {"C10"}
        audit = ENTITY_TABLES["audit"]
        trail = {r.id: (r.action, r.associate_id, r.target, r.customer_id) for r in conn.execute(select(audit))}
        assert trail == {"M-1": ("note.add", "A1", "N-C1", None), "M-5": ("customer.update", "A1", None, None),
                         "M-4": ("note.add", "A1", "N-C10", "C10")}


def test_erase_scrubs_logged_mutations_that_mention_the_customer(seeded):
    assert admin.erase_customer(seeded, "C1")["mutations_scrubbed"] == 3
    with read_tx(seeded) as conn:
        logged = {r.id: r for r in conn.execute(select(mutations))}
    for mid in ("M-1", "M-2", "M-3"):
        assert logged[mid].args == {"erased": True} and logged[mid].message is None
        assert logged[mid].result["state"] == {"upserts": [], "deletes": []}
        assert logged[mid].result["status"] == "applied" and "secret" not in str(logged[mid].result)
    assert logged["M-4"].args == {"customer_id": "C10", "body": "untouched"}


def test_erasing_twice_is_harmless_and_an_unknown_id_is_refused(seeded):
    first = admin.erase_customer(seeded, "C1")
    again = admin.erase_customer(seeded, "C1")
    assert again["already_erased"] is True and again["erased_at"] == first["erased_at"]
    assert again["deleted"] == {} and again["mutations_scrubbed"] == 0
    with read_tx(seeded) as conn:
        assert _ids(conn, "erasures") == {"C1"}
    with pytest.raises(admin.AdminError, match="no customer 'C404'"):
        admin.erase_customer(seeded, "C404")
    with read_tx(seeded) as conn:
        assert _ids(conn, "erasures") == {"C1"}


def test_a_mutation_about_an_erased_customer_is_refused_as_erased(seeded):
    admin.erase_customer(seeded, "C1")
    with write_tx(seeded) as conn:
        conn.execute(insert(devices).values(id="D9", store_id="S1", token_hash="x", enrolled_at="2026-11-22T10:00:00Z"))
    device = DeviceContext(id="D9", store_id="S1", store_name="", region="bay", scopes=(REGION, HOME, STOCK))

    def push(seq: int, customer_id: str) -> dict:
        m = protocol.Mutation(id=str(uuid.uuid4()), seq=seq, name=protocol.NOTE_ADD, associate_id="A1",
                              local_time="2026-11-22T10:00:00Z",
                              args={"note_id": f"N-new-{seq}", "customer_id": customer_id, "body": "hello"})
        return apply_one(seeded, device, m)[0]

    refused = push(1, "C1")
    assert (refused["status"], refused["code"]) == ("rejected", REJECT_ERASED)
    assert "erased" in refused["message"]
    unknown = push(2, "C404")
    assert (unknown["status"], unknown["code"]) == ("rejected", protocol.REJECT_NOT_FOUND)
    assert push(3, "C10")["status"] == "applied"
