"""Snapshots and the change feed: what a terminal downloads, page by page.

Both read with keyset queries on the (scope, id) and (scope, version, id) indexes and bound every
query by a head version read first, so a page never includes a half-committed transaction (all
versions <= a visible head are committed; see ``versions``). Pages are plain dicts whose row
lists go straight to ``orjson``.
"""

from __future__ import annotations

import heapq
from itertools import islice
from typing import Any

from sqlalchemy import Connection, and_, case, exists, func, or_, select

from sync.entities import ENTITIES, ENTITY_INDEX
from sync.server.cursors import END, ChangesPos, CursorCodec, SnapshotPos
from sync.server.models import ENTITY_TABLES, tombstones
from sync.server.rows import fetch_raw, select_wire, to_wire, wire_columns
from sync.server.versions import Head, read_heads

ENTITY_NAMES = list(ENTITIES)


# ----- snapshots ---------------------------------------------------------------------------------

def _count_rows(conn: Connection, scope: str, version: int) -> int:
    total = 0
    for table in ENTITY_TABLES.values():
        total += conn.execute(select(func.count()).select_from(table)
                              .where(table.c.scope == scope, table.c.version <= version)).scalar_one()
    return total


def _snapshot_rows(conn: Connection, entity: str, scope: str, version: int, after_id: str, limit: int) -> list:
    table = ENTITY_TABLES[entity]
    # ORDER BY scope, id (scope is fixed) lets PostgreSQL walk the (scope, id) index in order.
    stmt = (select_wire(entity).where(table.c.scope == scope, table.c.id > after_id, table.c.version <= version)
            .order_by(table.c.scope, table.c.id).limit(limit))
    return fetch_raw(conn, stmt)


def _first_nonempty(conn: Connection, start: int, scope: str, version: int) -> int:
    """Index of the first entity at or after ``start`` with snapshot rows, or END."""
    for e in range(start, len(ENTITIES)):
        table = ENTITY_TABLES[ENTITY_NAMES[e]]
        if conn.execute(select(exists().where(table.c.scope == scope, table.c.version <= version))).scalar():
            return e
    return END


def snapshot_page(conn: Connection, codec: CursorCodec, epoch: str, scope: str,
                  pos: SnapshotPos | None, page_rows: int) -> dict[str, Any]:
    """One snapshot page of ``scope`` from ``pos`` (None: start a new snapshot at the current head)."""
    if pos is None:
        head = read_heads(conn, [scope]).get(scope, Head(0, 0))
        total = _count_rows(conn, scope, head.version)
        pos = SnapshotPos(epoch, scope, head.version, 0, "", 0, total)
    version, e, last_id = pos.version, pos.entity_index, pos.last_id
    remaining = page_rows
    groups: list[dict[str, Any]] = []
    while e < len(ENTITIES):
        if remaining == 0:
            # Page full at an entity boundary: look ahead so the last page says done=true.
            e, last_id = _first_nonempty(conn, e, scope, version), ""
            break
        entity = ENTITY_NAMES[e]
        rows = _snapshot_rows(conn, entity, scope, version, last_id, remaining + 1)
        full = len(rows) > remaining
        if full:
            rows = rows[:remaining]
        if rows:
            groups.append({"entity": entity, "scope": None, "columns": wire_columns(entity),
                           "rows": to_wire(conn, entity, rows)})
            remaining -= len(rows)
        if full:
            last_id = rows[-1][0]
            break
        e, last_id = e + 1, ""
    sent = page_rows - remaining
    done = e >= len(ENTITIES)
    next_cursor = None if done else codec.snapshot(SnapshotPos(
        epoch, scope, version, e, last_id, pos.rows_before + sent, pos.total_rows))
    return {
        "scope": scope,
        "version": version,
        "entities": groups,
        "cursor": next_cursor,
        "done": done,
        "changes_cursor": codec.changes(ChangesPos(epoch, scope, version, END, "")),
        "total_rows": pos.total_rows,
        "rows_before": pos.rows_before,
    }


# ----- change feed ------------------------------------------------------------------------------

_TOMBSTONE_ENTITY_INDEX = case(ENTITY_INDEX, value=tombstones.c.entity, else_=END)


