"""Repositories: read the cache, return domain objects."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import orjson
from sqlalchemy import Connection, select

from sync.entities import ENTITIES

from clienteling.cache import order_reads, outbox
from clienteling.cache.schema import outbox as outbox_table
from clienteling.cache.schema import CUSTOMER_KEY, outbox_keys
from clienteling.domain.models import (ClientBookEntry, Customer, LedgerEntry, LoyaltyBalance, Note, Order,
                                       OrderLine, OutboxEntry, Task)


def _cols(entity: str, alias: str) -> str:
    return ", ".join(f'{alias}."{c}"' for c in ENTITIES[entity].column_names)


def _json(value: Any) -> dict[str, Any]:
    if not value:
        return {}
    try:
        data = orjson.loads(value)
    except orjson.JSONDecodeError:
        return {}
    return data if isinstance(data, dict) else {}


def get_customer(conn: Connection, customer_id: str) -> Customer | None:
    """The customer with its home store's name, or None."""
    row = conn.exec_driver_sql(
        f"SELECT {_cols('customers', 'c')}, s.name, c._version, "
        "EXISTS(SELECT 1 FROM outbox_keys k JOIN outbox o ON o.seq = k.seq WHERE k.entity = 'customers' "
        "AND k.row_id = c.id AND k.pending = 1 AND o.name = 'customer.update') "
        "FROM customers c LEFT JOIN stores s ON s.id = c.home_store_id WHERE c.id = ?",
        (customer_id,)).first()
    if row is None:
        return None
    d = dict(zip(ENTITIES["customers"].column_names, row))
    return Customer(
        id=d["id"], loyalty_number=d["loyalty_number"], first_name=d["first_name"],
        last_name=d["last_name"], email=d["email"], phone=d["phone"], birthday=d["birthday"],
        home_store_id=d["home_store_id"], home_store_name=row[-3],
        assigned_associate_id=d["assigned_associate_id"], tier=d["tier"], points=d["points"] or 0,
        lifetime_value_cents=d["lifetime_value_cents"] or 0, member_since=d["member_since"],
        preferences=_json(d["preferences"]), consent=_json(d["consent"]),
        last_visit_at=d["last_visit_at"], created_at=d["created_at"], updated_at=d["updated_at"],
        version=row[-2], has_pending_changes=bool(row[-1]),
    )


def customer_scope(conn: Connection, customer_id: str) -> str | None:


    """The scope the customer's row belongs to, or None if not cached."""
    return conn.exec_driver_sql("SELECT _scope FROM customers WHERE id = ?", (customer_id,)).scalar()


def notes_of(conn: Connection, customer_id: str, limit: int = 200) -> list[Note]:


    """The customer's notes, newest first."""
    rows = conn.exec_driver_sql(
        f"SELECT {_cols('notes', 'n')}, n._version IS NULL FROM notes n WHERE n.customer_id = ? "
        "ORDER BY n.created_at DESC LIMIT ?", (customer_id, limit))
    return [Note(*r[:6], pending=bool(r[6])) for r in rows]


def ledger_of(conn: Connection, customer_id: str, limit: int = 200) -> list[LedgerEntry]:


    """The customer's loyalty ledger, newest first."""
    rows = conn.exec_driver_sql(
        f"SELECT {_cols('loyalty_ledger', 'l')}, l._version IS NULL FROM loyalty_ledger l "
        "WHERE l.customer_id = ? ORDER BY l.created_at DESC LIMIT ?", (customer_id, limit))
    return [LedgerEntry(*r[:8], pending=bool(r[8])) for r in rows]


def balance_of(conn: Connection, customer_id: str) -> LoyaltyBalance | None:
    """Server points minus redemptions made here that the server has not confirmed yet."""
    row = conn.exec_driver_sql(
        "SELECT c.points, (SELECT coalesce(-sum(l.points), 0) FROM loyalty_ledger l "
        "WHERE l.customer_id = c.id AND l._version IS NULL AND l.kind = 'redeem') "
        "FROM customers c WHERE c.id = ?", (customer_id,)).first()
    if row is None:
        return None
    return LoyaltyBalance(customer_id=customer_id, server_points=row[0] or 0, pending_redeemed=row[1] or 0)


