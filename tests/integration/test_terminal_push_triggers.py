"""The replication loop (``Replicator.run``) against a real central server on loopback, on SQLite
and PostgreSQL: each trigger of the pusher on its own (start-up, ``notify_enqueued``, reconnect,
the timer, the server's push hint) delivers a queued mutation exactly once, and the loop stops
cleanly when asked to."""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
import pytest_asyncio
from sqlalchemy import text

from clienteling.config import Config
from clienteling.security import MemoryCredentialStore
from clienteling.terminal import Terminal
from sync.server.db import read_tx, write_tx
from sync.server.versions import upsert_rows
from tests.integration.conftest import ASSOCIATE, STORE

pytestmark = pytest.mark.asyncio
NEVER_S = 600.0  # a sync_interval_s (or long-poll) that cannot elapse during a test


class Wire(httpx.AsyncBaseTransport):
    """Forwards to the real transport; refuses to connect while ``offline``; logs what happened
    (``("push", t)`` when a push is sent, ``("pulled", t)`` when a changes response arrives)."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.offline = False
        self.refused: list[str] = []
        self.events: list[tuple[str, float]] = []
        self.polling = 0  # /v1/changes requests in flight: the puller is long-polling

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if self.offline:
            self.refused.append(path)
            raise httpx.ConnectError("network unplugged by the test", request=request)
        if path == "/v1/mutations":
            self.events.append(("push", time.monotonic()))
        if path != "/v1/changes":
            return await self.inner.handle_async_request(request)
        self.polling += 1
        try:  # the server sends the headers only when the long-poll ends
            response = await self.inner.handle_async_request(request)
        finally:
            self.polling -= 1
        self.events.append(("pulled", time.monotonic()))
        return response

    def after(self, moment: float) -> list[str]:
        return [name for name, t in self.events if t > moment]

    def first(self, name: str, moment: float) -> float:
        return next((t for n, t in self.events if n == name and t > moment), float("inf"))

    async def aclose(self) -> None:
        await self.inner.aclose()


@pytest_asyncio.fixture
async def setup(central, tmp_path) -> AsyncIterator[tuple[Terminal, Wire, str]]:
    """A bootstrapped terminal of S001 talking through a :class:`Wire`, and one of its customers."""
    wire = Wire()
    terminal = await Terminal.enroll(Config(data_dir=tmp_path / "term"), MemoryCredentialStore(),
                                     central.url, central.enroll_code(STORE), transport=wire)
    try:
        await terminal.replicator.sync_once()
        customer = (await terminal.worker.run(terminal.customers.search, "a"))[0]
        yield terminal, wire, customer.id
    finally:
        await terminal.aclose()


async def eventually(check: Callable[[], Any], timeout_s: float, what: str) -> float:
    """Poll ``check`` (plain or async) until it is truthy; returns the seconds it took."""
    started = time.monotonic()
    while True:
        value = check()
        if inspect.isawaitable(value):
            value = await value
        if value:
            return time.monotonic() - started
        if time.monotonic() - started > timeout_s:
            pytest.fail(f"not within {timeout_s}s: {what}")
        await asyncio.sleep(0.02)


@asynccontextmanager
async def replicating(terminal: Terminal, wire: Wire, *, sync_interval_s: float = NEVER_S,
                      long_poll_s: float = 20.0) -> AsyncIterator[None]:
    """Run ``Replicator.run`` as a task; on exit set ``stop`` and require a clean end within 5 s."""
    rep = terminal.replicator
    rep.sync_interval_s, rep.long_poll_s = sync_interval_s, long_poll_s
    stop = asyncio.Event()
    task = asyncio.ensure_future(rep.run(stop))
    try:
        yield
    finally:
        stop.set()
        done, _ = await asyncio.wait([task], timeout=5)
        assert done, "the replication loop did not stop within 5 s of stop being set"
    assert task.result() is None


async def until_idle(wire: Wire) -> None:
    # The pusher reads the outbox on the worker before the puller's first worker call (which waits
    # for GET /v1/device), so once a long-poll is in flight the start-up push has come and gone.
    await eventually(lambda: wire.polling > 0, 10, "the puller long-polls")


def server_side(central, terminal: Terminal, note_id: str) -> tuple[list[str], int]:
    """This device's mutations (their statuses) and how many rows the note has on the server."""
    with read_tx(central.engine()) as conn:
        statuses = conn.execute(text("SELECT status FROM mutations WHERE device_id = :d"),
                                {"d": terminal.device.device_id}).scalars().all()
        notes = conn.execute(text("SELECT count(*) FROM notes WHERE id = :n"), {"n": note_id}).scalar()
    return list(statuses), notes