def _after_key(version_col, index_expr, id_col, key: tuple[int, int, str]):
    """SQL for ``(version, index, id) > key`` (spelled out: row values are not portable)."""
    v, e, i = key
    return or_(version_col > v,
               and_(version_col == v, or_(index_expr > e, and_(index_expr == e, id_col > i))))


def _upserts_after(conn: Connection, entity: str, scope: str, key: tuple[int, int, str], head: int,
                   limit: int) -> list[tuple]:
    table = ENTITY_TABLES[entity]
    v, e, i = key
    idx = ENTITY_INDEX[entity]
    # The entity index is a constant per table, so the key condition simplifies per entity; it is
    # spelled as a version range plus a filter so that the (scope, version, id) index drives it.
    if idx < e:
        conds = [table.c.version > v]
    elif idx == e:
        conds = [table.c.version >= v, or_(table.c.version > v, table.c.id > i)]
    else:
        conds = [table.c.version >= v]
    stmt = (select_wire(entity).where(table.c.scope == scope, *conds, table.c.version <= head)
            .order_by(table.c.scope, table.c.version, table.c.id).limit(limit))
    version_pos = len(ENTITIES[entity].columns)
    return [(r[version_pos], idx, r[0], r) for r in fetch_raw(conn, stmt)]


def _deletes_after(conn: Connection, scope: str, key: tuple[int, int, str], head: int,
                   limit: int) -> list[tuple]:
    t = tombstones
    stmt = (select(t.c.version, _TOMBSTONE_ENTITY_INDEX, t.c.row_id)
            .where(t.c.scope == scope, t.c.version >= key[0], t.c.version <= head,
                   _after_key(t.c.version, _TOMBSTONE_ENTITY_INDEX, t.c.row_id, key))
            .order_by(t.c.version, _TOMBSTONE_ENTITY_INDEX, t.c.row_id).limit(limit))
    return [(v, e, i, None) for v, e, i in conn.execute(stmt)]


def needs_reset(pos: ChangesPos, epoch: str, head: Head) -> bool:
    """A cursor from another epoch, below the floor (tombstones purged), or ahead of the head."""
    if pos.epoch != epoch:
        return True
    if head.floor_version and pos.key < (head.floor_version, END, ""):
        return True
    return pos.version > head.version


def caught_up(pos: ChangesPos, head: Head) -> bool:
    """True when the cursor already covers everything up to the head."""
    return pos.key >= (head.version, END, "")


def scope_changes(conn: Connection, codec: CursorCodec, epoch: str, pos: ChangesPos, cursor: str,
                  head: Head, page_rows: int) -> dict[str, Any]:
    """The ScopeChanges dict for one scope after ``pos`` (bounded by ``head``)."""
    if needs_reset(pos, epoch, head):
        return {"upserts": [], "deletes": [], "cursor": cursor, "more": False, "reset": True,
                "version": head.version}
    if caught_up(pos, head):
        return {"upserts": [], "deletes": [], "cursor": cursor, "more": False, "reset": False,
                "version": head.version}
    n = page_rows + 1  # one extra row per list tells whether there is more
    lists = [_upserts_after(conn, name, pos.scope, pos.key, head.version, n) for name in ENTITY_NAMES]
    lists.append(_deletes_after(conn, pos.scope, pos.key, head.version, n))
    merged = list(islice(heapq.merge(*lists, key=lambda item: item[:3]), n))
    more = len(merged) > page_rows
    page = merged[:page_rows]
    upserts: dict[int, list] = {}
    deletes: dict[int, list[str]] = {}
    for _v, e, row_id, row in page:
        if row is None:
            deletes.setdefault(e, []).append(row_id)
        else:
            upserts.setdefault(e, []).append(row)
    if more:
        v, e, i, _ = page[-1]
        next_pos = ChangesPos(epoch, pos.scope, v, e, i)
    else:
        next_pos = ChangesPos(epoch, pos.scope, head.version, END, "")
    return {
        "upserts": [{"entity": ENTITY_NAMES[e], "scope": None, "columns": wire_columns(ENTITY_NAMES[e]),
                     "rows": to_wire(conn, ENTITY_NAMES[e], rows)} for e, rows in sorted(upserts.items())],
        "deletes": [{"entity": ENTITY_NAMES[e], "scope": None, "ids": ids}
                    for e, ids in sorted(deletes.items()) if e < END],
        "cursor": codec.changes(next_pos),
        "more": more,
        "reset": False,
        "version": head.version,
    }
