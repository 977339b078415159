"""Locating files under ``resources/`` in a checkout, an installed package or a PyInstaller bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """The ``resources`` folder: beside the bundle when frozen, else at the repository root."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def stylesheet() -> str:
    """The theme: ``style.qss`` followed by each screen's ``styles/*.qss`` (sorted)."""
    parts = [read_text("style.qss")]
    styles = resources_dir() / "styles"
    if styles.is_dir():
        parts += [p.read_text(encoding="utf-8") for p in sorted(styles.glob("*.qss"))]
    return "\n".join(parts)


def read_text(name: str) -> str:
    """Text of a resource file, or '' when it is missing (the app still runs, unstyled)."""
    try:
        return (resources_dir() / name).read_text(encoding="utf-8")
    except OSError:
        return ""
