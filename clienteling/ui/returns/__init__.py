"""The returns screen (with or without a receipt).

Imported lazily (PEP 562): ``clienteling.ui.receipts`` uses this package's labels, and the
summary step uses the receipts, so importing the screen here eagerly would be circular."""

from __future__ import annotations

from typing import Any

__all__ = ["ReturnsScreen"]


def __getattr__(name: str) -> Any:
    if name == "ReturnsScreen":
        from clienteling.ui.returns.screen import ReturnsScreen
        return ReturnsScreen
    raise AttributeError(name)
