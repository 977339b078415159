"""What every request needs: the engine, the head watcher, the store directory, the device.

:class:`Central` is built once per app by ``app.create_app`` and handed to the routes through
``request.app.state.central``; nothing here is global. :func:`authenticate` also records when a
device was last seen (in batches, ``heartbeats``) and the health its request headers report
(``sync.protocol``; a change is written at once).
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections import namedtuple
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from fastapi import Depends, Request
from fastapi.security import HTTPBearer
from sqlalchemy import Engine, bindparam, select, update

from sync import protocol
from sync.scopes import StoreRef, scopes_for_store
from sync.server import clock
from sync.server.cursors import CursorCodec
from sync.server.db import read_meta, read_tx, write_tx
from sync.server.errors import ApiError
from sync.server.heartbeats import Heartbeats
from sync.server.models import ENTITY_TABLES, devices
from sync.server.versions import read_heads
from sync.server.page_cache import PageCache
from sync.server.rows import Prepared
from sync.server.watcher import WAKE_BUDGET, HeadWatcher

LAST_SEEN_EVERY = timedelta(minutes=1)
LAST_SEEN_AWAY = timedelta(minutes=5)
"""A device not seen for this long is back: written at once (IT's "stale" flag clears); a device
seen more recently only moves its time on in the next batch (``heartbeats``)."""
_VERSION_RE = re.compile(r"[A-Za-z0-9.+_-]{1,64}")
_ERROR_RE = re.compile(r"[a-z_]{1,32}")
_COUNT_RE = re.compile(r"[0-9]{1,20}")
_OLDEST_SYNC = datetime(2000, 1, 1, tzinfo=UTC)
_COMPARED = ("app_version", "outbox_pending", "outbox_rejected", "last_error")
_HEALTH_COLUMNS = (*_COMPARED, "last_sync_at", "cache_synced_at")


def token_hash(token: str) -> str:
    """What the database stores instead of a device token."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class StoreInfo:
    """A location's scope facts and display name."""

    ref: StoreRef
    name: str


class StoreDirectory:
    """Locations read from the ``stores`` table, cached briefly (scopes depend on neighbours).

    A store's scopes (its nearest stores among all locations) are worked out once and kept until
    the table changes: every request asks for them, and with 5,000 locations working them out
    takes 3.7 ms (a scan of every location)."""

    def __init__(self, engine: Engine, ttl_s: float = 30.0) -> None:
        self._engine = engine
        self._ttl = ttl_s
        self._lock = threading.Lock()
        self._loaded_at = float("-inf")
        self._stores: dict[str, StoreInfo] = {}
        self._scopes: dict[str, tuple[str, ...]] = {}

    def _all(self) -> dict[str, StoreInfo]:
        with self._lock:
            if time.monotonic() - self._loaded_at > self._ttl:
                with read_tx(self._engine) as conn:
                    fresh = load_stores(conn)
                if fresh != self._stores:  # a location added, moved or renamed: scopes may change
                    self._stores = fresh
                    self._scopes = {}
                self._loaded_at = time.monotonic()
            return self._stores

    def get(self, store_id: str) -> StoreInfo | None:
        """The location with this id, if any."""
        return self._all().get(store_id)

    def scopes_for(self, store_id: str) -> list[str]:
        """The scopes a terminal of this store receives (empty for an unknown store)."""
        stores = self._all()
        known = self._scopes.get(store_id)
        if known is None:
            info = stores.get(store_id)
            if info is None:
                return []
            known = tuple(scopes_for_store(info.ref, [s.ref for s in stores.values()]))
            with self._lock:
                if self._stores is stores:  # not reloaded meanwhile
                    self._scopes[store_id] = known
        return list(known)


def load_stores(conn) -> dict[str, StoreInfo]:
    """All locations from the replicated ``stores`` table."""
    t = ENTITY_TABLES["stores"]
    rows = conn.execute(select(t.c.id, t.c.kind, t.c.region, t.c.lat, t.c.lon, t.c.name))
    return {r.id: StoreInfo(StoreRef(r.id, r.kind or "", r.region or "", r.lat or 0.0, r.lon or 0.0), r.name or "")
            for r in rows}


@dataclass(frozen=True)
class FeedFacts:
    """What the head watcher read last besides the heads: the epoch, the cursor codec and each
    scope's floor (``hot_routes`` answers a long-poll that has nothing to read from them)."""

    epoch: str
    codec: CursorCodec
    floors: dict[str, int]


class Central:
    """The service's long-lived objects."""

    def __init__(self, engine: Engine, poll_interval: float = 0.2, wake_budget: float = WAKE_BUDGET) -> None:
        self.engine = engine
        self.stores = StoreDirectory(engine)
        self.watcher = HeadWatcher(self._heads, interval=poll_interval, wake_budget=wake_budget)
        self.pages = PageCache()
        self.heartbeats = Heartbeats(_HEALTH_COLUMNS)
        self.feed_facts: FeedFacts | None = None

    def _heads(self) -> dict[str, int]:
        with read_tx(self.engine) as conn:
            meta = read_meta(conn)
            heads = read_heads(conn)
        facts = self.feed_facts
        codec = facts.codec if facts is not None and facts.epoch == meta["epoch"] else CursorCodec(meta["secret"])
        self.feed_facts = FeedFacts(meta["epoch"], codec, {s: h.floor_version for s, h in heads.items()})
        return {s: h.version for s, h in heads.items()}


@dataclass(frozen=True)
class DeviceContext:
    """The authenticated device of a request."""

    id: str
    store_id: str
    store_name: str
    region: str
    scopes: tuple[str, ...]
    last_seq: int = 0


def central_of(request: Request) -> Central:
    """The app's :class:`Central`."""
    return request.app.state.central


def bearer_token(authorization: str | None) -> str:
    """The token of an ``Authorization: Bearer <token>`` header, or ``401 unauthorized``."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise ApiError(401, protocol.ERR_UNAUTHORIZED, "missing device token")
    return token


class _DeviceBearer(HTTPBearer):
    """The bearer token of the request, or ``401 unauthorized`` (before the body is validated);
    an ``HTTPBearer`` so that OpenAPI declares the scheme."""

    async def __call__(self, request: Request) -> str:  # type: ignore[override]
        return bearer_token(request.headers.get("authorization"))


device_token = _DeviceBearer(auto_error=False, scheme_name="HTTPBearer",
                             description="the device token from /v1/enroll")
"""FastAPI dependency: the token (``hot_routes`` reads it with :func:`bearer_token` and looks the
device up with :func:`device_for` in the worker thread of its own work)."""


_DEVICE_COLUMNS = ("id", "store_id", "revoked_at", "last_seen_at", "last_seq", *_HEALTH_COLUMNS)
_DeviceRow = namedtuple("_DeviceRow", _DEVICE_COLUMNS)  # type: ignore[misc]
_DEVICE_BY_TOKEN = Prepared(lambda: select(*(devices.c[k] for k in _DEVICE_COLUMNS))
                            .where(devices.c.token_hash == bindparam("token_hash")))
"""Every request's device lookup, compiled once."""


def authenticate(request: Request, token: str = Depends(device_token)) -> DeviceContext:
    """FastAPI dependency: the device behind the bearer token (401 unauthorized / revoked)."""
    return device_for(central_of(request), request.headers, token)


def device_for(central: Central, headers: Mapping[str, str], token: str) -> DeviceContext:
    """The device behind ``token`` (401 unauthorized / revoked); records when it was seen and the
    health its ``headers`` report. Blocking: call it from a worker thread."""
    with read_tx(central.engine) as conn:
        found = _DEVICE_BY_TOKEN.run(conn, token_hash=token_hash(token))
    dev = _DeviceRow(*found[0]) if found else None
    if dev is None:
        raise ApiError(401, protocol.ERR_UNAUTHORIZED, "unknown device token")
    if dev.revoked_at is not None:
        raise ApiError(401, protocol.ERR_REVOKED, "this device has been revoked")
    now = clock.now()
    report = read_health(headers, now)
    stored = dev._asdict()
    # Written at once: a change of what IT watches, or a value reported for the first time.
    changed = any(v != stored[k] for k, v in report.items() if k in _COMPARED or stored[k] is None)
    if changed or dev.last_seen_at is None or dev.last_seen_at < clock.iso(now - LAST_SEEN_AWAY):
        # Changes follow a push or a restart, a device away comes back: written at once.
        with write_tx(central.engine) as conn:
            conn.execute(update(devices).where(devices.c.id == dev.id)
                         .values(last_seen_at=clock.iso(now), **report))
    elif dev.last_seen_at < clock.iso(now - LAST_SEEN_EVERY):
        # Else at most once a minute, batched with other devices' (the times move on every sync).
        central.heartbeats.seen(dev.id, clock.iso(now), {**{c: stored[c] for c in _HEALTH_COLUMNS}, **report})
    info = central.stores.get(dev.store_id)
    return DeviceContext(
        id=dev.id,
        store_id=dev.store_id,
        store_name=info.name if info else "",
        region=info.ref.region if info else "",
        scopes=tuple(central.stores.scopes_for(dev.store_id)),
        last_seq=dev.last_seq or 0,
    )


def read_health(headers: Mapping[str, str], now: datetime) -> dict[str, object]:
    """The ``devices`` columns a request's health headers set, validated and clipped; a header
    that is absent or malformed sets nothing (the stored value stays)."""
    out: dict[str, object] = {}
    version = headers.get(protocol.HEALTH_VERSION, "")
    if _VERSION_RE.fullmatch(version):
        out["app_version"] = version
    for column, name in (("outbox_pending", protocol.HEALTH_OUTBOX_PENDING),
                         ("outbox_rejected", protocol.HEALTH_OUTBOX_REJECTED)):
        count = headers.get(name, "")
        if _COUNT_RE.fullmatch(count):
            out[column] = min(int(count), protocol.HEALTH_MAX_COUNT)
    error = headers.get(protocol.HEALTH_LAST_ERROR, "")
    if _ERROR_RE.fullmatch(error):
        out["last_error"] = None if error == protocol.HEALTH_NO_ERROR else error
    last_sync = _past_time(headers.get(protocol.HEALTH_LAST_SYNC, ""), now)
    if last_sync is not None:
        out["last_sync_at"] = clock.iso(last_sync)
    age = headers.get(protocol.HEALTH_CACHE_AGE, "")
    if _COUNT_RE.fullmatch(age):
        out["cache_synced_at"] = clock.iso(now - timedelta(seconds=min(int(age), protocol.HEALTH_MAX_AGE_S)))
    return out


def _past_time(value: str, now: datetime) -> datetime | None:
    """An ISO-8601 time (naive = UTC) no later than ``now``; None if unreadable or before 2000."""
    if not 10 <= len(value) <= 40:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return None if moment < _OLDEST_SYNC else min(moment, now)


def require_scope(device: DeviceContext, scope: str) -> None:
    """403 forbidden_scope unless the device receives ``scope``."""
    if scope not in device.scopes:
        raise ApiError(403, protocol.ERR_FORBIDDEN_SCOPE, f"scope {scope!r} is not available to this device")
