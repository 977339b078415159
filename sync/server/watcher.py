"""Wake long-polling change requests when a scope head moves, at a pace the process can serve.

One shared poller per app reads the ``scope_heads`` table every ``interval`` seconds while anyone
is waiting (so writes by any process are seen within a fraction of a second), and writers in this
process call :meth:`HeadWatcher.poke` to skip the wait. Waiters hold no database connection and
no worker thread: they await an asyncio condition.

**Published heads.** Long-polls do not see a scope's head the moment it moves: the watcher
*publishes* heads, and a long-poll reads changes only up to the published head
(:meth:`bound`). Heads are published at a reading unless the previous publication is
younger than the *beat*: ``waiting / wake_budget`` seconds (at most ``max_beat``), where
``waiting`` is the number of long-polls this process holds (a move read within the beat is
published by a reading at the beat's end). With one terminal waiting every
reading publishes (changes arrive within the 200 ms poll, or at once after a local push); with
2,000 waiting and writes every few milliseconds, heads are published every 20 s at the default
budget. A publication wakes every waiter whose scopes moved, each after a random part of the
beat, so the process spends about ``wake_budget`` wake-ups per second however many terminals it
holds and however often their scopes are written; and the waiters woken by one publication read
up to the same heads from (mostly) the same cursors, which makes their answers shareable
(``page_cache``). Plain pulls (``wait_s`` = 0) read up to the published heads too: a terminal
whose long-poll keeps up finds nothing new, cheaply, instead of re-reading what its next wake-up
brings anyway. When a publication is due (the beat has passed) a request reads the real head and
has it published at once (:meth:`bound`), so a quiet process answers with the newest data.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import Callable

from anyio import to_thread

log = logging.getLogger(__name__)

WAKE_BUDGET = 20.0
"""Default long-poll wake-ups per second a process allows itself when its scopes change often."""
MIN_GAP_S = 0.05
"""Shortest time between two readings of the heads, however many pushes poke the watcher."""
STALE_S = 30.0
"""Published heads older than this are ignored (the process was idle)."""
MAX_BEAT_S = 20.0
"""Longest wait between two publications (below the clients' 25 s long-poll)."""


class HeadWatcher:
    """Tracks and publishes scope head versions; coroutines wait until a published head passes
    a version."""

    def __init__(self, read_heads: Callable[[], dict[str, int]], interval: float = 0.2, *,
                 wake_budget: float = WAKE_BUDGET, max_beat: float = MAX_BEAT_S,
                 rng: random.Random | None = None) -> None:
        if wake_budget <= 0 or max_beat < 0:
            raise ValueError("wake_budget must be > 0 and max_beat >= 0")
        self._read_heads = read_heads
        self._interval = interval
        self._budget = wake_budget
        self._max_beat = max_beat
        self._rng = rng or random.Random()
        self._published: dict[str, int] = {}
        self._published_at = float("-inf")
        self._spread = 0.0
        self._read_at = float("-inf")
        self._held = False
        self._cond: asyncio.Condition | None = None
        self._poke: asyncio.Event | None = None
        self._task: asyncio.Task | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._waiting = 0

    def poke(self) -> None:
        """Re-read the heads now (call from the event loop after a local commit)."""
        if self._poke is not None:
            self._poke.set()

    def poke_threadsafe(self, loop: asyncio.AbstractEventLoop) -> None:
        """:meth:`poke` from a worker thread."""
        loop.call_soon_threadsafe(self.poke)

    def published(self, scope: str) -> int | None:
        """The head long-polls may read up to, or None when the watcher has not read the heads
        for ``STALE_S`` (nobody waited lately): then the real head applies. Any published head
        is safe to read up to (it was committed); an old one only delays the answer until the
        next reading, which a waiter triggers. Safe from any thread."""
        if time.monotonic() - self._read_at > STALE_S:
            return None
        return self._published.get(scope)

    def bound(self, scope: str, real: int) -> int:
        """What a change-feed pass reads ``scope`` up to, given its real head: the published head,
        unless a publication is due (the beat has passed): then the real head, and the poller is
        asked to publish it now, so the following requests are paced again. Safe from any thread."""
        published = self.published(scope)
        if published is None or published >= real:
            return real
        if time.monotonic() >= self._published_at + self.beat:
            if self._loop is not None:
                self._loop.call_soon_threadsafe(self.poke)
            return real
        return published

    def settled(self, scope: str) -> int | None:
        """The published head of ``scope`` while a pass would read up to it whatever the real head
        (a fresh reading, no publication due), else None. A long-poll whose cursor is there has
        nothing to read: it may wait at once (``hot_routes``). Safe from any thread."""
        now = time.monotonic()
        if now - self._read_at > STALE_S or now >= self._published_at + self.beat:
            return None
        return self._published.get(scope)

    @property
    def beat(self) -> float:
        """Seconds between two publications with the long-polls waiting now."""
        return min(self._max_beat, self._waiting / self._budget)

    async def wait_for_change(self, known: dict[str, int], timeout: float) -> bool:
        """Wait until some scope's published head exceeds ``known[scope]``, or ``timeout``; True
        if it moved. A waiter woken by a publication returns after a random part of the beat
        that publication ended (within the timeout)."""
        if timeout <= 0:
            return False
        self._ensure_started()
        assert self._cond is not None
        deadline = time.monotonic() + timeout
        self._waiting += 1
        try:
            async with self._cond:
                while not self._moved(known):
                    left = deadline - time.monotonic()
                    if left <= 0:
                        return False
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._cond.wait(), left)
            delay = min(self._rng.uniform(0, self._spread), deadline - time.monotonic())
            if delay > 0:
                await asyncio.sleep(delay)
            return True
        finally:
            self._waiting -= 1

    def _moved(self, known: dict[str, int]) -> bool:
        return any(self._published.get(s, 0) > v for s, v in known.items())

    def _publish(self, heads: dict[str, int]) -> bool:
        """Publish ``heads`` if the beat allows; True if any published head moved forward. A move
        held back by the beat sets ``_held``: the poller reads again when the beat ends."""
        now = time.monotonic()
        self._read_at = now
        self._held = False
        ahead = {s: v for s, v in heads.items() if v > self._published.get(s, -1)}
        for scope, version in heads.items():
            if version < self._published.get(scope, version):  # a reseeded database: follow it down
                self._published[scope] = version
        if not ahead:
            return False
        beat = self.beat
        if now < self._published_at + beat:
            self._held = True  # published lately: the first reading after the beat publishes
            return False
        self._published.update(ahead)
        self._published_at = now
        self._spread = beat
        return True

    def _ensure_started(self) -> None:
        if self._task is None or self._task.done():
            self._cond = asyncio.Condition()
            self._poke = asyncio.Event()
            self._loop = asyncio.get_running_loop()
            self._task = self._loop.create_task(self._run(), name="head-watcher")

    async def _run(self) -> None:
        assert self._cond is not None and self._poke is not None
        while True:
            started = time.monotonic()
            if self._waiting:
                try:
                    heads = await to_thread.run_sync(self._read_heads)
                except Exception:  # a DB hiccup must not kill the poller; waiters time out anyway
                    log.warning("reading scope heads failed", exc_info=True)
                else:
                    if self._publish(heads):
                        async with self._cond:
                            self._cond.notify_all()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._poke.wait(), self._next_reading_in())
            # Pokes come with every push: a busy process reads the heads at most every MIN_GAP_S.
            gap = MIN_GAP_S - (time.monotonic() - started)
            if gap > 0:
                await asyncio.sleep(gap)
            self._poke.clear()

    def _next_reading_in(self) -> float:
        """Seconds until the poller reads again unpoked: the interval, or sooner when a move is
        held back by a beat that ends before it (a poke that came within the beat is not lost
        until the next interval)."""
        if not self._held:
            return self._interval
        return max(0.0, min(self._interval, self._published_at + self.beat - time.monotonic()))

    async def stop(self) -> None:
        """Cancel the poller (app shutdown)."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
