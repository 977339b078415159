"""Incidents: counter facts the server refused (an offline handover of an order collected
elsewhere, a return beyond what was bought), recorded for the store's manager; and
``incident.resolve``, the manager closing one.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from sync import protocol
from sync.scopes import location_scope
from sync.server.mutations.base import Handler, IncidentFacts, MutationContext, Rejected, parse_args
from sync.server.mutations.lookups import associate_name, is_manager_here, when_text
from sync.server.versions import upsert_rows


def record_incident(ctx: MutationContext, rejected: Rejected) -> None:
    """Write the incident of a refusal and report it in the result. Called after the handler's
    savepoint was rolled back."""
    if rejected.incident is not None:
        write_incident(ctx, rejected.code, rejected.message, rejected.incident)


def write_incident(ctx: MutationContext, code: str, message: str, facts: IncidentFacts) -> None:
    """Write an open incident about this mutation (id = the mutation id, scope of the device's
    store) with both sides' facts, and report it in the result."""
    m = ctx.mutation
    store = ctx.device.store_id
    scope = location_scope(store)
    terminal: dict[str, Any] = {**m.args, "local_time": m.local_time, "associate_id": m.associate_id}
    upsert_rows(ctx.conn, "incidents", scope, [{
        "id": m.id, "store_id": store, "kind": facts.kind, "order_id": facts.order_id,
        "customer_id": facts.customer_id, "associate_id": m.associate_id, "device_id": ctx.device.id,
        "created_at": ctx.now, "local_time": m.local_time, "mutation_id": m.id, "code": code,
        "message": message, "details": {"terminal": terminal, "server": facts.server},
        "status": "open", "resolved_by": None, "resolved_at": None, "resolution": None,
    }])
    ctx.touch("incidents", m.id, scope)


class ResolveArgs(BaseModel):
    """Arguments of ``incident.resolve``."""

    model_config = ConfigDict(extra="forbid")
    incident_id: str = Field(min_length=1, max_length=64)
    resolution: str = Field(min_length=1, max_length=1000)


def incident_resolve(ctx: MutationContext, raw: dict[str, Any]) -> str | None:
    """open -> resolved, by an active manager of the incident's store. Resolved already: applied, unchanged."""
    ctx.touch("incidents", raw.get("incident_id"), location_scope(ctx.device.store_id))
    args = parse_args(ResolveArgs, raw)
    if not args.resolution.strip():
        raise Rejected(protocol.REJECT_INVALID_ARGUMENTS, "resolution: say how the incident was resolved")
    incident = ctx.get_visible("incidents", args.incident_id, "this incident", lock=True)
    if not is_manager_here(ctx, ctx.mutation.associate_id, incident["store_id"]):
        raise Rejected(protocol.REJECT_FORBIDDEN, "only a manager of this store can resolve an incident")
    if incident["status"] == "resolved":
        return (f"already resolved by {associate_name(ctx, incident['resolved_by'])} "
                f"on {when_text(incident['resolved_at'])}")
    ctx.upsert("incidents", incident["scope"], {
        "id": incident["id"], "status": "resolved", "resolved_by": ctx.mutation.associate_id,
        "resolved_at": ctx.now, "resolution": args.resolution.strip(),
    })
    return None


HANDLERS: dict[str, Handler] = {protocol.INCIDENT_RESOLVE: incident_resolve}
