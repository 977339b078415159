"""Fleet health: real terminals report their version, outbox, last sync and cache age in the
headers of the requests they already make; ``clienteling-central devices`` lists them and flags
stale, failing and revoked ones. SQLite and PostgreSQL."""

from __future__ import annotations

import time
from datetime import timedelta

import httpx
import orjson
import pytest
from sqlalchemy import select, update

from clienteling import __version__
from clienteling.config import Config
from clienteling.terminal import Terminal
from sync import protocol as p
from sync.server import admin, cli, clock
from sync.server.db import read_tx, write_tx
from sync.server.heartbeats import FLUSH_S
from sync.server.models import devices
from tests.integration.conftest import ASSOCIATE, enroll_device
from tests.integration.test_terminal_outbox import dead_port_url
from tests.integration.test_terminal_sync import enrolled_terminal


def listed(central, capsys, *extra: str) -> dict[str, dict]:
    """``devices --json`` by device id."""
    assert cli.main(["devices", "--db", central.db_url, "--json", *extra]) == 0
    return {d["device_id"]: d for d in orjson.loads(capsys.readouterr().out)}


def set_last_seen(central, device_id: str, when: str) -> None:
    with write_tx(central.engine()) as conn:
        conn.execute(update(devices).where(devices.c.id == device_id).values(last_seen_at=when))


def last_seen(central, device_id: str) -> str:
    with read_tx(central.engine()) as conn:
        return conn.execute(select(devices.c.last_seen_at).where(devices.c.id == device_id)).scalar_one()


@pytest.mark.asyncio
async def test_a_terminal_reports_its_health_and_an_offline_write_shows_as_outbox_depth(
        fresh_central, tmp_path, capsys):
    terminal = await enrolled_terminal(fresh_central, tmp_path)
    device_id = terminal.device.device_id
    try:
        await terminal.replicator.sync_once()
        await terminal.replicator.refresh_device()  # any later call reports the sync it just made
        customer = (await terminal.worker.run(terminal.customers.search, "a"))[0]
    finally:
        await terminal.aclose()
    got = listed(fresh_central, capsys)[device_id]
    assert (got["store_id"], got["app_version"], got["flags"]) == ("S001", __version__, ["ok"])
    assert (got["outbox_pending"], got["outbox_rejected"], got["last_error"]) == (0, 0, None)
    assert got["last_sync_at"] is not None and got["last_sync_at"] <= clock.now_iso()
    assert 0 <= got["cache_age_s"] < 24 * 3600

    config, creds = terminal.config, terminal.credentials
    offline = Terminal.open(Config(data_dir=config.data_dir, server_url=dead_port_url(), request_timeout_s=2), creds)
    try:
        offline.client.attempts = 1
        await offline.worker.run(offline.notes.add, customer.id, "written offline", ASSOCIATE)
        with pytest.raises(Exception) as err:
            await offline.replicator.sync_once()
        assert getattr(err.value, "kind", None) == "offline"
    finally:
        await offline.aclose()
    assert listed(fresh_central, capsys)[device_id]["outbox_pending"] == 0  # the server could not know

    online = Terminal.open(config, creds)
    try:
        await online.replicator.refresh_counts()
        await online.replicator.refresh_device()  # back in reach, nothing pushed yet
        assert listed(fresh_central, capsys)[device_id]["outbox_pending"] == 1
        await online.replicator.sync_once()  # pushes, then pulls with an empty outbox
        assert listed(fresh_central, capsys)[device_id]["outbox_pending"] == 0
    finally:
        await online.aclose()

    assert cli.main(["devices", "--db", fresh_central.db_url]) == 0
    line = next(ln for ln in capsys.readouterr().out.splitlines() if ln.startswith(device_id))
    assert "S001" in line and __version__ in line and "outbox 0/0" in line and line.endswith(" ok")


@pytest.mark.asyncio
async def test_a_rejected_write_flags_the_terminal_failing(fresh_central, tmp_path, capsys):
    terminal = await enrolled_terminal(fresh_central, tmp_path)
    try:
        await terminal.replicator.sync_once()
        customer = (await terminal.worker.run(terminal.customers.search, "e"))[0]
        admin.erase_customer(fresh_central.engine(), customer.id)
        await terminal.worker.run(terminal.notes.add, customer.id, "about an erased customer", ASSOCIATE)
        report = await terminal.replicator.sync_once()
        assert report.rejected == 1
    finally:
        await terminal.aclose()
    got = listed(fresh_central, capsys)[terminal.device.device_id]
    assert (got["outbox_pending"], got["outbox_rejected"], got["flags"]) == (0, 1, ["failing"])


def test_stale_revoked_and_silent_devices(central, capsys):
    quiet, gone, old = (enroll_device(central) for _ in range(3))
    try:
        set_last_seen(central, old.id, clock.iso(clock.now() - timedelta(hours=2)))
        assert admin.revoke_device(central.engine(), gone.id)
        got = listed(central, capsys)
        # A client that sends no health headers is still seen; what it never reported stays unknown.
        assert got[quiet.id]["flags"] == ["ok"]
        assert {k: got[quiet.id][k] for k in ("outbox_pending", "last_sync_at", "cache_age_s")} == \
            {"outbox_pending": None, "last_sync_at": None, "cache_age_s": None}
        assert got[gone.id]["flags"] == ["revoked"] and got[gone.id]["revoked_at"]
        assert got[old.id]["flags"] == ["stale"]
        assert listed(central, capsys, "--stale-after-minutes", "180")[old.id]["flags"] == ["ok"]
        assert old.http.get("/v1/device").status_code == 200  # seen again: no longer stale
        assert listed(central, capsys)[old.id]["flags"] == ["ok"]
    finally:
        for dev in (quiet, gone, old):
            dev.http.close()
    assert cli.main(["devices", "--db", central.db_url, "--stale-after-minutes", "0"]) == 2
    assert "--stale-after-minutes must be above 0" in capsys.readouterr().err


