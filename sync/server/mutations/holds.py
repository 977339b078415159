"""Stock mutations: ``hold.create`` (see sync.protocol) puts items aside for a customer.

The inventory row of (device's store, SKU) is locked before anything is read from it, so two
terminals holding the last units of a SKU at once queue on that lock: the second one sees the
first one's reservation and is refused. Stock is never oversold (``reserved <= on_hand``).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt
from sqlalchemy import Connection, select

from sync import protocol
from sync.scopes import location_scope, stock_scope
from sync.server import clock
from sync.server.models import ENTITY_TABLES
from sync.server.mutations.base import Handler, MutationContext, Rejected, parse_args
from sync.server.versions import upsert_rows

MAX_HOLD_QTY = 10
DEFAULT_HOLD = timedelta(days=2)
MAX_HOLD = timedelta(days=14)
"""A hold never reserves stock for longer than this, whatever the terminal asks."""


class HoldCreateArgs(BaseModel):
    """Arguments of ``hold.create``."""

    model_config = ConfigDict(extra="forbid")
    hold_id: str = Field(min_length=1, max_length=64)
    customer_id: str = Field(min_length=1, max_length=64)
    sku: str = Field(min_length=1, max_length=64)
    qty: StrictInt = Field(ge=1, le=MAX_HOLD_QTY)
    expires_at: str | None = Field(default=None, max_length=40)


def _expiry(sent: str | None) -> str:
    """The expiry as sent, capped to ``MAX_HOLD`` from now; a hold that already lapsed is refused."""
    now = clock.now()
    if not sent:
        return clock.iso(now + DEFAULT_HOLD)
    try:
        when = datetime.fromisoformat(sent.replace("Z", "+00:00"))
    except ValueError:
        raise Rejected(protocol.REJECT_INVALID_ARGUMENTS, "expires_at: not a time (ISO-8601)") from None
    if when.tzinfo is None:
        raise Rejected(protocol.REJECT_INVALID_ARGUMENTS, "expires_at: the time needs a time zone")
    if when <= now:
        raise Rejected(protocol.REJECT_INVALID_ARGUMENTS,
                       f"this hold expired ({clock.iso(when)}) before it reached the central service")
    return clock.iso(min(when, now + MAX_HOLD))


SWEEP_BATCH = 500


def release_lapsed(conn: Connection, now: str, location_id: str | None = None, sku: str | None = None,
                   limit: int = SWEEP_BATCH) -> int:
    """Expire active holds whose time is up and give their quantity back to ``reserved``
    (each hold and its stock row in the same transaction, versions bumped). Returns holds released.

    Every row is locked before the first write: the lapsed holds (``SKIP LOCKED``: a hold another
    transaction is releasing is its business; its stock row lock below waits for that one), then
    their stock rows in id order. The scope heads are locked only when the transaction stamps its
    versions at commit, so the sweep never waits for a row while it holds a scope head.
    """
    holds, inventory = ENTITY_TABLES["holds"], ENTITY_TABLES["inventory"]
    query = select(holds.c.id, holds.c.scope, holds.c.location_id, holds.c.sku, holds.c.qty).where(
        holds.c.status == "active", holds.c.expires_at <= now)
    if location_id is not None:
        query = query.where(holds.c.location_id == location_id, holds.c.sku == sku)
    lapsed = conn.execute(query.order_by(holds.c.id).limit(limit).with_for_update(skip_locked=True)).all()
    if not lapsed:
        return 0
    back: dict[str, int] = defaultdict(int)
    expired: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for hold in lapsed:
        back[f"{hold.location_id}:{hold.sku}"] += hold.qty or 0
        expired[hold.scope].append({"id": hold.id, "status": "expired"})
    stock = conn.execute(select(inventory.c.id, inventory.c.scope, inventory.c.reserved)
                         .where(inventory.c.id.in_(sorted(back))).order_by(inventory.c.id).with_for_update()).all()
    restored: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in stock:
        restored[row.scope].append({"id": row.id, "updated_at": now,
                                    "reserved": max((row.reserved or 0) - back[row.id], 0)})
    for scope in sorted(expired):
        upsert_rows(conn, "holds", scope, expired[scope])
    for scope in sorted(restored):
        upsert_rows(conn, "inventory", scope, restored[scope])
    return len(lapsed)


def hold_create(ctx: MutationContext, raw: dict[str, Any]) -> None:
    """Create an active hold at the device's store and reserve its quantity, or refuse."""
    store = ctx.device.store_id
    # Reported even when refused: a rejected hold comes back as a delete of the local row.
    ctx.touch("holds", raw.get("hold_id"), location_scope(store))
    args = parse_args(HoldCreateArgs, raw)
    inventory_id = f"{store}:{args.sku}"
    ctx.touch("inventory", inventory_id, stock_scope(store))
    ctx.get_visible("customers", args.customer_id, "this customer", lock=True)  # serialised with an erasure
    product = ctx.get("products", args.sku)
    if product is None:
        raise Rejected(protocol.REJECT_NOT_FOUND, f"product {args.sku} does not exist")
    if ctx.get("holds", args.hold_id) is not None:
        raise Rejected(protocol.REJECT_INVALID_ARGUMENTS, "hold_id: a hold with this id already exists")
    expires_at = _expiry(args.expires_at)
    # Lapsed holds of this SKU here give their units back first (the periodic sweep may not have
    # run yet), then the lock serialises holds of this SKU at this store.
    release_lapsed(ctx.conn, ctx.now, store, args.sku)
    stock = ctx.get("inventory", inventory_id, lock=True)
    if stock is not None:
        ctx.require_visible(stock, "this store's stock")
    on_hand = (stock["on_hand"] or 0) if stock is not None else 0
    reserved = (stock["reserved"] or 0) if stock is not None else 0
    available = max(on_hand - reserved, 0)
    if available < args.qty:
        name = product["name"] or args.sku
        raise Rejected(protocol.REJECT_INSUFFICIENT_STOCK,
                       f"only {available} of {name} available at {ctx.device.store_name or store} "
                       f"({on_hand} on hand, {reserved} reserved); {args.qty} requested")
    assert stock is not None  # available > 0 implies a row
    ctx.upsert("holds", location_scope(store), {
        "id": args.hold_id,
        "customer_id": args.customer_id,
        "sku": args.sku,
        "location_id": store,
        "qty": args.qty,
        "status": "active",
        "created_at": ctx.event_time(),
        "expires_at": expires_at,
        "associate_id": ctx.mutation.associate_id,
    })
    ctx.upsert("inventory", stock["scope"], {"id": inventory_id, "reserved": reserved + args.qty,
                                             "updated_at": ctx.now})


HANDLERS: dict[str, Handler] = {protocol.HOLD_CREATE: hold_create}
