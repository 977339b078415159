"""Per-scope versions: the heart of the change feed.

Rows written through :func:`upsert_rows` and :func:`delete_rows` (and their tombstones) carry
:data:`PENDING` until the transaction *stamps* them, right before it commits (:func:`stamp`, run
by the engine's commit hook unless the writer called it earlier): ``stamp`` calls :func:`bump`,
which takes the row lock of each written scope's head in sorted scope order (the ``UPDATE`` that
increments it locks the row on PostgreSQL; on SQLite the write transaction already holds the
database write lock via ``BEGIN IMMEDIATE``), then sets every pending row of scope *s* to that
version. The head lock is held until commit, so per scope, version order is commit order and a
reader that sees head *H* sees every row with version <= *H*.

Why at the end: a scope head is shared by every terminal of a region, so its lock is the one
writers queue on. Taken at the first write, it was held through the whole mutation (a dozen
statements and the Python between them); taken at the end, through the bump, the stamp and the
commit only (``benchmarks/central_load.py``: pushes from 2,000 terminals spent half their time
waiting for it).

Lock order is "replicated rows first, scope heads last, all heads at once in sorted order":
writers lock the rows they change (``FOR UPDATE``) as they go and the heads only when stamping,
so two writers can't wait on each other crosswise.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import Connection, Table, bindparam, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from sync.entities import ENTITIES
from sync.server import clock
from sync.server.db import BEFORE_COMMIT_KEY, PENDING_KEY, VERSIONS_CACHE_KEY
from sync.server.models import ENTITY_TABLES, scope_heads, tombstones
from sync.server.rows import Prepared

CHUNK = 900  # ids per IN (...) list: well under SQLite's bound-parameter limit
PENDING = -1
"""The version of a row (or tombstone) written by a transaction that has not stamped it yet;
never committed, so never seen by another transaction."""


class Head(NamedTuple):
    """A scope's head version and its floor (changes at or below the floor may be purged)."""

    version: int
    floor_version: int


def dialect_insert(conn: Connection, table: Table):
    """An INSERT that supports ``on_conflict_do_*`` on both SQLite and PostgreSQL."""
    return _insert_for(conn.dialect.name, table)


def _insert_for(dialect: str, table: Table):
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


# The statements of every write, built once per entity (and dialect, key set): building the
# expressions anew was a large part of a push's CPU. ``ids`` are expanding IN parameters; an
# UPDATE's parameters must not share a column's name (``in_scope``, ``stamped``).

@cache
def _lock_existing(entity: str):
    table = ENTITY_TABLES[entity]
    return (select(table.c.id, table.c.scope).where(table.c.id.in_(bindparam("ids", expanding=True)))
            .order_by(table.c.id).with_for_update())


@cache
def _upsert(dialect: str, entity: str, keys: tuple[str, ...]):
    table = ENTITY_TABLES[entity]
    ins = _insert_for(dialect, table)
    return ins.on_conflict_do_update(index_elements=["id"],
                                     set_={k: ins.excluded[k] for k in (*keys, "scope", "version") if k != "id"})


_UNBURY = delete(tombstones).where(tombstones.c.scope == bindparam("scope"), tombstones.c.entity == bindparam("entity"),
                                   tombstones.c.row_id.in_(bindparam("ids", expanding=True)))
"""Re-inserting deleted ids removes their tombstones."""


@cache
def _stamp_rows(entity: str):
    table = ENTITY_TABLES[entity]
    return (update(table).where(table.c.scope == bindparam("in_scope"), table.c.version == PENDING,
                                table.c.id.in_(bindparam("ids", expanding=True)))
            .values(version=bindparam("stamped")))


_STAMP_TOMBSTONES = (update(tombstones)
                     .where(tombstones.c.scope == bindparam("in_scope"), tombstones.c.entity == bindparam("of_entity"),
                            tombstones.c.version == PENDING, tombstones.c.row_id.in_(bindparam("ids", expanding=True)))
                     .values(version=bindparam("stamped")))


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


def _check_keys(entity: str, rows: list[dict[str, Any]]) -> None:
    allowed = set(ENTITIES[entity].column_names)
    for r in rows:
        if "id" not in r or not set(r) <= allowed:
            raise ValueError(f"{entity}: bad row keys {sorted(set(r) - allowed)} (id required)")


def _by_keys(scope: str, rows: list[dict[str, Any]]) -> dict[tuple[str, ...], list[dict[str, Any]]]:
    """Rows grouped by their set of columns (one executemany each), with scope and PENDING."""
    by_keys: dict[tuple[str, ...], list[dict]] = defaultdict(list)
    for r in rows:
        by_keys[tuple(sorted(r))].append({**r, "scope": scope, "version": PENDING})
    return by_keys


