"""The long-poll head watcher wakes waiters on a change, a poke, or the timeout."""

from __future__ import annotations

import asyncio
import time

import pytest

from sync.server.watcher import HeadWatcher

pytestmark = pytest.mark.asyncio


async def test_wakes_when_a_head_moves_and_times_out_otherwise():
    heads = {"a": 1}
    reads = 0

    def read() -> dict[str, int]:
        nonlocal reads
        reads += 1
        return dict(heads)

    watcher = HeadWatcher(read, interval=0.05)
    try:
        started = time.monotonic()
        assert await watcher.wait_for_change({"a": 1}, 0.2) is False
        assert 0.15 < time.monotonic() - started < 0.6

        async def bump_later() -> None:
            await asyncio.sleep(0.1)
            heads["a"] = 2

        task = asyncio.create_task(bump_later())
        started = time.monotonic()
        assert await watcher.wait_for_change({"a": 1}, 5) is True
        assert time.monotonic() - started < 0.5
        await task
        assert await watcher.wait_for_change({"a": 1}, 5) is True  # already past: no wait
    finally:
        await watcher.stop()
    assert reads > 0


async def test_poke_rereads_at_once_and_idle_watcher_does_not_poll():
    heads = {"a": 1}
    reads = 0

    def read() -> dict[str, int]:
        nonlocal reads
        reads += 1
        return dict(heads)

    watcher = HeadWatcher(read, interval=10)  # only a poke can wake it in time
    try:
        waiter = asyncio.create_task(watcher.wait_for_change({"a": 1}, 5))
        await asyncio.sleep(0.05)
        heads["a"] = 3
        started = time.monotonic()
        watcher.poke()
        assert await waiter is True
        assert time.monotonic() - started < 0.5
        before = reads
        await asyncio.sleep(0.1)
        watcher.poke()
        await asyncio.sleep(0.05)
        assert reads == before  # nobody waiting: no database reads
    finally:
        await watcher.stop()
