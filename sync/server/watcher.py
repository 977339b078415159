"""Wake long-polling change requests when a scope head moves.

One shared poller per app reads the ``scope_heads`` table every ``interval`` seconds while anyone
is waiting (so writes by any process are seen within a fraction of a second), and writers in this
process call :meth:`HeadWatcher.poke` to skip the wait. Waiters hold no database connection and
no worker thread: they await an asyncio condition.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable

from anyio import to_thread

log = logging.getLogger(__name__)


class HeadWatcher:
    """Tracks scope head versions and lets coroutines wait until one passes a given version."""

    def __init__(self, read_heads: Callable[[], dict[str, int]], interval: float = 0.2) -> None:
        self._read_heads = read_heads
        self._interval = interval
        self._heads: dict[str, int] = {}
        self._cond: asyncio.Condition | None = None
        self._poke: asyncio.Event | None = None
        self._task: asyncio.Task | None = None
        self._waiters = 0

    def poke(self) -> None:
        """Re-read the heads now (call from the event loop after a local commit)."""
        if self._poke is not None:
            self._poke.set()

    def poke_threadsafe(self, loop: asyncio.AbstractEventLoop) -> None:
        """:meth:`poke` from a worker thread."""
        loop.call_soon_threadsafe(self.poke)

    async def wait_for_change(self, known: dict[str, int], timeout: float) -> bool:
        """Wait until some scope's head exceeds ``known[scope]``, or ``timeout``; True if it moved."""
        if timeout <= 0:
            return False
        self._ensure_started()
        assert self._cond is not None
        deadline = time.monotonic() + timeout
        self._waiters += 1
        try:
            async with self._cond:
                while not self._moved(known):
                    left = deadline - time.monotonic()
                    if left <= 0:
                        return False
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._cond.wait(), left)
                return True
        finally:
            self._waiters -= 1

    def _moved(self, known: dict[str, int]) -> bool:
        return any(self._heads.get(s, 0) > v for s, v in known.items())

    def _ensure_started(self) -> None:
        if self._task is None or self._task.done():
            self._cond = asyncio.Condition()
            self._poke = asyncio.Event()
            self._task = asyncio.get_running_loop().create_task(self._run(), name="head-watcher")

    async def _run(self) -> None:
        assert self._cond is not None and self._poke is not None
        while True:
            if self._waiters:
                try:
                    heads = await to_thread.run_sync(self._read_heads)
                except Exception:  # a DB hiccup must not kill the poller; waiters time out anyway
                    log.warning("reading scope heads failed", exc_info=True)
                else:
                    if heads != self._heads:
                        self._heads = heads
                        async with self._cond:
                            self._cond.notify_all()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._poke.wait(), self._interval)
            self._poke.clear()

    async def stop(self) -> None:
        """Cancel the poller (app shutdown)."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
