"""The child of the crash-safety harness (tests/integration/test_crash_safety.py): one run of a
headless terminal (``clienteling.terminal.Terminal``) that the harness kills with SIGKILL.

The harness starts :func:`run` in a new process through a multiprocessing "forkserver" that has
imported this module once, so a start costs a fork rather than ~1.5 s of imports. The run opens
the real encrypted cache, makes a few writes through the real services, then does one real sync
round against the central service. Every step is appended to an events file with one
``os.write`` per JSON line: what was reported before a kill survives it.

Named kill points (``plan["kill"] = [point, n]``: SIGKILL at the n-th time the point is reached),
put in place by wrapping functions inside this process only (the app has no test hooks):

    snapshot.mid_page   rows of a snapshot page inserted, its transaction not committed
    snapshot.page_done  a snapshot page and its cursor committed, the next one not applied
    write.committed     a write (cache change + outbox entry) committed and reported, not pushed
    push.before_send    a push batch loaded from the outbox (attempt counted), not sent
    push.sent           the server answered the push (it committed), no ack recorded here
    ack.mid             inside the transaction recording one push result, before its commit

The harness also kills at random times from outside.
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
import signal
import time
from pathlib import Path
from typing import Any, Callable

# httpx imports these at its first request: imported here, the forkserver pays for them once.
import anyio._backends._asyncio  # noqa: F401
import certifi  # noqa: F401
import httpcore  # noqa: F401
import orjson

from clienteling.cache import outbox, rows, state
from clienteling.config import Config
from clienteling.domain.rules import DomainError
from clienteling.replication import apply
from clienteling.security import MemoryCredentialStore
from clienteling.security.credentials import CACHE_KEY, DEVICE_TOKEN
from clienteling.terminal import Terminal
from sync.client import SyncClient

POINTS = ("snapshot.mid_page", "snapshot.page_done", "write.committed", "push.before_send",
          "push.sent", "ack.mid")
WRITE_KINDS = ("note", "redeem", "hold")
ROW_KEYS = ("note_id", "ledger_id", "hold_id")
"""The argument of each write's mutation that names the row it creates."""


class _Events:
    """Append-only JSON lines, one unbuffered write each (survives SIGKILL of this process)."""

    def __init__(self, path: str) -> None:
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        self.started = time.monotonic()
        self("started", at=time.time())

    def __call__(self, event: str, **data: Any) -> None:
        ms = round(1000 * (time.monotonic() - self.started))
        os.write(self.fd, orjson.dumps({"event": event, "ms": ms, **data}) + b"\n")


class _Killer:
    """Counts named points; SIGKILLs this process at the planned one."""

    def __init__(self, plan: list | None, events: _Events) -> None:
        self.point, self.nth = (plan[0], int(plan[1])) if plan else (None, 0)
        self.seen: dict[str, int] = {}
        self.events = events

    def reached(self, point: str) -> None:
        self.seen[point] = self.seen.get(point, 0) + 1
        if point == self.point and self.seen[point] == self.nth:
            self.events("kill", point=point)
            os.kill(os.getpid(), signal.SIGKILL)


def _after(fn: Callable, killer: _Killer, point: str, report: Callable | None = None) -> Callable:
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        result = fn(*args, **kwargs)
        if report is not None:
            report(args, result)
        killer.reached(point)
        return result
    return wrapped


def _install(killer: _Killer, events: _Events) -> None:
    """Wrap the functions where the kill points are (module attributes, looked up at call time)."""
    def page_done(args: tuple, result: apply.PageResult) -> None:
        page = args[1]
        events("page", scope=page.scope, committed=page.rows_before + result.rows, done=page.done)

    rows.bulk_replace = _after(rows.bulk_replace, killer, "snapshot.mid_page")
    apply.apply_snapshot_page = _after(apply.apply_snapshot_page, killer, "snapshot.page_done", page_done)
    outbox.mark_done = _after(outbox.mark_done, killer, "ack.mid")
    push, snapshot = SyncClient.push, SyncClient.snapshot

    async def pushing(self: SyncClient, batch: list) -> Any:
        killer.reached("push.before_send")
        resp = await push(self, batch)
        events("pushed", seqs=[m.seq for m in batch])
        killer.reached("push.sent")
        return resp

    async def fetching(self: SyncClient, scope: str, cursor: str | None, page_rows: int) -> Any:
        page = await snapshot(self, scope, cursor, page_rows)
        events("fetched", scope=scope, resumed=cursor is not None, rows_before=page.rows_before,
               rows=sum(len(g.rows) for g in page.entities), done=page.done)
        return page

    SyncClient.push, SyncClient.snapshot = pushing, fetching  # type: ignore[method-assign]


