"""Crash safety: a real headless terminal in a child process, killed with SIGKILL hundreds of times
against one real central service, loses nothing, applies nothing twice, and resumes its bootstrap.

Each cycle runs ``tests/helpers/crash_child.run`` in a new process (forked by a multiprocessing
forkserver that imported the app once) on the same data folder. The child opens the encrypted
cache, makes a few writes (note, loyalty redemption, hold) through the real services and syncs;
it is killed at a named point (during a snapshot page, between a local commit and its push,
between the push and its ack, in the middle of recording an ack; see the child's docstring) or at
a random time. Two terminals are enrolled in turn; some cycles reset every scope so that the
re-download is killed too.

After every restart: the cache opens and ``PRAGMA quick_check`` says ok; every write reported
committed so far is still in the outbox; a partly downloaded scope continues from its saved
cursor (the first page asked for starts at the rows the cache had saved, that count never goes
back, and at most the two pages in flight at the kill are fetched again). At the end: the
outbox and the server's mutation log of each device hold the same (id, seq, status) entries,
seqs 1..N without a gap; every reported write is there exactly once with its row; no note or
redemption text is on the server twice; every outbox drains; the caches equal the server.

Environment: ``CRASH_KILLS`` (default 200) kills in total; ``CRASH_SEED`` (default 9) the plan's
random seed; ``CRASH_REPORT=path`` writes the figures as JSON; ``CRASH_DB=postgresql`` runs the
central service on PostgreSQL (SQLite by default); ``CRASH_DEBUG=1`` prints each cycle.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
import random
import time
from collections import Counter
from pathlib import Path
from typing import Any

import orjson
import pytest
from sqlalchemy import bindparam, text

from clienteling.config import Config
from clienteling.security import MemoryCredentialStore
from clienteling.security.credentials import CACHE_KEY, DEVICE_TOKEN
from clienteling.terminal import Terminal
from sync.server.db import read_tx
from tests.helpers.central import seeded_db_url, start_central
from tests.helpers import crash_child
from tests.helpers.crash_child import POINTS
from tests.integration.conftest import ASSOCIATE, STORE
from tests.integration.test_terminal_sync import assert_converged

KILLS = int(os.environ.get("CRASH_KILLS", "200"))
SEED = int(os.environ.get("CRASH_SEED", "9"))
DB_KIND = os.environ.get("CRASH_DB", "sqlite")
PAGE_ROWS = 100
"""Small snapshot pages, so that a bootstrap has enough pages to be killed in the middle."""
ENTITY_OF = {"note.add": ("notes", "note_id"), "loyalty.redeem": ("loyalty_ledger", "ledger_id"),
             "hold.create": ("holds", "hold_id")}


class Device:
    """One enrolled data folder and what the harness knows about it."""

    def __init__(self, name: str, data_dir: Path, token: str, key: str, device_id: str) -> None:
        self.name, self.data_dir, self.token, self.key, self.device_id = name, data_dir, token, key, device_id
        self.bootstrapped = False
        self.committed: dict[str, dict] = {}  # row id -> committed event
        self.last_committed: dict[str, int] = {}  # scope -> rows of the last page reported committed
        self.outbox: dict[str, Any] = {}  # mutation id -> local outbox row, after the final sync
        self.last_fetched: dict[str, list[tuple[int, int]]] = {}  # scope -> pages of the last run


class Harness:
    """Plans cycles, runs and kills children, checks each restart, keeps the figures."""

    def __init__(self, central: Any, tmp_path: Path, seed: int = 9) -> None:
        self.central, self.tmp = central, tmp_path
        self.rng = random.Random(seed)
        self.ctx = multiprocessing.get_context("forkserver")
        self.ctx.set_forkserver_preload(["tests.helpers.crash_child"])
        self.cycle = 0
        self.kills: Counter[str] = Counter()
        self.figures: Counter[str] = Counter()
        self.devices: list[Device] = []

    # ----- setup ----------------------------------------------------------------------------------

    def enroll(self, name: str) -> Device:
        creds = MemoryCredentialStore()
        config = Config(data_dir=self.tmp / name)

        async def go() -> str:
            terminal = await Terminal.enroll(config, creds, self.central.url, self.central.enroll_code(STORE))
            await terminal.aclose()
            return terminal.device.device_id
        device_id = asyncio.run(go())
        device = Device(name, config.data_dir, creds.get(DEVICE_TOKEN), creds.get(CACHE_KEY), device_id)
        self.devices.append(device)
        self.figures["bootstraps"] += 1
        return device

    # ----- one cycle ------------------------------------------------------------------------------

    def plan(self, device: Device) -> tuple[dict[str, Any], float | None]:
        """What the next child does and where it dies (a named point, or a delay for a random kill)."""
        rng = self.rng
        plan: dict[str, Any] = {"cycle": self.cycle, "data_dir": str(device.data_dir), "token": device.token,
                                "key": device.key, "page_rows": PAGE_ROWS, "associate": ASSOCIATE,
                                "writes": rng.randint(1, 3), "kill": None,
                                "events": str(self.tmp / "events" / f"{self.cycle}.jsonl")}
        if device.bootstrapped and rng.random() < 0.03:
            plan["reset"] = True  # the server said "reset": every scope is downloaded again
            device.bootstrapped = False
            device.last_committed.clear()
            self.figures["bootstraps"] += 1
        if not device.bootstrapped:
            point = rng.choice(["snapshot.mid_page", "snapshot.page_done", "snapshot.page_done", "random"])
            nth = rng.randint(1, 6)
        else:
            point = rng.choice(["write.committed", "push.before_send", "push.sent", "ack.mid", "random"])
            nth = rng.randint(1, plan["writes"]) if point in ("write.committed", "ack.mid") else 1
        if point == "random":
            return plan, rng.uniform(0.05, 0.8)
        plan["kill"] = [point, nth]
        return plan, None

    def run_cycle(self, device: Device) -> None:
        plan, delay = self.plan(device)
        proc = self.ctx.Process(target=crash_child.run, args=(plan,), daemon=True)
        t0 = time.time()
        proc.start()
        killed_here = False
        if delay is not None:
            proc.join(delay)
            if proc.is_alive():
                proc.kill()
                killed_here = True
        proc.join(60)
        assert not proc.is_alive(), f"cycle {self.cycle}: the child hangs"
        killed_here = killed_here and proc.exitcode == -9  # not when it ended just before the kill
        events = _read(Path(plan["events"]))
        if os.environ.get("CRASH_DEBUG"):
            print(self.cycle, plan["kill"], delay, "start latency", events and round(events[0]["at"] - t0, 3),
                  "child ms", events and events[-1]["ms"], "total", round(time.time() - t0, 3), events[-1:])
        self.check(device, plan, events, proc.exitcode, killed_here)
        self.cycle += 1

    def check(self, device: Device, plan: dict, events: list[dict], exitcode: int | None, killed_here: bool) -> None:
        """What every restart must show; records the figures."""
        where = f"cycle {plan['cycle']} ({device.name}, plan {plan['kill']})"
        errors = [e for e in events if e["event"] == "error"]
        assert not errors, f"{where}: the child failed: {errors}"
        kill = next((e["point"] for e in events if e["event"] == "kill"), None)
        if killed_here or kill:
            assert exitcode == -9, f"{where}: exit code {exitcode}"
            self.kills["random" if killed_here else kill] += 1
        else:
            assert exitcode == 0 and events[-1]["event"] == "done", f"{where}: exit code {exitcode}, {events[-1:]}"
            self.figures["completed_cycles"] += 1
        self.figures["cycles"] += 1
        opened = next((e for e in events if e["event"] == "opened"), None)
        if opened is None:
            self.figures["killed_before_open"] += 1
            return
        self.figures["restarts"] += self.cycle > 0
        assert opened["quick_check"] == "ok", f"{where}: the cache is damaged: {opened['quick_check']}"
        missing = set(device.committed) - set(opened["queued_rows"])
        assert not missing, f"{where}: writes reported committed are not in the outbox: {sorted(missing)[:3]}"
        self.check_resume(device, plan, events, opened["scopes"], where)
        for e in events:
            if e["event"] == "committed":
                assert e["row_id"] not in device.committed, f"{where}: row id reused"
                device.committed[e["row_id"]] = e
            elif e["event"] == "refused":
                self.figures["writes_refused_locally"] += 1
        if any(e["event"] == "synced" for e in events):
            device.bootstrapped = True

    def check_resume(self, device: Device, plan: dict, events: list[dict], scopes: dict, where: str) -> None:
        """A partly downloaded scope goes on from its saved cursor: the saved row count never goes
        back, the first page asked for starts there, and what is fetched twice is at most the page
        being written and the one fetched ahead when the kill came."""
        for scope, st in scopes.items():
            if st["done"]:
                continue
            before = device.last_committed.get(scope)
            assert before is None or st["rows"] >= before, \
                f"{where}: {scope} went back from {before} to {st['rows']} rows"
            again = sum(n for start, n in device.last_fetched.get(scope, ()) if start >= st["rows"])
            assert again <= 2 * PAGE_ROWS, f"{where}: {scope}: {again} rows must be fetched again"
            self.figures["snapshot_rows_fetched_twice"] += again
            if st["rows"] == 0 or plan.get("reset"):
                continue
            assert st["cursor"], f"{where}: {scope} has {st['rows']} rows but no cursor to go on from"
            fetched = [e for e in events if e["event"] == "fetched" and e["scope"] == scope]
            if fetched:
                assert fetched[0]["resumed"] and fetched[0]["rows_before"] == st["rows"], \
                    f"{where}: {scope} saved {st['rows']} rows but asked again from {fetched[0]['rows_before']}"
                self.figures["bootstrap_resumes"] += 1
        if plan.get("reset"):
            device.last_committed.clear()
        device.last_fetched = {}
        for e in events:
            if e["event"] == "page":
                device.last_committed[e["scope"]] = e["committed"]
            if e["event"] == "fetched":
                device.last_fetched.setdefault(e["scope"], []).append((e["rows_before"], e["rows"]))
                self.figures["snapshot_pages_fetched"] += 1
                self.figures["snapshot_rows_fetched"] += e["rows"]

    # ----- the end --------------------------------------------------------------------------------

    def finish(self) -> None:
        """Sync every terminal to the end without kills, then check the server and the caches."""
        for _ in range(2):  # the second round brings each terminal the other's last writes
            for device in self.devices:
                asyncio.run(self._final_sync(device))
        for device in self.devices:
            self.check_server(device)
        for device in self.devices:
            asyncio.run(self._final_sync(device, converged=True))

    async def _final_sync(self, device: Device, converged: bool = False) -> None:
        creds = MemoryCredentialStore({DEVICE_TOKEN: device.token, CACHE_KEY: device.key})
        terminal = Terminal.open(Config(data_dir=device.data_dir), creds)
        try:
            await terminal.replicator.sync_once()
            device.outbox = await terminal.worker.run(_outbox_rows, terminal)
            stats = await terminal.stats()
            assert stats["outbox"]["pending"] == 0, f"{device.name}: the outbox did not drain: {stats['outbox']}"
            if converged:
                await assert_converged(terminal, self.central)
        finally:
            await terminal.aclose()

    def check_server(self, device: Device) -> None:
        local = device.outbox
        with read_tx(self.central.engine()) as conn:
            server = {r.id: r for r in conn.execute(text(
                "SELECT id, seq, name, status, args FROM mutations WHERE device_id = :d"), {"d": device.device_id})}
            last_seq = conn.execute(text("SELECT last_seq FROM devices WHERE id = :d"), {"d": device.device_id}).scalar()
            found = Counter()
            for table, _ in ENTITY_OF.values():
                ids = [_args(m)[ENTITY_OF[m.name][1]] for m in local.values() if ENTITY_OF[m.name][0] == table]
                for chunk in range(0, len(ids), 500):
                    for (row_id,) in conn.execute(text(f"SELECT id FROM {table} WHERE id IN :ids")
                                                  .bindparams(bindparam("ids", expanding=True)), {"ids": ids[chunk:chunk + 500]}):
                        found[row_id] += 1
            twice = conn.execute(text(
                "SELECT count(*) FROM (SELECT body FROM notes WHERE body LIKE 'crash %' GROUP BY body "
                "HAVING count(*) > 1 UNION ALL SELECT description FROM loyalty_ledger "
                "WHERE description LIKE 'crash %' GROUP BY description HAVING count(*) > 1) t")).scalar()
        seqs = sorted(m.seq for m in local.values())
        assert seqs == list(range(1, len(seqs) + 1)) and last_seq == len(seqs), f"{device.name}: seq gap"
        assert {(i, m.seq, m.status) for i, m in local.items()} == \
            {(i, m.seq, m.status) for i, m in server.items()}, f"{device.name}: outbox and server log differ"
        by_row = {_args(m)[ENTITY_OF[m.name][1]]: m for m in local.values()}
        assert len(by_row) == len(local), f"{device.name}: a write is queued twice in the outbox"
        lost = [r for r in device.committed if r not in by_row or by_row[r].id not in server]
        lost += [r for r, m in by_row.items() if server[m.id].status == "applied" and found[r] == 0]
        duplicated = [r for r, n in found.items() if n > 1] + ["marker"] * twice
        statuses = Counter(m.status for m in server.values())
        self.figures["writes_made"] += len(device.committed)
        self.figures["writes_committed_unreported"] += len(set(by_row) - set(device.committed))
        self.figures["mutations_on_server"] += len(server)
        self.figures["writes_applied"] += statuses["applied"]
        self.figures["writes_rejected_by_server"] += statuses["rejected"]
        self.figures["lost"] += len(lost)
        self.figures["duplicated"] += len(duplicated)
        assert not lost, f"{device.name}: writes lost: {lost[:5]}"
        assert not duplicated, f"{device.name}: writes applied twice: {duplicated[:5]}"

    def report(self, seconds: float) -> dict[str, Any]:
        return {"database": DB_KIND, "kills": sum(self.kills.values()),
                "kills_by_point": {p: self.kills[p] for p in (*POINTS, "random")},
                **dict(sorted(self.figures.items())), "terminals": len(self.devices),
                "snapshot_page_rows": PAGE_ROWS, "seconds": round(seconds, 1)}


def _read(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [orjson.loads(line) for line in path.read_bytes().splitlines() if line.strip()]


def _outbox_rows(terminal: Terminal) -> dict[str, Any]:
    with terminal.cache.read() as conn:
        return {r.id: r for r in conn.exec_driver_sql("SELECT id, seq, name, status, args FROM outbox")}


def _args(row: Any) -> dict:
    return row.args if isinstance(row.args, dict) else json.loads(row.args)


@pytest.fixture
def crash_central(tmp_path):
    server = start_central(seeded_db_url(DB_KIND, tmp_path))
    yield server
    server.stop()


def test_sigkill_at_any_point_loses_nothing_and_applies_nothing_twice(crash_central, tmp_path):
    (tmp_path / "events").mkdir()
    harness = Harness(crash_central, tmp_path, SEED)
    started = time.monotonic()
    device = harness.enroll("t1")
    while sum(harness.kills.values()) < KILLS:
        if len(harness.devices) == 1 and sum(harness.kills.values()) >= KILLS // 2:
            device = harness.enroll("t2")  # a second, empty cache: its first download is killed too
        harness.run_cycle(device)
    harness.finish()
    figures = harness.report(time.monotonic() - started)
    print("crash safety:", json.dumps(figures))
    if os.environ.get("CRASH_REPORT"):
        Path(os.environ["CRASH_REPORT"]).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    assert figures["kills"] >= KILLS and figures["lost"] == 0 and figures["duplicated"] == 0
    for point in (*POINTS, "random") if KILLS >= 100 else ():  # a short run may miss one
        assert harness.kills[point] > 0, f"no kill at {point}: {figures['kills_by_point']}"
    assert figures["bootstrap_resumes"] > 0 and figures["writes_made"] > 0
