"""One worker thread for all database work, awaited from the asyncio loop.

``await worker.run(fn, *args)`` queues ``fn`` on the worker thread and resumes the awaiting
coroutine with its result (or exception) via ``loop.call_soon_threadsafe``, which plain asyncio
and qasync both implement. Work runs strictly one item at a time, in submission order, so the
cache is never used from two threads at once and the UI thread never blocks on SQL.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from concurrent.futures import Future
from typing import Any, Callable, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")

_STOP = object()


class WorkerClosed(RuntimeError):
    """The DbWorker was closed; no more work is accepted."""


class DbWorker:
    """A single thread that runs database functions in order."""

    def __init__(self, name: str = "clienteling-db") -> None:
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._closed = False
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)
        self._thread.start()

    @property
    def thread(self) -> threading.Thread:
        return self._thread

    def _loop(self) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP:
                return
            fn, args, kwargs, future = item
            if not future.set_running_or_notify_cancel():
                continue
            try:
                result = fn(*args, **kwargs)
            except BaseException as exc:  # handed to the awaiting side, never lost
                future.set_exception(exc)
            else:
                future.set_result(result)

    def submit(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> "Future[T]":
        """Queue ``fn`` and return a concurrent Future (for callers outside asyncio)."""
        future: Future[T] = Future()
        with self._lock:
            if self._closed:
                raise WorkerClosed("the database worker is closed")
            self._queue.put((fn, args, kwargs, future))
        return future

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run ``fn(*args, **kwargs)`` on the worker thread and return its result."""
        if threading.current_thread() is self._thread:
            return fn(*args, **kwargs)  # already on the worker (nested call): run inline
        return await asyncio.wrap_future(self.submit(fn, *args, **kwargs))

    def call(self, fn: Callable[..., T], *args: Any, timeout: float | None = None, **kwargs: Any) -> T:
        """Blocking variant for code without an event loop (scripts, tests)."""
        if threading.current_thread() is self._thread:
            return fn(*args, **kwargs)
        return self.submit(fn, *args, **kwargs).result(timeout)

    def close(self, timeout: float | None = 30.0) -> None:
        """Finish queued work, then stop the thread. Idempotent."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._queue.put(_STOP)
        if threading.current_thread() is not self._thread:
            self._thread.join(timeout)
            if self._thread.is_alive():
                log.warning("database worker still busy after %.0fs at close", timeout or 0)