def test_reported_values_are_validated_and_clipped(central, capsys):
    dev = enroll_device(central)
    try:
        hostile = {p.HEALTH_VERSION: "1.0;DROP TABLE", p.HEALTH_OUTBOX_PENDING: "-3",
                   p.HEALTH_OUTBOX_REJECTED: "99999999999999999999", p.HEALTH_LAST_SYNC: "2999-01-01T00:00:00Z",
                   p.HEALTH_CACHE_AGE: "99999999999", p.HEALTH_LAST_ERROR: "Jane Doe <jane@example.com>"}
        assert dev.http.get("/v1/device", headers=hostile).status_code == 200  # health never fails a call
        got = listed(central, capsys)[dev.id]
        assert got["app_version"] == ""  # from enrolment; the malformed version was ignored
        assert (got["outbox_pending"], got["outbox_rejected"]) == (None, p.HEALTH_MAX_COUNT)
        assert got["last_sync_at"] <= clock.now_iso()  # a future time counts as now
        assert p.HEALTH_MAX_AGE_S <= got["cache_age_s"] < p.HEALTH_MAX_AGE_S + 24 * 3600
        assert got["last_error"] is None
        failing = {p.HEALTH_VERSION: "2.0.1", p.HEALTH_OUTBOX_PENDING: "4", p.HEALTH_LAST_ERROR: "disk_full"}
        assert dev.http.get("/v1/device", headers=failing).status_code == 200
        got = listed(central, capsys)[dev.id]
        assert (got["app_version"], got["outbox_pending"], got["last_error"]) == ("2.0.1", 4, "disk_full")
        assert got["flags"] == ["failing"]
    finally:
        dev.http.close()


def test_unchanged_health_is_written_at_most_once_a_minute(central):
    dev = enroll_device(central)
    report = {p.HEALTH_VERSION: "1.2.3", p.HEALTH_OUTBOX_PENDING: "0", p.HEALTH_LAST_ERROR: p.HEALTH_NO_ERROR}
    try:
        assert dev.http.get("/v1/device", headers=report).status_code == 200
        future = clock.iso(clock.now() + timedelta(hours=1))  # "seen" in the future: never due
        set_last_seen(central, dev.id, future)
        for _ in range(3):
            assert dev.http.get("/v1/device", headers=report).status_code == 200
        assert last_seen(central, dev.id) == future  # nothing changed: no write
        assert dev.http.get("/v1/device", headers={**report, p.HEALTH_OUTBOX_PENDING: "2"}).status_code == 200
        assert last_seen(central, dev.id) <= clock.now_iso()  # a new outbox depth is written at once
    finally:
        dev.http.close()


@pytest.mark.asyncio
async def test_a_broken_health_report_never_stops_a_call(central, caplog):
    from sync.client import SyncClient

    dev = enroll_device(central)
    dev.http.close()

    def broken() -> dict[str, str]:
        raise RuntimeError("bug in the report")

    client = SyncClient(central.url, token=dev.token, attempts=1, health_report=broken)
    try:
        assert (await client.device()).device_id == dev.id
        assert "the health report failed" in caplog.text
        client.health_report = lambda: {p.HEALTH_VERSION: "3.0", p.HEALTH_OUTBOX_PENDING: "7\n",
                                        p.HEALTH_OUTBOX_REJECTED: "1"}
        await client.device()  # the value with a line break is left out, the others go
    finally:
        await client.aclose()
    with read_tx(central.engine()) as conn:
        row = conn.execute(select(devices).where(devices.c.id == dev.id)).mappings().one()
    assert (row["app_version"], row["outbox_pending"], row["outbox_rejected"]) == ("3.0", None, 1)


def test_a_busy_device_is_seen_in_batches_and_one_back_from_away_at_once(central):
    dev = enroll_device(central)
    try:
        report = {p.HEALTH_VERSION: "1.2.3", p.HEALTH_OUTBOX_PENDING: "0", p.HEALTH_LAST_ERROR: p.HEALTH_NO_ERROR,
                  p.HEALTH_LAST_SYNC: "2026-01-01T00:00:00Z"}
        assert dev.http.get("/v1/device", headers=report).status_code == 200
        two_minutes_ago = clock.iso(clock.now() - timedelta(minutes=2))
        set_last_seen(central, dev.id, two_minutes_ago)
        synced_now = clock.now_iso()
        assert dev.http.get("/v1/device", headers={**report, p.HEALTH_LAST_SYNC: synced_now}).status_code == 200
        assert last_seen(central, dev.id) == two_minutes_ago  # not written by the request itself
        deadline = time.monotonic() + FLUSH_S + 10
        while last_seen(central, dev.id) == two_minutes_ago:  # the next batch writes it
            assert time.monotonic() < deadline, "the last-seen time was never written"
            time.sleep(0.2)
        assert two_minutes_ago < last_seen(central, dev.id) <= clock.now_iso()
        with read_tx(central.engine()) as conn:
            synced = conn.execute(select(devices.c.last_sync_at).where(devices.c.id == dev.id)).scalar_one()
        assert synced == synced_now  # the reported sync time came with it
        set_last_seen(central, dev.id, clock.iso(clock.now() - timedelta(hours=1)))
        assert dev.http.get("/v1/device", headers=report).status_code == 200
        assert last_seen(central, dev.id) > two_minutes_ago  # back from away: at once
    finally:
        dev.http.close()
