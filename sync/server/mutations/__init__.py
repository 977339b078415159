"""Mutation handlers (the server's business rules), one module per handler group, and their registry."""

from __future__ import annotations

from sync.server.mutations import customers, holds, loyalty, notes, pickups, tasks
from sync.server.mutations.base import Handler, MutationContext, Rejected

REGISTRY: dict[str, Handler] = {**notes.HANDLERS, **customers.HANDLERS, **loyalty.HANDLERS, **pickups.HANDLERS,
                                **tasks.HANDLERS, **holds.HANDLERS}
"""Mutation name -> handler."""

__all__ = ["REGISTRY", "Handler", "MutationContext", "Rejected"]
