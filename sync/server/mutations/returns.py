"""``return.create``: a return at the device's store, with a receipt (an order's lines) or without
(SKUs of a known customer), under the rules of ``sync.policy`` and the central policy row.

Locks: the order row (returns of one order queue, so returned quantities never exceed what was
bought), then the customer row (points, and the receipt-less allowance of one customer), then
the stock rows of the restocked SKUs in SKU order. A refusal of a counter fact
(``exceeds_purchased``, ``not_returnable``, ``manager_required``) records an incident.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt
from sqlalchemy import RowMapping, select

from sync import protocol
from sync.policy import (
    RETURNED_STATUSES,
    ReturnRules,
    condition_problem,
    line_verdict,
    parse_time,
    points_for,
    receiptless_allowance,
    receiptless_price,
)
from sync.scopes import stock_scope
from sync.server import clock
from sync.server.models import ENTITY_TABLES
from sync.server.mutations.base import Handler, IncidentFacts, MutationContext, Rejected, parse_args
from sync.server.mutations.incidents import write_incident
from sync.server.mutations.lookups import Override, is_manager_here, order_lines
from sync.server.mutations.pickups import touch_order
from sync.server.settings import load_policy
from sync.server.versions import dialect_insert


class ReturnLineArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")
    return_line_id: str = Field(min_length=1, max_length=80)
    line_id: str | None = Field(default=None, min_length=1, max_length=80)
    sku: str | None = Field(default=None, min_length=1, max_length=64)
    qty: StrictInt = Field(ge=1, le=1000)
    reason: Literal[protocol.RETURN_REASONS]  # type: ignore[valid-type]
    condition: Literal[protocol.RETURN_CONDITIONS]  # type: ignore[valid-type]
    disposition: Literal[protocol.RETURN_DISPOSITIONS]  # type: ignore[valid-type]


class ReturnArgs(BaseModel):
    """Arguments of ``return.create``."""

    model_config = ConfigDict(extra="forbid")
    return_id: str = Field(min_length=1, max_length=64)
    order_id: str | None = Field(default=None, min_length=1, max_length=64)
    customer_id: str | None = Field(default=None, min_length=1, max_length=64)
    lines: list[ReturnLineArgs] = Field(min_length=1, max_length=200)
    refund_method: Literal[protocol.REFUND_METHODS]  # type: ignore[valid-type]
    override: Override | None = None
    counter_refund_cents: StrictInt | None = Field(default=None, ge=0, le=100_000_000)


@dataclass
class Planned:
    """One return line as it will be written."""

    args: ReturnLineArgs
    sku: str
    refund_cents: int
    points: int


def money(cents: int) -> str:
    return f"${cents / 100:,.2f}"


def _name(product: RowMapping | None, sku: str) -> str:
    return (product["name"] if product is not None else None) or sku


def _invalid(message: str) -> Rejected:
    return Rejected(protocol.REJECT_INVALID_ARGUMENTS, message)


def _touch_request(ctx: MutationContext, raw: dict[str, Any]) -> None:
    """Report the client's rows (deleted when refused) and what they refer to."""
    ctx.touch("returns", raw.get("return_id"))
    if isinstance(raw.get("return_id"), str) and raw["return_id"]:
        ctx.touch("loyalty_ledger", f"{raw['return_id']}:reverse")
    for line in raw.get("lines") or ():
        if isinstance(line, dict):
            ctx.touch("return_lines", line.get("return_line_id"))
    ctx.touch("customers", raw.get("customer_id"))
    touch_order(ctx, raw.get("order_id"))


def _previous_returns(ctx: MutationContext, column: str, value: str) -> list[dict[str, Any]]:
    """Returns already recorded for an order (or customer), with their lines, for incident details."""
    returns, lines = ENTITY_TABLES["returns"], ENTITY_TABLES["return_lines"]
    out = []
    for r in ctx.conn.execute(select(returns).where(returns.c[column] == value)
                              .order_by(returns.c.created_at, returns.c.id)).mappings():
        ctx.touch("returns", r["id"], r["scope"])
        items = []
        for ln in ctx.conn.execute(select(lines).where(lines.c.return_id == r["id"]).order_by(lines.c.id)).mappings():
            ctx.touch("return_lines", ln["id"], ln["scope"])
            items.append({"order_line_id": ln["order_line_id"], "sku": ln["sku"], "qty": ln["qty"]})
        out.append({"id": r["id"], "created_at": r["created_at"], "store_id": r["store_id"],
                    "receipt": r["receipt"], "refund_cents": r["refund_cents"], "lines": items})
    return out


