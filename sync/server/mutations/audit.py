"""The audit trail: one ``audit`` row per mutation a device sent (who did what when, ids only), and
the check that the acting associate belongs to the device's store.

The row is written in the transaction that applies the mutation (or records its refusal), so an
effect never exists without its audit row; its id is the mutation id, so a replayed mutation
cannot add a second one. The audit row goes to ``location:<store>``; like every replicated row it
gets its version when the transaction stamps, with the other heads, in sorted order
(``versions``).
"""

from __future__ import annotations

from typing import Any

from sync import protocol
from sync.entities import ENTITIES
from sync.scopes import location_scope
from sync.server.mutations.base import MutationContext, Rejected
from sync.server.versions import insert_new_rows

TARGETS: dict[str, tuple[str, str]] = {
    protocol.NOTE_ADD: ("notes", "note_id"),
    protocol.CUSTOMER_UPDATE: ("customers", "customer_id"),
    protocol.CUSTOMER_CREATE: ("customers", "customer_id"),
    protocol.LOYALTY_REDEEM: ("loyalty_ledger", "ledger_id"),
    protocol.PICKUP_PICK: ("orders", "order_id"),
    protocol.PICKUP_READY: ("orders", "order_id"),
    protocol.PICKUP_CANCEL: ("orders", "order_id"),
    protocol.PICKUP_COLLECT: ("orders", "order_id"),
    protocol.TASK_ADD: ("tasks", "task_id"),
    protocol.TASK_COMPLETE: ("tasks", "task_id"),
    protocol.OUTREACH_LOG: ("tasks", "task_id"),
    protocol.HOLD_CREATE: ("holds", "hold_id"),
    protocol.RETURN_CREATE: ("returns", "return_id"),
    protocol.INCIDENT_RESOLVE: ("incidents", "incident_id"),
}
"""Mutation name -> (entity, argument) of the main row it acts on: the audit row's ``target``."""

MAX_ID = 64
"""Longest id copied from a mutation's arguments (ids are at most 64 characters on the wire)."""


def unknown_associate(ctx: MutationContext) -> Rejected | None:
    """The refusal of a mutation whose ``associate_id`` is nobody on the staff (None: no associate
    named, or a known one). Staff of another store are accepted: terminals sign in only their own
    store's staff, and one moved to another store while a terminal was offline still did what
    that terminal recorded (a handover refused now would undo goods already handed over)."""
    associate_id = ctx.mutation.associate_id
    if not associate_id or ctx.get("associates", associate_id) is not None:
        return None
    return Rejected(protocol.REJECT_UNKNOWN_ASSOCIATE,
                    f"associate {associate_id} is not on the staff: sign in as an associate of this store "
                    "and make the change again")


def _an_id(value: Any) -> str | None:
    return value if isinstance(value, str) and 0 < len(value) <= MAX_ID else None


def target_of(ctx: MutationContext) -> tuple[str | None, str | None]:
    """(target id, customer id) of the mutation: the main row from its arguments, the customer from
    that row when the server has it (else from the arguments). Ids only, never other arguments."""
    m = ctx.mutation
    entity, arg = TARGETS.get(m.name, (None, None))
    args = m.args if isinstance(m.args, dict) else {}
    target = _an_id(args.get(arg)) if arg else None
    customer = _an_id(args.get("customer_id"))
    if entity == "customers":
        return target, target
    if target is not None and entity is not None and "customer_id" in ENTITIES[entity].column_names:
        row = ctx.get(entity, target)
        if row is not None and row["customer_id"]:
            customer = row["customer_id"]
    if customer and ctx.get("erasures", customer) is not None:  # an erased customer is not named
        return (None if target == customer else target), None
    return target, customer


def write_audit(ctx: MutationContext, result: dict[str, Any]) -> None:
    """Insert the audit row of this mutation and its outcome (``applied_at`` is the server's time;
    the id is the mutation's, which ``apply_one`` has just checked unused)."""
    m = ctx.mutation
    target, customer = target_of(ctx)
    insert_new_rows(ctx.conn, "audit", location_scope(ctx.device.store_id), [{
        "id": m.id, "store_id": ctx.device.store_id, "device_id": ctx.device.id,
        "associate_id": m.associate_id, "action": m.name, "target": target, "customer_id": customer,
        "local_time": m.local_time, "applied_at": ctx.now, "status": result["status"], "code": result["code"],
    }])
