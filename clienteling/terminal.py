"""One terminal's non-Qt wiring: credentials, encrypted cache, DB worker, sync client, replicator,
services. Used by the headless commands below and by the Qt app (which adds the UI on top).
"""

from __future__ import annotations

import asyncio
import logging
import platform
import time
from pathlib import Path
from typing import Any, Callable, TypeVar

import httpx

from sync.client import SyncClient, SyncError

from clienteling import __version__
from clienteling.cache import Cache, CacheError, open_cache, outbox, recovery, repos, state
from clienteling.cache.checksums import scope_stats
from clienteling.dbworker import DbWorker
from clienteling.domain.models import DeviceInfo
from clienteling.replication import Replicator
from clienteling.security.credentials import CACHE_KEY, DEVICE_TOKEN, CredentialStore, new_cache_key
from clienteling.security.lockout import Lockout
from clienteling.services.audit import AuditService
from clienteling.services.sessions import SessionService
from clienteling.services import (ApprovalService, CustomerService, IncidentService, LoyaltyService, NoteService,
                                  OutboxService, PickupService, ReturnService)
from clienteling.services.clock import Clock, utc_now
from clienteling.services.inventory import InventoryService
from clienteling.services.kpis import KpiService
from clienteling.services.recommendations import RecommendationService
from clienteling.services.remote_search import RemoteSearchService
from clienteling.services.signup import SignupService
from clienteling.services.tasks import TaskService

log = logging.getLogger(__name__)
T = TypeVar("T")


class NotEnrolled(RuntimeError):
    """This data folder has no enrolled terminal (no token, key or cache): enrol first."""


class UnsentWrites(RuntimeError):
    """Enrolling again would delete writes this terminal has not sent yet."""


class Revoked(RuntimeError):
    """IT revoked this terminal: its cache and credentials have been wiped."""


def _pending_in_existing_cache(config: Any, credentials: CredentialStore) -> int | None:
    """Unsent outbox entries in the folder's current cache (0 when there is none, None when it
    will not open: enrolment then sets it aside rather than deleting it)."""
    key, path = credentials.get(CACHE_KEY), Path(config.cache_path)
    if not path.exists():
        return 0
    if not key:
        return None
    try:
        cache = open_cache(path, key)
    except Exception:  # unreadable here: kept aside, support may still read it
        return None
    try:
        with cache.read() as conn:
            return outbox.counts(conn).pending
    finally:
        cache.close()


def _remove_cache_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        candidate = path.with_name(path.name + suffix)
        if candidate.exists():
            candidate.unlink()


def _device(data: dict[str, Any], server_url: str) -> DeviceInfo:
    return DeviceInfo(device_id=data.get("device_id", ""), store_id=data.get("store_id", ""),
                      store_name=data.get("store_name", ""), region=data.get("region", ""),
                      scopes=tuple(data.get("scopes") or ()), server_url=server_url,
                      server_epoch=data.get("server_epoch"))


