"""A real terminal (encrypted cache, DbWorker, SyncClient) against a real central server on
loopback, on SQLite and PostgreSQL: bootstrap, change feed, scope isolation, reset."""

from __future__ import annotations

from pathlib import Path

import pytest

from clienteling.config import Config
from clienteling.security import MemoryCredentialStore
from clienteling.terminal import NotEnrolled, Terminal, enroll_command, sync_once_command
from sync.server import admin
from sync.server.db import write_tx
from sync.server.versions import delete_rows, purge_tombstones, upsert_rows
from tests.integration.conftest import ASSOCIATE, STORE

pytestmark = pytest.mark.asyncio


async def enrolled_terminal(central, tmp_path: Path, store: str = STORE, name: str = "term") -> Terminal:
    config = Config(data_dir=tmp_path / name)
    return await Terminal.enroll(config, MemoryCredentialStore(), central.url, central.enroll_code(store))


async def assert_converged(terminal: Terminal, central, store: str = STORE) -> dict:
    server = admin.scope_stats(central.engine(), store)["scopes"]
    mine = (await terminal.stats())["scopes"]
    assert set(mine) == set(server)
    for scope, stats in server.items():
        assert mine[scope]["entities"] == stats["entities"], scope
        assert mine[scope]["checksum"] == stats["checksum"], scope
    return mine


async def test_bootstrap_matches_server_scope_stats(fresh_central, tmp_path):
    terminal = await enrolled_terminal(fresh_central, tmp_path)
    try:
        progress = []
        terminal.replicator.on_progress = lambda *a: progress.append(a)
        report = await terminal.replicator.sync_once()
        assert report.snapshot_rows > 0
        await assert_converged(terminal, fresh_central)
        assert progress[0][0].startswith("region:")
        assert terminal.replicator.status.searchable
        hits = await terminal.worker.run(terminal.customers.search, "a")
        assert hits
        again = await terminal.worker.run(terminal.customers.search, hits[0].loyalty_number)
        assert again[0].id == hits[0].id and again[0].matched_on == "loyalty"
    finally:
        await terminal.aclose()


async def test_server_changes_and_deletes_reach_the_cache(fresh_central, tmp_path):
    terminal = await enrolled_terminal(fresh_central, tmp_path)
    try:
        await terminal.replicator.sync_once()
        region = next(s for s in terminal.device.scopes if s.startswith("region:"))
        customer = (await terminal.worker.run(terminal.customers.search, "a"))[0]
        notes = await terminal.worker.run(terminal.customers.notes, customer.id)
        with write_tx(fresh_central.engine()) as conn:
            upsert_rows(conn, "customers", region, [{"id": customer.id, "first_name": "Quetzal"}])
            upsert_rows(conn, "notes", region, [{"id": "N-int-1", "customer_id": customer.id, "body": "new",
                                                  "created_at": "2026-11-22T10:00:00Z"}])
        await terminal.replicator.pull()
        assert (await terminal.worker.run(terminal.customers.get, customer.id)).first_name == "Quetzal"
        assert [h.id for h in await terminal.worker.run(terminal.customers.search, "quetz")] == [customer.id]
        with write_tx(fresh_central.engine()) as conn:
            delete_rows(conn, "notes", region, ["N-int-1"])
            delete_rows(conn, "customers", region, [customer.id])
        await terminal.replicator.pull()
        assert await terminal.worker.run(terminal.customers.get, customer.id) is None
        assert await terminal.worker.run(terminal.customers.search, "quetz") == []
        assert len(await terminal.worker.run(terminal.customers.notes, customer.id)) == len(notes)
        await assert_converged(terminal, fresh_central)
    finally:
        await terminal.aclose()


async def test_long_poll_wakes_on_a_new_row(fresh_central, tmp_path):
    import asyncio
    terminal = await enrolled_terminal(fresh_central, tmp_path)
    try:
        await terminal.replicator.sync_once()
        region = next(s for s in terminal.device.scopes if s.startswith("region:"))
        loop = asyncio.get_running_loop()
        started = loop.time()
        poll = asyncio.ensure_future(terminal.replicator.pull(wait_s=10))
        await asyncio.sleep(0.3)

        def write():
            with write_tx(fresh_central.engine()) as conn:
                upsert_rows(conn, "notes", region, [{"id": "N-wake", "body": "wake", "customer_id": "C0000001"}])
        await loop.run_in_executor(None, write)
        changed = await asyncio.wait_for(poll, 15)
        assert changed >= 1 and loop.time() - started < 5
    finally:
        await terminal.aclose()


