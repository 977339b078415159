"""A damaged cache file at a real terminal (encrypted cache, replicator) against the real central
service: found by a query, set aside (renamed, never deleted), rebuilt from the server, and the
write that was not sent yet is kept, sent once, and numbered after every seq already used."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import event

from clienteling.cache import CacheError
from clienteling.cache.engine import damaged_marker
from clienteling.config import Config
from clienteling.terminal import Terminal
from tests.integration.conftest import ASSOCIATE
from tests.integration.test_terminal_outbox import dead_port_url, server_count
from tests.integration.test_terminal_sync import assert_converged, enrolled_terminal

pytestmark = pytest.mark.asyncio
PAGE = 4096


def tear_root_pages(cache, tables: tuple[str, ...]) -> None:
    """Overwrite the root page of each table in the closed cache file, as a torn write would."""
    with cache.read() as conn:
        roots = [1 if t == "sqlite_master" else  # the schema's own page is the file's first
                 conn.exec_driver_sql("SELECT rootpage FROM sqlite_master WHERE name = ?", (t,)).scalar()
                 for t in tables]
    cache.close()
    with open(cache.path, "r+b") as fh:
        for root in roots:
            fh.seek((root - 1) * PAGE + 64)
            fh.write(b"\xa5" * 512)


def scan_customers(cache) -> list:
    with cache.read() as conn:
        return conn.exec_driver_sql("SELECT * FROM customers").fetchall()


async def damaged_terminal(central, tmp_path: Path, tables: tuple[str, ...] = ("customers",)
                           ) -> tuple[Terminal, list]:
    """A synced terminal with one note sent and one pending, whose customers table is then torn
    and found torn by a search; returns the closed terminal and the two notes."""
    terminal = await enrolled_terminal(central, tmp_path)
    await terminal.replicator.sync_once()
    customer = (await terminal.worker.run(terminal.customers.search, "a"))[0]
    sent = await terminal.perform(terminal.notes.add, customer.id, "sent before the damage", ASSOCIATE)
    await terminal.replicator.push()
    kept = await terminal.worker.run(terminal.notes.add, customer.id, "not sent when the disk tore", ASSOCIATE)
    await terminal.worker.run(tear_root_pages, terminal.cache, tables)
    with pytest.raises(CacheError) as err:
        await terminal.worker.run(scan_customers, terminal.cache)
    assert err.value.kind == "corrupt"
    await terminal.aclose()
    return terminal, [sent, kept]


async def test_a_damaged_cache_is_set_aside_rebuilt_and_keeps_its_unsent_write(fresh_central, tmp_path):
    old, (sent, kept) = await damaged_terminal(fresh_central, tmp_path)
    path = Path(old.config.cache_path)
    assert damaged_marker(path).exists()
    with pytest.raises(CacheError) as err:  # a plain open refuses it: the whole file is checked
        Terminal.open(old.config, old.credentials)
    assert err.value.kind == "corrupt"

    terminal = await Terminal.open_or_recover(old.config, old.credentials)
    try:
        done = terminal.recovery
        assert done is not None and (done.kept_pending, done.kept_entries, done.complete) == (1, 2, True)
        assert done.set_aside.exists() and done.set_aside.parent == path.parent  # kept, never deleted
        stats = await terminal.stats()
        assert stats["outbox"] == {"pending": 1, "applied": 1, "rejected": 0}
        assert sum(stats["rows"].values()) == 0  # everything else comes from the server again
        report = await terminal.replicator.sync_once()
        assert report.snapshot_rows > 0 and report.applied == 1
        assert server_count(fresh_central, "SELECT count(*) FROM notes WHERE id = :i", i=kept.id) == 1
        assert server_count(fresh_central, "SELECT count(*) FROM notes WHERE id = :i", i=sent.id) == 1
        customer = (await terminal.worker.run(terminal.customers.search, "a"))[0]
        later = await terminal.perform(terminal.notes.add, customer.id, "after the rebuild", ASSOCIATE)
        await terminal.replicator.push()
        entries = await terminal.worker.run(terminal.outbox.list)
        assert sorted(e.seq for e in entries) == [1, 2, 3] and all(e.status == "applied" for e in entries)
        assert server_count(fresh_central, "SELECT count(*) FROM notes WHERE id = :i", i=later.id) == 1
        await terminal.replicator.pull()
        await assert_converged(terminal, fresh_central)
    finally:
        await terminal.aclose()


async def test_a_torn_outbox_waits_for_the_server_then_never_reuses_a_seq(fresh_central, tmp_path):
    old, (sent, _kept) = await damaged_terminal(fresh_central, tmp_path, tables=("customers", "outbox"))
    path = Path(old.config.cache_path)
    offline = Config(data_dir=old.config.data_dir, server_url=dead_port_url(), request_timeout_s=2)
    with pytest.raises(CacheError) as err:  # the file no longer tells every seq it used
        await Terminal.open_or_recover(offline, old.credentials)
    assert "cannot be rebuilt until the central service can be reached" in err.value.message
    assert path.exists() and not list(path.parent.glob("*.damaged-*"))  # nothing moved
    terminal = await Terminal.open_or_recover(old.config, old.credentials)
    try:
        assert terminal.recovery is not None and terminal.recovery.complete is False
        await terminal.replicator.sync_once()
        customer = (await terminal.worker.run(terminal.customers.search, "a"))[0]
        await terminal.perform(terminal.notes.add, customer.id, "after a torn outbox", ASSOCIATE)
        pending = await terminal.worker.run(terminal.outbox.list, "pending")
        assert [e.seq for e in pending] == [3]  # above the server's last_seq and the old file's sequence
        assert server_count(fresh_central, "SELECT count(*) FROM notes WHERE id = :i", i=sent.id) == 1
    finally:
        await terminal.aclose()


async def test_enrolling_again_sets_an_unreadable_cache_aside_instead_of_deleting_it(fresh_central, tmp_path):
    old = await enrolled_terminal(fresh_central, tmp_path)
    await old.worker.run(tear_root_pages, old.cache, ("sqlite_master",))  # page 1: opens as "wrong key"
    await old.aclose()
    path = Path(old.config.cache_path)
    torn = path.read_bytes()
    with pytest.raises(CacheError) as err:
        Terminal.open(old.config, old.credentials)
    assert err.value.kind == "wrong_key"
    code = fresh_central.enroll_code("S001")
    again = await Terminal.enroll(old.config, old.credentials, fresh_central.url, code)
    try:
        aside = list(path.parent.glob("cache.db.damaged-*"))
        assert [p.read_bytes() for p in aside if not p.name.endswith(("-wal", "-shm"))] == [torn]
        await again.replicator.sync_once()
        await assert_converged(again, fresh_central)
    finally:
        await again.aclose()


async def test_a_full_disk_stops_the_download_with_a_clear_status_and_loses_nothing(fresh_central, tmp_path):
    terminal = await enrolled_terminal(fresh_central, tmp_path)
    engine = terminal.cache.engine
    try:
        await terminal.worker.run(engine.dispose)

        def full(dbapi_conn, _record):  # SQLite's own limit: the file can grow by two pages, no more
            pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
            dbapi_conn.execute(f"PRAGMA max_page_count = {pages + 2}")
        event.listen(engine, "connect", full)
        with pytest.raises(CacheError) as err:
            await terminal.replicator.sync_once()
        assert err.value.kind == "disk_full"
        async with terminal.replicator.running():  # the app's loop reports it and keeps trying
            for _ in range(100):
                if terminal.replicator.status.last_error_kind == "disk_full":
                    break
                await asyncio.sleep(0.05)
        status = terminal.replicator.status
        assert status.last_error_kind == "disk_full" and "disk is full" in status.last_error
        event.remove(engine, "connect", full)
        await terminal.worker.run(engine.dispose)  # space again
        await terminal.replicator.sync_once()
        await assert_converged(terminal, fresh_central)
    finally:
        await terminal.aclose()


async def test_offline_a_damaged_file_that_tells_enough_is_rebuilt_from_its_own_record(fresh_central, tmp_path):
    old, (_sent, kept) = await damaged_terminal(fresh_central, tmp_path)
    offline = Config(data_dir=old.config.data_dir, server_url=dead_port_url(), request_timeout_s=2)
    terminal = await Terminal.open_or_recover(offline, old.credentials)
    try:
        assert terminal.recovery is not None and terminal.recovery.kept_pending == 1
        assert terminal.device.device_id == old.device.device_id
        customer_id = kept.customer_id  # not in the new cache yet: write about a known customer later
        assert (await terminal.stats())["outbox"]["pending"] == 1
    finally:
        await terminal.aclose()
    online = await Terminal.open_or_recover(old.config, old.credentials)
    try:
        assert online.recovery is None  # the new file is healthy
        report = await online.replicator.sync_once()
        assert report.applied == 1
        await online.perform(online.notes.add, customer_id, "numbered after the old file", ASSOCIATE)
        assert [e.seq for e in await online.worker.run(online.outbox.list, "pending")] == [3]
        assert server_count(fresh_central, "SELECT count(*) FROM notes WHERE id = :i", i=kept.id) == 1
    finally:
        await online.aclose()
