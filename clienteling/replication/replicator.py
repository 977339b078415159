"""The Replicator: bootstrap from snapshots, follow the change feed, drain the outbox.

Network calls run on the asyncio loop; every database step runs on the DbWorker as one local
transaction (see ``replication.apply``). Status and progress go out through plain callbacks.
The long-running loop for the app lives in ``replication.runner``, the snapshot download in
``replication.bootstrap``. Every request carries the
terminal's health (version, outbox counts, last sync, cache age) in headers: :meth:`health_headers`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from datetime import datetime, timezone
from collections.abc import AsyncIterator
from typing import Any, Callable

from sync import protocol as p
from sync.client import RETRYABLE_KINDS, SyncClient, SyncError

from clienteling import __version__
from clienteling.cache import Cache, outbox, state
from clienteling.dbworker import DbWorker
from clienteling.replication import apply
from clienteling.replication.bootstrap import SNAPSHOT_PAGE_ROWS, download_missing
from clienteling.replication.status import SyncReport, SyncStatus

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
PUSH_BATCH = 200


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class Replicator:
    """Keeps one cache in step with the central service for this device's scopes."""

    def __init__(self, cache: Cache, worker: DbWorker, client: SyncClient, clock: Clock = _utc_now,
                 on_status: Callable[[SyncStatus], None] | None = None,
                 on_progress: Callable[[str, int, int, float, float | None], None] | None = None,
                 on_revoked: Callable[[SyncError], None] | None = None, *,
                 sync_interval_s: float = 30.0, long_poll_s: float = 25.0,
                 snapshot_page_rows: int = SNAPSHOT_PAGE_ROWS,
                 changes_page_rows: int = p.DEFAULT_PAGE_ROWS) -> None:
        self.cache = cache
        self.worker = worker
        self.client = client
        self.clock = clock
        self.on_status = on_status
        self.on_progress = on_progress
        self.on_revoked = on_revoked
        self.sync_interval_s = sync_interval_s
        self.long_poll_s = long_poll_s
        self.snapshot_page_rows = snapshot_page_rows
        self.changes_page_rows = changes_page_rows
        self.status = SyncStatus()
        self.searchable_at: float | None = None  # time.monotonic() when the index was (re)built
        self._push_lock = asyncio.Lock()
        self._pull_lock = asyncio.Lock()
        self._wake_push: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._revoked_reported = False
        self._counts_known = False
        self._synced: tuple[datetime | None, str | None] = (None, None)  # least, most recently synced scope
        client.health_report = self.health_headers

    # ----- status -------------------------------------------------------------------------------

    def _now(self) -> str:
        return _iso(self.clock())

    def _emit(self) -> None:
        if self.on_status is not None:
            try:
                self.on_status(self.status)
            except Exception:  # a UI callback must not break replication
                log.exception("on_status callback failed")

    async def refresh_counts(self) -> None:
        """Re-read the outbox counts and emit the status."""
        counts, self._synced = await self.worker.run(self._counts)
        self.status.pending, self.status.rejected = counts.pending, counts.rejected
        self._counts_known = True
        self._emit()

    def _counts(self) -> tuple[Any, tuple[datetime | None, str | None]]:
        with self.cache.read() as conn:
            times = [st.last_sync_at for st in state.all_scopes(conn).values()]
            counts = outbox.counts(conn)
        known = [t for t in times if t]
        try:  # a scope never synced: the cache has no age yet
            oldest = datetime.fromisoformat(min(known)) if known and len(known) == len(times) else None
        except ValueError:
            oldest = None
        if oldest is not None and oldest.tzinfo is None:
            oldest = oldest.replace(tzinfo=timezone.utc)
        return counts, (oldest, max(known, default=None))

    def health_headers(self) -> dict[str, str]:
        """What every request tells the central service about this terminal (``sync.protocol``,
        "Terminal health"); what is not known yet is left out. Runs on the loop: no database."""
        headers = {p.HEALTH_VERSION: __version__}
        if self._counts_known:
            headers[p.HEALTH_OUTBOX_PENDING] = str(self.status.pending)
            headers[p.HEALTH_OUTBOX_REJECTED] = str(self.status.rejected)
        oldest, newest = self._synced
        if self.status.last_sync_at or newest:
            headers[p.HEALTH_LAST_SYNC] = self.status.last_sync_at or newest  # type: ignore[assignment]
        if oldest is not None:
            headers[p.HEALTH_CACHE_AGE] = str(max(0, int((self.clock() - oldest).total_seconds())))
        # Only what needs IT: being offline now and then is normal and clears itself.
        kind = self.status.last_error_kind
        headers[p.HEALTH_LAST_ERROR] = kind if kind and kind not in RETRYABLE_KINDS else p.HEALTH_NO_ERROR
        return headers

    def set_online(self, online: bool, error: SyncError | None = None) -> None:
        """Record reachability; going back online wakes the pusher."""
        was = self.status.online
        self.status.online = online
        if error is not None:
            self.status.last_error, self.status.last_error_kind = error.message, error.kind
        elif online:
            self.status.last_error = self.status.last_error_kind = None
        if online and was is False and self._wake_push is not None:
            self._wake_push.set()  # reconnect: push what queued up while offline
        self._emit()

    def notify_enqueued(self) -> None:
        """A mutation was queued: push soon. Safe to call from any thread."""
        loop, event = self._loop, self._wake_push
        if loop is None or event is None:
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            event.set()
        else:
            loop.call_soon_threadsafe(event.set)

    # ----- device and scopes --------------------------------------------------------------------

    async def refresh_device(self) -> p.DeviceInfo:
        """Ask the server who we are; adopt changed scopes; a new epoch re-snapshots everything."""
        info = await self.client.device()
        await self.worker.run(self._adopt_device, info)
        return info

    def _adopt_device(self, info: p.DeviceInfo) -> None:
        with self.cache.write() as conn:
            known = state.load_device(conn)
            if known.get("server_epoch") and known["server_epoch"] != info.server_epoch:
                log.warning("server epoch changed: every scope is downloaded again")
                for scope in state.all_scopes(conn):
                    state.reset_scope(conn, scope)
            state.save_device(conn, device_id=info.device_id, store_id=info.store_id,
                              store_name=info.store_name, region=info.region, scopes=info.scopes,
                              server_epoch=info.server_epoch)
            state.ensure_scopes(conn, info.scopes)

    def _scopes(self) -> tuple[list[str], dict[str, state.ScopeState]]:
        with self.cache.read() as conn:
            device = state.load_device(conn)
            states = state.all_scopes(conn)
        return list(device.get("scopes") or states), states

    # ----- bootstrap (replication.bootstrap) --------------------------------------------------------

    async def bootstrap(self) -> int:
        """Download every scope whose snapshot is not finished (region first); returns rows."""
        async with self._pull_lock:
            return await self._bootstrap()

    async def _bootstrap(self, only: list[str] | None = None) -> int:
        return await download_missing(self, only)

    def _searchable(self) -> None:
        self.searchable_at = time.monotonic()
        self.status.searchable = True

    # ----- pull ---------------------------------------------------------------------------------

    async def pull(self, wait_s: float = 0.0) -> int:
        """Apply changes of every bootstrapped scope until none are left; re-snapshot reset scopes."""
        async with self._pull_lock:
            return await self._pull(wait_s)

    def _cursors(self) -> dict[str, str]:
        scopes, states = self._scopes()
        return {s: states[s].changes_cursor for s in scopes  # type: ignore[misc]
                if s in states and states[s].snapshot_done and states[s].changes_cursor}

    async def _pull(self, wait_s: float) -> int:
        total = 0
        while True:
            cursors = await self.worker.run(self._cursors)
            if not cursors:
                return total
            waiting = wait_s > 0 and self.status.online is True and self.status.last_sync_at is not None
            if waiting != self.status.live:
                # A long-poll in flight after a good pull: the cache is current until it returns.
                self.status.live = waiting
                self._emit()
            try:
                resp = await self.client.changes(cursors, min(wait_s, p.MAX_WAIT_S), self.changes_page_rows)
            except SyncError as exc:
                self.status.live = False
                if exc.kind == "protocol" and exc.body and isinstance(exc.body, dict) \
                        and exc.body.get("code") == p.ERR_BAD_CURSOR:
                    log.warning("change cursors refused: downloading every scope again")
                    await self.worker.run(apply.reset_scopes, self.cache, list(cursors))
                    await self._bootstrap()
                    continue
                raise
            wait_s = 0.0
            resets = [s for s, ch in resp.scopes.items() if ch.reset]
            more = False
            now = self._now()
            for scope, changes in resp.scopes.items():
                if changes.reset:
                    continue
                applied = await self.worker.run(apply.apply_changes, self.cache, scope, changes, now)
                if applied:
                    self.status.generation += 1
                total += applied
                more = more or changes.more
            if resets:
                log.warning("scopes reset by the server, downloading again: %s", ", ".join(resets))
                await self.worker.run(apply.reset_scopes, self.cache, resets)
                await self._bootstrap(only=resets)
            self.status.last_sync_at = now
            if resp.last_seq is not None:
                # The server hint: it is reachable, so push if we hold writes for it. Re-read the
                # outbox: status.pending is stale for entries queued without notify_enqueued.
                await self.refresh_counts()
                if self.status.pending:
                    self.notify_enqueued()
            if not more and not resets:
                return total

    # ----- push ---------------------------------------------------------------------------------

    async def push(self) -> dict[str, int]:
        """Send pending outbox entries in seq order; apply each result in its own transaction."""
        async with self._push_lock:
            return await self._push()

    async def _push(self) -> dict[str, int]:
        totals = {"pushed": 0, "applied": 0, "rejected": 0, "replayed": 0}
        while True:
            batch = await self.worker.run(apply.load_for_push, self.cache, PUSH_BATCH)
            if not batch:
                break
            try:
                resp = await self.client.push(batch)
            except SyncError as exc:
                if exc.kind != "conflict" or exc.last_seq is None:
                    raise
                log.warning("server expects seq %s next (sequence gap): resending from there",
                            exc.last_seq + 1)
                batch = await self.worker.run(apply.load_for_push, self.cache, PUSH_BATCH, exc.last_seq + 1)
                resp = await self.client.push(batch)
            scopes, _ = await self.worker.run(self._scopes)
            try:
                counts = await self.worker.run(apply.apply_push_results, self.cache, resp.results,
                                               set(scopes), self._now())
            except apply.ResultMismatch as exc:
                raise SyncError("protocol", str(exc)) from None
            totals["pushed"] += len(batch)
            for key, value in counts.items():
                totals[key] += value
            if counts["applied"] + counts["rejected"] == 0:
                break  # no progress (server answered nothing new): try again later
        await self.refresh_counts()
        return totals

    # ----- one full round -----------------------------------------------------------------------

    async def sync_once(self) -> SyncReport:
        """Push, bootstrap what is missing, pull until no more, push again."""
        report = SyncReport()
        started = time.monotonic()
        try:
            await self.refresh_counts()  # the first request reports the outbox too
            await self.refresh_device()
            first = await self.push()
            report.snapshot_rows = await self.bootstrap()
            report.changed_rows = await self.pull(0.0)
            second = await self.push()
        except SyncError as exc:
            self._failed(exc)
            raise
        for counts in (first, second):
            report.pushed += counts["pushed"]
            report.add_push(counts)
        self.set_online(True)
        report.seconds = time.monotonic() - started
        return report

    def _failed(self, exc: SyncError) -> None:
        if exc.kind == "revoked" and self.on_revoked is not None and not self._revoked_reported:
            self._revoked_reported = True  # puller and pusher may both hear it: report once
            try:
                self.on_revoked(exc)
            except Exception:
                log.exception("on_revoked callback failed")
        self.set_online(exc.kind not in ("offline", "timeout", "server"), exc)

    async def run(self, stop_event: asyncio.Event) -> None:
        """The app's long-running loop (see ``replication.runner``) until ``stop_event`` is set."""
        from clienteling.replication.runner import run_forever
        await run_forever(self, stop_event)

    @contextlib.asynccontextmanager
    async def running(self, stop_timeout_s: float = 15.0) -> AsyncIterator[None]:
        """The long-running loop for the duration of a block (demo shots, tests); the outbox
        counts are re-read when it stops."""
        stop = asyncio.Event()
        task = asyncio.ensure_future(self.run(stop))
        try:
            yield
        finally:
            stop.set()
            await asyncio.wait_for(task, timeout=stop_timeout_s)
            await self.refresh_counts()