async def test_terminal_never_gets_other_stores_private_data(fresh_central, tmp_path):
    terminal = await enrolled_terminal(fresh_central, tmp_path)
    try:
        await terminal.replicator.sync_once()
        mine = set(terminal.device.scopes)

        def scopes_in_cache():
            with terminal.cache.read() as conn:
                found = set()
                for table in ("holds", "inventory", "customers", "orders", "notes"):
                    found |= {r[0] for r in conn.exec_driver_sql(f"SELECT DISTINCT _scope FROM {table}")}
                return found
        found = await terminal.worker.run(scopes_in_cache)
        assert found <= mine
        assert {s for s in found if s.startswith(("location:", "stock:"))} <= mine
        assert f"location:{STORE}" in mine and not any(
            s.startswith("location:") and s != f"location:{STORE}" for s in found)
    finally:
        await terminal.aclose()


async def test_purged_tombstones_reset_and_keep_the_outbox(fresh_central, tmp_path):
    terminal = await enrolled_terminal(fresh_central, tmp_path)
    try:
        await terminal.replicator.sync_once()
        region = next(s for s in terminal.device.scopes if s.startswith("region:"))
        hits = await terminal.worker.run(terminal.customers.search, "e")
        gone, keep = hits[0].id, hits[1].id
        with write_tx(fresh_central.engine()) as conn:
            delete_rows(conn, "customers", region, [gone])
            assert purge_tombstones(conn, "9999-01-01T00:00:00Z") >= 1
        # A pending local edit made before the reset must survive the re-snapshot.
        await terminal.worker.run(terminal.notes.add, keep, "kept across reset", ASSOCIATE)
        await terminal.replicator.pull()
        assert await terminal.worker.run(terminal.customers.get, gone) is None
        notes = await terminal.worker.run(terminal.customers.notes, keep)
        assert any(n.body == "kept across reset" and n.pending for n in notes)
        assert (await terminal.worker.run(terminal.outbox.counts))["pending"] == 1
        await terminal.replicator.push()
        await terminal.replicator.pull()
        assert (await terminal.worker.run(terminal.outbox.counts)) == {"pending": 0, "applied": 1, "rejected": 0}
        await assert_converged(terminal, fresh_central)
    finally:
        await terminal.aclose()


async def test_headless_commands(fresh_central, tmp_path):
    config = Config(data_dir=tmp_path / "cli", credential_store="file")
    from clienteling.security import FileCredentialStore
    creds = FileCredentialStore(config.data_dir / "credentials.json")
    with pytest.raises(NotEnrolled):
        Terminal.open(config, creds)
    info = await enroll_command(config, creds, fresh_central.url, fresh_central.enroll_code(STORE))
    assert info["store_id"] == STORE and info["scopes"]
    out = await sync_once_command(config, creds)
    server = admin.scope_stats(fresh_central.engine(), STORE)
    assert out["store_id"] == STORE and out["outbox"] == {"pending": 0, "applied": 0, "rejected": 0}
    for scope, stats in server["scopes"].items():
        assert out["scopes"][scope]["checksum"] == stats["checksum"]
        assert out["scopes"][scope]["version"] == stats["version"]
    assert out["rows"]["customers"] == server["scopes"][info["scopes"][0]]["entities"]["customers"]["rows"]
    import orjson
    orjson.dumps(out)  # JSON-able


async def test_new_server_epoch_resnapshots_and_keeps_pending(fresh_central, tmp_path):
    from sqlalchemy import update

    from sync.server.db import new_epoch
    from sync.server.models import server_meta
    terminal = await enrolled_terminal(fresh_central, tmp_path)
    try:
        await terminal.replicator.sync_once()
        customer = (await terminal.worker.run(terminal.customers.search, "a"))[0]
        await terminal.worker.run(terminal.notes.add, customer.id, "across epochs", ASSOCIATE)
        with write_tx(fresh_central.engine()) as conn:  # as after a restore: every cursor is void
            conn.execute(update(server_meta).where(server_meta.c.key == "epoch").values(value=new_epoch()))
        fetched = []
        terminal.replicator.on_progress = lambda scope, *rest: fetched.append(scope)
        report = await terminal.replicator.sync_once()
        assert set(fetched) == set(terminal.device.scopes)  # every scope downloaded again
        assert report.applied == 1
        notes = await terminal.worker.run(terminal.customers.notes, customer.id)
        assert [n.pending for n in notes if n.body == "across epochs"] == [False]
        await assert_converged(terminal, fresh_central)
    finally:
        await terminal.aclose()