async def wait_delivered(central, terminal: Terminal, note_id: str, timeout_s: float) -> float:
    """Wait until the server has the note and the terminal has closed its outbox entry."""
    took = await eventually(lambda: server_side(central, terminal, note_id)[1] == 1, timeout_s,
                            "the note is applied on the server")
    # Read the outbox itself: status.pending is not refreshed by writes made without perform().
    await eventually(lambda: entry_closed(terminal), 5, "the terminal closes its outbox entry")
    return took


async def entry_closed(terminal: Terminal) -> bool:
    return await terminal.worker.run(terminal.outbox.counts) == {"pending": 0, "applied": 1, "rejected": 0}


async def assert_exactly_once(central, terminal: Terminal, note_id: str) -> None:
    assert server_side(central, terminal, note_id) == (["applied"], 1)
    assert await entry_closed(terminal)


async def test_startup_pushes_what_was_queued_before(central, setup):
    terminal, wire, customer = setup
    note = await terminal.worker.run(terminal.notes.add, customer, "queued before start", ASSOCIATE)
    async with replicating(terminal, wire):
        took = await wait_delivered(central, terminal, note.id, 5)
        assert took < 5 < NEVER_S
    await assert_exactly_once(central, terminal, note.id)


async def test_enqueue_wakes_the_pusher(central, setup):
    terminal, wire, customer = setup
    async with replicating(terminal, wire):
        await until_idle(wire)
        note = await terminal.perform(terminal.notes.add, customer, "queued while running", ASSOCIATE)
        await wait_delivered(central, terminal, note.id, 2)
    await assert_exactly_once(central, terminal, note.id)


async def test_reconnect_pushes_what_queued_offline(central, setup):
    terminal, wire, customer = setup
    terminal.client.attempts = 1  # fail fast: the runner's own backoff is what is under test
    status = terminal.replicator.status
    onlines: list[bool | None] = []
    terminal.replicator.on_status = lambda s: onlines.append(s.online)
    async with replicating(terminal, wire, long_poll_s=1.0):
        await until_idle(wire)
        wire.offline = True
        note = await terminal.perform(terminal.notes.add, customer, "queued offline", ASSOCIATE)
        both_failed = {"/v1/mutations", "/v1/changes"}
        await eventually(lambda: status.online is False and both_failed <= set(wire.refused), 10,
                         "pusher and puller both find the server unreachable")
        # Offline stays offline: further puller retries must not flash "online" in the status bar.
        seen, polls = len(onlines), wire.refused.count("/v1/changes")
        await eventually(lambda: wire.refused.count("/v1/changes") >= polls + 2, 10, "two more pull retries")
        assert True not in onlines[seen:] and status.online is False
        assert server_side(central, terminal, note.id) == ([], 0)
        assert status.pending == 1 and status.last_error_kind == "offline"
        wire.offline = False
        back = time.monotonic()
        took = await wait_delivered(central, terminal, note.id, 10)
        assert took < 10
        # The server commits before the terminal has read the answer: give it that moment.
        await eventually(lambda: status.online is True, 5, "status back online")
        # Woken as soon as the puller sees the server, not at the end of the pusher's own (growing)
        # backoff; if that backoff happened to end first, the push precedes every pull.
        pushed, pulled = wire.first("push", back), wire.first("pulled", back)
        assert pushed - pulled < 1.0
    await assert_exactly_once(central, terminal, note.id)


async def test_timer_pushes_without_notify(central, setup):
    terminal, wire, customer = setup
    # A long long-poll on purpose: every completed pull is a push hint, which would hide the timer.
    async with replicating(terminal, wire, sync_interval_s=1.5):
        await until_idle(wire)
        written = time.monotonic()
        note = await terminal.worker.run(terminal.notes.add, customer, "found by the timer", ASSOCIATE)
        took = await wait_delivered(central, terminal, note.id, 5)
        assert took < 1.5 + 2
        # No pull completed before the push (the long-poll is 20 s): no hint, so the timer did it.
        assert wire.after(written)[0] == "push"
    await assert_exactly_once(central, terminal, note.id)


async def test_push_hint_after_a_pull(central, setup):
    terminal, wire, customer = setup
    region = next(s for s in terminal.device.scopes if s.startswith("region:"))
    async with replicating(terminal, wire):
        await until_idle(wire)
        written = time.monotonic()
        note = await terminal.worker.run(terminal.notes.add, customer, "found by the hint", ASSOCIATE)

        def server_change() -> None:  # wakes the long-poll
            with write_tx(central.engine()) as conn:
                upsert_rows(conn, "notes", region, [{"id": f"N-hint-{note.id}", "customer_id": customer,
                                                     "body": "from head office"}])
        await asyncio.to_thread(server_change)
        await wait_delivered(central, terminal, note.id, 5)
        assert wire.after(written)[:2] == ["pulled", "push"]
    await assert_exactly_once(central, terminal, note.id)
