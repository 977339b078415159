"""Repositories: read the cache, return domain objects."""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import Connection

from sync.entities import ENTITIES

from clienteling.domain.models import Customer, LedgerEntry, LoyaltyBalance, Note, Order, OrderLine


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
        "EXISTS(SELECT 1 FROM outbox o WHERE o.status = 'pending' AND o.name = 'customer.update' "
        "AND o.touched LIKE '%' || json_quote(c.id) || '%') "
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


_PENDING_ORDER = ("EXISTS(SELECT 1 FROM outbox ob WHERE ob.status = 'pending' "
                  "AND ob.touched LIKE '%' || json_quote(o.id) || '%')")


def lines_of(conn: Connection, order_id: str) -> tuple[OrderLine, ...]:


    """The order's lines with product names."""
    rows = conn.exec_driver_sql(
        f"SELECT {_cols('order_lines', 'l')}, p.name FROM order_lines l "
        "LEFT JOIN products p ON p.id = l.sku WHERE l.order_id = ? ORDER BY l.id", (order_id,))
    return tuple(OrderLine(r[0], r[1], r[2], r[3] or 0, r[4] or 0, r[5] or 0, r[6] or 0, r[7])
                 for r in rows)


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
        where.append("(o.order_number = ? OR upper(o.pickup_code) = upper(?))")
        params += [code, code]
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
