"""Client-book mutations: ``task.add``, ``task.complete``, ``outreach.log`` (see sync.protocol).

Tasks live in the customer's scope, so every terminal of the region sees a customer's follow-ups
and the contacts made with them.
"""

from __future__ import annotations

from typing import Any, Literal

import orjson
from pydantic import BaseModel, ConfigDict, Field, field_validator

from sync import protocol
from sync.server.mutations.base import Handler, MutationContext, Rejected, parse_args


class TaskAddArgs(BaseModel):
    """Arguments of ``task.add``."""

    model_config = ConfigDict(extra="forbid")
    task_id: str = Field(min_length=1, max_length=64)
    customer_id: str = Field(min_length=1, max_length=64)
    title: str = Field(min_length=1, max_length=200)
    due_on: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")

    @field_validator("title")
    @classmethod
    def _title(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("the follow-up is empty")
        return v.strip()


class TaskCompleteArgs(BaseModel):
    """Arguments of ``task.complete``."""

    model_config = ConfigDict(extra="forbid")
    task_id: str = Field(min_length=1, max_length=64)


class OutreachArgs(BaseModel):
    """Arguments of ``outreach.log``."""

    model_config = ConfigDict(extra="forbid")
    task_id: str = Field(min_length=1, max_length=64)
    customer_id: str = Field(min_length=1, max_length=64)
    channel: Literal["email", "sms", "phone"]
    body: str = Field(min_length=1, max_length=500)


_CHANNEL_NAMES = {"email": "email", "sms": "text message", "phone": "phone"}


def _opted_in(consent: Any, channel: str) -> bool:
    # JSON columns come back as dicts from both databases; tolerate a stored string anyway.
    if isinstance(consent, (str, bytes)):
        try:
            consent = orjson.loads(consent)
        except orjson.JSONDecodeError:
            return False
    entry = consent.get(channel) if isinstance(consent, dict) else None
    return isinstance(entry, dict) and entry.get("opt_in") is True


def _new_task_id(ctx: MutationContext, task_id: str) -> None:
    if ctx.get("tasks", task_id) is not None:
        raise Rejected(protocol.REJECT_INVALID_ARGUMENTS, "task_id: a task with this id already exists")


def task_add(ctx: MutationContext, raw: dict[str, Any]) -> None:
    """An open follow-up on a customer, owned by the mutation's associate at this store."""
    ctx.touch("tasks", raw.get("task_id"))
    args = parse_args(TaskAddArgs, raw)
    ctx.touch("customers", args.customer_id)
    customer = ctx.get_visible("customers", args.customer_id, "this customer", lock=True)
    _new_task_id(ctx, args.task_id)
    ctx.upsert("tasks", customer["scope"], {
        "id": args.task_id, "customer_id": args.customer_id,
        "associate_id": ctx.mutation.associate_id, "store_id": ctx.device.store_id,
        "kind": "follow_up", "channel": None, "title": args.title, "due_on": args.due_on,
        "status": "open", "created_at": ctx.event_time(), "done_at": None,
    })


def task_complete(ctx: MutationContext, raw: dict[str, Any]) -> str | None:
    """open -> done at server time; a task already done stays as it is (two terminals may both
    tick it off: the outcome the associates wanted holds either way)."""
    ctx.touch("tasks", raw.get("task_id"))
    args = parse_args(TaskCompleteArgs, raw)
    task = ctx.get_visible("tasks", args.task_id, "this task", lock=True)
    if task["status"] == "done":
        return "already done"
    ctx.upsert("tasks", task["scope"], {"id": args.task_id, "status": "done", "done_at": ctx.now})
    return None


def outreach_log(ctx: MutationContext, raw: dict[str, Any]) -> None:
    """Record a contact on a channel; refused ``no_consent`` unless the customer opted in on it."""
    ctx.touch("tasks", raw.get("task_id"))
    args = parse_args(OutreachArgs, raw)
    if not args.body.strip():
        raise Rejected(protocol.REJECT_INVALID_ARGUMENTS, "body: say what the contact was about")
    ctx.touch("customers", args.customer_id)
    customer = ctx.get_visible("customers", args.customer_id, "this customer", lock=True)
    if not _opted_in(customer["consent"], args.channel):
        raise Rejected(protocol.REJECT_NO_CONSENT,
                       f"the customer has not opted in to be contacted by {_CHANNEL_NAMES[args.channel]}")
    _new_task_id(ctx, args.task_id)
    when = ctx.event_time()
    ctx.upsert("tasks", customer["scope"], {
        "id": args.task_id, "customer_id": args.customer_id,
        "associate_id": ctx.mutation.associate_id, "store_id": ctx.device.store_id,
        "kind": "outreach", "channel": args.channel, "title": args.body.strip(), "due_on": None,
        "status": "done", "created_at": when, "done_at": when,
    })


HANDLERS: dict[str, Handler] = {protocol.TASK_ADD: task_add, protocol.TASK_COMPLETE: task_complete,
                                protocol.OUTREACH_LOG: outreach_log}
