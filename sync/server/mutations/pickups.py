"""BOPIS orders at the pickup store before the handover: ``pickup.pick``, ``pickup.ready``,
``pickup.cancel`` (see sync.protocol), the ``customer_notifications`` they queue, and the expiry
of ready orders nobody collected. The handover itself is in ``collect.py``.

Every handler locks the order row first, so pick, ready, cancel and collect of one order queue.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt
from sqlalchemy import Connection, RowMapping, select

from sync import protocol
from sync.policy import expires_before
from sync.server.models import ENTITY_TABLES, customer_notifications
from sync.server.mutations.base import Handler, MutationContext, Rejected, parse_args
from sync.server.mutations.lookups import order_lines, store_name, when_text
from sync.server.settings import load_policy
from sync.server.versions import dialect_insert, upsert_rows

OPEN = ("placed", "picking", "ready")
ShortReason = Literal[protocol.SHORT_REASONS]  # type: ignore[valid-type]


class PickLine(BaseModel):
    model_config = ConfigDict(extra="forbid")
    line_id: str = Field(min_length=1, max_length=80)
    picked_qty: StrictInt = Field(ge=0, le=10_000)
    short_reason: ShortReason | None = None


class PickArgs(BaseModel):
    """Arguments of ``pickup.pick``."""

    model_config = ConfigDict(extra="forbid")
    order_id: str = Field(min_length=1, max_length=64)
    lines: list[PickLine] = Field(min_length=1, max_length=500)


class OrderArgs(BaseModel):
    """Arguments of ``pickup.ready``."""

    model_config = ConfigDict(extra="forbid")
    order_id: str = Field(min_length=1, max_length=64)


class CancelArgs(OrderArgs):
    """Arguments of ``pickup.cancel``."""

    reason: str = Field(min_length=1, max_length=200)


def pickup_order_here(ctx: MutationContext, order_id: str, doing: str) -> tuple[RowMapping, list[RowMapping]]:
    """The locked pickup order and its lines (read under the lock), refused ``not_collectable``
    unless it is a pickup of this store."""
    order = ctx.get_visible("orders", order_id, "this order", lock=True)
    if order["fulfilment"] != "pickup":
        raise Rejected(protocol.REJECT_NOT_COLLECTABLE, f"cannot {doing}: this is not a pickup order")
    if order["pickup_store_id"] != ctx.device.store_id:
        raise Rejected(protocol.REJECT_NOT_COLLECTABLE,
                       f"cannot {doing}: this order is to be collected at {store_name(ctx, order['pickup_store_id'])}")
    return order, order_lines(ctx, order_id)


def touch_order(ctx: MutationContext, order_id: Any) -> None:
    """Report the order and its lines in the result (also when the mutation is refused)."""
    ctx.touch("orders", order_id)
    if isinstance(order_id, str) and order_id:
        for line in order_lines(ctx, order_id):
            ctx.touch("order_lines", line["id"], line["scope"])


def _state_word(order: RowMapping) -> str:
    status = order["status"]
    if status in ("cancelled", "expired"):
        return f"it was {status} on {when_text(order['closed_at'])}"
    if status == "collected":
        return f"it was collected on {when_text(order['collected_at'])}"
    return f"it is {status}"


def pickup_pick(ctx: MutationContext, raw: dict[str, Any]) -> str:
    """Record picked quantities (short picks with a reason); placed | picking -> picking."""
    touch_order(ctx, raw.get("order_id"))
    args = parse_args(PickArgs, raw)
    order, rows = pickup_order_here(ctx, args.order_id, "pick")
    lines = {line["id"]: line for line in rows}
    if order["status"] not in ("placed", "picking"):
        raise Rejected(protocol.REJECT_NOT_COLLECTABLE, f"this order can no longer be picked: {_state_word(order)}")
    seen: set[str] = set()
    updates = []
    for i, pick in enumerate(args.lines):
        where = f"lines.{i}"
        line = lines.get(pick.line_id)
        if line is None:
            raise Rejected(protocol.REJECT_INVALID_ARGUMENTS, f"{where}: {pick.line_id} is not a line of this order")
        if pick.line_id in seen:
            raise Rejected(protocol.REJECT_INVALID_ARGUMENTS, f"{where}: {pick.line_id} is named twice")
        seen.add(pick.line_id)
        qty = line["qty"] or 0
        if pick.picked_qty > qty:
            raise Rejected(protocol.REJECT_INVALID_ARGUMENTS,
                           f"{where}: {pick.picked_qty} picked but the customer ordered {qty}")
        if pick.picked_qty < qty and pick.short_reason is None:
            raise Rejected(protocol.REJECT_INVALID_ARGUMENTS,
                           f"{where}: {pick.picked_qty} of {qty} picked: a short pick needs a short_reason "
                           f"({', '.join(protocol.SHORT_REASONS)})")
        updates.append({"id": pick.line_id, "picked_qty": pick.picked_qty,
                        "short_reason": pick.short_reason if pick.picked_qty < qty else None})
    for row in updates:
        ctx.upsert("order_lines", lines[row["id"]]["scope"], row)
    ctx.upsert("orders", order["scope"], {"id": order["id"], "status": "picking"})
    picked = sum(u["picked_qty"] for u in updates)
    return f"{picked} unit(s) picked on {len(updates)} line(s)"


def pickup_ready(ctx: MutationContext, raw: dict[str, Any]) -> str | None:
    """placed | picking -> ready once every line is picked in full or short with a reason; queues
    the customer's "ready for pickup" notification. Ready already: applied, nothing changes."""
    touch_order(ctx, raw.get("order_id"))
    args = parse_args(OrderArgs, raw)
    order, lines = pickup_order_here(ctx, args.order_id, "mark it ready")
    if order["status"] == "ready":
        return f"already ready since {when_text(order['ready_at'])}"
    if order["status"] not in ("placed", "picking"):
        raise Rejected(protocol.REJECT_NOT_COLLECTABLE, f"this order cannot be made ready: {_state_word(order)}")
    unpicked = [line["id"] for line in lines
                if (line["picked_qty"] or 0) < (line["qty"] or 0) and not line["short_reason"]]
    if unpicked:
        raise Rejected(protocol.REJECT_INVALID_ARGUMENTS,
                       f"{len(unpicked)} line(s) are not picked yet (pick them, or record why they are short): "
                       + ", ".join(unpicked[:5]))
    if sum(line["picked_qty"] or 0 for line in lines) <= 0:
        raise Rejected(protocol.REJECT_INVALID_ARGUMENTS,
                       "nothing was picked: cancel the order instead of making it ready")
    ctx.upsert("orders", order["scope"], {"id": order["id"], "status": "ready", "ready_at": ctx.now})
    notify(ctx.conn, order["customer_id"], order["id"], "pickup_ready", ctx.now)
    return None