def _opened(terminal: Terminal) -> dict[str, Any]:
    with terminal.cache.read() as conn:
        check = conn.exec_driver_sql("PRAGMA quick_check").scalar()
        scopes = {s: {"done": st.snapshot_done, "rows": st.rows_received, "cursor": st.snapshot_cursor is not None}
                  for s, st in state.all_scopes(conn).items()}
        queued = [next((v for k, v in e.args.items() if k in ROW_KEYS), None)
                  for e in outbox.entries(conn, limit=1_000_000)]
        return {"quick_check": check, "scopes": scopes, "outbox": outbox.counts(conn).as_dict(),
                "queued_rows": queued}


def _targets(terminal: Terminal) -> tuple[list[str], list[str]]:
    """Customers with points to redeem and SKUs with stock here (empty before they are downloaded)."""
    with terminal.cache.read() as conn:
        customers = [r[0] for r in conn.exec_driver_sql(
            "SELECT id FROM customers WHERE points >= 200 ORDER BY id LIMIT 30")]
        skus = [r[0] for r in conn.exec_driver_sql(
            "SELECT i.sku FROM inventory i JOIN products p ON p.id = i.sku "
            "WHERE i.location_id = ? AND i.on_hand - i.reserved >= 20 ORDER BY i.sku LIMIT 30",
            (terminal.device.store_id,))]
    return customers, skus


def _write(terminal: Terminal, kind: str, marker: str, rng: random.Random, associate: str) -> str | None:
    """One write through the real service (one local transaction); returns the row id it made."""
    customers, skus = _targets(terminal)
    if not customers or (kind == "hold" and not skus):
        return None
    customer = rng.choice(customers)
    if kind == "note":
        return terminal.notes.add(customer, marker, associate).id
    if kind == "redeem":
        return terminal.loyalty.redeem(customer, 1, marker, associate).id
    return terminal.inventory.hold(customer, rng.choice(skus), 1, associate).id


async def _main(plan: dict[str, Any], events: _Events, killer: _Killer) -> None:
    creds = MemoryCredentialStore({DEVICE_TOKEN: plan["token"], CACHE_KEY: plan["key"]})
    terminal = Terminal.open(Config(data_dir=Path(plan["data_dir"]), request_timeout_s=10), creds)
    try:
        terminal.client.attempts = 1  # a failure ends this run; the harness starts the next one
        terminal.replicator.snapshot_page_rows = plan["page_rows"]
        events("opened", **await terminal.worker.run(_opened, terminal))
        if plan.get("reset"):
            scopes = list(terminal.device.scopes)
            await terminal.worker.run(apply.reset_scopes, terminal.cache, scopes)
            events("reset", scopes=scopes)
        rng = random.Random(plan["cycle"])
        for i in range(plan["writes"]):
            kind = WRITE_KINDS[(plan["cycle"] + i) % len(WRITE_KINDS)]
            marker = f"crash {plan['cycle']}.{i}"
            try:
                row_id = await terminal.worker.run(_write, terminal, kind, marker, rng, plan["associate"])
            except DomainError as exc:  # e.g. not enough stock left here: refused before any commit
                events("refused", kind=kind, marker=marker, code=exc.code)
                continue
            if row_id is not None:
                events("committed", kind=kind, marker=marker, row_id=row_id)
                killer.reached("write.committed")
        report = await terminal.replicator.sync_once()
        events("synced", pushed=report.pushed, snapshot_rows=report.snapshot_rows,
               outbox=(await terminal.stats())["outbox"])
    finally:
        await terminal.aclose()


def run(plan: dict[str, Any]) -> None:
    """The child's entry point (a multiprocessing target): one planned run, events to plan["events"]."""
    logging.disable(logging.WARNING)  # the harness reads events, not logs
    events = _Events(plan["events"])
    killer = _Killer(plan.get("kill"), events)
    _install(killer, events)
    try:
        asyncio.run(_main(plan, events, killer))
    except BaseException as exc:  # reported for the harness, which fails the test with it
        events("error", type=type(exc).__name__, message=str(exc)[:500])
        raise
    events("done")
