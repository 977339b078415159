"""The long-poll head watcher wakes waiters on a change, a poke, or the timeout."""

from __future__ import annotations

import asyncio
import random
import time

import pytest

from sync.server import watcher as watcher_module
from sync.server.watcher import HeadWatcher

pytestmark = pytest.mark.asyncio


class _CountedHeads:
    """The heads the watcher reads, counting the readings."""

    def __init__(self, **heads: int) -> None:
        self.heads = dict(heads)
        self.reads = 0

    def __call__(self) -> dict[str, int]:
        self.reads += 1
        return dict(self.heads)


async def test_wakes_when_a_head_moves_and_times_out_otherwise():
    read = _CountedHeads(a=1)
    heads = read.heads
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
    assert read.reads > 0


async def test_poke_rereads_at_once_and_idle_watcher_does_not_poll():
    read = _CountedHeads(a=1)
    heads = read.heads
    watcher = HeadWatcher(read, interval=10)  # only a poke can wake it in time
    try:
        waiter = asyncio.create_task(watcher.wait_for_change({"a": 1}, 5))
        await asyncio.sleep(0.05)
        heads["a"] = 3
        started = time.monotonic()
        watcher.poke()
        assert await waiter is True
        assert time.monotonic() - started < 0.5
        before = read.reads
        await asyncio.sleep(0.1)
        watcher.poke()
        await asyncio.sleep(0.05)
        assert read.reads == before  # nobody waiting: no database reads
    finally:
        await watcher.stop()


async def test_a_poke_within_the_beat_publishes_when_the_beat_ends_not_at_the_next_interval():
    read = _CountedHeads(a=1)
    heads = read.heads
    watcher = HeadWatcher(read, interval=10, wake_budget=2, rng=_NoJitter())  # one waiter: 0.5 s beat
    try:
        waiter = asyncio.create_task(watcher.wait_for_change({"a": 1}, 5))
        while read.reads == 0:  # the first reading publishes a = 1
            await asyncio.sleep(0.005)
        await asyncio.sleep(0.05)
        heads["a"] = 3
        started = time.monotonic()
        watcher.poke()  # read at once, but within the beat: held back
        assert await waiter is True
        assert 0.3 < time.monotonic() - started < 1.5  # at the beat's end, not in 10 s
    finally:
        await watcher.stop()


async def test_one_waiter_sees_every_move_at_the_next_reading():
    heads = {"a": 1}
    watcher = HeadWatcher(lambda: dict(heads), interval=0.02, wake_budget=100)
    try:
        known = 1
        for _ in range(5):
            heads["a"] += 1
            started = time.monotonic()
            assert await watcher.wait_for_change({"a": known}, 2) is True
            assert time.monotonic() - started < 0.3  # a beat of 1/100 s: no pacing to speak of
            known = watcher.published("a")
            assert known == heads["a"]
    finally:
        await watcher.stop()


async def test_a_busy_process_publishes_once_per_beat_and_spreads_the_wake_ups():
    heads = {"a": 1, "b": 1}
    watcher = HeadWatcher(lambda: dict(heads), interval=0.02, wake_budget=10)  # 5 waiters: 0.5 s beat
    stop = asyncio.Event()

    async def writer() -> None:  # the scope moves every 20 ms
        while not stop.is_set():
            heads["a"] += 1
            await asyncio.sleep(0.02)

    wakes: list[tuple[int, float]] = []

    async def terminal(n: int) -> None:
        known = {"a": 1, "b": 1}
        while not stop.is_set():
            if await watcher.wait_for_change(known, 0.9):
                wakes.append((n, time.monotonic()))
                known = {s: watcher.published(s) or 0 for s in known}

    tasks = [asyncio.create_task(writer())] + [asyncio.create_task(terminal(n)) for n in range(5)]
    try:
        await asyncio.sleep(0.3)
        assert watcher.beat == pytest.approx(0.5)
        assert watcher.published("a") < heads["a"]  # long-polls lag the real head by design
        await asyncio.sleep(2.2)
    finally:
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
        await watcher.stop()
    per_terminal = [sum(1 for n, _ in wakes if n == t) for t in range(5)]
    # ~125 head moves in 2.5 s, but at most one publication per 0.5 s beat reaches each terminal
    assert all(2 <= w <= 7 for w in per_terminal), per_terminal
    gaps = sorted(b - a for (_, a), (_, b) in zip(sorted(wakes, key=lambda x: x[1]),
                                                  sorted(wakes, key=lambda x: x[1])[1:]))
    assert gaps[len(gaps) // 2] < 0.25  # spread over the beat, not all at one instant


async def test_published_heads_expire_when_nobody_waits(monkeypatch):
    heads = {"a": 5}
    watcher = HeadWatcher(lambda: dict(heads), interval=0.01)
    try:
        assert watcher.published("a") is None  # never read: callers use the real head
        assert await watcher.wait_for_change({"a": 4}, 1) is True
        assert watcher.published("a") == 5
        monkeypatch.setattr(watcher_module, "STALE_S", 0.1)
        await asyncio.sleep(0.2)  # no waiter: the poller stops reading, its heads go stale
        assert watcher.published("a") is None
    finally:
        await watcher.stop()


async def test_bad_budgets_are_refused():
    with pytest.raises(ValueError):
        HeadWatcher(dict, wake_budget=0)
    with pytest.raises(ValueError):
        HeadWatcher(dict, max_beat=-1)


class _NoJitter(random.Random):
    def uniform(self, a: float, b: float) -> float:
        return a


async def test_bound_paces_long_polls_until_a_publication_is_due():
    heads = {"a": 1}
    watcher = HeadWatcher(lambda: dict(heads), interval=10, wake_budget=1, rng=_NoJitter())  # only pokes read
    try:
        waiter = asyncio.create_task(watcher.wait_for_change({"a": 0}, 5))
        assert await waiter is True  # first reading publishes a = 1
        heads["a"] = 5
        parked = [asyncio.create_task(watcher.wait_for_change({"a": 1}, 5)) for _ in range(3)]
        await asyncio.sleep(0.05)
        assert watcher.beat == 3  # three waiters at 1 wake-up/s
        assert watcher.bound("a", 5) == 1  # published lately: long-polls read up to 1
        watcher._published_at -= 3  # the beat has passed
        assert watcher.bound("a", 5) == 5  # due: this pass reads the real head ...
        assert await asyncio.wait_for(asyncio.gather(*parked), 5) == [True] * 3  # ... and it is published
        assert watcher.published("a") == 5
    finally:
        await watcher.stop()


async def test_settled_only_while_no_publication_is_due(monkeypatch):
    heads = {"a": 3}
    watcher = HeadWatcher(lambda: dict(heads), interval=10, wake_budget=1, rng=_NoJitter())
    try:
        assert watcher.settled("a") is None  # nothing read yet
        assert await watcher.wait_for_change({"a": 0}, 5) is True
        parked = [asyncio.create_task(watcher.wait_for_change({"a": 3}, 5)) for _ in range(2)]
        await asyncio.sleep(0.05)
        assert watcher.beat == 2 and watcher.settled("a") == 3 and watcher.settled("b") is None
        watcher._published_at -= 2  # the beat has passed: a pass must read the real head
        assert watcher.settled("a") is None
        watcher._published_at += 2
        monkeypatch.setattr(watcher_module, "STALE_S", 0.0)  # an old reading is not trusted either
        assert watcher.settled("a") is None
        for task in parked:
            task.cancel()
        await asyncio.gather(*parked, return_exceptions=True)
    finally:
        await watcher.stop()
