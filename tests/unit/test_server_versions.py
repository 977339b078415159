"""Scope versions, upserts, tombstones and the floor, on a throw-away SQLite database."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from sync.server.db import open_engine, read_tx, upgrade, write_tx
from sync.server.models import ENTITY_TABLES, tombstones
from sync.server.versions import bump, delete_rows, purge_tombstones, read_heads, upsert_rows


@pytest.fixture
def engine(tmp_path):
    eng = open_engine(str(tmp_path / "v.db"))
    upgrade(eng)
    yield eng
    eng.dispose()


def _tombs(engine) -> set[tuple]:
    with read_tx(engine) as conn:
        return set(conn.execute(select(tombstones.c.scope, tombstones.c.entity, tombstones.c.row_id,
                                       tombstones.c.version)))


def test_bump_once_per_transaction_and_per_scope(engine):
    with write_tx(engine) as conn:
        assert bump(conn, ["b", "a"]) == {"b": 1, "a": 1}
        assert bump(conn, ["a", "c"]) == {"a": 1, "c": 1}  # same transaction: same version
    with write_tx(engine) as conn:
        assert bump(conn, ["a"]) == {"a": 2}
    with read_tx(engine) as conn:
        assert {s: h.version for s, h in read_heads(conn).items()} == {"a": 2, "b": 1, "c": 1}


def test_rolled_back_transaction_leaves_no_version(engine):
    with pytest.raises(RuntimeError):
        with write_tx(engine) as conn:
            bump(conn, ["a"])
            raise RuntimeError
    with write_tx(engine) as conn:
        assert bump(conn, ["a"]) == {"a": 1}


def test_savepoint_rollback_forgets_the_bump(engine):
    with write_tx(engine) as conn:
        with pytest.raises(RuntimeError), conn.begin_nested():
            bump(conn, ["a"])
            raise RuntimeError
        assert bump(conn, ["a"]) == {"a": 1}


def test_upsert_partial_update_and_version(engine):
    notes = ENTITY_TABLES["notes"]
    with write_tx(engine) as conn:
        v1 = upsert_rows(conn, "notes", "s", [{"id": "n1", "body": "a", "store_id": "S1"}])
    with write_tx(engine) as conn:
        v2 = upsert_rows(conn, "notes", "s", [{"id": "n1", "body": "b"}, {"id": "n2", "body": "c"}])
    assert (v1, v2) == (1, 2)
    with read_tx(engine) as conn:
        rows = {r.id: r for r in conn.execute(select(notes))}
    assert rows["n1"].body == "b" and rows["n1"].store_id == "S1" and rows["n1"].version == 2
    with pytest.raises(ValueError):
        with write_tx(engine) as conn:
            upsert_rows(conn, "notes", "s", [{"id": "x", "nope": 1}])


def test_delete_tombstone_and_reinsert(engine):
    with write_tx(engine) as conn:
        upsert_rows(conn, "notes", "s", [{"id": "n1"}, {"id": "n2"}])
    with write_tx(engine) as conn:
        assert delete_rows(conn, "notes", "s", ["n1", "missing"]) == 2
        assert delete_rows(conn, "notes", "other", ["n2"]) == 0  # not in that scope: untouched
    assert _tombs(engine) == {("s", "notes", "n1", 2)}
    with write_tx(engine) as conn:
        upsert_rows(conn, "notes", "s", [{"id": "n1"}])
    assert _tombs(engine) == set()


def test_moving_scope_leaves_a_tombstone_behind(engine):
    with write_tx(engine) as conn:
        upsert_rows(conn, "holds", "location:A", [{"id": "h1", "qty": 1}])
    with write_tx(engine) as conn:
        v = upsert_rows(conn, "holds", "location:B", [{"id": "h1", "qty": 2}])
    assert _tombs(engine) == {("location:A", "holds", "h1", 2)}
    with read_tx(engine) as conn:
        heads = read_heads(conn)
    assert heads["location:A"].version == 2 and heads["location:B"].version == v == 1


def test_purge_raises_the_floor(engine):
    with write_tx(engine) as conn:
        upsert_rows(conn, "notes", "s", [{"id": "n1"}, {"id": "n2"}])
    with write_tx(engine) as conn:
        delete_rows(conn, "notes", "s", ["n1"])
    with write_tx(engine) as conn:
        assert purge_tombstones(conn, "2000-01-01T00:00:00Z") == 0
        assert purge_tombstones(conn, "9999-01-01T00:00:00Z") == 1
    with read_tx(engine) as conn:
        assert read_heads(conn)["s"].floor_version == 2
