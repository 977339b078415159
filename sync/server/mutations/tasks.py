"""Client-book mutations: ``task.add``, ``task.complete``, ``outreach.log`` (see sync.protocol)."""

from __future__ import annotations

from sync.server.mutations.base import Handler

HANDLERS: dict[str, Handler] = {}
