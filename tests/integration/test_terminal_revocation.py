"""A revoked terminal wipes its cache and credentials at its next contact; enrolling again never
silently discards unsent writes."""

from __future__ import annotations

import asyncio

import pytest

from clienteling.cache import open_cache
from clienteling.security.credentials import CACHE_KEY, DEVICE_TOKEN
from clienteling.terminal import NotEnrolled, Revoked, Terminal, UnsentWrites, sync_once_command
from sync.server import admin, cli
from tests.integration.test_terminal_sync import enrolled_terminal

pytestmark = pytest.mark.asyncio


def _cache_files(config) -> list:
    path = config.cache_path
    return [p for p in path.parent.glob(path.name + "*")]


async def test_headless_sync_of_a_revoked_terminal_wipes_it(central, tmp_path):
    terminal = await enrolled_terminal(central, tmp_path)
    config, creds = terminal.config, terminal.credentials
    await terminal.replicator.sync_once()
    key = creds.get(CACHE_KEY)
    await terminal.aclose()
    assert _cache_files(config) and key

    assert cli.main(["revoke-device", "--db", central.db_url, "--device", terminal.device.device_id]) == 0
    assert cli.main(["revoke-device", "--db", central.db_url, "--device", terminal.device.device_id]) == 2
    with pytest.raises(Revoked, match="enrol it again"):
        await sync_once_command(config, creds)
    assert _cache_files(config) == []
    assert creds.get(DEVICE_TOKEN) is None and creds.get(CACHE_KEY) is None
    with pytest.raises(NotEnrolled):
        Terminal.open(config, creds)


async def test_sync_loop_stops_on_revocation_and_wipe_removes_everything(central, tmp_path):
    terminal = await enrolled_terminal(central, tmp_path)
    await terminal.replicator.sync_once()
    assert admin.revoke_device(central.engine(), terminal.device.device_id)
    stop = asyncio.Event()
    await asyncio.wait_for(terminal.replicator.run(stop), timeout=30)  # returns by itself
    assert terminal.revoked
    await terminal.wipe()
    assert _cache_files(terminal.config) == []
    assert terminal.credentials.get(DEVICE_TOKEN) is None


async def test_enrolling_again_refuses_to_drop_unsent_writes(central, tmp_path):
    terminal = await enrolled_terminal(central, tmp_path)
    await terminal.replicator.sync_once()
    hit = (await terminal.worker.run(terminal.customers.search, "a"))[0]
    await terminal.worker.run(terminal.notes.add, hit.id, "call when size M is back", "A0001")
    config, creds = terminal.config, terminal.credentials
    await terminal.aclose()

    with pytest.raises(UnsentWrites, match="1 change"):
        await Terminal.enroll(config, creds, central.url, central.enroll_code("S001"))
    # The refusal touched nothing: the unsent note is still in the cache.
    cache = open_cache(config.cache_path, creds.get(CACHE_KEY))
    with cache.read() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM outbox WHERE status = 'pending'").scalar() == 1
    cache.close()

    again = await Terminal.enroll(config, creds, central.url, central.enroll_code("S001"), force=True)
    assert (await again.stats())["outbox"]["pending"] == 0
    await again.aclose()
