"""``pickup.collect``: a BOPIS handover at the pickup store, in full or in part, exactly once per unit.

The order row lock makes concurrent handovers of one order queue; the second one finds the units
gone and is refused ``already_collected`` with who handed them over, where and when. Such a
refusal (and ``not_collectable``) is a fact from the counter the server cannot accept, so it is
also recorded as an incident for the store's manager (see ``incidents.py``).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt
from sqlalchemy import RowMapping

from sync import protocol
from sync.server.mutations.base import Handler, IncidentFacts, MutationContext, Rejected, parse_args
from sync.server.mutations.lookups import associate_name, order_handovers, order_lines, store_name, when_text
from sync.server.mutations.pickups import touch_order


class Verification(BaseModel):
    """How the associate verified the collector (other fields are recorded as sent)."""

    model_config = ConfigDict(extra="allow")
    method: Literal[protocol.VERIFY_METHODS]  # type: ignore[valid-type]
    code: str | None = Field(default=None, max_length=64)
    id_type: str | None = Field(default=None, max_length=40)
    id_last4: str | None = Field(default=None, max_length=8)


class CollectLine(BaseModel):
    model_config = ConfigDict(extra="forbid")
    line_id: str = Field(min_length=1, max_length=80)
    qty: StrictInt = Field(ge=1, le=10_000)


class CollectArgs(BaseModel):
    """Arguments of ``pickup.collect``. ``handover_id`` defaults to the mutation id and
    ``line_ids`` (every remaining unit of those lines) is the older form of ``lines``."""

    model_config = ConfigDict(extra="forbid")
    handover_id: str | None = Field(default=None, min_length=1, max_length=64)
    order_id: str = Field(min_length=1, max_length=64)
    lines: list[CollectLine] | None = Field(default=None, min_length=1, max_length=500)
    line_ids: list[str] | None = Field(default=None, max_length=500)
    verification: Verification
    collector_name: str | None = Field(default=None, max_length=120)


def _check_id_document(v: Verification) -> None:
    """An ID checked at the counter names its type and the last 4 letters or digits of its number."""
    if not (v.id_type or "").strip():
        raise Rejected(protocol.REJECT_INVALID_ARGUMENTS,
                       "verification.id_type: say which photo ID was checked (e.g. passport)")
    last4 = v.id_last4 or ""
    if len(last4) != 4 or not (last4.isascii() and last4.isalnum()):
        raise Rejected(protocol.REJECT_INVALID_ARGUMENTS,
                       "verification.id_last4: the last 4 letters or digits of the ID number are required")


def _handover_facts(ctx: MutationContext, h: RowMapping) -> dict[str, Any]:
    return {"id": h["id"], "collected_at": h["collected_at"], "associate_id": h["associate_id"],
            "associate_name": associate_name(ctx, h["associate_id"]), "store_id": h["store_id"],
            "store_name": store_name(ctx, h["store_id"]), "method": h["method"],
            "collector_name": h["collector_name"], "lines": h["lines"]}


def _server_facts(ctx: MutationContext, order: RowMapping, lines: list[RowMapping],
                  handovers: list[RowMapping]) -> IncidentFacts:
    return IncidentFacts("pickup", order["id"], order["customer_id"], {
        "order_status": order["status"],
        "pickup_store_id": order["pickup_store_id"],
        "collected_at": order["collected_at"],
        "closed_at": order["closed_at"],
        "lines": [{"line_id": ln["id"], "sku": ln["sku"], "qty": ln["qty"], "picked_qty": ln["picked_qty"],
                   "collected_qty": ln["collected_qty"]} for ln in lines],
        "handovers": [_handover_facts(ctx, h) for h in handovers],
    })


def _who_where_when(ctx: MutationContext, order: RowMapping, handover: RowMapping | None) -> str:
    """"on <when> by <associate> at <store>" of a handover (or of the order's last collection)."""
    if handover is not None:
        at, by, where = handover["collected_at"], handover["associate_id"], handover["store_id"]
    else:  # collected before handovers were recorded
        at, by, where = order["collected_at"], order["collected_by_associate_id"], order["collected_at_store_id"]
    return f"on {when_text(at)} by {associate_name(ctx, by)} at {store_name(ctx, where)}"


def _last_handover_of(handovers: list[RowMapping], line_id: str | None = None) -> RowMapping | None:
    for h in reversed(handovers):
        if line_id is None or any(item.get("line_id") == line_id for item in h["lines"] or ()):
            return h
    return None


def _picked(line: RowMapping) -> int:
    """Units put aside; a ready order's line without a recorded pick was picked in full."""
    return line["picked_qty"] if line["picked_qty"] is not None else (line["qty"] or 0)


def _left(line: RowMapping) -> int:
    """Picked units of a line not handed over yet."""
    return _picked(line) - (line["collected_qty"] or 0)


def _wanted(args: CollectArgs, lines: dict[str, RowMapping]) -> dict[str, int | None]:
    """line id -> units asked for (None: every remaining unit). Without ``lines`` only lines with
    units left count; if none has any, all the named (or picked) lines stay so the refusal says why."""
    if args.lines:
        wanted: dict[str, int | None] = {}
        for i, item in enumerate(args.lines):
            if item.line_id in wanted:
                raise Rejected(protocol.REJECT_INVALID_ARGUMENTS, f"lines.{i}: {item.line_id} is named twice")
            wanted[item.line_id] = item.qty
    elif args.line_ids:
        wanted = dict.fromkeys(args.line_ids)
    else:
        wanted = {line_id: None for line_id, ln in lines.items() if _picked(ln) > 0}
    unknown = sorted(set(wanted) - set(lines))
    if unknown:
        raise Rejected(protocol.REJECT_INVALID_ARGUMENTS, f"lines: not lines of this order: {unknown[:5]}")
    if not args.lines:
        remaining = {line_id: qty for line_id, qty in wanted.items() if _left(lines[line_id]) > 0}
        return remaining or wanted
    return wanted


def pickup_collect(ctx: MutationContext, raw: dict[str, Any]) -> str | None:
    """Hand over picked units of a ready order; the order becomes collected when every picked unit is."""
    order_id = raw.get("order_id")
    touch_order(ctx, order_id)
    ctx.touch("handovers", raw.get("handover_id") or ctx.mutation.id)
    args = parse_args(CollectArgs, raw)
    handover_id = args.handover_id or ctx.mutation.id
    order = ctx.get_visible("orders", args.order_id, "this order", lock=True)
    # Read under the order lock: a handover that just committed elsewhere is seen.
    rows = order_lines(ctx, args.order_id)
    handovers = order_handovers(ctx, args.order_id)
    for h in handovers:
        ctx.touch("handovers", h["id"], h["scope"])

    def refuse(code: str, message: str) -> Rejected:
        return Rejected(code, message, _server_facts(ctx, order, rows, handovers))

    status = order["status"]
    if order["fulfilment"] != "pickup":
        raise refuse(protocol.REJECT_NOT_COLLECTABLE, "this is not a pickup order")
    if order["pickup_store_id"] != ctx.device.store_id:
        raise refuse(protocol.REJECT_NOT_COLLECTABLE,
                     f"this order is to be collected at {store_name(ctx, order['pickup_store_id'])}")
    if status == "collected":
        raise refuse(protocol.REJECT_ALREADY_COLLECTED,
                     f"this order was already handed over {_who_where_when(ctx, order, _last_handover_of(handovers))}")
    if status in ("cancelled", "expired"):
        raise refuse(protocol.REJECT_NOT_COLLECTABLE, f"this order was {status} on {when_text(order['closed_at'])}")
    if status != "ready":
        raise refuse(protocol.REJECT_NOT_COLLECTABLE, f"this order is not ready for pickup yet (status {status})")
    if ctx.get("handovers", handover_id) is not None:
        raise Rejected(protocol.REJECT_INVALID_ARGUMENTS, "handover_id: a handover with this id already exists")
    verification = args.verification
    if verification.method == protocol.VERIFY_PICKUP_CODE and (
            not order["pickup_code"] or (verification.code or "").strip().upper() != order["pickup_code"].upper()):
        raise Rejected(protocol.REJECT_INVALID_ARGUMENTS, "the pickup code does not match this order")
    if verification.method == protocol.VERIFY_ID_DOCUMENT:
        _check_id_document(verification)
    lines = {ln["id"]: ln for ln in rows}
    take: dict[str, int] = {}
    for line_id, qty in _wanted(args, lines).items():
        line = lines[line_id]
        picked, collected, left = _picked(line), line["collected_qty"] or 0, _left(line)
        want = left if qty is None else qty
        if want > left or left <= 0:
            earlier = _last_handover_of(handovers, line_id)
            if earlier is not None or collected > 0:
                raise refuse(protocol.REJECT_ALREADY_COLLECTED,
                             f"{collected} of the {picked} picked unit(s) of line {line_id} were already handed "
                             f"over {_who_where_when(ctx, order, earlier)}; {max(left, 0)} left to hand over")
            raise Rejected(protocol.REJECT_INVALID_ARGUMENTS,
                           f"line {line_id}: {want} unit(s) asked for but only {picked} were picked")
        take[line_id] = want
    at = ctx.event_time()
    details = {k: v for k, v in verification.model_dump(exclude_none=True).items() if k not in ("method", "code")}
    if verification.method == protocol.VERIFY_PICKUP_CODE:
        details["code_checked"] = True
    ctx.upsert("handovers", order["scope"], {
        "id": handover_id, "order_id": order["id"], "customer_id": order["customer_id"],
        "store_id": ctx.device.store_id, "associate_id": ctx.mutation.associate_id, "collected_at": at,
        "method": verification.method, "collector_name": args.collector_name,
        "lines": [{"line_id": line_id, "qty": qty} for line_id, qty in take.items()], "details": details,
    })
    for line_id, qty in take.items():
        ctx.upsert("order_lines", lines[line_id]["scope"],
                   {"id": line_id, "collected_qty": (lines[line_id]["collected_qty"] or 0) + qty})
    still = sum(max(_picked(ln) - (ln["collected_qty"] or 0) - take.get(ln["id"], 0), 0) for ln in rows)
    ctx.upsert("orders", order["scope"], {
        "id": order["id"], "status": "ready" if still else "collected", "collected_at": at,
        "collected_by_associate_id": ctx.mutation.associate_id, "collected_at_store_id": ctx.device.store_id,
    })
    if still:
        return f"{sum(take.values())} unit(s) handed over; {still} still to collect"
    return None


HANDLERS: dict[str, Handler] = {protocol.PICKUP_COLLECT: pickup_collect}