def _with_receipt(ctx: MutationContext, args: ReturnArgs, rules: ReturnRules, at: str):
    """(scope, customer id, customer row, planned lines, order line updates) of a return against an
    order. Nothing is written here: every row lock is taken before the first write."""
    assert args.order_id is not None
    order = ctx.get_visible("orders", args.order_id, "this order", lock=True)
    ctx.touch("customers", order["customer_id"], order["scope"])
    if args.customer_id and order["customer_id"] and args.customer_id != order["customer_id"]:
        raise _invalid("customer_id: this order belongs to another customer")
    rows = {ln["id"]: ln for ln in order_lines(ctx, order["id"])}  # under the order lock
    facts = {"order_status": order["status"],
             "lines": [{"line_id": ln["id"], "sku": ln["sku"], "qty": ln["qty"], "returned_qty": ln["returned_qty"],
                        "collected_qty": ln["collected_qty"]} for ln in rows.values()],
             "returns": _previous_returns(ctx, "order_id", order["id"])}

    def refuse(code: str, message: str) -> Rejected:
        return Rejected(code, message, IncidentFacts("return", order["id"], order["customer_id"], facts))

    per_line: dict[str, int] = defaultdict(int)
    for i, item in enumerate(args.lines):
        if item.line_id is None:
            raise _invalid(f"lines.{i}: a return with a receipt names the order line (line_id)")
        line = rows.get(item.line_id)
        if line is None:
            raise _invalid(f"lines.{i}: {item.line_id} is not a line of this order")
        if item.sku is not None and item.sku != line["sku"]:
            raise _invalid(f"lines.{i}: {item.sku} is not the product of line {item.line_id}")
        per_line[item.line_id] += item.qty
    products = {sku: ctx.get("products", sku) for sku in sorted({rows[i]["sku"] for i in per_line})}
    for line_id, qty in per_line.items():
        line = rows[line_id]
        product = products[line["sku"]]
        verdict = line_verdict(rules, order=dict(order), line=dict(line),
                               category=product["category"] if product is not None else None,
                               final_sale=bool(product["final_sale"]) if product is not None else False, now=at)
        name = _name(product, line["sku"])
        if verdict.returnable_qty <= 0:
            code = protocol.REJECT_EXCEEDS_PURCHASED if verdict.code == "fully_returned" else protocol.REJECT_NOT_RETURNABLE
            raise refuse(code, f"{name}: {verdict.message}")
        if qty > verdict.returnable_qty:
            raise refuse(protocol.REJECT_EXCEEDS_PURCHASED,
                         f"{name}: {qty} to return but only {verdict.returnable_qty} of {line['qty']} can come back "
                         f"({line['returned_qty'] or 0} returned already)")
    for item in args.lines:
        problem = condition_problem(rules, item.condition, item.reason)
        if problem is not None:
            raise refuse(protocol.REJECT_NOT_RETURNABLE, f"{_name(products[rows[item.line_id]['sku']], item.sku or '')}: "
                                                         f"{problem[1]}")
    earned = order["status"] in RETURNED_STATUSES and bool(order["customer_id"])
    planned = []
    for item in args.lines:
        line = rows[item.line_id]
        cents = item.qty * (line["price_cents"] or 0)
        planned.append(Planned(item, line["sku"], cents, points_for(cents) if earned else 0))
    customer = ctx.get("customers", order["customer_id"], lock=True) if order["customer_id"] else None
    updates = [{"id": line_id, "scope": rows[line_id]["scope"],
                "returned_qty": (rows[line_id]["returned_qty"] or 0) + qty} for line_id, qty in per_line.items()]
    return order["scope"], order["customer_id"], customer, planned, updates


def _recent_prices(ctx: MutationContext, sku: str, days: int, at: str) -> list[int]:
    """Unit prices the SKU sold at in orders placed within ``days`` before ``at``."""
    orders, lines = ENTITY_TABLES["orders"], ENTITY_TABLES["order_lines"]
    since = clock.iso((parse_time(at) or clock.now()) - timedelta(days=days))
    return [p for p in ctx.conn.execute(
        select(lines.c.price_cents).join(orders, orders.c.id == lines.c.order_id)
        .where(lines.c.sku == sku, orders.c.placed_at >= since)).scalars() if p is not None]


