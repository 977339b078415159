"""The encrypted cache: key handling, error translation, migrations.

Also holds the small row builders the other cache tests import (``make_cache``, ``row``, ``load``).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlcipher

from clienteling.cache import CacheError, open_cache, rows, state
from clienteling.cache import schema
from sync.entities import ENTITIES

KEY = "0f" * 32
REGION = "region:bay"


def row(entity: str, id: str, version: int | None = 1, **values) -> list:
    """A wire row (entity columns + _version) with sensible defaults."""
    defaults = {"points": 0, "lifetime_value_cents": 0, "qty": 1, "price_cents": 100, "returned_qty": 0,
                "picked_qty": 0, "total_cents": 100, "item_count": 1, "on_hand": 1, "reserved": 0}
    cols = ENTITIES[entity].column_names
    data = {c: defaults.get(c) for c in cols}
    data.update(id=id, **values)
    return [data[c] for c in cols] + [version]


def load(cache, entity: str, scope: str, *rows_: list) -> None:
    """Insert server rows as a finished snapshot would."""
    with cache.write() as conn:
        rows.bulk_replace(conn, entity, scope, [list(r) for r in rows_])
        if entity == "customers":
            from clienteling.cache import fts
            fts.rebuild(conn)


def make_cache(tmp_path: Path, store_id: str = "S1"):
    cache = open_cache(tmp_path / "cache.db", KEY)
    with cache.write() as conn:
        state.save_device(conn, device_id="D1", store_id=store_id, store_name="Heights", region="bay",
                          scopes=[REGION, "catalog", f"location:{store_id}", f"stock:{store_id}"],
                          server_url="http://127.0.0.1:1", server_epoch="e1")
        state.ensure_scopes(conn, [REGION, "catalog", f"location:{store_id}", f"stock:{store_id}"])
    return cache


def fetch(cache, sql: str, *params):
    with cache.read() as conn:
        return conn.exec_driver_sql(sql, params).fetchall()


def test_file_is_encrypted_and_needs_the_key(tmp_path):
    cache = make_cache(tmp_path)
    load(cache, "customers", REGION, row("customers", "C1", first_name="Zoë", email="zoe.secret@example.com"))
    cache.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("cache.db"))
    assert b"zoe.secret" not in raw and b"SQLite format 3" not in raw
    with pytest.raises(CacheError) as err:
        open_cache(tmp_path / "cache.db", "1f" * 32)
    assert err.value.kind == "wrong_key"
    plain = sqlite3.connect(tmp_path / "cache.db")
    with pytest.raises(sqlite3.DatabaseError):
        plain.execute("SELECT * FROM customers").fetchall()
    plain.close()
    again = open_cache(tmp_path / "cache.db", KEY)
    assert fetch(again, "SELECT email FROM customers") == [("zoe.secret@example.com",)]
    again.close()


def test_unencrypted_or_truncated_file_is_corrupt(tmp_path):
    plain = tmp_path / "plain.db"
    sqlite3.connect(plain).execute("CREATE TABLE t(x)").connection.commit()
    with pytest.raises(CacheError) as err:
        open_cache(plain, KEY)
    assert err.value.kind == "corrupt"
    cache = make_cache(tmp_path)
    cache.close()
    data = (tmp_path / "cache.db").read_bytes()
    (tmp_path / "cache.db").write_bytes(data[:1500])
    for suffix in ("-wal", "-shm"):
        (tmp_path / f"cache.db{suffix}").unlink(missing_ok=True)
    with pytest.raises(CacheError) as err:
        open_cache(tmp_path / "cache.db", KEY)
    assert err.value.kind in ("corrupt", "wrong_key")


def test_bad_key_format_is_refused(tmp_path):
    with pytest.raises(ValueError):
        open_cache(tmp_path / "c.db", "not-hex")


def test_migrations_are_versioned_and_idempotent(tmp_path):
    cache = make_cache(tmp_path)
    with cache.read() as conn:
        assert schema.schema_version(conn) == len(schema.MIGRATIONS)
    cache.close()
    cache = open_cache(tmp_path / "cache.db", KEY)  # no step runs twice
    with cache.write() as conn:
        assert schema.migrate(conn) == []
        with pytest.raises(CacheError) as err:
            schema.migrate(conn, steps=[])  # the file is newer than the app
    assert err.value.kind == "incompatible"
    cache.close()


def test_extra_step_runs_once(tmp_path):
    cache = make_cache(tmp_path)
    calls = []
    steps = schema.MIGRATIONS + [lambda conn: calls.append(conn.exec_driver_sql("CREATE TABLE extra(x)"))]
    with cache.write() as conn:
        schema.migrate(conn, steps)
        schema.migrate(conn, steps)
        assert schema.schema_version(conn) == len(steps)
    assert len(calls) == 1
    cache.close()


def test_a_new_entity_column_is_added_and_scopes_resnapshot(tmp_path):
    cache = make_cache(tmp_path)
    with cache.write() as conn:
        state.save_scope(conn, REGION, snapshot_done=True, changes_cursor="c")
        conn.exec_driver_sql("ALTER TABLE notes DROP COLUMN body")  # as if the column were new
        changes = schema.reconcile_entities(conn)
        assert changes == ["column notes.body"]
        assert not state.get_scope(conn, REGION).snapshot_done
    cache.close()


def test_sqlite_errors_are_translated(tmp_path):
    from clienteling.cache.errors import classify
    cases = {"database or disk is full": "disk_full", "attempt to write a readonly database": "readonly",
             "database is locked": "locked", "database disk image is malformed": "corrupt",
             "file is not a database": "wrong_key", "disk I/O error": "io", "no such table: x": None}
    for message, kind in cases.items():
        assert classify(sqlcipher.OperationalError(message)) == kind


def test_readonly_file_is_a_cache_error(tmp_path):
    cache = make_cache(tmp_path)
    cache.close()
    ro = open_cache(tmp_path / "cache.db", KEY)
    ro.engine.dispose()
    import os
    os.chmod(tmp_path / "cache.db", 0o400)
    try:
        if os.access(tmp_path / "cache.db", os.W_OK):
            pytest.skip("running as a user that ignores file permissions")
        with pytest.raises(CacheError):
            with ro.write() as conn:
                conn.exec_driver_sql("INSERT INTO device VALUES ('k', 'v')")
    finally:
        os.chmod(tmp_path / "cache.db", 0o600)
        ro.close()


def test_write_rolls_back_on_error(tmp_path):
    cache = make_cache(tmp_path)
    with pytest.raises(RuntimeError):
        with cache.write() as conn:
            conn.exec_driver_sql("INSERT INTO device VALUES ('k', 'v')")
            raise RuntimeError("boom")
    assert fetch(cache, "SELECT * FROM device WHERE key = 'k'") == []
    cache.close()
