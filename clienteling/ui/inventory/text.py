"""Text for prices, distances and freshness on the inventory screen (no widgets)."""

from __future__ import annotations

from datetime import datetime, timezone

from PySide6.QtCore import QCoreApplication

from clienteling.ui.formatting import ago, parse_time


def _tr(text: str) -> str:
    return QCoreApplication.translate("Inventory", text)


def price(cents: int | None, highest: int | None = None) -> str:
    """'$59', '$12.50' or a range '$49 – $59'."""
    def one(value: int) -> str:
        dollars, rest = divmod(max(int(value), 0), 100)
        return f"${dollars:,}" + (f".{rest:02d}" if rest else "")
    if cents is None:
        return ""
    if highest is not None and highest != cents:
        return f"{one(cents)} – {one(highest)}"
    return one(cents)


def km(distance: float | None) -> str:
    """'800 m', '3.2 km', '41 km'; '' when unknown."""
    if distance is None:
        return ""
    if distance < 1:
        return _tr("%1 m").replace("%1", str(int(round(distance * 1000, -1))))
    if distance < 10:
        return _tr("%1 km").replace("%1", f"{distance:.1f}")
    return _tr("%1 km").replace("%1", str(int(round(distance))))


def as_of(text: str | None, now: datetime | None = None) -> str:
    """How fresh a synced number is: '12 s ago', '3 h ago', or the date; 'not synced yet'."""
    value = parse_time(text)
    if value is None:
        return _tr("not synced yet")
    now = now or datetime.now(timezone.utc)
    seconds = (now - value).total_seconds()
    if seconds < 86400:
        return ago(max(seconds, 0))
    return value.astimezone().strftime(f"{value.astimezone().day} %b %H:%M")


def until(text: str | None) -> str:
    """'Tue 24 Nov 15:00' in local time for an expiry; '' when missing."""
    value = parse_time(text)
    return value.astimezone().strftime(f"%a {value.astimezone().day} %b %H:%M") if value else ""


def variant_label(colour: str | None, size: str | None) -> str:
    """'Navy, size M', 'Rust, One Size', or whichever part is known."""
    size_text = ""
    if size:
        size_text = size if size.lower() == "one size" else _tr("size %1").replace("%1", size)
    return ", ".join(x for x in (colour or "", size_text) if x)
