"""The change feed: commit order, tombstones, paging, resets and long-polling."""

from __future__ import annotations

import threading
import time

from sqlalchemy import select, update

from sync import protocol as p
from sync.entities import ENTITIES
from sync.server.cursors import END, ChangesPos, CursorCodec
from sync.server.db import open_engine, read_meta, read_tx, write_tx
from sync.server.models import ENTITY_TABLES, scope_heads
from sync.server.versions import delete_rows, purge_tombstones, stamp, upsert_rows
from tests.helpers.central import apply_changes, download_snapshot, server_rows


ENTITY_COLS = {name: [*e.column_names, p.VERSION_COLUMN] for name, e in ENTITIES.items()}


def _head_cursor(dev, scope: str) -> str:
    """A changes cursor at the scope's current head (what a finished snapshot hands over)."""
    return dev.http.post("/v1/snapshot", json={"scope": scope, "page_rows": 1}).json()["changes_cursor"]


def _changes(dev, cursors: dict[str, str], **kw) -> dict:
    r = dev.http.post("/v1/changes", json={"cursors": cursors, **kw})
    assert r.status_code == 200, r.text
    return r.json()


def _note(i: int, customer: str = "C-x") -> dict:
    return {"id": f"N-{i:04d}", "customer_id": customer, "body": f"note {i}"}


def test_changes_arrive_in_commit_order_with_tombstones(central, enrolled):
    scope = enrolled.scopes[0]
    engine = central.engine()
    cursor = _head_cursor(enrolled, scope)
    with write_tx(engine) as conn:
        upsert_rows(conn, "notes", scope, [_note(1), _note(2)])
        v1 = stamp(conn)[scope]
    with write_tx(engine) as conn:
        upsert_rows(conn, "notes", scope, [{"id": "N-0001", "body": "edited"}])
        upsert_rows(conn, "holds", scope, [{"id": "H-1", "qty": 1}])  # same tx, same version
        v2 = stamp(conn)[scope]
    with write_tx(engine) as conn:
        delete_rows(conn, "notes", scope, ["N-0002"])
        v3 = stamp(conn)[scope]
    assert v1 < v2 < v3
    sc = _changes(enrolled, {scope: cursor})["scopes"][scope]
    assert not sc["reset"] and not sc["more"] and sc["version"] == v3
    upserts = {g["entity"]: g["rows"] for g in sc["upserts"]}
    assert [r[0] for r in upserts["notes"]] == ["N-0001"]  # N-0002 is gone, only its tombstone remains
    assert upserts["notes"][0][-1] == v2 and upserts["holds"][0][-1] == v2
    assert upserts["notes"][0][ENTITY_COLS["notes"].index("body")] == "edited"
    assert sc["deletes"] == [{"entity": "notes", "scope": None, "ids": ["N-0002"]}]
    # Caught up: the next call is empty and keeps the position.
    again = _changes(enrolled, {scope: sc["cursor"]})["scopes"][scope]
    assert again["upserts"] == [] and again["deletes"] == [] and again["version"] == v3
    # Re-inserting a deleted id removes its tombstone.
    with write_tx(engine) as conn:
        upsert_rows(conn, "notes", scope, [_note(2)])
    back = _changes(enrolled, {scope: again["cursor"]})["scopes"][scope]
    assert back["deletes"] == [] and back["upserts"][0]["rows"][0][0] == "N-0002"
    full = _changes(enrolled, {scope: cursor})["scopes"][scope]
    assert full["deletes"] == []


