"""Reads for pickups and returns: order lines with what this terminal has not had confirmed yet,
the cached policy, and return pricing (shared by the local effect and the return service)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import orjson
from sqlalchemy import Connection

from sync.entities import ENTITIES
from sync.policy import (DEFAULT_POLICY, POLICY_SETTING, Policy, PolicyError, parse_time, points_for,
                         receiptless_price)
from sync.policy import iso as policy_iso

from clienteling.domain.models import OrderLine

EARNING_STATUSES = ("completed", "delivered", "collected")
"""Order statuses whose purchase earned loyalty points (reversed on a return)."""

_LINE_COLS = ", ".join(f'l."{c}"' for c in ENTITIES["order_lines"].column_names)
PENDING_COLLECTED_SQL = (
    "(SELECT coalesce(sum(json_extract(j.value, '$.qty')), 0) FROM handovers h, json_each(h.lines) j "
    "WHERE h.order_id = l.order_id AND h._version IS NULL AND json_extract(j.value, '$.line_id') = l.id)")
PENDING_RETURNED_SQL = ("(SELECT coalesce(sum(rl.qty), 0) FROM return_lines rl "
                        "WHERE rl.order_line_id = l.id AND rl._version IS NULL)")
LINE_SELECT = (f"SELECT {_LINE_COLS}, p.name, p.category, p.final_sale, p.colour, p.size, "
               f"{PENDING_COLLECTED_SQL}, {PENDING_RETURNED_SQL} FROM order_lines l "
               "LEFT JOIN products p ON p.id = l.sku")


def to_line(r: Any) -> OrderLine:
    """An order line row of :data:`LINE_SELECT` as a domain object."""
    return OrderLine(id=r[0], order_id=r[1], sku=r[2], qty=r[3] or 0, price_cents=r[4] or 0,
                     returned_qty=r[5] or 0, picked_qty=r[6] or 0, short_reason=r[7], collected_qty=r[8],
                     product_name=r[9], category=r[10], final_sale=bool(r[11]), colour=r[12], size=r[13],
                     pending_collected=int(r[14] or 0), pending_returned=int(r[15] or 0))


def lines_of(conn: Connection, order_id: str) -> tuple[OrderLine, ...]:
    """The order's lines with product facts and this terminal's unconfirmed handovers and returns."""
    return tuple(to_line(r) for r in conn.exec_driver_sql(f"{LINE_SELECT} WHERE l.order_id = ? ORDER BY l.id",
                                                          (order_id,)))


def lines_of_orders(conn: Connection, order_ids: list[str]) -> dict[str, list[OrderLine]]:
    """Lines of several orders (one query per 500 orders)."""
    out: dict[str, list[OrderLine]] = {o: [] for o in order_ids}
    for i in range(0, len(order_ids), 500):
        chunk = order_ids[i:i + 500]
        marks = ", ".join("?" * len(chunk))
        for r in conn.exec_driver_sql(f"{LINE_SELECT} WHERE l.order_id IN ({marks}) ORDER BY l.order_id, l.id",
                                      tuple(chunk)):
            out[r[1]].append(to_line(r))
    return out


def policy(conn: Connection) -> Policy:
    """The cached central policy (the default when missing or unreadable)."""
    value = conn.exec_driver_sql("SELECT value FROM settings WHERE id = ?", (POLICY_SETTING,)).scalar()
    if not value:
        return DEFAULT_POLICY
    try:
        return Policy.from_dict(orjson.loads(value))
    except (orjson.JSONDecodeError, PolicyError, TypeError, ValueError):
        return DEFAULT_POLICY


def recent_paid(conn: Connection, sku: str, days: int, now: str) -> list[int]:
    """Prices paid for ``sku`` in orders placed within ``days`` before ``now``."""
    at = parse_time(now)
    since = policy_iso(at - timedelta(days=days)) if at else "0000"
    return [int(r[0]) for r in conn.exec_driver_sql(
        "SELECT l.price_cents FROM order_lines l JOIN orders o ON o.id = l.order_id "
        "WHERE l.sku = ? AND o.placed_at >= ? AND l.price_cents IS NOT NULL", (sku, since))]


def receiptless_unit_cents(conn: Connection, sku: str, days: int, now: str) -> int | None:
    """What one unit of ``sku`` refunds without a receipt (None: the SKU is not in the catalogue)."""
    price = conn.exec_driver_sql("SELECT price_cents FROM products WHERE id = ?", (sku,)).scalar()
    if price is None:
        return None
    return receiptless_price(int(price), recent_paid(conn, sku, days, now))


@dataclass(frozen=True)
class PricedReturn:
    line_cents: list[int]
    refund_cents: int
    points: int


def price_return(conn: Connection, order_id: str | None, customer_id: str | None, lines: list[dict[str, Any]],
                 now: str) -> PricedReturn:
    """Refund per line and points reversed for return lines (``line_id`` with an order, else ``sku``)."""
    cents: list[int] = []
    points = 0
    earned = False
    if order_id:
        status = conn.exec_driver_sql("SELECT status FROM orders WHERE id = ?", (order_id,)).scalar()
        earned = bool(customer_id) and status in EARNING_STATUSES
    days = policy(conn).returns.receiptless_price_days
    for line in lines:
        qty = int(line["qty"])
        if order_id:
            price = conn.exec_driver_sql("SELECT price_cents FROM order_lines WHERE id = ? AND order_id = ?",
                                         (line.get("line_id"), order_id)).scalar() or 0
            amount = qty * int(price)
            if earned:
                points += points_for(amount)
        else:
            amount = qty * (receiptless_unit_cents(conn, line["sku"], days, now) or 0)
        cents.append(amount)
    return PricedReturn(cents, sum(cents), points)
