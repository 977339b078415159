"""Bring the audit trail through its states for ``clienteling screenshots`` (the manager gate, then
the last 7 days); needs ``terminal.audit`` wired and this store's managers synced."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from sync.datagen.extras import MANAGER_PIN

from clienteling.ui.audit.screen import AuditScreen
from clienteling.ui.pickups.shots import settle, until

Save = Callable[[str, "QWidget | None"], None]


async def capture(screen: AuditScreen, save: Save, pin: str = MANAGER_PIN) -> None:
    """``audit-gate`` and ``audit-7days`` (signed in with a manager's PIN)."""
    screen.lock()
    await settle()
    save("audit-gate", None)
    screen.gate.button.click()
    await until(lambda: screen.pin_dialog is not None and screen.pin_dialog.manager.count() >= 1,
                what="the manager PIN dialog")
    got: list[Any] = []
    screen.loaded.connect(got.append)
    try:
        screen.pin_dialog.pin.setText(pin)
        screen.pin_dialog.approve_button.click()
        await until(lambda: bool(got), what="the audit trail")
        got.clear()
        screen.filters.select("7days")
        await until(lambda: bool(got), what="the last 7 days")
    finally:
        screen.loaded.disconnect(got.append)
    await settle()
    save("audit-7days", None)
