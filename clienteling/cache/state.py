"""Sync bookkeeping in the cache: per-scope cursors and progress, and the device record."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import Connection, select
from sqlalchemy.dialects.sqlite import insert

from clienteling.cache.rows import mark_scope_stale, sweep_stale
from clienteling.cache.schema import device as device_table
from clienteling.cache.schema import sync_state

DEVICE_KEYS = ("device_id", "store_id", "store_name", "region", "scopes", "server_url", "server_epoch")


@dataclass(frozen=True)
class ScopeState:
    """Where replication of one scope stands."""

    scope: str
    snapshot_cursor: str | None = None
    changes_cursor: str | None = None
    snapshot_done: bool = False
    version: int | None = None
    rows_received: int = 0
    total_rows: int | None = None
    last_sync_at: str | None = None


def get_scope(conn: Connection, scope: str) -> ScopeState:


    """The bookkeeping of one scope (defaults if it has none yet)."""
    row = conn.execute(select(sync_state).where(sync_state.c.scope == scope)).mappings().first()
    if row is None:
        return ScopeState(scope)
    return ScopeState(**{**row, "snapshot_done": bool(row["snapshot_done"])})


def all_scopes(conn: Connection) -> dict[str, ScopeState]:


    """Bookkeeping of every known scope."""
    rows = conn.execute(select(sync_state)).mappings().all()
    return {r["scope"]: ScopeState(**{**r, "snapshot_done": bool(r["snapshot_done"])}) for r in rows}


def save_scope(conn: Connection, scope: str, **values: Any) -> None:
    """Insert or update the scope's bookkeeping columns given."""
    if "snapshot_done" in values:
        values["snapshot_done"] = int(bool(values["snapshot_done"]))
    stmt = insert(sync_state).values(scope=scope, **values)
    if values:
        stmt = stmt.on_conflict_do_update(index_elements=["scope"], set_=values)
    else:
        stmt = stmt.on_conflict_do_nothing()
    conn.execute(stmt)


def ensure_scopes(conn: Connection, scopes: list[str]) -> None:
    """Known scopes get a row; rows of scopes the device no longer has are dropped with their data."""
    existing = set(all_scopes(conn))
    for scope in scopes:
        if scope not in existing:
            save_scope(conn, scope)
    for gone in existing - set(scopes):
        mark_scope_stale(conn, gone)
        sweep_stale(conn, gone)
        conn.execute(sync_state.delete().where(sync_state.c.scope == gone))


def reset_scope(conn: Connection, scope: str) -> None:
    """Forget the scope's cursors so it is snapshotted again (rows stay until replaced)."""
    save_scope(conn, scope, snapshot_cursor=None, changes_cursor=None, snapshot_done=False,
               rows_received=0, total_rows=None)


# ----- device record -----------------------------------------------------------------------------

def save_device(conn: Connection, **values: Any) -> None:
    """Store device facts (``scopes`` as a JSON list)."""
    for key, value in values.items():
        if key not in DEVICE_KEYS:
            raise KeyError(f"unknown device key {key!r}")
        text = orjson.dumps(value).decode() if key == "scopes" else (None if value is None else str(value))
        stmt = insert(device_table).values(key=key, value=text)
        conn.execute(stmt.on_conflict_do_update(index_elements=["key"], set_={"value": text}))


def load_device(conn: Connection) -> dict[str, Any]:
    """Device facts as a dict (missing keys are absent)."""
    out: dict[str, Any] = {}
    for key, value in conn.execute(select(device_table.c.key, device_table.c.value)):
        out[key] = orjson.loads(value) if key == "scopes" and value else value
    return out