def upsert_rows(conn: Connection, entity: str, scope: str, rows: list[dict[str, Any]]) -> None:
    """Insert or update ``rows`` (dicts with ``id`` and any entity columns) in ``scope``.

    A row that lived in another scope moves: tombstone there, upsert here. Re-inserting a deleted
    id removes its tombstone. The rows get their version when the transaction stamps (see the
    module docstring).
    """
    if not rows:
        return
    _check_keys(entity, rows)
    ids = [r["id"] for r in rows]
    moved: dict[str, list[str]] = defaultdict(list)
    for chunk in _chunks(ids):
        # Lock existing rows now; the heads are locked when the transaction stamps.
        found = conn.execute(_lock_existing(entity), {"ids": list(chunk)})
        for row_id, old_scope in found:
            if old_scope != scope:
                moved[old_scope].append(row_id)
    for old_scope, old_ids in moved.items():
        _write_tombstones(conn, old_scope, entity, old_ids)
    _pending(conn, scope, entity, ids)
    for keys, params in _by_keys(scope, rows).items():
        conn.execute(_upsert(conn.dialect.name, entity, keys), params)
    for chunk in _chunks(ids):
        conn.execute(_UNBURY, {"scope": scope, "entity": entity, "ids": list(chunk)})


def insert_new_rows(conn: Connection, entity: str, scope: str, rows: list[dict[str, Any]]) -> None:
    """Insert rows whose ids are new (a duplicate is an IntegrityError): :func:`upsert_rows`
    without its lock of existing rows and its tombstone check, for rows that cannot exist yet
    (an audit row's id is its mutation's, checked unused in the same transaction)."""
    _check_keys(entity, rows)
    if not rows:
        return
    _pending(conn, scope, entity, [r["id"] for r in rows])
    for params in _by_keys(scope, rows).values():
        conn.execute(ENTITY_TABLES[entity].insert(), params)


def delete_rows(conn: Connection, entity: str, scope: str, ids: Sequence[str]) -> int:
    """Delete rows of ``scope`` by id and leave tombstones (stamped with the transaction's version
    of ``scope``); returns how many rows there were."""
    table = ENTITY_TABLES[entity]
    present: list[str] = []
    for chunk in _chunks(list(ids)):
        present += conn.execute(select(table.c.id).where(table.c.scope == scope, table.c.id.in_(chunk))
                                .order_by(table.c.id).with_for_update()).scalars().all()
    if not present:
        return 0
    for chunk in _chunks(present):
        conn.execute(delete(table).where(table.c.scope == scope, table.c.id.in_(chunk)))
    _write_tombstones(conn, scope, entity, present)
    return len(present)


def _write_tombstones(conn: Connection, scope: str, entity: str, ids: Sequence[str]) -> None:
    _pending(conn, scope, entity, ids, tombstone=True)
    deleted_at = clock.now_iso()
    ins = dialect_insert(conn, tombstones)
    stmt = ins.on_conflict_do_update(index_elements=["scope", "entity", "row_id"],
                                     set_={"version": ins.excluded.version, "deleted_at": ins.excluded.deleted_at})
    conn.execute(stmt, [{"scope": scope, "entity": entity, "row_id": i, "version": PENDING,
                         "deleted_at": deleted_at} for i in ids])


# ----- stamping ----------------------------------------------------------------------------------

def _pending(conn: Connection, scope: str, entity: str, ids: Iterable[str], *, tombstone: bool = False) -> None:
    """Remember rows (or tombstones) this transaction wrote at PENDING; the commit hook stamps them."""
    pending: dict[tuple[str, str, bool], set[str]] = conn.info.setdefault(PENDING_KEY, {})
    pending.setdefault((scope, entity, tombstone), set()).update(ids)
    conn.info[BEFORE_COMMIT_KEY] = stamp


def stamp(conn: Connection) -> dict[str, int]:
    """Lock and bump the head of every scope this transaction wrote (sorted order) and give its
    pending rows and tombstones that version; returns scope -> version.

    Runs by itself right before COMMIT (the hook stays set for the whole transaction: a savepoint
    rolled back after an early stamp may put rows back to pending); call it earlier only to learn
    the versions (nothing may be written after it but non-replicated rows, or a second stamp
    follows at commit). Rows a rolled-back savepoint un-wrote are forgotten with it (see ``db``'s
    savepoint hooks).
    """
    pending: dict[tuple[str, str, bool], set[str]] = conn.info.pop(PENDING_KEY, None) or {}
    if not pending:
        return {}
    versions = bump(conn, sorted({scope for scope, _, _ in pending}))
    for (scope, entity, of_tombstones), ids in sorted(pending.items()):
        params: dict[str, Any] = {"in_scope": scope, "stamped": versions[scope]}
        if of_tombstones:
            stmt = _STAMP_TOMBSTONES
            params["of_entity"] = entity
        else:
            stmt = _stamp_rows(entity)
        for chunk in _chunks(sorted(ids)):
            conn.execute(stmt, {**params, "ids": list(chunk)})
    return versions


def purge_tombstones(conn: Connection, older_than: str) -> int:
    """Drop tombstones deleted before ``older_than`` (ISO time) and raise each scope's floor.
    What this transaction wrote before is stamped first, so its tombstones count with their version
    (run it in a transaction of its own: then nothing is pending and no head is locked early)."""
    stamp(conn)
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
