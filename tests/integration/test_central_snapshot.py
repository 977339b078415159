"""Snapshots: paging and resuming reproduce a scope exactly, and stay consistent under writes."""

from __future__ import annotations

from sync import protocol as p
from sync.entities import ENTITIES
from sync.server import admin
from sync.server.db import write_tx
from sync.server.versions import delete_rows, upsert_rows
from tests.helpers.central import apply_changes, download_snapshot, server_rows


def _checksums(rows) -> dict[str, dict]:
    accs: dict[str, p.ChecksumAccumulator] = {}
    for (entity, _id), values in rows.items():
        accs.setdefault(entity, p.ChecksumAccumulator(entity)).add(values)
    return {e: {"rows": a.rows, "checksum": a.checksum} for e, a in accs.items()}


def test_paged_snapshot_reproduces_every_scope_and_matches_scope_stats(central, enrolled):
    stats = admin.scope_stats(central.engine(), enrolled.store_id)
    assert list(stats["scopes"]) == enrolled.scopes
    for scope in enrolled.scopes:
        snap = download_snapshot(enrolled.http, scope, page_rows=97)
        assert snap.rows == server_rows(central.engine(), scope)
        expected = stats["scopes"][scope]
        assert _checksums(snap.rows) == expected["entities"]
        assert p.scope_checksum(_checksums(snap.rows)) == expected["checksum"]
        assert snap.version == expected["version"]
        # Progress figures add up; only the last page is done and has no cursor.
        total = sum(len(g["rows"]) for page in snap.pages for g in page["entities"])
        assert all(page["total_rows"] == total for page in snap.pages)
        sent = 0
        for page in snap.pages:
            assert page["rows_before"] == sent
            sent += sum(len(g["rows"]) for g in page["entities"])
            assert len(page["entities"]) == 0 or sum(len(g["rows"]) for g in page["entities"]) <= 97
        assert [pg["done"] for pg in snap.pages] == [False] * (len(snap.pages) - 1) + [True]
        assert snap.pages[-1]["cursor"] is None


def test_snapshot_pages_are_in_entity_then_id_order(enrolled):
    scope = enrolled.scopes[0]  # region: customers, ledger, orders, ...
    snap = download_snapshot(enrolled.http, scope, page_rows=500)
    keys = [(list(ENTITIES).index(g["entity"]), row[0]) for page in snap.pages for g in page["entities"]
            for row in g["rows"]]
    assert keys == sorted(keys)
    assert keys[0][0] == 0  # customers first
    columns = snap.pages[0]["entities"][0]["columns"]
    assert columns == [*ENTITIES["customers"].column_names, p.VERSION_COLUMN]


def test_no_empty_last_page_when_rows_fill_the_page_exactly(enrolled, central):
    scope = next(s for s in enrolled.scopes if s.startswith("location:"))
    total = len(server_rows(central.engine(), scope))
    assert total > 0
    snap = download_snapshot(enrolled.http, scope, page_rows=total)
    assert len(snap.pages) == 1 and snap.pages[0]["done"]


def test_resume_from_any_page(enrolled):
    scope = enrolled.scopes[0]
    full = download_snapshot(enrolled.http, scope, page_rows=200)
    assert len(full.pages) > 3
    # Stop after page 2, "crash", and continue from its cursor.
    partial = {}
    for page in full.pages[:2]:
        for g in page["entities"]:
            for row in g["rows"]:
                partial[(g["entity"], row[0])] = row
    resumed = download_snapshot(enrolled.http, scope, page_rows=200, cursor=full.pages[1]["cursor"])
    assert resumed.pages[0]["rows_before"] == full.pages[2]["rows_before"]
    assert len(partial) + len(resumed.rows) == len(full.rows)
    assert set(partial) | set(resumed.rows) == set(full.rows)


def test_snapshot_is_gzip_compressed(enrolled):
    r = enrolled.http.post("/v1/snapshot", json={"scope": enrolled.scopes[0], "page_rows": 2000},
                           headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 200
    assert r.headers["content-encoding"] == "gzip"
    assert r.headers["content-type"] == "application/json"


def test_forbidden_scope_is_403(enrolled):
    for scope in ("region:elsewhere", "location:S002", "stock:NOPE"):
        r = enrolled.http.post("/v1/snapshot", json={"scope": scope})
        assert r.status_code == 403 and r.json()["code"] == p.ERR_FORBIDDEN_SCOPE


def test_tampered_or_foreign_cursor_is_400(enrolled):
    scope = enrolled.scopes[0]
    first = enrolled.http.post("/v1/snapshot", json={"scope": scope, "page_rows": 10}).json()
    body, sig = first["cursor"].split(".")
    forged = body[:-2] + ("AA" if body[-2:] != "AA" else "BB") + "." + sig
    for cursor, scope_ in [(forged, scope), ("garbage", scope), (first["cursor"], "catalog"),
                           (first["changes_cursor"], scope)]:
        r = enrolled.http.post("/v1/snapshot", json={"scope": scope_, "cursor": cursor})
        assert r.status_code == 400 and r.json()["code"] == p.ERR_BAD_CURSOR, (cursor, scope_)


def test_snapshot_plus_changes_equals_final_state_when_rows_change_mid_snapshot(fresh_central):
    from tests.integration.conftest import enroll_device

    dev = enroll_device(fresh_central)
    engine = fresh_central.engine()
    scope = dev.scopes[0]
    try:
        before = server_rows(engine, scope)
        customers = sorted(i for (e, i) in before if e == "customers")
        ledger = sorted(i for (e, i) in before if e == "loyalty_ledger")
        first = dev.http.post("/v1/snapshot", json={"scope": scope, "page_rows": 50}).json()
        sent = {row[0] for g in first["entities"] for row in g["rows"]}
        assert customers[0] in sent and customers[-1] not in sent
        with write_tx(engine) as conn:
            # Already sent, not yet sent, deleted not yet sent, and brand new.
            upsert_rows(conn, "customers", scope, [{"id": customers[0], "first_name": "Changed"},
                                                   {"id": customers[-1], "last_name": "Later"}])
            delete_rows(conn, "loyalty_ledger", scope, [ledger[-1]])
            upsert_rows(conn, "notes", scope, [{"id": "N-new", "customer_id": customers[1], "body": "hi"}])
        with write_tx(engine) as conn:
            upsert_rows(conn, "customers", scope, [{"id": customers[2], "tier": "gold"}])
        rest = download_snapshot(dev.http, scope, page_rows=5000, cursor=first["cursor"])
        replica = _merge(first, rest.rows)
        # Rows changed after V are skipped by the snapshot ...
        assert ("customers", customers[-1]) not in rest.rows and ("notes", "N-new") not in rest.rows
        assert rest.pages[-1]["version"] == first["version"]
        # ... and arrive through the change feed from the snapshot's changes cursor.
        apply_changes(replica, dev.http, scope, first["changes_cursor"], page_rows=2)
        assert replica == server_rows(engine, scope)
    finally:
        dev.http.close()


def _merge(first_page: dict, rest_rows: dict) -> dict:
    from tests.helpers.central import _canon

    merged = dict(rest_rows)
    for g in first_page["entities"]:
        for row in g["rows"]:
            merged[(g["entity"], row[0])] = _canon(g["entity"], row[:-1])
    return merged
