"""The long-running replication loop of the app.

Two cooperating tasks:

- the *puller* bootstraps what is missing, then long-polls the change feed (a new BOPIS order
  shows up within a second of being committed);
- the *pusher* drains the outbox at start-up, when a mutation is queued
  (``notify_enqueued``), when the connection comes back, and every ``sync_interval_s``.

Failures back off exponentially with full jitter; a revoked device stops the loop and calls
``on_revoked``. Everything is plain asyncio: under qasync it runs inside the Qt event loop.
"""

from __future__ import annotations

import asyncio
import logging
import random
from typing import TYPE_CHECKING

from clienteling.logs import describe_exception, traceback_frames
from sync.client import SyncError

if TYPE_CHECKING:
    from clienteling.replication.replicator import Replicator

log = logging.getLogger(__name__)

BACKOFF_BASE_S = 1.0
BACKOFF_CAP_S = 30.0
FATAL_KINDS = ("revoked",)


def backoff_s(failures: int, rng=random.random) -> float:  # type: ignore[no-untyped-def]
    """Full jitter: uniform in [0, min(cap, base * 2**(failures-1))], never below 0.2 s."""
    return max(0.2, rng() * min(BACKOFF_CAP_S, BACKOFF_BASE_S * 2 ** max(failures - 1, 0)))


async def _sleep_or_stop(stop: asyncio.Event, seconds: float, wake: asyncio.Event | None = None) -> None:
    waiters = [asyncio.ensure_future(stop.wait())]
    if wake is not None:
        waiters.append(asyncio.ensure_future(wake.wait()))
    try:
        await asyncio.wait(waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for w in waiters:
            w.cancel()
        await asyncio.gather(*waiters, return_exceptions=True)


class _Fatal(Exception):
    pass


def _handle(rep: "Replicator", exc: SyncError, stop: asyncio.Event) -> None:
    rep._failed(exc)
    if exc.kind in FATAL_KINDS:
        log.error("device revoked by the server: replication stops")
        stop.set()
        raise _Fatal() from exc
    log.info("sync failed (%s)", exc.summary)


def _internal(rep: "Replicator", exc: Exception) -> None:
    # A known failure (CacheError has a kind) by its type; a bug with its frames, never the message.
    if hasattr(exc, "kind"):
        log.error("replication step failed: %s", describe_exception(exc))
    else:
        log.error("replication step failed: %s\n%s", describe_exception(exc), traceback_frames(exc))
    rep.status.last_error = str(exc)
    rep.status.last_error_kind = getattr(exc, "kind", "internal")
    rep._emit()


async def _puller(rep: "Replicator", stop: asyncio.Event) -> None:
    failures = 0
    device_known = False
    while not stop.is_set():
        try:
            if not device_known:
                await rep.refresh_device()
                device_known = True
            await rep.bootstrap()
            if failures or rep.status.last_sync_at is None:
                # bootstrap may not have touched the network: prove the server answers before
                # saying "online" (and waking the pusher), with a quick pull, not a long-poll;
                # it also dates the data ("synced") before the first long-poll holds.
                await rep.pull(wait_s=0.0)
            rep.set_online(True)
            failures = 0
            await rep.pull(wait_s=rep.long_poll_s)
            rep.set_online(True)
        except SyncError as exc:
            _handle(rep, exc, stop)
            failures += 1
            await _sleep_or_stop(stop, backoff_s(failures))
        except Exception as exc:  # e.g. CacheError (disk full): report, back off, keep going
            _internal(rep, exc)
            failures += 1
            await _sleep_or_stop(stop, backoff_s(failures))


async def _pusher(rep: "Replicator", stop: asyncio.Event, wake: asyncio.Event) -> None:
    failures = 0
    while not stop.is_set():
        wake.clear()
        try:
            await rep.push()
            failures = 0
            rep.set_online(True)
            await _sleep_or_stop(stop, rep.sync_interval_s, wake)
        except SyncError as exc:
            _handle(rep, exc, stop)
            failures += 1
            # Offline: wait for the backoff, the timer, or the puller seeing the server again.
            await _sleep_or_stop(stop, min(backoff_s(failures), rep.sync_interval_s), wake)
        except Exception as exc:
            _internal(rep, exc)
            failures += 1
            await _sleep_or_stop(stop, min(backoff_s(failures), rep.sync_interval_s), wake)


async def run_forever(rep: "Replicator", stop: asyncio.Event) -> None:
    """Run puller and pusher until ``stop`` is set (or the device is revoked)."""
    rep._loop = asyncio.get_running_loop()
    wake = asyncio.Event()
    rep._wake_push = wake
    try:
        await rep.refresh_counts()
    except Exception:
        log.exception("could not read the outbox counts")
    tasks = [asyncio.ensure_future(_puller(rep, stop)), asyncio.ensure_future(_pusher(rep, stop, wake))]
    stopper = asyncio.ensure_future(stop.wait())
    try:
        done, _ = await asyncio.wait([*tasks, stopper], return_when=asyncio.FIRST_COMPLETED)
        for task in done:
            if task is not stopper and not task.cancelled() and task.exception() is not None \
                    and not isinstance(task.exception(), _Fatal):
                log.error("replication task crashed", exc_info=task.exception())
    finally:
        for task in [*tasks, stopper]:
            task.cancel()
        await asyncio.gather(*tasks, stopper, return_exceptions=True)
        rep._wake_push = None
        rep._loop = None
