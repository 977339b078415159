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
    """The signed-in associate, whose actions are recorded (None while the terminal is locked).
    Read it at use time: people switch."""
    session: Any = None
    """The signed-in associate's ``Session`` (name, role), None while locked."""
    is_online: Callable[[], bool | None] = lambda: None
    """Whether the central service answered last time (None: not known yet)."""
    receipts_dir: str | None = None
    """Where receipt PDFs are written (config ``receipts_dir``; None: not saved)."""
    receipt_printer: str = ""
    """The printer receipts also go to (config ``receipt_printer``; empty: none)."""

    def sign(self, session: Any) -> None:
        """Who is at the counter from now on (None: nobody, the terminal is locked)."""
        self.session = session
        self.associate_id = session.associate_id if session is not None else None

    @property
    def is_manager(self) -> bool:
        """Whether a manager of this store is signed in."""
        return bool(self.session is not None and self.session.is_manager)
