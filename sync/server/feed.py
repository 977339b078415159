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

from sqlalchemy import Connection, and_, bindparam, case, exists, func, or_, select

from sync.entities import ENTITIES, ENTITY_INDEX
from sync.server.cursors import END, ChangesPos, CursorCodec, SnapshotPos
from sync.server.models import ENTITY_TABLES, tombstones
from sync.server.page_cache import PageCache
from sync.server.rows import Prepared, fetch_raw, select_wire, to_wire, wire_columns
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
#
# A page of changes after a cursor key (version, entity index, id) merges one keyset query per
# entity table and one on tombstones. One probe first reads, per table, the newest version in the
# cursor's window, so a request runs only the queries of tables that changed (a note wakes the
# notes table, not 21). Every statement is compiled once (``rows.Prepared``).

_TOMBSTONE_ENTITY_INDEX = case(ENTITY_INDEX, value=tombstones.c.entity, else_=END)
_P = {name: bindparam(name) for name in ("scope", "v", "i", "e", "head", "lim")}


def _after_key(version_col, index_expr, id_col):
    """SQL for ``(version, index, id) > (:v, :e, :i)`` (spelled out: row values are not portable)."""
    v, e, i = _P["v"], _P["e"], _P["i"]
    return or_(version_col > v,
               and_(version_col == v, or_(index_expr > e, and_(index_expr == e, id_col > i))))


def _window(table):
    return [table.c.scope == _P["scope"], table.c.version >= _P["v"], table.c.version <= _P["head"]]


_PROBE = Prepared(lambda: select(*(
    select(func.max(t.c.version)).where(*_window(t)).scalar_subquery()
    for t in (*(ENTITY_TABLES[name] for name in ENTITY_NAMES), tombstones))))
"""The newest version in ``[v, head]`` of the scope, per entity table (in ENTITY_NAMES order),
then of the tombstones."""


def _build_upserts(entity: str, relation: str):
    """The keyset query of ``entity`` for a cursor whose entity index is above this entity's
    (``"sent"``: its rows of version ``v`` were sent), equal to it (``"at"``: ids after ``i``) or
    below it (``"new"``: all of version ``v`` is new); the (scope, version, id) index drives each."""
    table = ENTITY_TABLES[entity]
    if relation == "sent":
        conds = [table.c.version > _P["v"]]
    elif relation == "at":
        conds = [table.c.version >= _P["v"], or_(table.c.version > _P["v"], table.c.id > _P["i"])]
    else:
        conds = [table.c.version >= _P["v"]]
    return (select_wire(entity).where(table.c.scope == _P["scope"], *conds, table.c.version <= _P["head"])
            .order_by(table.c.scope, table.c.version, table.c.id).limit(_P["lim"]))


_UPSERTS = {(entity, relation): Prepared(lambda entity=entity, relation=relation: _build_upserts(entity, relation))
            for entity in ENTITY_NAMES for relation in ("sent", "at", "new")}

_DELETES = Prepared(lambda: (
    select(tombstones.c.version, _TOMBSTONE_ENTITY_INDEX, tombstones.c.row_id)
    .where(tombstones.c.scope == _P["scope"], tombstones.c.version >= _P["v"], tombstones.c.version <= _P["head"],
           _after_key(tombstones.c.version, _TOMBSTONE_ENTITY_INDEX, tombstones.c.row_id))
    .order_by(tombstones.c.version, _TOMBSTONE_ENTITY_INDEX, tombstones.c.row_id).limit(_P["lim"])))


def _upserts_after(conn: Connection, entity: str, scope: str, key: tuple[int, int, str], head: int,
                   limit: int) -> list[tuple]:
    v, e, i = key
    idx = ENTITY_INDEX[entity]
    relation = "sent" if idx < e else "at" if idx == e else "new"
    rows = _UPSERTS[entity, relation].run(conn, scope=scope, v=v, i=i, head=head, lim=limit)
    version_pos = len(ENTITIES[entity].columns)
    return [(r[version_pos], idx, r[0], r) for r in rows]


