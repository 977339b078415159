"""Scope versions, upserts, tombstones and the floor, on a throw-away SQLite database."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from sync.server.db import open_engine, read_tx, upgrade, write_tx
from sync.server.models import ENTITY_TABLES, tombstones
from sync.server.versions import PENDING, bump, delete_rows, purge_tombstones, read_heads, stamp, upsert_rows


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
        upsert_rows(conn, "notes", "s", [{"id": "n1", "body": "a", "store_id": "S1"}])
        v1 = stamp(conn)["s"]
    with write_tx(engine) as conn:
        upsert_rows(conn, "notes", "s", [{"id": "n1", "body": "b"}, {"id": "n2", "body": "c"}])
    assert v1 == 1
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
        assert delete_rows(conn, "notes", "s", ["n1", "missing"]) == 1
        assert delete_rows(conn, "notes", "other", ["n2"]) == 0  # not in that scope: untouched
    assert _tombs(engine) == {("s", "notes", "n1", 2)}
    with write_tx(engine) as conn:
        upsert_rows(conn, "notes", "s", [{"id": "n1"}])
    assert _tombs(engine) == set()


def test_moving_scope_leaves_a_tombstone_behind(engine):
    with write_tx(engine) as conn:
        upsert_rows(conn, "holds", "location:A", [{"id": "h1", "qty": 1}])
    with write_tx(engine) as conn:
        upsert_rows(conn, "holds", "location:B", [{"id": "h1", "qty": 2}])
        versions = stamp(conn)
    assert versions == {"location:A": 2, "location:B": 1}
    assert _tombs(engine) == {("location:A", "holds", "h1", 2)}
    with read_tx(engine) as conn:
        heads = read_heads(conn)
    assert heads["location:A"].version == 2 and heads["location:B"].version == 1


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


def _versions(engine, entity: str) -> dict[str, int]:
    table = ENTITY_TABLES[entity]
    with read_tx(engine) as conn:
        return {i: v for i, v in conn.execute(select(table.c.id, table.c.version))}


def test_rows_are_pending_until_the_commit_stamps_them(engine):
    with write_tx(engine) as conn:
        upsert_rows(conn, "notes", "s", [{"id": "n1"}])
        assert conn.info.get("sync_versions") is None  # no head taken while the writer works
        table = ENTITY_TABLES["notes"]
        assert conn.execute(select(table.c.version)).scalar_one() == PENDING
        upsert_rows(conn, "holds", "t", [{"id": "h1", "qty": 1}])
    assert _versions(engine, "notes") == {"n1": 1} and _versions(engine, "holds") == {"h1": 1}
    with write_tx(engine) as conn:
        upsert_rows(conn, "notes", "s", [{"id": "n2"}])
        delete_rows(conn, "notes", "s", ["n1"])
    assert _versions(engine, "notes") == {"n2": 2}
    assert _tombs(engine) == {("s", "notes", "n1", 2)}
    with read_tx(engine) as conn:
        assert {s: h.version for s, h in read_heads(conn).items()} == {"s": 2, "t": 1}


def test_stamping_early_then_writing_again_stamps_the_rest_at_commit(engine):
    with write_tx(engine) as conn:
        upsert_rows(conn, "notes", "s", [{"id": "n1"}])
        assert stamp(conn) == {"s": 1}
        assert stamp(conn) == {}  # nothing left
        upsert_rows(conn, "notes", "s", [{"id": "n2"}])  # same transaction: same version
    assert _versions(engine, "notes") == {"n1": 1, "n2": 1}


def test_a_rolled_back_savepoint_leaves_nothing_to_stamp(engine):
    with write_tx(engine) as conn:
        upsert_rows(conn, "notes", "s", [{"id": "n1"}])
        with pytest.raises(RuntimeError), conn.begin_nested():
            upsert_rows(conn, "notes", "s", [{"id": "n1", "body": "undone"}])
            upsert_rows(conn, "holds", "other", [{"id": "h1", "qty": 1}])
            raise RuntimeError
        with conn.begin_nested():
            upsert_rows(conn, "notes", "s", [{"id": "n2"}])
    assert _versions(engine, "notes") == {"n1": 1, "n2": 1} and _versions(engine, "holds") == {}
    with read_tx(engine) as conn:
        assert set(read_heads(conn)) == {"s"}  # the rolled-back scope was never bumped


def test_a_failed_transaction_leaves_nothing_pending_on_its_connection(engine):
    with pytest.raises(RuntimeError), write_tx(engine) as conn:
        upsert_rows(conn, "notes", "s", [{"id": "n1"}])
        raise RuntimeError
    with write_tx(engine) as conn:  # the pool hands the same connection out again
        upsert_rows(conn, "notes", "s", [{"id": "n2"}])
    assert _versions(engine, "notes") == {"n2": 1}
    with read_tx(engine) as conn:
        assert read_heads(conn)["s"].version == 1


def test_a_savepoint_rolled_back_after_an_early_stamp_leaves_its_rows_to_the_commit(engine):
    with write_tx(engine) as conn:
        upsert_rows(conn, "notes", "s", [{"id": "n1"}])
        with pytest.raises(RuntimeError), conn.begin_nested():
            assert stamp(conn) == {"s": 1}
            raise RuntimeError  # undoes the stamp and the head bump: n1 is pending again
    assert _versions(engine, "notes") == {"n1": 1}
    with read_tx(engine) as conn:
        assert read_heads(conn)["s"].version == 1


def test_insert_new_rows_are_stamped_and_refuse_a_duplicate(engine):
    from sqlalchemy.exc import IntegrityError

    from sync.server.versions import insert_new_rows
    with write_tx(engine) as conn:
        insert_new_rows(conn, "notes", "s", [{"id": "n1", "body": "a"}, {"id": "n2"}])
    assert _versions(engine, "notes") == {"n1": 1, "n2": 1}
    with pytest.raises(IntegrityError), write_tx(engine) as conn:
        insert_new_rows(conn, "notes", "s", [{"id": "n1"}])
    with pytest.raises(ValueError):
        with write_tx(engine) as conn:
            insert_new_rows(conn, "notes", "s", [{"id": "x", "nope": 1}])
    assert _versions(engine, "notes") == {"n1": 1, "n2": 1}