def test_small_pages_follow_more_and_never_skip(central, enrolled):
    scope = enrolled.scopes[0]
    engine = central.engine()
    cursor = _head_cursor(enrolled, scope)
    replica = {}
    with write_tx(engine) as conn:
        upsert_rows(conn, "notes", scope, [_note(i) for i in range(100, 107)])
        upsert_rows(conn, "holds", scope, [{"id": f"H-{i}", "qty": i} for i in range(5)])
    with write_tx(engine) as conn:
        delete_rows(conn, "notes", scope, ["N-0100", "N-0101"])
        upsert_rows(conn, "notes", scope, [{"id": "N-0103", "body": "v2"}])
    seen = []
    pos = cursor
    while True:
        sc = _changes(enrolled, {scope: pos}, page_rows=3)["scopes"][scope]
        n = sum(len(g["rows"]) for g in sc["upserts"]) + sum(len(g["ids"]) for g in sc["deletes"])
        assert n <= 3
        seen.append(n)
        pos = sc["cursor"]
        if not sc["more"]:
            break
    assert sum(seen) == 7 - 2 + 5 + 2 and len(seen) >= 4
    apply_changes(replica, enrolled.http, scope, cursor, page_rows=2)
    want = {k: v for k, v in server_rows(engine, scope).items() if k[1].startswith(("N-01", "H-"))}
    assert {k: v for k, v in replica.items() if k[1].startswith(("N-01", "H-"))} == want


def test_row_moving_scope_is_a_delete_there_and_an_upsert_here(central, enrolled):
    region, home = enrolled.scopes[0], next(s for s in enrolled.scopes if s.startswith("location:"))
    engine = central.engine()
    cursors = {region: _head_cursor(enrolled, region), home: _head_cursor(enrolled, home)}
    with write_tx(engine) as conn:
        upsert_rows(conn, "holds", region, [{"id": "H-move", "qty": 2}])
    with write_tx(engine) as conn:
        upsert_rows(conn, "holds", home, [{"id": "H-move", "qty": 3}])
    out = _changes(enrolled, cursors)["scopes"]
    assert {"entity": "holds", "scope": None, "ids": ["H-move"]} in out[region]["deletes"]
    assert [r[0] for g in out[home]["upserts"] for r in g["rows"]] == ["H-move"]


def _forge(central, scope: str, **changes) -> str:
    with read_tx(central.engine()) as conn:
        meta = read_meta(conn)
        head = conn.execute(select(scope_heads.c.version).where(scope_heads.c.scope == scope)).scalar_one()
    pos = dict(epoch=meta["epoch"], scope=scope, version=head, entity_index=END, last_id="")
    pos.update(changes)
    return CursorCodec(meta["secret"]).changes(ChangesPos(**pos))


def test_cursor_from_another_epoch_resets_only_that_scope(central, enrolled):
    region, catalog = enrolled.scopes[0], "catalog"
    out = _changes(enrolled, {region: _forge(central, region, epoch="old-epoch"),
                              catalog: _head_cursor(enrolled, catalog)})["scopes"]
    assert out[region]["reset"] is True and out[catalog]["reset"] is False


def test_cursor_below_the_floor_resets(central, enrolled):
    scope = next(s for s in enrolled.scopes if s.startswith("stock:"))
    engine = central.engine()
    old = _head_cursor(enrolled, scope)
    inv_id = next(k[1] for k in server_rows(engine, scope) if k[0] == "inventory")
    with write_tx(engine) as conn:
        delete_rows(conn, "inventory", scope, [inv_id])
    recent = _head_cursor(enrolled, scope)
    with write_tx(engine) as conn:
        assert purge_tombstones(conn, "9999-01-01T00:00:00Z") >= 1
    out = _changes(enrolled, {scope: old})["scopes"][scope]
    assert out["reset"] is True
    assert _changes(enrolled, {scope: recent})["scopes"][scope]["reset"] is False
    # A fresh snapshot + its changes cursor works again.
    snap = download_snapshot(enrolled.http, scope)
    assert _changes(enrolled, {scope: snap.changes_cursor})["scopes"][scope]["reset"] is False


def test_cursor_ahead_of_the_head_resets(central, enrolled):
    scope = "catalog"
    head = _changes(enrolled, {scope: _head_cursor(enrolled, scope)})["scopes"][scope]["version"]
    out = _changes(enrolled, {scope: _forge(central, scope, version=head + 50)})["scopes"][scope]
    assert out["reset"] is True