class Terminal:
    """Everything below the UI for one data folder. Build with :meth:`enroll` or :meth:`open`."""

    def __init__(self, config: Any, credentials: CredentialStore, cache: Cache, worker: DbWorker,
                 client: SyncClient, device: DeviceInfo, clock: Clock = utc_now) -> None:
        self.config = config
        self.credentials = credentials
        self.cache = cache
        self.worker = worker
        self.client = client
        self.device = device
        self.clock = clock
        self.replicator = Replicator(cache, worker, client, clock=clock,
                                     sync_interval_s=getattr(config, "sync_interval_s", 30.0))
        self.customers = CustomerService(cache, clock)
        self.notes = NoteService(cache, clock)
        self.loyalty = LoyaltyService(cache, clock, getattr(config, "offline_redeem_cap_points", 1000))
        self.tasks = TaskService(cache, clock)
        self.signup = SignupService(cache, clock)
        self.inventory = InventoryService(cache, clock, getattr(config, "hold_days", 2))
        self.remote_search = RemoteSearchService(cache, client, worker.run)
        self.pickups = PickupService(cache, clock)
        self.returns = ReturnService(cache, clock, getattr(config, "offline_return_cap_cents", 20_000))
        self.incidents = IncidentService(cache, clock)
        wrong_pins = Lockout()  # sign-in and manager approvals count wrong PINs together
        self.approvals = ApprovalService(cache, clock, lockout=wrong_pins)
        self.sessions = SessionService(cache, lockout=wrong_pins)
        self.audit = AuditService(cache, clock)
        self.outbox = OutboxService(cache)
        self.recommendations = RecommendationService(cache, clock)
        self.kpis = KpiService(cache, clock)
        self._revoked = False
        self._closed = False
        self.replicator.on_revoked = self._on_revoked
        self.recovery: recovery.Recovery | None = None
        """Set when :meth:`open_or_recover` replaced a damaged cache."""

    # ----- construction -------------------------------------------------------------------------

    @classmethod
    async def enroll(cls, config: Any, credentials: CredentialStore, server_url: str, code: str, *,
                     transport: httpx.AsyncBaseTransport | None = None, hostname: str | None = None,
                     clock: Clock = utc_now, force: bool = False) -> "Terminal":
        """Enrol with a one-time code: token + fresh cache key in the credential store, a new
        encrypted cache with the device record. An existing cache in the folder is replaced,
        unless it still holds unsent writes (:class:`UnsentWrites`: sync it first, or pass
        ``force=True`` to discard them knowingly)."""
        credentials.get(DEVICE_TOKEN)  # fail on an unusable credential store before using the code
        pending = 0 if force else _pending_in_existing_cache(config, credentials)
        if pending is None:
            recovery.set_aside(Path(config.cache_path), clock())
        elif pending:
            raise UnsentWrites(f"this terminal still has {pending} change(s) not sent to the central "
                               "service; sync first (clienteling sync --once), or enrol with --force "
                               "to discard them")
        client = SyncClient(server_url, timeout_s=config.request_timeout_s, transport=transport,
                            verify=config.ca_bundle or True, proxy=config.proxy or None,
                            user_agent=f"clienteling/{__version__}")
        worker = DbWorker()
        try:
            resp = await client.enroll(code, app_version=__version__,
                                       hostname=hostname if hostname is not None else platform.node())
            path = Path(config.cache_path)
            key = new_cache_key()
            await worker.run(_remove_cache_files, path)
            credentials.set(CACHE_KEY, key)
            credentials.set(DEVICE_TOKEN, resp.token)
            cache = await worker.run(open_cache, path, key)
            await worker.run(_save_enrolment, cache, resp, client.base_url)
        except BaseException:
            await client.aclose()
            worker.close()
            raise
        client.token = resp.token
        log.info("enrolled device %s for store %s", resp.device_id, resp.store_id)
        device = _device(resp.model_dump(), client.base_url)
        return cls(config, credentials, cache, worker, client, device, clock)

    @classmethod
    def open(cls, config: Any, credentials: CredentialStore, *,
             transport: httpx.AsyncBaseTransport | None = None, clock: Clock = utc_now) -> "Terminal":
        """Open an enrolled data folder; raises :class:`NotEnrolled` if there is nothing to open."""
        token, key = credentials.get(DEVICE_TOKEN), credentials.get(CACHE_KEY)
        path = Path(config.cache_path)
        if not token or not key or not path.exists():
            raise NotEnrolled(f"no enrolled terminal in {config.data_dir}: enrol it with a code first")
        worker = DbWorker()
        try:
            cache = worker.call(open_cache, path, key)
            data = worker.call(_load_device, cache)
            server_url = config.server_url or data.get("server_url") or ""
            if not server_url or not data.get("device_id"):
                cache.close()
                raise NotEnrolled("the cache has no device record: enrol this terminal again")
            client = SyncClient(server_url, token=token, timeout_s=config.request_timeout_s,
                                transport=transport, verify=config.ca_bundle or True,
                                proxy=config.proxy or None, user_agent=f"clienteling/{__version__}")
        except BaseException:
            worker.close()
            raise
        return cls(config, credentials, cache, worker, client, _device(data, client.base_url), clock)

    @classmethod
    async def open_or_recover(cls, config: Any, credentials: CredentialStore, *,
                              transport: httpx.AsyncBaseTransport | None = None,
                              clock: Clock = utc_now) -> "Terminal":
        """:meth:`open`; if the cache file is damaged, set it aside and start a new one that keeps
        the unsent outbox (``clienteling.cache.recovery``): the replicator then downloads every
        scope again. ``terminal.recovery`` says what was done. When the damaged file does not say
        enough (device record, outbox sequence) and the central service cannot be reached, raises
        the ``corrupt`` :class:`CacheError` and moves nothing: the next start tries again."""
        try:
            return cls.open(config, credentials, transport=transport, clock=clock)
        except CacheError as exc:
            if exc.kind != "corrupt":
                raise
            log.warning("the cache is damaged (%s): setting it aside", exc.detail or exc.kind)
        done = await _recover(config, credentials, transport, clock)
        terminal = cls.open(config, credentials, transport=transport, clock=clock)
        terminal.recovery = done
        return terminal

    # ----- use ----------------------------------------------------------------------------------

    async def perform(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a service write on the DB worker, then ask the replicator to push it."""
        result = await self.worker.run(fn, *args, **kwargs)
        self.replicator.notify_enqueued()
        await self.replicator.refresh_counts()
        return result

    async def stats(self) -> dict[str, Any]:
        """Per-scope checksums, row counts per entity and outbox counts (JSON-able)."""
        def collect() -> dict[str, Any]:
            with self.cache.read() as conn:
                scopes = list(state.load_device(conn).get("scopes") or [])
                return {"scopes": scope_stats(conn, scopes), "rows": repos.count_rows(conn),
                        "outbox": outbox.counts(conn).as_dict()}
        return await self.worker.run(collect)

    async def default_associate(self) -> str | None:
        """The store's active associate with the largest client book (None before staff are
        downloaded): who the demo screenshots and tests sign in as."""
        def pick() -> str | None:
            with self.cache.read() as conn:
                return conn.exec_driver_sql(
                    "SELECT a.id FROM associates a WHERE a.store_id = ? AND coalesce(a.active, 1) "
                    "ORDER BY (SELECT count(*) FROM customers c WHERE c.assigned_associate_id = a.id) DESC, "
                    "a.id LIMIT 1", (self.device.store_id,)).scalar()
        return await self.worker.run(pick)

    async def default_session(self) -> Any:
        """A ``Session`` of :meth:`default_associate` (demo screenshots and tests sign in as them)."""
        associate = await self.default_associate()
        staff = await self.worker.run(self.sessions.roster)
        return next((s for s in staff if s.associate_id == associate), None)

    @property
    def revoked(self) -> bool:
        """The central service answered ``revoked``: call :meth:`wipe`."""
        return self._revoked

    def _on_revoked(self, _error: Any) -> None:
        self._revoked = True
        log.warning("device %s was revoked by the central service", self.device.device_id)

    async def wipe(self) -> None:
        """Forget everything: close, delete the cache files and both secrets (revocation)."""
        path = Path(self.config.cache_path)
        await self.aclose()
        _remove_cache_files(path)
        for name in (DEVICE_TOKEN, CACHE_KEY):
            self.credentials.delete(name)
        log.warning("cache and credentials of device %s wiped", self.device.device_id)

    async def aclose(self) -> None:
        """Close the HTTP client, the cache and the worker thread (once; later calls do nothing)."""
        if self._closed:
            return
        self._closed = True
        await self.client.aclose()
        try:
            await self.worker.run(self.cache.close)
        finally:
            self.worker.close()


_NEEDS_SERVER = ("The local cache file is damaged and cannot be rebuilt until the central service can be "
                 "reached. Nothing was deleted: connect the terminal to the network and start the app again.")


async def _recover(config: Any, credentials: CredentialStore, transport: httpx.AsyncBaseTransport | None,
                   clock: Clock) -> recovery.Recovery:
    """Salvage, ask the server what the damaged file cannot tell, set the file aside, rebuild."""
    path, key, token = Path(config.cache_path), credentials.get(CACHE_KEY), credentials.get(DEVICE_TOKEN)
    saved = await asyncio.to_thread(recovery.salvage, path, key)
    log.warning("salvaged from the damaged cache: %s", recovery.describe(saved))
    server_url = config.server_url or saved.device.get("server_url") or ""
    device: dict[str, Any] = {}
    floor = saved.seq_floor
    try:
        if not server_url:
            raise SyncError("offline", "no server URL")
        client = SyncClient(server_url, token=token, timeout_s=config.request_timeout_s, transport=transport,
                            verify=config.ca_bundle or True, proxy=config.proxy or None,
                            user_agent=f"clienteling/{__version__}", attempts=1)  # the associate waits
        try:
            info = await client.device()
            floor = max(floor, (await client.push([])).last_seq)  # what the server already applied
        finally:
            await client.aclose()
        device = {**info.model_dump(), "server_url": client.base_url}
    except SyncError as exc:
        if exc.kind == "revoked":
            raise
        if not saved.complete or not saved.device.get("device_id"):
            raise CacheError("corrupt", _NEEDS_SERVER, detail=exc.summary) from None
        log.warning("central service not reachable (%s): rebuilding from the damaged file's own "
                    "record and sequence", exc.summary)
    aside = await asyncio.to_thread(recovery.set_aside, path, clock())
    cache = await asyncio.to_thread(recovery.rebuild, path, key, saved, device, floor)
    cache.close()
    return recovery.Recovery(aside, saved.pending, len(saved.outbox), saved.complete)


def _save_enrolment(cache: Cache, resp: Any, server_url: str) -> None:
    with cache.write() as conn:
        state.save_device(conn, device_id=resp.device_id, store_id=resp.store_id,
                          store_name=resp.store_name, region=resp.region, scopes=resp.scopes,
                          server_url=server_url, server_epoch=resp.server_epoch)
        state.ensure_scopes(conn, resp.scopes)


def _load_device(cache: Cache) -> dict[str, Any]:
    with cache.read() as conn:
        return state.load_device(conn)


# ----- headless commands (the lead wires argparse to these) ---------------------------------------

async def enroll_command(config: Any, credentials: CredentialStore, server_url: str, code: str,
                         force: bool = False) -> dict:
    """Enrol this data folder; returns the device facts as a dict."""
    terminal = await Terminal.enroll(config, credentials, server_url, code, force=force)
    try:
        d = terminal.device
        return {"device_id": d.device_id, "store_id": d.store_id, "store_name": d.store_name,
                "region": d.region, "scopes": list(d.scopes), "server_url": d.server_url,
                "data_dir": str(config.data_dir)}
    finally:
        await terminal.aclose()


async def sync_once_command(config: Any, credentials: CredentialStore) -> dict:
    """One full sync round, then checksums comparable with ``clienteling-central scope-stats``."""
    started = time.monotonic()
    terminal = await Terminal.open_or_recover(config, credentials)
    try:
        try:
            await terminal.replicator.sync_once()
        except SyncError as exc:
            if exc.kind == "revoked":
                await terminal.wipe()
                raise Revoked("IT revoked this terminal: its local data and credentials were removed; "
                              "enrol it again with a new code") from None
            raise
        stats = await terminal.stats()
        return {"device_id": terminal.device.device_id, "store_id": terminal.device.store_id,
                **stats, "seconds": round(time.monotonic() - started, 3)}
    finally:
        await terminal.aclose()
