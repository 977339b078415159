"""Reading replicated rows fast, in wire form (entity columns in order, then ``_version``).

Bulk reads bypass SQLAlchemy's result rows: the statement is built with Core, compiled once per
call and run on the DBAPI cursor, so a page is a list of driver tuples that orjson serialises
as they are. JSON columns are read as text and handed to orjson as ``Fragment`` (never parsed
and re-serialised); SQLite's 0/1 booleans become true/false.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import cache
from typing import Any

import orjson
from sqlalchemy import Connection, Executable, Select, Text, bindparam, cast, select

from sync.entities import ENTITIES
from sync.protocol import VERSION_COLUMN
from sync.server.models import ENTITY_TABLES

_Fragment = orjson.Fragment


@cache
def wire_columns(entity: str) -> list[str]:
    """Column names as sent on the wire."""
    return [*ENTITIES[entity].column_names, VERSION_COLUMN]


@cache
def _json_positions(entity: str) -> tuple[int, ...]:
    return tuple(i for i, c in enumerate(ENTITIES[entity].columns) if c.type == "json")


def select_wire(entity: str) -> Select:
    """SELECT of the wire columns; JSON columns come back as their stored text."""
    table = ENTITY_TABLES[entity]
    json_cols = {ENTITIES[entity].columns[i].name for i in _json_positions(entity)}
    cols = [cast(table.c[name], Text).label(name) if name in json_cols else table.c[name]
            for name in ENTITIES[entity].column_names]
    return select(*cols, table.c.version)


@cache
def _bool_positions(entity: str) -> tuple[int, ...]:
    return tuple(i for i, c in enumerate(ENTITIES[entity].columns) if c.type == "bool")


def fetch_raw(conn: Connection, stmt: Select) -> list[tuple]:
    """Run a Core SELECT on the driver cursor; rows are plain tuples without type processing."""
    compiled = stmt.compile(dialect=conn.dialect)
    return _run_compiled(conn, compiled, compiled.params)


def _run_compiled(conn: Connection, compiled: Any, params: dict[str, Any]) -> list[tuple]:
    args: Any = tuple(params[k] for k in compiled.positiontup) if compiled.positional else params
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        cursor.execute(compiled.string, args)
        return cursor.fetchall()
    finally:
        cursor.close()


class Prepared:
    """A statement that returns rows (a SELECT, or DML with RETURNING) built once and compiled
    once per dialect, run on the driver cursor like :func:`fetch_raw`. Its variable parts are
    named ``bindparam``s given to :meth:`run`.

    Building and compiling a Core statement costs about as much as running a small indexed query
    on PostgreSQL; the change feed runs a few per request, so it keeps them compiled (the SQL text
    is then identical on every call, which also lets psycopg prepare it server-side).
    """

    def __init__(self, build: Callable[[], Executable]) -> None:
        self._build = build
        self._compiled: dict[str, Any] = {}
        self._lock = threading.Lock()

    def _for(self, conn: Connection) -> tuple[Any, dict[str, Any]]:
        name = conn.dialect.name
        found = self._compiled.get(name)
        if found is None:
            with self._lock:
                found = self._compiled.get(name)
                if found is None:
                    compiled = self._build().compile(dialect=conn.dialect)
                    found = self._compiled[name] = (compiled, dict(compiled.params))
        return found

    def run(self, conn: Connection, **params: Any) -> list[tuple]:
        """Rows as plain driver tuples (constants of the statement keep their compiled values).

        Runs through ``exec_driver_sql``, so SQLAlchemy's cursor events (logging, tests that
        watch statements) still see it; rows are fetched from the driver cursor as they are."""
        compiled, defaults = self._for(conn)
        values = {**defaults, **params}
        args: Any = tuple(values[k] for k in compiled.positiontup) if compiled.positional else values
        result = conn.exec_driver_sql(compiled.string, args)
        try:
            return result.cursor.fetchall() if result.returns_rows else []
        finally:
            result.close()


def to_wire(conn: Connection, entity: str, rows: list[tuple]) -> list:
    """Rows from :func:`fetch_raw` of :func:`select_wire`, ready for ``orjson.dumps``."""
    fix_json = _json_positions(entity)
    fix_bool = _bool_positions(entity) if conn.dialect.name == "sqlite" else ()
    if not fix_json and not fix_bool:
        return rows
    out = []
    for r in rows:
        values = list(r)
        for i in fix_json:
            v = values[i]
            if v is not None:
                values[i] = _Fragment(v)
        for i in fix_bool:
            v = values[i]
            if v is not None:
                values[i] = bool(v)
        out.append(values)
    return out


@cache
def _rows_by_id(entity: str) -> Select:
    table = ENTITY_TABLES[entity]
    cols = [table.c[name] for name in ENTITIES[entity].column_names]
    return select(table.c.scope, *cols, table.c.version).where(table.c.id.in_(bindparam("ids", expanding=True)))


def read_rows_by_id(conn: Connection, entity: str, ids: list[str]) -> dict[str, tuple[str, list[Any]]]:
    """id -> (scope, wire row with JSON columns parsed) for the ``ids`` that exist (statement
    built once per entity: every push reads what it touched)."""
    rows = conn.execute(_rows_by_id(entity), {"ids": list(ids)})
    return {r[1]: (r[0], list(r[1:])) for r in rows}
