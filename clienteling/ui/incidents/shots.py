"""Bring the Flags panel to an open flag for ``clienteling screenshots``.

Flags are made by the central service when it refuses a counter fact (the pickups shots make one:
a handover of an order another counter had already collected) and reach the terminal with the
change feed. ``capture`` re-reads the panel, inside ``replicating()``, until the flag of
``order_id`` (or any open flag) is there, opens it and calls ``save(name, widget)`` (None: the
window)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

from PySide6.QtWidgets import QWidget

from clienteling.ui.incidents.panel import IncidentsPanel

Save = Callable[[str, "QWidget | None"], None]
Replicating = Callable[[], AbstractAsyncContextManager[Any]]


async def capture(panel: IncidentsPanel, save: Save, replicating: Replicating, order_id: str | None = None,
                  timeout_s: float = 30.0) -> None:
    """``flags``: the open flags with the one of ``order_id`` (else the newest) shown in full."""
    panel.filter.setCurrentIndex(max(0, panel.filter.findData("open")))
    loaded: list[int] = []
    panel.loaded.connect(lambda: loaded.append(1))

    def wanted() -> Any:
        rows = [i for i in panel.model.rows() if i.status == "open"]
        return next((i for i in rows if order_id is None or i.order_id == order_id), None)

    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    async with replicating():
        while True:
            loaded.clear()
            panel.refresh()
            while not loaded and loop.time() < deadline:
                await asyncio.sleep(0.05)
            if wanted() is not None:
                break
            if loop.time() > deadline:
                raise TimeoutError("no open flag reached the Flags panel in time")
            await asyncio.sleep(0.3)
    incident = wanted()
    panel.show_incident(incident.id)
    while panel.incident_id != incident.id or not panel.counter_side.text():
        if loop.time() > deadline:
            raise TimeoutError("the flag did not open in time")
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.25)  # let layouts repaint before grabbing
    save("flags", None)