def _deletes_after(conn: Connection, scope: str, key: tuple[int, int, str], head: int,
                   limit: int) -> list[tuple]:
    v, e, i = key
    rows = _DELETES.run(conn, scope=scope, v=v, e=e, i=i, head=head, lim=limit)
    return [(version, index, row_id, None) for version, index, row_id in rows]


def _changed_lists(conn: Connection, scope: str, key: tuple[int, int, str], head: int,
                   limit: int) -> list[list[tuple]]:
    """The keyset lists of the tables the probe says have something after ``key``."""
    v, e, _i = key
    newest = _PROBE.run(conn, scope=scope, v=v, head=head)[0]
    lists = [_upserts_after(conn, name, scope, key, head, limit)
             for idx, name in enumerate(ENTITY_NAMES)
             if newest[idx] is not None and (newest[idx] > v or idx >= e)]
    tomb = newest[-1]
    if tomb is not None and (tomb > v or e < END):
        lists.append(_deletes_after(conn, scope, key, head, limit))
    return lists


def needs_reset(pos: ChangesPos, epoch: str, head: Head) -> bool:
    """A cursor from another epoch, below the floor (tombstones purged), or ahead of the head."""
    if pos.epoch != epoch:
        return True
    if head.floor_version and pos.key < (head.floor_version, END, ""):
        return True
    return pos.version > head.version


def long_poll_head(head: Head, pos: ChangesPos, published: int | None) -> Head:
    """The head a long-poll reads up to: the published one (``HeadWatcher.bound``), never below
    the cursor; the real one when nothing is published, or when the cursor is past it (a reset
    is due)."""
    if published is None or published >= head.version or pos.version > head.version:
        return head
    return Head(max(published, pos.version), head.floor_version)


def caught_up(pos: ChangesPos, head: Head) -> bool:
    """True when the cursor already covers everything up to the head."""
    return pos.key >= (head.version, END, "")


def quiet_changes(cursor: str, version: int, *, reset: bool = False) -> dict[str, Any]:
    """The ScopeChanges dict of a scope with nothing to send (or only ``reset``)."""
    return {"upserts": [], "deletes": [], "cursor": cursor, "more": False, "reset": reset, "version": version}


def scope_changes(conn: Connection, codec: CursorCodec, epoch: str, pos: ChangesPos, cursor: str,
                  head: Head, page_rows: int, pages: PageCache | None = None) -> dict[str, Any]:
    """The ScopeChanges dict for one scope after ``pos`` (bounded by ``head``); a page with rows
    is looked up in and kept in ``pages`` (the returned dict must not be changed)."""
    if needs_reset(pos, epoch, head):
        return quiet_changes(cursor, head.version, reset=True)
    if caught_up(pos, head):
        return quiet_changes(cursor, head.version)
    key = (epoch, pos.scope, pos.key, head.version, page_rows)
    if pages is not None and (shared := pages.get(key)) is not None:
        return shared
    n = page_rows + 1  # one extra row per list tells whether there is more
    lists = _changed_lists(conn, pos.scope, pos.key, head.version, n)
    merged = list(islice(heapq.merge(*lists, key=lambda item: item[:3]), n))
    more = len(merged) > page_rows
    taken = merged[:page_rows]
    upserts: dict[int, list] = {}
    deletes: dict[int, list[str]] = {}
    for _v, e, row_id, row in taken:
        if row is None:
            deletes.setdefault(e, []).append(row_id)
        else:
            upserts.setdefault(e, []).append(row)
    if more:
        v, e, i, _ = taken[-1]
        next_pos = ChangesPos(epoch, pos.scope, v, e, i)
    else:
        next_pos = ChangesPos(epoch, pos.scope, head.version, END, "")
    page = {
        "upserts": [{"entity": ENTITY_NAMES[e], "scope": None, "columns": wire_columns(ENTITY_NAMES[e]),
                     "rows": to_wire(conn, ENTITY_NAMES[e], rows)} for e, rows in sorted(upserts.items())],
        "deletes": [{"entity": ENTITY_NAMES[e], "scope": None, "ids": ids}
                    for e, ids in sorted(deletes.items()) if e < END],
        "cursor": codec.changes(next_pos),
        "more": more,
        "reset": False,
        "version": head.version,
    }
    if pages is not None:
        pages.put(key, page)
    return page