def _order(row: Any, lines: tuple[OrderLine, ...] = ()) -> Order:
    d = dict(zip(ENTITIES["orders"].column_names, row))
    for key in ("total_cents", "item_count"):
        d[key] = d[key] or 0
    return Order(**d, lines=lines, pending=bool(row[-1]))


_PENDING_ORDER = outbox.PENDING_ROW_SQL.format(entity="orders", column="o.id")


def lines_of(conn: Connection, order_id: str) -> tuple[OrderLine, ...]:
    """The order's lines with product names and this terminal's unconfirmed handovers and returns."""
    return order_reads.lines_of(conn, order_id)


def get_order(conn: Connection, order_id: str) -> Order | None:


    """The order with its lines, or None."""
    row = conn.exec_driver_sql(f"SELECT {_cols('orders', 'o')}, {_PENDING_ORDER} FROM orders o "
                               "WHERE o.id = ?", (order_id,)).first()
    return _order(row, lines_of(conn, order_id)) if row else None


def find_orders(conn: Connection, *, customer_id: str | None = None, code: str | None = None,
                pickup_store_id: str | None = None, status: str | None = None,
                limit: int = 100) -> list[Order]:
    """Orders by customer, by order number / pickup code, or pickups of a store (no lines)."""
    where, params = [], []
    if customer_id is not None:
        where.append("o.customer_id = ?")
        params.append(customer_id)
    if code is not None:
        # Two index probes (pickup codes are stored upper-case): a scan answers at once on big caches.
        where.append("(o.order_number = ? OR o.pickup_code = ?)")
        params += [code, code.upper()]
    if pickup_store_id is not None:
        where.append("o.pickup_store_id = ?")
        params.append(pickup_store_id)
    if status is not None:
        where.append("o.status = ?")
        params.append(status)
    sql = (f"SELECT {_cols('orders', 'o')}, {_PENDING_ORDER} FROM orders o "
           f"WHERE {' AND '.join(where) or '1'} ORDER BY o.placed_at DESC LIMIT ?")
    return [_order(r) for r in conn.exec_driver_sql(sql, (*params, limit))]


def count_rows(conn: Connection) -> dict[str, int]:
    """Rows per entity table."""
    return {name: int(conn.exec_driver_sql(f'SELECT count(*) FROM "{name}"').scalar() or 0)
            for name in ENTITIES}


# ----- Customer 360 and the client book ----------------------------------------------------------

def orders_with_lines(conn: Connection, customer_id: str, limit: int = 100) -> list[Order]:
    """The customer's orders, newest first, each with its lines (two queries, not one per order)."""
    orders = find_orders(conn, customer_id=customer_id, limit=limit)
    if not orders:
        return []
    lines: dict[str, list[OrderLine]] = {o.id: [] for o in orders}
    rows = conn.exec_driver_sql(
        f"{order_reads.LINE_SELECT} JOIN orders o ON o.id = l.order_id "
        "WHERE o.customer_id = ? ORDER BY l.order_id, l.id", (customer_id,))
    for r in rows:
        if r[1] in lines:
            lines[r[1]].append(order_reads.to_line(r))
    return [replace(o, lines=tuple(lines[o.id])) for o in orders]


_TASK_COLS = _cols("tasks", "t")


def _task(row: Any) -> Task:
    d = dict(zip(ENTITIES["tasks"].column_names, row))
    return Task(**{**d, "title": d["title"] or ""}, pending=bool(row[11]), customer_name=row[12] or "")


_TASK_SELECT = (f"SELECT {_TASK_COLS}, t._version IS NULL, "
                "trim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')) "
                "FROM tasks t LEFT JOIN customers c ON c.id = t.customer_id ")


def tasks_of(conn: Connection, customer_id: str, limit: int = 200) -> list[Task]:
    """The customer's follow-ups and outreach: open ones first by due date, then the rest newest first."""
    rows = conn.exec_driver_sql(
        _TASK_SELECT + "WHERE t.customer_id = ? ORDER BY t.status = 'open' DESC, "
        "CASE WHEN t.status = 'open' THEN coalesce(t.due_on, '9999') END, t.created_at DESC LIMIT ?",
        (customer_id, limit))
    return [_task(r) for r in rows]


