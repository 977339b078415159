"""``/v1/customers/search`` and ``/v1/customers/fetch``: the online fallback of the counter search.

A terminal caches its own region's customers; these endpoints find a customer of ANY region
(loyalty number, email, phone by digits or its last 7+ digits, names by prefix in any order)
and hand over everything the profile shows so the terminal can cache the one it opened.

Each lookup is an index probe on both databases: loyalty number and email have their entity
indexes (emails are stored lower-case); names and phones use the expression indexes of
migration 0003 (declared here too, so the models match the migrations).
"""

from __future__ import annotations

import re
from typing import Any

import orjson
from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from sqlalchemy import Connection, ColumnElement, func, literal_column, select

from sync import protocol as p
from sync.server.context import DeviceContext, authenticate, central_of
from sync.server.db import read_tx
from sync.server.errors import responses
from sync.server.models import ENTITY_TABLES
from sync.server.rows import fetch_raw, select_wire, to_wire, wire_columns

router = APIRouter(prefix="/v1/customers")

CANDIDATES = 500  # rows read per index probe before the Python-side checks
_CUSTOMERS = ENTITY_TABLES["customers"]
_PHONE_CHARS = re.compile(r"^[\d\s+\-().]+$")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def _phone_digits_expr(column: Any) -> ColumnElement:
    # Literals inline (not bound): the query's expression must be the index's, text for text.
    expr = column
    for ch in (" ", "-", "(", ")", ".", "/", "+"):
        expr = func.replace(expr, literal_column(f"'{ch}'"), literal_column("''"))
    return expr


_DIGITS = _phone_digits_expr(_CUSTOMERS.c.phone)
PHONE_LAST7 = func.substr(_DIGITS, func.length(_DIGITS) - 6)
"""The last 7 digits of the phone number (same text on SQLite and PostgreSQL)."""
LOWER_LAST = func.lower(_CUSTOMERS.c.last_name)
LOWER_FIRST = func.lower(_CUSTOMERS.c.first_name)

# The indexes these expressions use are declared in sync.server.models (migration 0003).

_COLUMNS = wire_columns("customers")
_POS = {name: i for i, name in enumerate(_COLUMNS)}


def _rows(conn: Connection, entity: str, where: ColumnElement, limit: int = CANDIDATES) -> list[list[Any]]:
    """Wire rows with the scope appended as the last value."""
    table = ENTITY_TABLES[entity]
    stmt = select_wire(entity).add_columns(table.c.scope).where(where).limit(limit)
    return [list(r) for r in to_wire(conn, entity, fetch_raw(conn, stmt))]


def _prefix_range(expr: ColumnElement, word: str) -> ColumnElement:
    # A range, not LIKE: an ordinary b-tree answers it on both databases and any collation.
    upper = word[:-1] + chr(ord(word[-1]) + 1)
    return (expr >= word) & (expr < upper)


def _words(value: Any) -> list[str]:
    return _WORD.findall(str(value or "").lower())


def _names_match(row: list[Any], words: list[str]) -> bool:
    names = _words(row[_POS["first_name"]]) + _words(row[_POS["last_name"]])
    return all(any(n.startswith(w) for n in names) for w in words)


def _by_names(conn: Connection, q: str) -> list[list[Any]]:
    words = _words(q)
    if not words:
        return []
    longest = max(words, key=len)
    # Probe the indexes with the most selective word (as a last or first name), check the rest.
    found = _rows(conn, "customers", _prefix_range(LOWER_LAST, longest))
    found += _rows(conn, "customers", _prefix_range(LOWER_FIRST, longest))
    out = [r for r in found if _names_match(r, words)]
    out.sort(key=lambda r: (str(r[_POS["last_name"]] or "").lower(), str(r[_POS["first_name"]] or "").lower()))
    return out


def _by_phone(conn: Connection, digits: str) -> list[list[Any]]:
    found = _rows(conn, "customers", PHONE_LAST7 == digits[-7:])

    def same(row: list[Any]) -> bool:
        stored = re.sub(r"\D", "", str(row[_POS["phone"]] or ""))
        return stored.endswith(digits) or (len(stored) >= 7 and digits.endswith(stored))
    return [r for r in found if same(r)]