def test_bad_cursor_and_forbidden_scope(central, enrolled):
    scope = enrolled.scopes[0]
    good = _head_cursor(enrolled, scope)
    for cursors in ({scope: good[:-3] + "xyz"}, {scope: "nonsense"}, {"catalog": good}):
        r = enrolled.http.post("/v1/changes", json={"cursors": cursors})
        assert r.status_code == 400 and r.json()["code"] == p.ERR_BAD_CURSOR
    r = enrolled.http.post("/v1/changes", json={"cursors": {"region:elsewhere": good}})
    assert r.status_code == 403 and r.json()["code"] == p.ERR_FORBIDDEN_SCOPE


def _write_later(db_url: str, scope: str, delay: float, row_id: str) -> threading.Thread:
    def run() -> None:
        time.sleep(delay)
        engine = open_engine(db_url)  # another engine: another connection, like another process
        try:
            with write_tx(engine) as conn:
                upsert_rows(conn, "notes", scope, [{"id": row_id, "body": "wake up"}])
        finally:
            engine.dispose()

    t = threading.Thread(target=run)
    t.start()
    return t


def test_long_poll_wakes_within_a_second_of_a_write(central, enrolled):
    scope = enrolled.scopes[0]
    cursors = {s: _head_cursor(enrolled, s) for s in enrolled.scopes}
    writer = _write_later(central.db_url, scope, 0.5, "N-wake")
    started = time.monotonic()
    out = _changes(enrolled, cursors, wait_s=10)
    waited = time.monotonic() - started
    writer.join()
    assert 0.4 < waited < 1.5, waited
    assert [r[0] for g in out["scopes"][scope]["upserts"] for r in g["rows"]] == ["N-wake"]


def test_long_poll_wakes_on_a_mutation_through_this_server(central, enrolled):
    from tests.integration.conftest import enroll_device

    scope = enrolled.scopes[0]
    cursor = _head_cursor(enrolled, scope)
    customers = ENTITY_TABLES["customers"]
    with read_tx(central.engine()) as conn:
        cid = conn.execute(select(customers.c.id).where(customers.c.scope == scope).limit(1)).scalar_one()
    other = enroll_device(central)
    try:
        def push() -> None:
            time.sleep(0.3)
            other.http.post("/v1/mutations", json={"mutations": [{
                "id": "m-wake-0001", "seq": 1, "name": p.NOTE_ADD, "local_time": "2026-01-01T00:00:00Z",
                "args": {"note_id": "N-mut-wake", "customer_id": cid, "body": "hello"}}]})

        t = threading.Thread(target=push)
        started = time.monotonic()
        t.start()
        out = _changes(enrolled, {scope: cursor}, wait_s=10)
        t.join()
        assert time.monotonic() - started < 1.3
        assert "N-mut-wake" in [r[0] for g in out["scopes"][scope]["upserts"] for r in g["rows"]]
    finally:
        other.http.close()


def test_long_poll_times_out_empty(enrolled):
    scope = "catalog"
    cursor = _head_cursor(enrolled, scope)
    started = time.monotonic()
    out = _changes(enrolled, {scope: cursor}, wait_s=0.6)
    assert 0.55 < time.monotonic() - started < 1.5
    assert out["scopes"][scope]["upserts"] == [] and out["scopes"][scope]["cursor"] == cursor


def test_head_bump_without_rows_keeps_waiting_then_returns(central, enrolled):
    scope = "catalog"
    cursor = _head_cursor(enrolled, scope)
    with write_tx(central.engine()) as conn:
        conn.execute(update(scope_heads).where(scope_heads.c.scope == scope).values(version=scope_heads.c.version + 1))
    out = _changes(enrolled, {scope: cursor}, wait_s=0.3)["scopes"][scope]
    assert out["upserts"] == [] and not out["reset"]
    assert _changes(enrolled, {scope: out["cursor"]})["scopes"][scope]["version"] == out["version"]