def _without_receipt(ctx: MutationContext, args: ReturnArgs, rules: ReturnRules, at: str):
    """As :func:`_with_receipt` for a receipt-less return; checks the customer's allowance and the
    manager's override."""
    if not args.customer_id:
        raise _invalid("customer_id: a return without a receipt needs the customer")
    customer = ctx.get_visible("customers", args.customer_id, "this customer", lock=True)
    past = _previous_returns(ctx, "customer_id", customer["id"])
    receiptless = [(r["created_at"], r["refund_cents"] or 0) for r in past if not r["receipt"]]
    allowance = receiptless_allowance(rules, receiptless, at)
    facts = {"receiptless_returns": [r for r in past if not r["receipt"]],
             "allowance": {"returns_left": allowance.returns_left, "cents_left": allowance.cents_left,
                           "period_days": allowance.period_days}}

    def refuse(code: str, message: str) -> Rejected:
        return Rejected(code, message, IncidentFacts("return", None, customer["id"], facts))

    planned = []
    for i, item in enumerate(args.lines):
        if item.line_id is not None:
            raise _invalid(f"lines.{i}: a return without a receipt names SKUs, not order lines")
        if item.sku is None:
            raise _invalid(f"lines.{i}: sku is required")
        product = ctx.get("products", item.sku)
        if product is None:
            raise Rejected(protocol.REJECT_NOT_FOUND, f"lines.{i}: product {item.sku} does not exist")
        if product["final_sale"]:
            raise refuse(protocol.REJECT_NOT_RETURNABLE, f"{_name(product, item.sku)}: final sale: not returnable")
        problem = condition_problem(rules, item.condition, item.reason)
        if problem is not None:
            raise refuse(protocol.REJECT_NOT_RETURNABLE, f"{_name(product, item.sku)}: {problem[1]}")
        unit = receiptless_price(product["price_cents"] or 0,
                                 _recent_prices(ctx, item.sku, rules.receiptless_price_days, at))
        planned.append(Planned(item, item.sku, item.qty * unit, 0))
    if args.refund_method not in rules.receiptless_refund_methods:
        raise refuse(protocol.REJECT_NOT_RETURNABLE,
                     "without a receipt the refund is given as "
                     + " or ".join(m.replace("_", " ") for m in rules.receiptless_refund_methods))
    # The money handed over counts against the allowance, if the counter gave more than this price.
    total = max(sum(p.refund_cents for p in planned), args.counter_refund_cents or 0)
    if not allowance.allows(total):
        override = args.override
        if override is None or not is_manager_here(ctx, override.manager_id, ctx.device.store_id):
            who = ("" if override is None else
                   f"{override.manager_id} is not an active manager of this store; ")
            raise refuse(protocol.REJECT_MANAGER_REQUIRED,
                         f"{who}a manager must approve this receipt-less return of {money(total)}: the customer "
                         f"has {allowance.returns_left} receipt-less return(s) and {money(allowance.cents_left)} "
                         f"left in {allowance.period_days} days")
    return customer["scope"], customer["id"], customer, planned, []


