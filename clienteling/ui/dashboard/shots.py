"""Bring the manager dashboard through its states for ``clienteling screenshots`` (sign-in, PIN,
today, month, last 90 days); needs ``terminal.kpis`` wired and this store's managers synced."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from PySide6.QtWidgets import QWidget

from sync.datagen.extras import MANAGER_PIN

from clienteling.ui.dashboard.screen import DashboardScreen
from clienteling.ui.pickups.shots import settle, until

Save = Callable[[str, "QWidget | None"], None]


async def capture(screen: DashboardScreen, save: Save, pin: str = MANAGER_PIN) -> None:
    """``dashboard-gate``, ``dashboard-pin`` (widget: the dialog), ``dashboard-today``,
    ``dashboard-month`` and ``dashboard-custom`` (the last 90 days)."""
    screen.lock()
    await settle()
    save("dashboard-gate", None)
    screen.gate.button.click()
    await until(lambda: screen.pin_dialog is not None and screen.pin_dialog.manager.count() >= 1,
                what="the manager PIN dialog")
    dialog = screen.pin_dialog
    dialog.pin.setText(pin)
    await settle()
    save("dashboard-pin", dialog)
    got: list[Any] = []
    screen.loaded.connect(got.append)
    try:
        await _figures(screen, dialog, save, got)
    finally:
        screen.loaded.disconnect(got.append)


async def _figures(screen: DashboardScreen, dialog: Any, save: Save, got: list[Any]) -> None:
    dialog.approve_button.click()
    await until(lambda: bool(got), what="the dashboard")
    await settle()
    save("dashboard-today", None)
    for kind, dates in (("month", {}), ("custom", {"start": date.today() - timedelta(days=89), "end": date.today()})):
        got.clear()
        screen.period.select(kind, **dates)
        if kind == "custom":
            screen.period.apply.click()
        await until(lambda: bool(got) and got[-1].period.kind == kind, what=f"the {kind} figures")
        await settle()
        save(f"dashboard-{kind}", None)
