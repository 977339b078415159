"""Upgrades keep the cache: a cache in the layout an older release made (frozen in
tests/fixtures/cache_schema_v<N>.json by tests/fixtures/dump_cache_schema.py), holding a real synced
store and unsent changes, opened by the current code: migrated without losing rows or the outbox, and
its pending changes still reach a real central service."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlcipher

from clienteling.cache import fts, repos
from clienteling.cache.schema import CUSTOMER_KEY, ENTITY_TABLES, MIGRATIONS, schema_version
from clienteling.config import Config
from clienteling.security.credentials import CACHE_KEY, MemoryCredentialStore
from clienteling.terminal import Terminal
from tests.helpers.central import seeded_db_url, start_central
from tests.integration.conftest import ASSOCIATE, STORE
from tests.integration.test_terminal_outbox import customer_with_points, server_count
from tests.integration.test_terminal_sync import assert_converged

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
LAYOUTS = sorted(FIXTURES.glob("cache_schema_v*.json"))


@pytest.fixture(scope="module")
def central(tmp_path_factory):
    server = start_central(seeded_db_url("sqlite", tmp_path_factory.mktemp("central")))
    yield server
    server.stop()


def _connect(path: Path, key: str) -> sqlcipher.Connection:
    conn = sqlcipher.connect(str(path), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key}'\"")
    fts.register_functions(conn)  # the customer triggers call them
    return conn


def _columns(conn: sqlcipher.Connection, schema: str, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f'PRAGMA {schema}.table_info("{table}")')]


def _layout(conn: sqlcipher.Connection) -> list[list[str]]:
    return [list(row) for row in conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL "
        "AND name NOT LIKE 'sqlite_%' ORDER BY rowid")]


def write_old_cache(layout: dict, source: Path, target: Path, key: str) -> None:
    """``target``: the frozen layout, filled with the rows of ``source`` (a current cache) that fit
    it, as the old release would have stored them."""
    conn = _connect(target, key)
    try:
        for _kind, name, _table, sql in layout["objects"]:
            # A virtual table creates its shadow tables itself.
            if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone():
                conn.execute(sql)
        assert _layout(conn) == layout["objects"], "the old layout was not reproduced exactly"
        conn.execute(f"ATTACH DATABASE ? AS cur KEY \"x'{key}'\"", (str(source),))
        virtual = [name for _kind, name, _table, sql in layout["objects"] if sql.startswith("CREATE VIRTUAL")]
        tables = [name for kind, name, _table, _sql in layout["objects"] if kind == "table"
                  and name not in virtual and not name.startswith(tuple(f"{v}_" for v in virtual))]
        conn.execute("BEGIN")
        # cache_meta first: it says whether the customer triggers fill the full-text index.
        for table in sorted(tables, key=lambda t: t != "cache_meta"):
            old = _columns(conn, "main", table)
            shared = ", ".join(f'"{c}"' for c in old if c in _columns(conn, "cur", table))
            # The old release indexed outbox entries by the rows they touch, not by their customer.
            only = f" WHERE entity <> '{CUSTOMER_KEY}'" if table == "outbox_keys" else ""
            conn.execute(f'INSERT INTO main."{table}" ({shared}) SELECT {shared} FROM cur."{table}"{only}')
        conn.execute(f"PRAGMA user_version = {layout['user_version']}")
        conn.execute("COMMIT")
        conn.execute("DETACH DATABASE cur")
    finally:
        conn.close()


def _move_cache(path: Path, to: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        old = path.with_name(path.name + suffix)
        if old.exists():
            old.rename(to.with_name(to.name + suffix))


def _rows(path: Path, key: str, sql: str) -> list[tuple]:
    conn = _connect(path, key)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _read(terminal: Terminal, fn):
    with terminal.cache.read() as conn:
        return fn(conn)


def test_the_previous_schema_version_has_a_frozen_layout():
    previous = FIXTURES / f"cache_schema_v{len(MIGRATIONS) - 1}.json"
    assert previous.exists(), (f"{previous.name} is missing: freeze the layout of the last release before the "
                               "newest migration step with tests/fixtures/dump_cache_schema.py (see its docstring)")
    assert json.loads(previous.read_text(encoding="utf-8"))["user_version"] == len(MIGRATIONS) - 1


@pytest.mark.asyncio
@pytest.mark.parametrize("layout_file", LAYOUTS, ids=[p.stem for p in LAYOUTS])
async def test_an_old_cache_is_migrated_keeping_its_rows_and_unsent_changes(central, tmp_path, layout_file):
    layout = json.loads(layout_file.read_text(encoding="utf-8"))
    config, creds = Config(data_dir=tmp_path / "term"), MemoryCredentialStore()
    terminal = await Terminal.enroll(config, creds, central.url, central.enroll_code(STORE))
    try:
        await terminal.replicator.sync_once()
        customer = await customer_with_points(terminal, 1)
        sent = await terminal.worker.run(terminal.notes.add, customer.id, "sent before the upgrade", ASSOCIATE)
        await terminal.replicator.push()
        note = await terminal.worker.run(terminal.notes.add, customer.id, "waiting across the upgrade", ASSOCIATE)
        await terminal.worker.run(terminal.loyalty.redeem, customer.id, 1, "upgrade treat", ASSOCIATE)
    finally:
        await terminal.aclose()

    key, cache = creds.get(CACHE_KEY), Path(config.cache_path)
    current = tmp_path / "made-by-this-release.db"
    _move_cache(cache, current)
    write_old_cache(layout, current, cache, key)
    entities = [name for kind, name, _table, _sql in layout["objects"] if kind == "table" and name in ENTITY_TABLES]
    counts = {t: _rows(current, key, f'SELECT count(*) FROM "{t}"')[0][0] for t in entities}
    assert counts["customers"] and counts["orders"] and counts["order_lines"] and counts["notes"]
    outbox_before = _rows(current, key, "SELECT * FROM outbox ORDER BY seq")
    assert _rows(current, key, "SELECT status FROM outbox ORDER BY seq") == [("applied",), ("pending",), ("pending",)]
    old_columns = {t: [r[1] for r in _rows(cache, key, f'PRAGMA table_info("{t}")')] for t in entities}
    assert _rows(cache, key, "PRAGMA user_version") == [(layout["user_version"],)]
    assert _rows(cache, key, "SELECT * FROM outbox ORDER BY seq") == outbox_before

    upgraded = Terminal.open(config, creds)  # the current code migrates the file on open
    try:
        def inspect(conn):
            return {"version": schema_version(conn),
                    "counts": {t: conn.exec_driver_sql(f'SELECT count(*) FROM "{t}"').scalar() for t in entities},
                    "outbox": [tuple(r) for r in conn.exec_driver_sql("SELECT * FROM outbox ORDER BY seq")],
                    "pending for customer": repos.pending_count_for_customer(conn, customer.id),
                    "columns": {t: [r[1] for r in conn.exec_driver_sql(f'PRAGMA table_info("{t}")')]
                                for t in ENTITY_TABLES},
                    "refetch": {r[0] for r in conn.exec_driver_sql("SELECT snapshot_done FROM sync_state")}}

        after = await upgraded.worker.run(lambda: _read(upgraded, inspect))
        assert after["version"] == len(MIGRATIONS)
        assert after["counts"] == counts
        assert after["outbox"] == [tuple(r) for r in outbox_before]
        assert after["pending for customer"] == 2  # the customer index of the outbox was built
        for name, table in ENTITY_TABLES.items():  # tables and columns added since that release
            assert sorted(after["columns"][name]) == sorted(table.columns.keys()), name
        grown = any(set(after["columns"][t]) - set(old_columns[t]) for t in entities)
        assert after["refetch"] == ({0} if grown else {1})  # new columns are filled by a fresh snapshot
        found = await upgraded.worker.run(upgraded.customers.search, customer.loyalty_number)
        assert [c.id for c in found][:1] == [customer.id]  # the full-text index came through

        await upgraded.replicator.sync_once()
        assert (await upgraded.worker.run(upgraded.outbox.counts)) == {"pending": 0, "applied": 3, "rejected": 0}
        assert server_count(central, "SELECT count(*) FROM notes WHERE id IN (:a, :b)", a=sent.id, b=note.id) == 2
        assert server_count(central, "SELECT count(*) FROM loyalty_ledger WHERE customer_id = :c "
                                     "AND description = 'upgrade treat'", c=customer.id) == 1
        await assert_converged(upgraded, central)
    finally:
        await upgraded.aclose()

