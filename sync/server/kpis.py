"""Store KPIs computed in the central database (SQLite and PostgreSQL), independently of the terminal.

Implements the definitions shared with ``clienteling.domain.kpis`` (issue 5 contract); the agreement
test checks both give the same figures. Times are canonical ISO UTC strings; periods are ``[start, end)``.
"""

from __future__ import annotations

from statistics import median
from typing import Any

from sqlalchemy import Connection, Engine, and_, case, exists, func, or_, select

from sync.policy import parse_time, pickup_aging
from sync.server.models import ENTITY_TABLES
from sync.server.settings import load_policy

_T = ENTITY_TABLES


def store_kpis(engine: Engine, store_id: str, start: str, end: str, now: str) -> dict[str, Any]:
    """Every KPI of store ``store_id`` over ``[start, end)``; ``now`` dates the open-pickup SLA count."""
    with engine.connect() as conn:
        out: dict[str, Any] = {}
        out.update(_sales(conn, store_id, start, end))
        out.update(_returns(conn, store_id, start, end))
        gross, orders, units = out["gross_sales_cents"], out["orders"], out["units"]
        out["net_sales_cents"] = gross - out["returns_cents"]
        out["aov_cents"] = gross // orders if orders else 0
        out["upt"] = units / orders if orders else 0.0
        out["return_rate_value"] = out["returns_cents"] / gross if gross else 0.0
        out["return_rate_units"] = out["returns_units"] / units if units else 0.0
        out.update(_bopis(conn, store_id, start, end, now))
        out.update(_people(conn, store_id, start, end))
        out["repeat_purchase_rate"] = _repeat_rate(conn, store_id, start, end)
        return {name: out[name] for name in FIELDS}


FIELDS = ("gross_sales_cents", "net_sales_cents", "orders", "units", "aov_cents", "upt", "returns_cents",
          "returns_units", "return_rate_value", "return_rate_units", "bopis_orders", "bopis_ready_within_sla",
          "bopis_median_minutes_to_ready", "bopis_pickup_rate", "bopis_overdue_now", "signups",
          "repeat_purchase_rate", "notes", "tasks_done", "outreach")
"""The KPI names, in the order of ``clienteling.domain.kpis.KpiSet``."""


def _sale_filter(store_id: str, start: str, end: str):  # type: ignore[no-untyped-def]
    o = _T["orders"]
    return or_(
        and_(o.c.fulfilment == "carry", o.c.store_id == store_id, o.c.status == "completed",
             o.c.placed_at >= start, o.c.placed_at < end),
        and_(o.c.fulfilment == "pickup", o.c.pickup_store_id == store_id, o.c.status == "collected",
             o.c.collected_at >= start, o.c.collected_at < end))


def _sales(conn: Connection, store_id: str, start: str, end: str) -> dict[str, int]:
    o = _T["orders"]
    row = conn.execute(select(func.coalesce(func.sum(o.c.total_cents), 0), func.count(),
                              func.coalesce(func.sum(o.c.item_count), 0))
                       .where(_sale_filter(store_id, start, end))).one()
    return {"gross_sales_cents": int(row[0]), "orders": int(row[1]), "units": int(row[2])}


def _returns(conn: Connection, store_id: str, start: str, end: str) -> dict[str, int]:
    r, rl = _T["returns"], _T["return_lines"]
    in_period = and_(r.c.store_id == store_id, r.c.created_at >= start, r.c.created_at < end)
    cents = conn.execute(select(func.coalesce(func.sum(r.c.refund_cents), 0)).where(in_period)).scalar_one()
    units = conn.execute(select(func.coalesce(func.sum(rl.c.qty), 0))
                         .select_from(rl.join(r, r.c.id == rl.c.return_id)).where(in_period)).scalar_one()
    return {"returns_cents": int(cents), "returns_units": int(units)}


def _bopis(conn: Connection, store_id: str, start: str, end: str, now: str) -> dict[str, Any]:
    o = _T["orders"]
    rules = load_policy(conn).pickups
    placed = and_(o.c.fulfilment == "pickup", o.c.pickup_store_id == store_id,
                  o.c.placed_at >= start, o.c.placed_at < end)
    count, collected, ended = conn.execute(select(
        func.count(), func.coalesce(func.sum(case((o.c.status == "collected", 1), else_=0)), 0),
        func.coalesce(func.sum(case((o.c.status.in_(("collected", "expired")), 1), else_=0)), 0),
    ).where(placed)).one()
    # Date arithmetic differs between SQLite and PostgreSQL text columns: the minutes are computed here.
    minutes = []
    for placed_at, ready_at in conn.execute(select(o.c.placed_at, o.c.ready_at)
                                            .where(placed, o.c.ready_at.is_not(None))):
        a, b = parse_time(placed_at), parse_time(ready_at)
        if a is not None and b is not None:
            minutes.append((b - a).total_seconds() / 60.0)
    within = sum(1 for m in minutes if m <= rules.ready_within_hours * 60)
    overdue = sum(1 for status, placed_at, ready_at in conn.execute(
        select(o.c.status, o.c.placed_at, o.c.ready_at).where(
            o.c.pickup_store_id == store_id, o.c.status.in_(("placed", "picking", "ready"))))
        if pickup_aging(rules, {"status": status, "placed_at": placed_at, "ready_at": ready_at}, now).overdue)
    return {"bopis_orders": int(count),
            "bopis_ready_within_sla": within / len(minutes) if minutes else 0.0,
            "bopis_median_minutes_to_ready": float(median(minutes)) if minutes else None,
            "bopis_pickup_rate": int(collected) / int(ended) if ended else None,
            "bopis_overdue_now": overdue}


def _count(conn: Connection, table: str, *where: Any) -> int:
    return int(conn.execute(select(func.count()).select_from(_T[table]).where(*where)).scalar_one())


def _people(conn: Connection, store_id: str, start: str, end: str) -> dict[str, int]:
    c, n, t = _T["customers"], _T["notes"], _T["tasks"]
    return {
        "signups": _count(conn, "customers", c.c.home_store_id == store_id, c.c.created_at >= start,
                          c.c.created_at < end),
        "notes": _count(conn, "notes", n.c.store_id == store_id, n.c.created_at >= start, n.c.created_at < end),
        "tasks_done": _count(conn, "tasks", t.c.store_id == store_id, t.c.kind == "follow_up",
                             t.c.status == "done", t.c.done_at >= start, t.c.done_at < end),
        "outreach": _count(conn, "tasks", t.c.store_id == store_id, t.c.kind == "outreach",
                           t.c.created_at >= start, t.c.created_at < end),
    }


def _repeat_rate(conn: Connection, store_id: str, start: str, end: str) -> float | None:
    o = _T["orders"]
    earlier = o.alias("earlier")
    buyers = select(o.c.customer_id.label("cid")).where(
        _sale_filter(store_id, start, end), o.c.customer_id.is_not(None)).distinct().subquery()
    had_before = exists().where(earlier.c.customer_id == buyers.c.cid,
                                func.coalesce(earlier.c.status, "") != "cancelled", earlier.c.placed_at < start)
    total, repeat = conn.execute(select(
        func.count(), func.coalesce(func.sum(case((had_before, 1), else_=0)), 0)).select_from(buyers)).one()
    return int(repeat) / int(total) if total else None
