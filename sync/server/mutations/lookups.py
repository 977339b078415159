"""Reads that several handlers share: an order's lines and handovers, names of stores and associates."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import RowMapping, select

from sync.server.models import ENTITY_TABLES
from sync.server.mutations.base import MutationContext


def store_name(ctx: MutationContext, store_id: str | None) -> str:
    """The store's display name (its id when unnamed)."""
    if store_id and store_id == ctx.device.store_id and ctx.device.store_name:
        return ctx.device.store_name
    row = ctx.get("stores", store_id) if store_id else None
    return (row["name"] if row is not None else None) or store_id or "an unknown store"


def associate_name(ctx: MutationContext, associate_id: str | None) -> str:
    """"First Last" of an associate, or their id when unknown."""
    row = ctx.get("associates", associate_id) if associate_id else None
    if row is None:
        return associate_id or "an unknown associate"
    name = " ".join(p for p in (row["first_name"], row["last_name"]) if p)
    return name or associate_id or "an unknown associate"


def when_text(iso: str | None) -> str:
    """``2026-11-22T10:02:09Z`` -> ``2026-11-22 10:02 UTC`` for messages."""
    if not iso:
        return "an unknown time"
    return f"{iso[:10]} {iso[11:16]} UTC" if len(iso) >= 16 else iso


def order_lines(ctx: MutationContext, order_id: str) -> list[RowMapping]:
    """The order's lines in id order."""
    lines = ENTITY_TABLES["order_lines"]
    return list(ctx.conn.execute(select(lines).where(lines.c.order_id == order_id).order_by(lines.c.id)).mappings())


def order_handovers(ctx: MutationContext, order_id: str) -> list[RowMapping]:
    """The order's handovers, oldest first."""
    handovers = ENTITY_TABLES["handovers"]
    return list(ctx.conn.execute(select(handovers).where(handovers.c.order_id == order_id)
                                 .order_by(handovers.c.collected_at, handovers.c.id)).mappings())


class Override(BaseModel):
    """A manager's approval sent with a mutation (``override``): who approved, and why."""

    model_config = ConfigDict(extra="forbid")
    manager_id: str = Field(min_length=1, max_length=64)
    reason: str = Field(min_length=1, max_length=500)


def is_manager_here(ctx: MutationContext, associate_id: str | None, store_id: str) -> bool:
    """Whether ``associate_id`` is an active manager of ``store_id``."""
    row = ctx.get("associates", associate_id) if associate_id else None
    return row is not None and row["role"] == "manager" and row["store_id"] == store_id and bool(row["active"])


def plain(row: RowMapping | None, *columns: str) -> dict[str, Any] | None:
    """Selected columns of a row as a JSON-friendly dict (incident details)."""
    if row is None:
        return None
    return {c: row[c] for c in columns}
