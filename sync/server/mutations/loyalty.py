"""``loyalty.redeem``: spend points; the ledger is append-only and the balance never goes below 0."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt

from sync import protocol
from sync.server.mutations.base import MutationContext, Rejected, parse_args
from sync.server.mutations.lookups import Override, is_manager_here


class RedeemArgs(BaseModel):
    """Arguments of ``loyalty.redeem``; points must be a positive JSON integer."""

    model_config = ConfigDict(extra="forbid")
    ledger_id: str = Field(min_length=1, max_length=64)
    customer_id: str = Field(min_length=1, max_length=64)
    points: StrictInt = Field(gt=0, le=10_000_000)
    description: str = Field(default="", max_length=200)
    override: Override | None = None  # a manager approved going over the terminal's offline cap


def loyalty_redeem(ctx: MutationContext, raw: dict[str, Any]) -> None:
    """Append a ``redeem`` ledger row (negative points, client's id) and lower the balance."""
    ctx.touch("loyalty_ledger", raw.get("ledger_id"))
    ctx.touch("customers", raw.get("customer_id"))
    args = parse_args(RedeemArgs, raw)
    # The customer row lock serialises redemptions of one customer: the balance check holds.
    customer = ctx.get_visible("customers", args.customer_id, "this customer", lock=True)
    if ctx.get("loyalty_ledger", args.ledger_id) is not None:
        raise Rejected(protocol.REJECT_INVALID_ARGUMENTS, "ledger_id: this id is already in the ledger")
    if args.override is not None and not is_manager_here(ctx, args.override.manager_id, ctx.device.store_id):
        raise Rejected(protocol.REJECT_MANAGER_REQUIRED, "only an active manager of this store can approve "
                                                         "a redemption over the offline limit")
    balance = customer["points"] or 0
    if balance < args.points:
        raise Rejected(protocol.REJECT_INSUFFICIENT_POINTS,
                       f"only {balance} points available, {args.points} requested")
    ctx.upsert("loyalty_ledger", customer["scope"], {
        "id": args.ledger_id,
        "customer_id": args.customer_id,
        "created_at": ctx.event_time(),
        "kind": "redeem",
        "points": -args.points,
        "order_id": None,
        "store_id": ctx.device.store_id,
        "description": args.description,
    })
    ctx.upsert("customers", customer["scope"], {"id": args.customer_id, "points": balance - args.points})


HANDLERS = {protocol.LOYALTY_REDEEM: loyalty_redeem}
