"""Mutation handlers (the server's business rules), one module per handler group, and their registry."""

from __future__ import annotations

from sync.server.mutations import collect, customers, holds, incidents, loyalty, notes, pickups, returns, tasks
from sync.server.mutations.base import Handler, MutationContext, Rejected

REGISTRY: dict[str, Handler] = {**notes.HANDLERS, **customers.HANDLERS, **loyalty.HANDLERS, **pickups.HANDLERS,
                                **collect.HANDLERS, **tasks.HANDLERS, **holds.HANDLERS, **returns.HANDLERS,
                                **incidents.HANDLERS}
"""Mutation name -> handler."""

__all__ = ["REGISTRY", "Handler", "MutationContext", "Rejected"]
