"""Per-scope versions: the heart of the change feed.

Every write transaction calls :func:`bump` for the scopes it touches. ``bump`` takes the row lock
of each scope head in sorted scope order (the ``UPDATE`` that increments it locks the row on
PostgreSQL; on SQLite the write transaction already holds the database write lock via ``BEGIN
IMMEDIATE``), once per transaction; every row the transaction writes in scope *s* carries that version. The
lock is held until commit, so per scope, version order is commit order and a reader that sees
head *H* sees every row with version <= *H*.

Lock order is always "replicated rows first, scope heads last": writers lock the rows they will
change (``FOR UPDATE``) and only then bump, so two writers can't wait on each other crosswise.
:func:`upsert_rows` and :func:`delete_rows` follow that rule themselves.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from sqlalchemy import Connection, Table, bindparam, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from sync.entities import ENTITIES
from sync.server import clock
from sync.server.db import VERSIONS_CACHE_KEY
from sync.server.models import ENTITY_TABLES, scope_heads, tombstones
from sync.server.rows import Prepared

CHUNK = 900  # ids per IN (...) list: well under SQLite's bound-parameter limit


class Head(NamedTuple):
    """A scope's head version and its floor (changes at or below the floor may be purged)."""

    version: int
    floor_version: int


def dialect_insert(conn: Connection, table: Table):
    """An INSERT that supports ``on_conflict_do_*`` on both SQLite and PostgreSQL."""
    return (postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert)(table)


def _chunks(items: Sequence, size: int = CHUNK) -> Iterable[Sequence]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


_BUMP = Prepared(lambda: update(scope_heads).where(scope_heads.c.scope == bindparam("scope"))
                 .values(version=scope_heads.c.version + 1).returning(scope_heads.c.version))
"""One statement per scope and transaction: the UPDATE takes the head's row lock and bumps it."""


def bump(conn: Connection, scopes: Iterable[str]) -> dict[str, int]:
    """Lock and increment the heads of ``scopes`` (once per transaction); return scope -> version."""
    cache: dict[str, int] = conn.info.setdefault(VERSIONS_CACHE_KEY, {})
    # Sorted order for the row locks: two transactions touching {a, b} never deadlock.
    for s in sorted(set(scopes) - cache.keys()):
        bumped = _BUMP.run(conn, scope=s)
        if not bumped:  # a scope's first write
            stmt = dialect_insert(conn, scope_heads).on_conflict_do_nothing(index_elements=["scope"])
            conn.execute(stmt, [{"scope": s, "version": 0, "floor_version": 0}])
            bumped = _BUMP.run(conn, scope=s)
        cache[s] = bumped[0][0]
    return {s: cache[s] for s in scopes}


_HEAD_COLUMNS = (scope_heads.c.scope, scope_heads.c.version, scope_heads.c.floor_version)
_PREPARED_SCOPES = 16
_HEADS_OF = [Prepared(lambda n=n: select(*_HEAD_COLUMNS).where(
    scope_heads.c.scope.in_([bindparam(f"s{i}") for i in range(n)]))) for n in range(_PREPARED_SCOPES + 1)]
"""``read_heads`` of 1..16 scopes, compiled once: every change-feed request reads a few heads."""


def read_heads(conn: Connection, scopes: Iterable[str] | None = None) -> dict[str, Head]:
    """Current head and floor of the given scopes (all scopes when None); unknown scopes omitted."""
    if scopes is not None:
        wanted = list(scopes)
        if not wanted:
            return {}  # (an empty IN list cannot be compiled ahead: SQLAlchemy renders it per call)
        if len(wanted) <= _PREPARED_SCOPES:
            rows = _HEADS_OF[len(wanted)].run(conn, **{f"s{i}": s for i, s in enumerate(wanted)})
            return {s: Head(v, f) for s, v, f in rows}
    stmt = select(*_HEAD_COLUMNS)
    if scopes is not None:
        stmt = stmt.where(scope_heads.c.scope.in_(wanted))
    return {s: Head(v, f) for s, v, f in conn.execute(stmt)}


