"""What every screen is handed: how to run work, where to report, who and where we are.

Screens receive a ``ScreenContext`` through their constructor (no globals, no reaching up to the
main window). Reads go through ``db`` (the single DB worker), writes through ``perform`` (cache
change + outbox entry in one transaction on the worker, then a push is triggered).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from clienteling.ui.messages import MessageBridge
from clienteling.ui.ops import Ops


@dataclass
class ScreenContext:
    ops: Ops
    messages: MessageBridge
    db: Callable[..., Awaitable[Any]]
    """``await ctx.db(fn, *args)`` runs a read on the DB worker thread."""
    perform: Callable[..., Awaitable[Any]]
    """``await ctx.perform(fn, *args)`` runs a service write on the worker and triggers a push."""
    services: Any
    """The terminal core: ``.customers``, ``.notes``, ``.loyalty``, ``.pickups``, ``.outbox``, …"""
    store_id: str
    store_name: str
    associate_id: str | None = None
    """The associate whose actions are recorded (sign-in comes with the security work); may be
    set after start-up (before the first download there is nobody to pick). Read it at use time."""
    is_online: Callable[[], bool | None] = lambda: None
    """Whether the central service answered last time (None: not known yet)."""
    receipts_dir: str | None = None
    """Where receipt PDFs are written (config ``receipts_dir``; None: not saved)."""
    receipt_printer: str = ""
    """The printer receipts also go to (config ``receipt_printer``; empty: none)."""
