"""The pickups (BOPIS) screen and its handover dialog.

Imported lazily (PEP 562): ``clienteling.ui.receipts`` uses this package's labels, and the
handover dialog uses the receipts, so importing the screen here eagerly would be circular."""

from __future__ import annotations

from typing import Any

__all__ = ["HandoverDialog", "PickupsScreen"]


def __getattr__(name: str) -> Any:
    if name == "PickupsScreen":
        from clienteling.ui.pickups.screen import PickupsScreen
        return PickupsScreen
    if name == "HandoverDialog":
        from clienteling.ui.pickups.handover_dialog import HandoverDialog
        return HandoverDialog
    raise AttributeError(name)
