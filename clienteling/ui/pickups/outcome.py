"""Waiting briefly for the central service's verdict on a write (a handover, a return).

The write is already committed locally with its outbox entry; when the terminal is online the push
usually answers within a second, so the counter waits a few seconds for ``applied`` or
``rejected`` before telling the associate to go ahead offline. Polls through ``ctx.db`` (the DB
worker), never blocking the UI thread.
"""

from __future__ import annotations

import asyncio

from clienteling.domain.models import Outcome
from clienteling.ui.context import ScreenContext

OUTCOME_WAIT_S = 6.0
POLL_S = 0.15
INCIDENT_CODES = frozenset({"already_collected", "not_collectable", "exceeds_purchased", "not_returnable",
                            "manager_required"})
"""Refusals for which the central service records an incident (a flag for the store manager)."""


def manager_notified(outcome: Outcome) -> bool:
    """Whether this refusal left a flag for the store manager (only counter facts refused do)."""
    return outcome.state == "rejected" and outcome.code in INCIDENT_CODES


async def wait_for_outcome(ctx: ScreenContext, mutation_id: str, timeout_s: float = OUTCOME_WAIT_S) -> Outcome:
    """The mutation's outcome once it is not pending, or the pending one after ``timeout_s``
    (at once when the terminal is offline)."""
    outbox = ctx.services.outbox
    outcome = await ctx.db(outbox.outcome, mutation_id)
    if outcome.state != "pending" or not ctx.is_online():
        return outcome
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while outcome.state == "pending" and loop.time() < deadline:
        await asyncio.sleep(POLL_S)
        outcome = await ctx.db(outbox.outcome, mutation_id)
    return outcome
