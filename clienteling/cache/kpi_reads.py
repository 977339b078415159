"""Reads for the manager dashboard: the facts of one store and period, straight from the cache.

Times are compared as ISO-8601 UTC strings (the wire format); periods are half-open ``[start, end)``.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable

from sqlalchemy import Connection

from clienteling.domain.kpis import Pickup, ReturnFact, Sale

_CHUNK = 500


def store_facts(conn: Connection, store: str | None) -> tuple[str, str]:
    """(name, time zone) of the store (the device's store name and UTC when the row is missing)."""
    row = conn.exec_driver_sql("SELECT name, timezone FROM stores WHERE id = ?", (store,)).first()
    if row is None:
        name = conn.exec_driver_sql("SELECT value FROM device WHERE key = 'store_name'").scalar()
        return name or (store or ""), "UTC"
    return row[0] or (store or ""), row[1] or "UTC"


def sales(conn: Connection, store: str | None, start: str, end: str) -> list[Sale]:
    """Carry orders completed here (by placed_at) and pickups collected here (by collected_at)."""
    rows = conn.exec_driver_sql(
        "SELECT o.id, o.customer_id, coalesce(o.total_cents, 0), coalesce(o.item_count, 0), "
        "CASE WHEN o.fulfilment = 'carry' THEN o.placed_at ELSE o.collected_at END, c.assigned_associate_id "
        "FROM orders o LEFT JOIN customers c ON c.id = o.customer_id "
        "WHERE (o.fulfilment = 'carry' AND o.store_id = ? AND o.status = 'completed' "
        "       AND o.placed_at >= ? AND o.placed_at < ?) "
        "   OR (o.fulfilment = 'pickup' AND o.pickup_store_id = ? AND o.status = 'collected' "
        "       AND o.collected_at >= ? AND o.collected_at < ?)",
        (store, start, end, store, start, end)).all()
    return [Sale(r[0], r[1], int(r[2]), int(r[3]), r[4], r[5]) for r in rows]


def returns(conn: Connection, store: str | None, start: str, end: str) -> list[ReturnFact]:
    """Returns taken here in the period, with the units of their lines."""
    rows = conn.exec_driver_sql(
        "SELECT coalesce(r.refund_cents, 0), "
        "coalesce((SELECT sum(rl.qty) FROM return_lines rl WHERE rl.return_id = r.id), 0), "
        "r.created_at, r.associate_id FROM returns r "
        "WHERE r.store_id = ? AND r.created_at >= ? AND r.created_at < ?", (store, start, end)).all()
    return [ReturnFact(int(r[0]), int(r[1]), r[2], r[3]) for r in rows]


def pickups_placed(conn: Connection, store: str | None, start: str, end: str) -> list[Pickup]:
    rows = conn.exec_driver_sql(
        "SELECT status, placed_at, ready_at FROM orders WHERE fulfilment = 'pickup' AND pickup_store_id = ? "
        "AND placed_at >= ? AND placed_at < ?", (store, start, end)).all()
    return [Pickup(r[0] or "", r[1], r[2]) for r in rows]


def open_pickups(conn: Connection, store: str | None) -> list[dict[str, str | None]]:
    """Pickup orders still open at this store (placed, picking, ready): what SLA aging needs."""
    rows = conn.exec_driver_sql(
        "SELECT status, placed_at, ready_at FROM orders WHERE pickup_store_id = ? "
        "AND status IN ('placed', 'picking', 'ready')", (store,)).all()
    return [{"status": r[0], "placed_at": r[1], "ready_at": r[2]} for r in rows]


def returning_customers(conn: Connection, customers: Iterable[str | None], before: str) -> frozenset[str]:
    """Those of ``customers`` with any non-cancelled order placed before ``before``."""
    ids = sorted({c for c in customers if c})
    out: set[str] = set()
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i:i + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        out.update(r[0] for r in conn.exec_driver_sql(
            f"SELECT DISTINCT customer_id FROM orders WHERE customer_id IN ({marks}) "
            "AND coalesce(status, '') <> 'cancelled' AND placed_at < ?", (*chunk, before)))
    return frozenset(out)


ACTIVITY: dict[str, tuple[str, str, str, str, str]] = {
    # name: (table, associate column, store column, time column, extra condition)
    "signups": ("customers", "assigned_associate_id", "home_store_id", "created_at", ""),
    "notes": ("notes", "associate_id", "store_id", "created_at", ""),
    "tasks_done": ("tasks", "associate_id", "store_id", "done_at", "AND kind = 'follow_up' AND status = 'done'"),
    "outreach": ("tasks", "associate_id", "store_id", "created_at", "AND kind = 'outreach'"),
    "handovers": ("handovers", "associate_id", "store_id", "collected_at", ""),
}
"""Counted activities of a store's people: new customers (by assigned associate), notes, follow-ups
done, outreach logged, BOPIS handovers."""


def activity(conn: Connection, name: str, store: str | None, start: str, end: str) -> Counter[str | None]:
    """How many of the activity ``name`` (a key of :data:`ACTIVITY`) each associate did in the period."""
    table, who, where, when, extra = ACTIVITY[name]
    sql = (f"SELECT {who}, count(*) FROM {table} WHERE {where} = ? AND {when} >= ? AND {when} < ? {extra} "
           f"GROUP BY {who}")
    return Counter({r[0]: int(r[1]) for r in conn.exec_driver_sql(sql, (store, start, end))})


def associates(conn: Connection, store: str | None) -> list[tuple[str, str]]:
    """(id, name) of this store's active associates, by name."""
    rows = conn.exec_driver_sql(
        "SELECT id, trim(coalesce(first_name, '') || ' ' || coalesce(last_name, '')) FROM associates "
        "WHERE store_id = ? AND active = 1 ORDER BY 2, id", (store,)).all()
    return [(r[0], r[1] or r[0]) for r in rows]