def pickup_cancel(ctx: MutationContext, raw: dict[str, Any]) -> str | None:
    """placed | picking | ready -> cancelled while nothing is handed over. Cancelled already: applied."""
    touch_order(ctx, raw.get("order_id"))
    args = parse_args(CancelArgs, raw)
    order, lines = pickup_order_here(ctx, args.order_id, "cancel it")
    if order["status"] == "cancelled":
        return f"already cancelled on {when_text(order['closed_at'])}"
    if order["status"] not in OPEN:
        raise Rejected(protocol.REJECT_NOT_COLLECTABLE, f"this order cannot be cancelled: {_state_word(order)}")
    handed = sum(line["collected_qty"] or 0 for line in lines)
    if handed:
        raise Rejected(protocol.REJECT_NOT_COLLECTABLE,
                       f"this order cannot be cancelled: {handed} unit(s) were handed over already "
                       "(take them back as a return)")
    ctx.upsert("orders", order["scope"], {"id": order["id"], "status": "cancelled", "closed_at": ctx.now})
    return None


def notify(conn: Connection, customer_id: str | None, order_id: str, kind: str, now: str) -> None:
    """Queue a customer notification (once per order and kind)."""
    if not customer_id:
        return
    stmt = dialect_insert(conn, customer_notifications).on_conflict_do_nothing(index_elements=["id"])
    conn.execute(stmt, [{"id": f"{order_id}:{kind}", "customer_id": customer_id, "order_id": order_id,
                         "kind": kind, "created_at": now}])


EXPIRE_BATCH = 500


def expire_uncollected(conn: Connection, now: str, limit: int = EXPIRE_BATCH) -> int:
    """Close ready pickups not collected within the policy's days (closed_at = now); returns how many.

    Nothing handed over: ``expired``, and a ``pickup_expired`` notification is queued. Partly
    handed over: ``collected`` (the customer has goods; the units never collected stay so, and
    ``collected_*`` keep describing the last handover); no notification.

    Every due order is locked first (``SKIP LOCKED``: one a terminal is working on waits for the
    next sweep), and only then written: the sweep never waits for an order row while it holds a
    scope head a live mutation may be waiting for.
    """
    orders, lines, stores = ENTITY_TABLES["orders"], ENTITY_TABLES["order_lines"], ENTITY_TABLES["stores"]
    cutoff = expires_before(load_policy(conn).pickups, now)
    # Per pickup store, so the (pickup_store_id, status) index finds the ready orders.
    store_ids = list(conn.execute(select(stores.c.id).where(stores.c.kind == "store")).scalars())
    due = conn.execute(
        select(orders.c.id, orders.c.scope, orders.c.customer_id).where(
            orders.c.pickup_store_id.in_(store_ids), orders.c.status == "ready", orders.c.fulfilment == "pickup",
            orders.c.ready_at < cutoff).order_by(orders.c.id).limit(limit).with_for_update(skip_locked=True)).all()
    if not due:
        return 0
    # Read under the order locks (handovers and returns lock the order before its lines).
    handed = set(conn.execute(select(lines.c.order_id).where(
        lines.c.order_id.in_([o.id for o in due]), lines.c.collected_qty > 0).distinct()).scalars())
    by_scope: dict[str, list[dict[str, Any]]] = {}
    for order in due:
        status = "collected" if order.id in handed else "expired"
        by_scope.setdefault(order.scope, []).append({"id": order.id, "status": status, "closed_at": now})
    for scope in sorted(by_scope):
        upsert_rows(conn, "orders", scope, by_scope[scope])
    for order in due:
        if order.id not in handed:
            notify(conn, order.customer_id, order.id, "pickup_expired", now)
    return len(due)


HANDLERS: dict[str, Handler] = {protocol.PICKUP_PICK: pickup_pick, protocol.PICKUP_READY: pickup_ready,
                                protocol.PICKUP_CANCEL: pickup_cancel}
