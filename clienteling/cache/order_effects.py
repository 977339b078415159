"""Local effects of the pickup, return and incident mutations (see :mod:`clienteling.cache.effects`).

Each is idempotent. Server rows are only ever *set* to values (picked quantities, a status);
quantities that add up (handed-over and returned units, reversed points) live in local
unversioned rows (``_version IS NULL``: handovers, returns, return_lines, the reverse ledger row)
that reads add to the server's figures until the server's rows with the same ids replace them.
"""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import Connection

from sync import protocol as p

from clienteling.cache import order_reads


def _order_scope(conn: Connection, order_id: str) -> str | None:
    return conn.exec_driver_sql("SELECT _scope FROM orders WHERE id = ?", (order_id,)).scalar()


def pickup_pick(fx: Any, args: dict[str, Any]) -> None:
    for line in args["lines"]:
        fx.conn.exec_driver_sql(
            "UPDATE order_lines SET picked_qty = ?, short_reason = CASE WHEN ? < coalesce(qty, 0) THEN ? END "
            "WHERE id = ? AND order_id = ?",
            (int(line["picked_qty"]), int(line["picked_qty"]), line.get("short_reason"), line["line_id"],
             args["order_id"]))
    fx.conn.exec_driver_sql("UPDATE orders SET status = 'picking' WHERE id = ? AND status = 'placed'",
                            (args["order_id"],))


def pickup_ready(fx: Any, args: dict[str, Any]) -> None:
    fx.conn.exec_driver_sql(
        "UPDATE orders SET status = 'ready', ready_at = coalesce(ready_at, ?) "
        "WHERE id = ? AND status IN ('placed', 'picking')", (fx.local_time, args["order_id"]))


def pickup_cancel(fx: Any, args: dict[str, Any]) -> None:
    fx.conn.exec_driver_sql(
        "UPDATE orders SET status = 'cancelled', closed_at = ? "
        "WHERE id = ? AND status IN ('placed', 'picking', 'ready')", (fx.local_time, args["order_id"]))


def pickup_collect(fx: Any, args: dict[str, Any]) -> None:
    conn, order_id = fx.conn, args["order_id"]
    scope = _order_scope(conn, order_id)
    if scope is None:
        return
    handover_id = args.get("handover_id")
    lines = args.get("lines")
    if lines is None:  # older form: every remaining picked unit (of the named lines)
        named = set(args.get("line_ids") or ())
        lines = [{"line_id": ln.id, "qty": ln.picked_qty - ln.collected_now}
                 for ln in order_reads.lines_of(conn, order_id)
                 if (not named or ln.id in named) and ln.picked_qty - ln.collected_now > 0]
    if handover_id:
        verification = dict(args.get("verification") or {})
        details = {k: v for k, v in verification.items() if k not in ("method", "code")}
        customer_id = conn.exec_driver_sql("SELECT customer_id FROM orders WHERE id = ?", (order_id,)).scalar()
        conn.exec_driver_sql(
            "INSERT OR IGNORE INTO handovers (id, order_id, customer_id, store_id, associate_id, collected_at, "
            "method, collector_name, lines, details, _scope, _version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
            (handover_id, order_id, customer_id, fx.store_id, fx.associate_id, fx.local_time,
             verification.get("method"), args.get("collector_name"), orjson.dumps(lines).decode(),
             orjson.dumps(details).decode(), scope))
    remaining = sum(max(0, ln.picked_qty - ln.collected_now) for ln in order_reads.lines_of(conn, order_id))
    if not handover_id and lines:
        remaining = 0  # no handover row to count (legacy entry): the whole order went
    status = "collected" if remaining == 0 else "ready"
    conn.exec_driver_sql(
        "UPDATE orders SET status = ?, collected_at = ?, collected_by_associate_id = ?, collected_at_store_id = ? "
        "WHERE id = ? AND status IN ('ready', 'collected')",
        (status, fx.local_time, fx.associate_id, fx.store_id, order_id))


