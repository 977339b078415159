"""Writing replicated rows: bulk snapshot loads, versioned upserts, scoped deletes.

Rows arrive as arrays in ``sync.entities`` column order followed by ``_version`` (already
checked by ``sync.wire``). The version rule for upserts: a server row replaces the local row
when the local row is local-only (``_version`` NULL), belongs to another scope (scopes have
their own version sequences), or has a version <= the incoming one.

An ``erasures`` row, however it arrives, purges its customer from the cache in the same
transaction (``cache.erasure``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Iterable

import orjson
from sqlalchemy import Connection

from sync.entities import ENTITIES

from clienteling.cache import erasure

_SCOPE_RE = re.compile(r"^[A-Za-z0-9_.:\-]{1,200}$")


def _scope_literal(scope: str) -> str:
    # The scope is inlined in the statement so each row tuple goes to executemany untouched;
    # its shape is checked first, so quoting cannot be subverted.
    if not _SCOPE_RE.match(scope):
        raise ValueError(f"invalid scope name {scope!r}")
    return "'" + scope + "'"


@lru_cache(maxsize=None)
def _json_positions(entity: str) -> tuple[int, ...]:
    return tuple(i for i, c in enumerate(ENTITIES[entity].columns) if c.type == "json")


@lru_cache(maxsize=512)
def insert_sql(entity: str, scope: str, mode: str) -> str:
    """``replace`` (snapshot pages) or ``upsert`` (versioned) statement for one entity+scope."""
    cols = list(ENTITIES[entity].column_names) + ["_version"]
    col_list = ", ".join(f'"{c}"' for c in cols) + ', "_scope"'
    values = ", ".join("?" for _ in cols) + ", " + _scope_literal(scope)
    if mode == "replace":
        return f'INSERT OR REPLACE INTO "{entity}" ({col_list}) VALUES ({values})'
    sets = ", ".join(f'"{c}" = excluded."{c}"' for c in cols[1:]) + ', "_scope" = excluded."_scope"'
    return (f'INSERT INTO "{entity}" ({col_list}) VALUES ({values}) ON CONFLICT(id) DO UPDATE SET '
            f'{sets} WHERE "{entity}"._version IS NULL OR "{entity}"._scope IS NOT excluded._scope '
            f'OR excluded._version >= "{entity}"._version')


def encode_rows(entity: str, rows: list[list[Any]]) -> list[tuple[Any, ...]]:
    """Rows as tuples for executemany, JSON cells serialised to text."""
    positions = _json_positions(entity)
    if positions:
        dumps = orjson.dumps
        for row in rows:
            for i in positions:
                value = row[i]
                if value is not None and not isinstance(value, str):
                    row[i] = dumps(value).decode()
    return list(map(tuple, rows))


def _write(conn: Connection, entity: str, scope: str, rows: list[list[Any]], mode: str) -> int:
    if not rows:
        return 0
    erased = [r[0] for r in rows] if entity == erasure.ENTITY else []
    new = erasure.unseen(conn, erased) if erased else []
    conn.exec_driver_sql(insert_sql(entity, scope, mode), encode_rows(entity, rows))
    if erased:
        erasure.purge(conn, erased, new=bool(new))
    return len(rows)


def bulk_replace(conn: Connection, entity: str, scope: str, rows: list[list[Any]]) -> int:
    """Snapshot load: insert-or-replace every row (one executemany)."""
    return _write(conn, entity, scope, rows, "replace")


def upsert(conn: Connection, entity: str, scope: str, rows: list[list[Any]]) -> int:
    """Change feed / push state: insert or update by id under the version rule."""
    return _write(conn, entity, scope, rows, "upsert")


def delete(conn: Connection, entity: str, scope: str, ids: Iterable[str]) -> int:
    """Tombstones: delete rows by (id, scope) so a row that moved to another scope survives."""
    params = [(i, scope) for i in ids]
    if params:
        conn.exec_driver_sql(f'DELETE FROM "{ENTITIES[entity].name}" WHERE id = ? AND _scope = ?', params)
    return len(params)


def delete_local_only(conn: Connection, keys: Iterable[tuple[str, str]]) -> int:
    """Remove rows that only exist locally (``_version`` NULL) for the given (entity, id) keys."""
    n = 0
    for entity, row_id in keys:
        if entity in ENTITIES:
            n += conn.exec_driver_sql(
                f'DELETE FROM "{entity}" WHERE id = ? AND _version IS NULL', (row_id,)).rowcount or 0
    return n


def mark_scope_stale(conn: Connection, scope: str) -> None:
    """Start of a (re-)snapshot: flag the scope's server rows stale (negative version).

    They stay visible while the new snapshot streams in and are replaced row by row; whatever is
    still stale when the snapshot completes no longer exists on the server and is swept.
    Local-only rows (NULL version) are kept.
    """
    for entity in ENTITIES:
        conn.exec_driver_sql(f'UPDATE "{entity}" SET _version = -1 - _version '
                             "WHERE _scope = ? AND _version >= 0", (scope,))


def sweep_stale(conn: Connection, scope: str) -> int:
    """End of a snapshot: delete the scope's rows the new snapshot did not bring back."""
    n = 0
    for entity in ENTITIES:
        n += conn.exec_driver_sql(f'DELETE FROM "{entity}" WHERE _scope = ? AND _version < 0',
                                  (scope,)).rowcount or 0
    return n


def ids_present(conn: Connection, entity: str, ids: list[str]) -> set[str]:
    """Which of ``ids`` exist in the entity table."""
    found: set[str] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        found.update(r[0] for r in conn.exec_driver_sql(
            f'SELECT id FROM "{entity}" WHERE id IN ({marks})', tuple(chunk)))
    return found