def due_tasks(conn: Connection, associate_id: str, until: str, limit: int = 500) -> list[Task]:
    """Open follow-ups of the associate (theirs, or on their assigned customers) due on or before
    ``until`` (YYYY-MM-DD), oldest due first."""
    rows = conn.exec_driver_sql(
        _TASK_SELECT + "WHERE t.status = 'open' AND t.kind = 'follow_up' AND t.due_on <= ? "
        "AND (t.associate_id = ? OR c.assigned_associate_id = ?) ORDER BY t.due_on, t.created_at LIMIT ?",
        (until, associate_id, associate_id, limit))
    return [_task(r) for r in rows]


def client_book(conn: Connection, associate_id: str, today: str, limit: int = 2000) -> list[ClientBookEntry]:
    """Customers assigned to the associate (or with an open follow-up of theirs) and their open
    follow-ups: those with something due first, then by name."""
    rows = conn.exec_driver_sql(
        "SELECT c.id, trim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')), c.tier, "
        "coalesce(c.lifetime_value_cents, 0), c.last_visit_at, count(t.id), "
        "coalesce(sum(t.due_on < ?), 0), min(t.due_on) "
        "FROM customers c LEFT JOIN tasks t ON t.customer_id = c.id AND t.status = 'open' "
        "AND t.kind = 'follow_up' "
        "WHERE c.assigned_associate_id = ? OR c.id IN (SELECT customer_id FROM tasks "
        "WHERE associate_id = ? AND status = 'open' AND kind = 'follow_up') "
        "GROUP BY c.id ORDER BY min(t.due_on) IS NULL, min(t.due_on), c.last_name, c.first_name LIMIT ?",
        (today, associate_id, associate_id, limit))
    return [ClientBookEntry(r[0], r[1], r[2], int(r[3]), r[4], int(r[5]), int(r[6]), r[7]) for r in rows]


def _names(conn: Connection, sql: str, ids: set[str]) -> dict[str, str]:
    ids = {i for i in ids if i}
    if not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    return {r[0]: r[1] for r in conn.exec_driver_sql(sql.format(marks=marks), tuple(ids)) if r[1]}


def associate_names(conn: Connection, ids: set[str]) -> dict[str, str]:
    """Associate id -> "First Last" for the ids cached here."""
    return _names(conn, "SELECT id, trim(coalesce(first_name, '') || ' ' || coalesce(last_name, '')) "
                        "FROM associates WHERE id IN ({marks})", ids)


def store_names(conn: Connection, ids: set[str]) -> dict[str, str]:
    """Store id -> name for the ids cached here."""
    return _names(conn, "SELECT id, name FROM stores WHERE id IN ({marks})", ids)


def rejected_for_customer(conn: Connection, customer_id: str, limit: int = 50) -> list[OutboxEntry]:
    """This customer's mutations the central service refused, newest first (with its reason)."""
    q = (select(outbox_table)
         .join(outbox_keys, outbox_keys.c.seq == outbox_table.c.seq)
         .where(outbox_keys.c.entity == CUSTOMER_KEY, outbox_keys.c.row_id == customer_id,
                outbox_keys.c.pending == 0, outbox_table.c.status == "rejected")
         .order_by(outbox_table.c.seq.desc()).limit(limit))
    return [outbox.to_entry(r) for r in conn.execute(q).mappings()]


def pending_count_for_customer(conn: Connection, customer_id: str) -> int:
    """How many of this customer's changes made here still wait for the central service."""
    return int(conn.exec_driver_sql(
        "SELECT count(*) FROM outbox_keys WHERE entity = ? AND row_id = ? AND pending = 1",
        (CUSTOMER_KEY, customer_id)).scalar() or 0)


def last_sync_at(conn: Connection, scope: str | None = None) -> str | None:
    """When ``scope`` (or, without one, the oldest of the scopes) last got its changes."""
    if scope is not None:
        return conn.exec_driver_sql("SELECT last_sync_at FROM sync_state WHERE scope = ?", (scope,)).scalar()
    return conn.exec_driver_sql("SELECT min(last_sync_at) FROM sync_state").scalar()


def get_task(conn: Connection, task_id: str) -> Task | None:
    """One task, or None."""
    row = conn.exec_driver_sql(_TASK_SELECT + "WHERE t.id = ?", (task_id,)).first()
    return _task(row) if row else None
