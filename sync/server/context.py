"""What every request needs: the engine, the head watcher, the store directory, the device.

:class:`Central` is built once per app by ``app.create_app`` and handed to the routes through
``request.app.state.central``; nothing here is global.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass
from datetime import timedelta

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine, select, update

from sync import protocol
from sync.scopes import StoreRef, scopes_for_store
from sync.server import clock
from sync.server.db import read_tx, write_tx
from sync.server.errors import ApiError
from sync.server.models import ENTITY_TABLES, devices
from sync.server.versions import read_heads
from sync.server.watcher import HeadWatcher

LAST_SEEN_EVERY = timedelta(minutes=1)


def token_hash(token: str) -> str:
    """What the database stores instead of a device token."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class StoreInfo:
    """A location's scope facts and display name."""

    ref: StoreRef
    name: str


class StoreDirectory:
    """Locations read from the ``stores`` table, cached briefly (scopes depend on neighbours)."""

    def __init__(self, engine: Engine, ttl_s: float = 30.0) -> None:
        self._engine = engine
        self._ttl = ttl_s
        self._lock = threading.Lock()
        self._loaded_at = float("-inf")
        self._stores: dict[str, StoreInfo] = {}

    def _all(self) -> dict[str, StoreInfo]:
        with self._lock:
            if time.monotonic() - self._loaded_at > self._ttl:
                with read_tx(self._engine) as conn:
                    self._stores = load_stores(conn)
                self._loaded_at = time.monotonic()
            return self._stores

    def get(self, store_id: str) -> StoreInfo | None:
        """The location with this id, if any."""
        return self._all().get(store_id)

    def scopes_for(self, store_id: str) -> list[str]:
        """The scopes a terminal of this store receives (empty for an unknown store)."""
        stores = self._all()
        info = stores.get(store_id)
        if info is None:
            return []
        return scopes_for_store(info.ref, [s.ref for s in stores.values()])


def load_stores(conn) -> dict[str, StoreInfo]:
    """All locations from the replicated ``stores`` table."""
    t = ENTITY_TABLES["stores"]
    rows = conn.execute(select(t.c.id, t.c.kind, t.c.region, t.c.lat, t.c.lon, t.c.name))
    return {r.id: StoreInfo(StoreRef(r.id, r.kind or "", r.region or "", r.lat or 0.0, r.lon or 0.0), r.name or "")
            for r in rows}


class Central:
    """The service's long-lived objects."""

    def __init__(self, engine: Engine, poll_interval: float = 0.2) -> None:
        self.engine = engine
        self.stores = StoreDirectory(engine)
        self.watcher = HeadWatcher(self._heads, interval=poll_interval)

    def _heads(self) -> dict[str, int]:
        with read_tx(self.engine) as conn:
            return {s: h.version for s, h in read_heads(conn).items()}


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


_bearer = HTTPBearer(auto_error=False, description="the device token from /v1/enroll")


def authenticate(request: Request,
                 creds: HTTPAuthorizationCredentials | None = Depends(_bearer)) -> DeviceContext:
    """FastAPI dependency: the device behind the bearer token (401 unauthorized / revoked)."""
    if creds is None or creds.scheme.lower() != "bearer" or not creds.credentials:
        raise ApiError(401, protocol.ERR_UNAUTHORIZED, "missing device token")
    central = central_of(request)
    with read_tx(central.engine) as conn:
        dev = conn.execute(select(devices.c.id, devices.c.store_id, devices.c.revoked_at, devices.c.last_seen_at,
                                  devices.c.last_seq)
                           .where(devices.c.token_hash == token_hash(creds.credentials))).first()
    if dev is None:
        raise ApiError(401, protocol.ERR_UNAUTHORIZED, "unknown device token")
    if dev.revoked_at is not None:
        raise ApiError(401, protocol.ERR_REVOKED, "this device has been revoked")
    now = clock.now()
    if dev.last_seen_at is None or dev.last_seen_at < clock.iso(now - LAST_SEEN_EVERY):
        # At most once a minute: a write per request would serialise readers behind the writer lock.
        with write_tx(central.engine) as conn:
            conn.execute(update(devices).where(devices.c.id == dev.id).values(last_seen_at=clock.iso(now)))
    info = central.stores.get(dev.store_id)
    return DeviceContext(
        id=dev.id,
        store_id=dev.store_id,
        store_name=info.name if info else "",
        region=info.ref.region if info else "",
        scopes=tuple(central.stores.scopes_for(dev.store_id)),
        last_seq=dev.last_seq or 0,
    )


def require_scope(device: DeviceContext, scope: str) -> None:
    """403 forbidden_scope unless the device receives ``scope``."""
    if scope not in device.scopes:
        raise ApiError(403, protocol.ERR_FORBIDDEN_SCOPE, f"scope {scope!r} is not available to this device")
