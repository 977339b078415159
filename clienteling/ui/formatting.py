"""Small display helpers shared by screens (no Qt widgets here, only translated text)."""

from __future__ import annotations

from datetime import datetime, timezone

from PySide6.QtCore import QCoreApplication


def parse_time(text: str | None) -> datetime | None:
    """Parse an ISO-8601 UTC time from the cache; None for missing or malformed values."""
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def relative_day(text: str | None, now: datetime | None = None) -> str:
    """'today', 'yesterday', '5 days ago' or the date, for an ISO time or date."""
    value = parse_time(text if text and "T" in text else (text + "T00:00:00Z" if text else None))
    if value is None:
        return ""
    now = now or datetime.now(timezone.utc)
    days = (now.date() - value.astimezone(timezone.utc).date()).days
    if days <= 0:
        return _tr("today")
    if days == 1:
        return _tr("yesterday")
    if days < 30:
        return _tr("%1 days ago").replace("%1", str(days))
    return value.date().isoformat()


def ago(seconds: float) -> str:
    """'just now', '12 s ago', '3 min ago', '2 h ago'."""
    if seconds < 2:
        return _tr("just now")
    if seconds < 60:
        return _tr("%1 s ago").replace("%1", str(int(seconds)))
    if seconds < 3600:
        return _tr("%1 min ago").replace("%1", str(int(seconds // 60)))
    return _tr("%1 h ago").replace("%1", str(int(seconds // 3600)))


def duration(seconds: float) -> str:
    """'12 s', '3 min', '2 h' (an ETA)."""
    if seconds < 60:
        return _tr("%1 s").replace("%1", str(max(1, int(seconds))))
    if seconds < 3600:
        return _tr("%1 min").replace("%1", str(int(seconds // 60)))
    return _tr("%1 h").replace("%1", str(int(seconds // 3600)))


def _tr(text: str) -> str:
    """Translate through Qt (context "formatting"), so these words follow the app's language."""
    return QCoreApplication.translate("formatting", text)