def upsert_rows(conn: Connection, entity: str, scope: str, rows: list[dict[str, Any]]) -> int:
    """Insert or update ``rows`` (dicts with ``id`` and any entity columns) in ``scope``.

    A row that lived in another scope moves: tombstone there, upsert here. Re-inserting a deleted
    id removes its tombstone. Returns the version the rows got.
    """
    if not rows:
        return 0
    table = ENTITY_TABLES[entity]
    allowed = set(ENTITIES[entity].column_names)
    for r in rows:
        if "id" not in r or not set(r) <= allowed:
            raise ValueError(f"{entity}: bad row keys {sorted(set(r) - allowed)} (id required)")
    ids = [r["id"] for r in rows]
    moved: dict[str, list[str]] = defaultdict(list)
    for chunk in _chunks(ids):
        # Lock existing rows before the heads (lock order: rows, then heads).
        found = conn.execute(select(table.c.id, table.c.scope).where(table.c.id.in_(chunk))
                             .order_by(table.c.id).with_for_update())
        for row_id, old_scope in found:
            if old_scope != scope:
                moved[old_scope].append(row_id)
    versions = bump(conn, [scope, *moved])
    for old_scope, old_ids in moved.items():
        _write_tombstones(conn, old_scope, entity, old_ids, versions[old_scope])
    version = versions[scope]
    by_keys: dict[tuple[str, ...], list[dict]] = defaultdict(list)
    for r in rows:
        by_keys[tuple(sorted(r))].append({**r, "scope": scope, "version": version})
    for keys, params in by_keys.items():
        ins = dialect_insert(conn, table)
        set_ = {k: ins.excluded[k] for k in (*keys, "scope", "version") if k != "id"}
        conn.execute(ins.on_conflict_do_update(index_elements=["id"], set_=set_), params)
    for chunk in _chunks(ids):
        conn.execute(delete(tombstones).where(tombstones.c.scope == scope, tombstones.c.entity == entity,
                                              tombstones.c.row_id.in_(chunk)))
    return version


def delete_rows(conn: Connection, entity: str, scope: str, ids: Sequence[str]) -> int:
    """Delete rows of ``scope`` by id and leave tombstones; returns the version (0 if none existed)."""
    table = ENTITY_TABLES[entity]
    present: list[str] = []
    for chunk in _chunks(list(ids)):
        present += conn.execute(select(table.c.id).where(table.c.scope == scope, table.c.id.in_(chunk))
                                .order_by(table.c.id).with_for_update()).scalars().all()
    if not present:
        return 0
    version = bump(conn, [scope])[scope]
    for chunk in _chunks(present):
        conn.execute(delete(table).where(table.c.scope == scope, table.c.id.in_(chunk)))
    _write_tombstones(conn, scope, entity, present, version)
    return version


def _write_tombstones(conn: Connection, scope: str, entity: str, ids: Sequence[str], version: int) -> None:
    deleted_at = clock.now_iso()
    ins = dialect_insert(conn, tombstones)
    stmt = ins.on_conflict_do_update(index_elements=["scope", "entity", "row_id"],
                                     set_={"version": ins.excluded.version, "deleted_at": ins.excluded.deleted_at})
    conn.execute(stmt, [{"scope": scope, "entity": entity, "row_id": i, "version": version,
                         "deleted_at": deleted_at} for i in ids])


def purge_tombstones(conn: Connection, older_than: str) -> int:
    """Drop tombstones deleted before ``older_than`` (ISO time) and raise each scope's floor."""
    per_scope = conn.execute(select(tombstones.c.scope, func.max(tombstones.c.version))
                             .where(tombstones.c.deleted_at < older_than).group_by(tombstones.c.scope)).all()
    if not per_scope:
        return 0
    purged = conn.execute(delete(tombstones).where(tombstones.c.deleted_at < older_than)).rowcount
    for scope, max_version in sorted(per_scope):
        conn.execute(update(scope_heads)
                     .where(scope_heads.c.scope == scope, scope_heads.c.floor_version < max_version)
                     .values(floor_version=max_version))
    return purged
