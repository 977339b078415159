"""Text for money, dates and times on the profile and client-book screens (no widgets)."""

from __future__ import annotations

from datetime import datetime, timezone

from PySide6.QtCore import QCoreApplication

from clienteling.ui.formatting import parse_time


def _tr(text: str) -> str:
    return QCoreApplication.translate("Profile", text)


def money(cents: int | None) -> str:
    """'$1,180' (whole dollars) or '$12.50'."""
    cents = int(cents or 0)
    sign = "-" if cents < 0 else ""
    dollars, rest = divmod(abs(cents), 100)
    return f"{sign}${dollars:,}" + (f".{rest:02d}" if rest else "")


def day(text: str | None) -> str:
    """'22 Nov 2026' for an ISO date or time; '' when missing."""
    if not text:
        return ""
    value = parse_time(text if "T" in text else text + "T00:00:00Z")
    return value.strftime(f"{value.day} %b %Y") if value else text


def short_day(text: str | None, today: datetime | None = None) -> str:
    """'21 Nov' this year, '21 Nov 2025' otherwise (tables where space is short)."""
    if not text:
        return ""
    value = parse_time(text if "T" in text else text + "T00:00:00Z")
    if value is None:
        return text
    year = (today or datetime.now(timezone.utc)).year
    return value.strftime(f"{value.day} %b") if value.year == year else value.strftime(f"{value.day} %b %Y")


def moment(text: str | None, now: datetime | None = None) -> str:
    """'today 14:02', 'yesterday 09:15' or '3 Nov 2026 14:02' in local time."""
    value = parse_time(text)
    if value is None:
        return ""
    local = value.astimezone()
    today = (now or datetime.now(timezone.utc)).astimezone().date()
    days = (today - local.date()).days
    clock = local.strftime("%H:%M")
    if days == 0:
        return _tr("today %1").replace("%1", clock)
    if days == 1:
        return _tr("yesterday %1").replace("%1", clock)
    return f"{local.strftime(f'{local.day} %b %Y')} {clock}"
