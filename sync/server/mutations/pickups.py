"""``pickup.collect``: hand over a ready BOPIS order at its pickup store, exactly once."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from sync import protocol
from sync.server.models import ENTITY_TABLES
from sync.server.mutations.base import MutationContext, Rejected, parse_args


class Verification(BaseModel):
    """How the associate verified the collector."""

    # Extra fields (ID type, last digits, who collected) are recorded as sent.
    model_config = ConfigDict(extra="allow")
    method: Literal["pickup_code", "id_document"]  # protocol.VERIFY_METHODS
    code: str | None = Field(default=None, max_length=64)


class CollectArgs(BaseModel):
    """Arguments of ``pickup.collect``."""

    model_config = ConfigDict(extra="forbid")
    order_id: str = Field(min_length=1, max_length=64)
    line_ids: list[str] | None = Field(default=None, max_length=500)
    verification: Verification


def _store_name(ctx: MutationContext, store_id: str | None) -> str:
    row = ctx.get("stores", store_id) if store_id else None
    return (row["name"] if row is not None else None) or store_id or "an unknown store"


def pickup_collect(ctx: MutationContext, raw: dict[str, Any]) -> None:
    """ready -> collected (server time, associate, this store); anything else is refused."""
    ctx.touch("orders", raw.get("order_id"))
    args = parse_args(CollectArgs, raw)
    # The order row lock makes concurrent collections of one order queue: exactly one wins.
    order = ctx.get_visible("orders", args.order_id, "this order", lock=True)
    status = order["status"]
    if status == "collected":
        raise Rejected(protocol.REJECT_ALREADY_COLLECTED,
                       f"already collected on {order['collected_at'] or 'an unknown date'} "
                       f"at {_store_name(ctx, order['collected_at_store_id'])}")
    if order["fulfilment"] != "pickup":
        raise Rejected(protocol.REJECT_NOT_COLLECTABLE, "this is not a pickup order")
    if order["pickup_store_id"] != ctx.device.store_id:
        raise Rejected(protocol.REJECT_NOT_COLLECTABLE,
                       f"this order is to be collected at {_store_name(ctx, order['pickup_store_id'])}")
    if status in ("cancelled", "expired"):
        raise Rejected(protocol.REJECT_NOT_COLLECTABLE,
                       f"this order was {status} on {order['closed_at'] or 'an unknown date'}")
    if status != "ready":
        raise Rejected(protocol.REJECT_NOT_COLLECTABLE, f"this order is not ready for pickup yet (status {status})")
    code = args.verification.code
    if args.verification.method == protocol.VERIFY_PICKUP_CODE \
            and (not order["pickup_code"] or (code or "").strip().upper() != order["pickup_code"].upper()):
        raise Rejected(protocol.REJECT_INVALID_ARGUMENTS, "the pickup code does not match this order")
    if args.line_ids:
        lines = ENTITY_TABLES["order_lines"]
        known = set(ctx.conn.execute(select(lines.c.id).where(lines.c.order_id == args.order_id)).scalars())
        unknown = sorted(set(args.line_ids) - known)
        if unknown:
            raise Rejected(protocol.REJECT_INVALID_ARGUMENTS, f"line_ids: not lines of this order: {unknown[:5]}")
    ctx.upsert("orders", order["scope"], {
        "id": args.order_id,
        "status": "collected",
        "collected_at": ctx.now,
        "collected_by_associate_id": ctx.mutation.associate_id,
        "collected_at_store_id": ctx.device.store_id,
    })


HANDLERS = {protocol.PICKUP_COLLECT: pickup_collect}
