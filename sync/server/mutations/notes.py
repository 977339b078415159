"""``note.add``: an associate's note on a customer, with the client's id."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from sync import protocol
from sync.server.mutations.base import MutationContext, Rejected, parse_args


class NoteAddArgs(BaseModel):
    """Arguments of ``note.add``."""

    model_config = ConfigDict(extra="forbid")
    note_id: str = Field(min_length=1, max_length=64)
    customer_id: str = Field(min_length=1, max_length=64)
    body: str = Field(min_length=1, max_length=2000)


def note_add(ctx: MutationContext, raw: dict[str, Any]) -> None:
    """Create the note in the customer's scope; store = the device's store."""
    ctx.touch("notes", raw.get("note_id"))
    args = parse_args(NoteAddArgs, raw)
    if not args.body.strip():
        raise Rejected(protocol.REJECT_INVALID_ARGUMENTS, "body: the note is empty")
    ctx.touch("customers", args.customer_id)
    # Locked: an erasure of this customer running now either sees this note or refuses it.
    customer = ctx.get_visible("customers", args.customer_id, "this customer", lock=True)
    if ctx.get("notes", args.note_id) is not None:
        raise Rejected(protocol.REJECT_INVALID_ARGUMENTS, "note_id: a note with this id already exists")
    ctx.upsert("notes", customer["scope"], {
        "id": args.note_id,
        "customer_id": args.customer_id,
        "associate_id": ctx.mutation.associate_id,
        "store_id": ctx.device.store_id,
        "created_at": ctx.event_time(),
        "body": args.body,
    })


HANDLERS = {protocol.NOTE_ADD: note_add}