def return_create(ctx: MutationContext, raw: dict[str, Any]) -> str:
    """Record an accepted return: refund priced by the server, points reversed, stock restocked."""
    _touch_request(ctx, raw)
    args = parse_args(ReturnArgs, raw)
    ids = [item.return_line_id for item in args.lines]
    if len(set(ids)) != len(ids):
        raise _invalid("lines: a return_line_id is used twice")
    if ctx.get("returns", args.return_id) is not None or any(ctx.get("return_lines", i) is not None for i in ids):
        raise _invalid("return_id: a return with this id already exists")
    rules = load_policy(ctx.conn).returns
    at = ctx.event_time()
    receipt = args.order_id is not None
    plan = _with_receipt if receipt else _without_receipt
    scope, customer_id, customer, planned, line_updates = plan(ctx, args, rules, at)
    stock = _lock_stock(ctx, planned)
    priced = sum(p.refund_cents for p in planned)
    points = sum(p.points for p in planned)
    approved_by = None
    if args.override is not None and is_manager_here(ctx, args.override.manager_id, ctx.device.store_id):
        approved_by = args.override.manager_id
    store = ctx.device.store_id
    refund, above = priced, ""
    if args.counter_refund_cents is not None and args.counter_refund_cents > priced:
        # The money is already handed over: record it as given, and flag it for the manager.
        refund = args.counter_refund_cents
        above = _flag_refund_above_price(ctx, args, customer_id, planned, priced)
    ctx.upsert("returns", scope, {
        "id": args.return_id, "order_id": args.order_id, "customer_id": customer_id, "store_id": store,
        "associate_id": ctx.mutation.associate_id, "created_at": at, "receipt": receipt,
        "refund_method": args.refund_method, "refund_cents": refund, "points_reversed": points,
        "approved_by": approved_by, "status": "accepted",
    })
    for p in planned:
        ctx.upsert("return_lines", scope, {
            "id": p.args.return_line_id, "return_id": args.return_id, "order_line_id": p.args.line_id,
            "sku": p.sku, "qty": p.args.qty, "refund_cents": p.refund_cents, "reason": p.args.reason,
            "condition": p.args.condition, "disposition": p.args.disposition,
        })
    for update in line_updates:
        ctx.upsert("order_lines", update.pop("scope"), update)
    if points > 0 and customer is not None:
        ctx.upsert("loyalty_ledger", customer["scope"], {
            "id": f"{args.return_id}:reverse", "customer_id": customer["id"], "created_at": at, "kind": "reverse",
            "points": -points, "order_id": args.order_id, "store_id": store, "description": "Return",
        })
        ctx.upsert("customers", customer["scope"], {"id": customer["id"], "points": (customer["points"] or 0) - points})
    for sku, (row, qty) in stock.items():
        ctx.upsert("inventory", row["scope"], {"id": row["id"], "updated_at": ctx.now,
                                               "on_hand": (row["on_hand"] or 0) + qty})
    return f"refund {money(refund)} as {args.refund_method.replace('_', ' ')}; {points} point(s) reversed{above}"


def _flag_refund_above_price(ctx: MutationContext, args: ReturnArgs, customer_id: str | None,
                             planned: list[Planned], priced: int) -> str:
    """Record the ``refund_above_price`` incident of an accepted return; returns the words the
    result message adds."""
    assert args.counter_refund_cents is not None
    given = args.counter_refund_cents
    message = (f"the refund given at the counter ({money(given)}) is above the central service's price "
               f"({money(priced)}) by {money(given - priced)}; the return is recorded with the refund given")
    write_incident(ctx, protocol.INCIDENT_REFUND_ABOVE_PRICE, message, IncidentFacts("return", args.order_id, customer_id, {
        "refund_cents": priced, "receipt": args.order_id is not None,
        "lines": [{"return_line_id": p.args.return_line_id, "line_id": p.args.line_id, "sku": p.sku,
                   "qty": p.args.qty, "refund_cents": p.refund_cents} for p in planned],
    }))
    return f"; {money(given - priced)} above the central price: recorded for the manager"


def _lock_stock(ctx: MutationContext, planned: list[Planned]) -> dict[str, tuple[RowMapping, int]]:
    """SKU -> (this store's stock row, locked; units coming back) for the restocked lines, in SKU order.

    A SKU the store has no stock row for gets one first (0 on hand; ``ON CONFLICT DO NOTHING``), so
    there is always a row to lock: two returns restocking it at once queue instead of both
    inserting and the second overwriting the first one's units. The placeholder version is
    replaced by the real one when the return writes the row, in the same transaction."""
    back: dict[str, int] = defaultdict(int)
    for p in planned:
        if p.args.disposition == "restock":
            back[p.sku] += p.args.qty
    store = ctx.device.store_id
    inventory = ENTITY_TABLES["inventory"]
    locked = {}
    for sku in sorted(back):
        stock_id = f"{store}:{sku}"
        ctx.conn.execute(dialect_insert(ctx.conn, inventory).on_conflict_do_nothing(index_elements=["id"]), [{
            "id": stock_id, "location_id": store, "sku": sku, "on_hand": 0, "reserved": 0, "updated_at": ctx.now,
            "scope": stock_scope(store), "version": 0}])
        row = ctx.get("inventory", stock_id, lock=True)
        assert row is not None  # inserted above or already there (stock rows are never deleted)
        locked[sku] = (row, back[sku])
    return locked


HANDLERS: dict[str, Handler] = {protocol.RETURN_CREATE: return_create}
