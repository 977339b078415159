"""Stock mutations: ``hold.create`` (see sync.protocol)."""

from __future__ import annotations

from sync.server.mutations.base import Handler

HANDLERS: dict[str, Handler] = {}
