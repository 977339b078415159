"""Administrative operations behind the CLI (and usable from tests): codes, stats, revocation."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import Engine, select, update

from sync.entities import ENTITIES
from sync.protocol import ChecksumAccumulator, scope_checksum
from sync.scopes import scopes_for_store
from sync.server import clock
from sync.server.context import load_stores
from sync.server.db import read_tx, write_tx
from sync.server.enrollment import create_code
from sync.server.models import ENTITY_TABLES, devices
from sync.server.versions import purge_tombstones, read_heads


class UnknownStore(LookupError):
    """No store with that id in the stores table."""


def _require_store(conn, store_id: str):
    stores = load_stores(conn)
    info = stores.get(store_id)
    if info is None or info.ref.kind != "store":
        raise UnknownStore(f"unknown store {store_id!r}")
    return info, stores


def create_enroll_code(engine: Engine, store_id: str, ttl: timedelta = timedelta(hours=24)) -> str:
    """A one-time enrollment code for a terminal of ``store_id``; raises UnknownStore."""
    with write_tx(engine) as conn:
        _require_store(conn, store_id)
        return create_code(conn, store_id, ttl)


def store_scopes(engine: Engine, store_id: str) -> list[str]:
    """The scopes a terminal of ``store_id`` receives; raises UnknownStore."""
    with read_tx(engine) as conn:
        info, stores = _require_store(conn, store_id)
    return scopes_for_store(info.ref, [s.ref for s in stores.values()])


def entity_checksums(conn, scope: str) -> dict[str, dict[str, Any]]:
    """Per entity with rows in ``scope``: row count and order-independent checksum (no versions)."""
    out: dict[str, dict[str, Any]] = {}
    for name, entity in ENTITIES.items():
        table = ENTITY_TABLES[name]
        acc = ChecksumAccumulator(name)
        cols = [table.c[c] for c in entity.column_names]
        for row in conn.execute(select(*cols).where(table.c.scope == scope)):
            acc.add(row)
        if acc.rows:
            out[name] = {"rows": acc.rows, "checksum": acc.checksum}
    return out


def scope_stats(engine: Engine, store_id: str) -> dict[str, Any]:
    """``{"store_id", "scopes": {scope: {"version", "checksum", "entities"}}}`` for a store's terminal."""
    scopes = store_scopes(engine, store_id)
    result: dict[str, Any] = {"store_id": store_id, "scopes": {}}
    with read_tx(engine, consistent=True) as conn:
        heads = read_heads(conn, scopes)
        for scope in scopes:
            entities = entity_checksums(conn, scope)
            result["scopes"][scope] = {
                "version": heads[scope].version if scope in heads else 0,
                "checksum": scope_checksum(entities),
                "entities": entities,
            }
    return result


def revoke_device(engine: Engine, device_id: str) -> bool:
    """Revoke a device (its next call gets 401 revoked); False if there is no such device."""
    with write_tx(engine) as conn:
        return conn.execute(update(devices).where(devices.c.id == device_id, devices.c.revoked_at.is_(None))
                            .values(revoked_at=clock.now_iso())).rowcount == 1


def purge(engine: Engine, retention: timedelta) -> int:
    """Purge tombstones older than ``retention``; cursors older than that will reset."""
    with write_tx(engine) as conn:
        return purge_tombstones(conn, clock.iso(clock.now() - retention))