def search(conn: Connection, q: str, limit: int) -> list[list[Any]]:
    """Customers of every region for ``q`` (exact identifiers first, then names)."""
    q = q.strip()
    hits: list[list[Any]] = []
    if " " not in q:
        hits += _rows(conn, "customers", _CUSTOMERS.c.loyalty_number == q, limit)
    if "@" in q:
        hits += _rows(conn, "customers", _CUSTOMERS.c.email == q.lower(), limit)
    elif _PHONE_CHARS.match(q):
        digits = re.sub(r"\D", "", q)
        if len(digits) >= 7:
            hits += _by_phone(conn, digits)
    else:
        hits += _by_names(conn, q)
    seen: set[str] = set()
    unique = []
    for row in hits:
        if row[0] not in seen:
            seen.add(row[0])
            unique.append(row)
    return unique[:limit]


def _grouped(entity: str, rows: list[list[Any]]) -> list[dict[str, Any]]:
    """EntityRows dicts, one per scope (the scope was carried as each row's last value)."""
    by_scope: dict[str, list[list[Any]]] = {}
    for row in rows:
        by_scope.setdefault(row[-1], []).append(row[:-1])
    return [{"entity": entity, "scope": scope, "columns": wire_columns(entity), "rows": group}
            for scope, group in by_scope.items()]


def fetch(conn: Connection, customer_id: str) -> dict[str, Any]:
    """StateDelta dict: the customer, their orders and lines, ledger, notes and tasks."""
    customer = _rows(conn, "customers", _CUSTOMERS.c.id == customer_id, 1)
    if not customer:
        return {"upserts": [], "deletes": []}
    upserts = _grouped("customers", customer)
    orders_table = ENTITY_TABLES["orders"]
    orders = _rows(conn, "orders", orders_table.c.customer_id == customer_id, 10_000)
    upserts += _grouped("orders", orders)
    if orders:
        # A subquery, not a list of ids: fetch_raw sends plain parameters only.
        order_ids = select(orders_table.c.id).where(orders_table.c.customer_id == customer_id)
        upserts += _grouped("order_lines", _rows(conn, "order_lines",
                                                 ENTITY_TABLES["order_lines"].c.order_id.in_(order_ids), 100_000))
    for entity in ("loyalty_ledger", "notes", "tasks"):
        upserts += _grouped(entity, _rows(conn, entity, ENTITY_TABLES[entity].c.customer_id == customer_id,
                                          100_000))
    return {"upserts": [g for g in upserts if g["rows"]], "deletes": []}


def _search_body(engine: Any, req: p.CustomerSearchRequest) -> bytes:
    with read_tx(engine) as conn:
        rows = search(conn, req.q, req.limit)
    return orjson.dumps({"customers": _grouped("customers", rows)})


def _fetch_body(engine: Any, req: p.CustomerFetchRequest) -> bytes:
    with read_tx(engine, consistent=True) as conn:
        return orjson.dumps({"state": fetch(conn, req.customer_id)})


@router.post("/search", response_model=p.CustomerSearchResponse, responses=responses(400, 401), tags=["customers"])
async def customers_search(req: p.CustomerSearchRequest, request: Request,
                           dev: DeviceContext = Depends(authenticate)) -> Response:
    """Customers of every region matching a loyalty number, email, phone or name prefixes."""
    body = await run_in_threadpool(_search_body, central_of(request).engine, req)
    return Response(body, media_type="application/json")


@router.post("/fetch", response_model=p.CustomerFetchResponse, responses=responses(400, 401), tags=["customers"])
async def customers_fetch(req: p.CustomerFetchRequest, request: Request,
                          dev: DeviceContext = Depends(authenticate)) -> Response:
    """Everything the profile shows of one customer, with scopes (empty when there is none)."""
    body = await run_in_threadpool(_fetch_body, central_of(request).engine, req)
    return Response(body, media_type="application/json")