def return_create(fx: Any, args: dict[str, Any]) -> None:
    conn = fx.conn
    order_id, customer_id = args.get("order_id"), args.get("customer_id")
    if order_id:
        scope = _order_scope(conn, order_id)
        customer_id = customer_id or conn.exec_driver_sql(
            "SELECT customer_id FROM orders WHERE id = ?", (order_id,)).scalar()
    else:
        scope = fx.scope_of_customer(customer_id) if customer_id else None
    if scope is None:
        return
    priced = order_reads.price_return(conn, order_id, customer_id, args["lines"], fx.local_time)
    approved_by = (args.get("override") or {}).get("manager_id")
    conn.exec_driver_sql(
        "INSERT OR IGNORE INTO returns (id, order_id, customer_id, store_id, associate_id, created_at, receipt, "
        "refund_method, refund_cents, points_reversed, approved_by, status, _scope, _version) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, NULL)",
        (args["return_id"], order_id, customer_id, fx.store_id, fx.associate_id, fx.local_time,
         1 if order_id else 0, args["refund_method"], priced.refund_cents, priced.points, approved_by, scope))
    for line, cents in zip(args["lines"], priced.line_cents):
        conn.exec_driver_sql(
            "INSERT OR IGNORE INTO return_lines (id, return_id, order_line_id, sku, qty, refund_cents, reason, "
            "condition, disposition, _scope, _version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
            (line["return_line_id"], args["return_id"], line.get("line_id"), line.get("sku"), int(line["qty"]),
             cents, line.get("reason"), line.get("condition"), line.get("disposition"), scope))
    if priced.points > 0 and customer_id:
        conn.exec_driver_sql(
            "INSERT OR IGNORE INTO loyalty_ledger (id, customer_id, created_at, kind, points, order_id, store_id, "
            "description, _scope, _version) VALUES (?, ?, ?, 'reverse', ?, ?, ?, 'Return', ?, NULL)",
            (reverse_id(args["return_id"]), customer_id, fx.local_time, -priced.points, order_id, fx.store_id,
             scope))


def incident_resolve(fx: Any, args: dict[str, Any]) -> None:
    fx.conn.exec_driver_sql(
        "UPDATE incidents SET status = 'resolved', resolved_by = ?, resolved_at = ?, resolution = ? "
        "WHERE id = ? AND status = 'open'", (fx.associate_id, fx.local_time, args["resolution"], args["incident_id"]))


def reverse_id(return_id: str) -> str:
    """The id of the ledger row that reverses a return's points (the same on both sides)."""
    return f"{return_id}:reverse"


EFFECTS = {
    p.PICKUP_PICK: pickup_pick,
    p.PICKUP_READY: pickup_ready,
    p.PICKUP_CANCEL: pickup_cancel,
    p.PICKUP_COLLECT: pickup_collect,
    p.RETURN_CREATE: return_create,
    p.INCIDENT_RESOLVE: incident_resolve,
}


def touched_keys(name: str, args: dict[str, Any]) -> list[tuple[str, str]] | None:
    """The (entity, id) rows one of these mutations changes locally (None: not one of them)."""
    if name == p.PICKUP_PICK:
        return [("orders", args["order_id"]), *(("order_lines", ln["line_id"]) for ln in args["lines"])]
    if name in (p.PICKUP_READY, p.PICKUP_CANCEL):
        return [("orders", args["order_id"])]
    if name == p.PICKUP_COLLECT:
        keys = [("orders", args["order_id"])]
        if args.get("handover_id"):
            keys.append(("handovers", args["handover_id"]))
        return keys
    if name == p.RETURN_CREATE:
        keys = [("returns", args["return_id"]), ("loyalty_ledger", reverse_id(args["return_id"]))]
        keys += [("return_lines", ln["return_line_id"]) for ln in args["lines"]]
        if args.get("order_id"):
            keys.append(("orders", args["order_id"]))
        return keys
    if name == p.INCIDENT_RESOLVE:
        return [("incidents", args["incident_id"])]
    return None
