"""Small display helpers shared by screens (no Qt widgets here, only text)."""

from __future__ import annotations

from datetime import datetime, timezone


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
        return "today"
    if days == 1:
        return "yesterday"
    if days < 30:
        return f"{days} days ago"
    return value.date().isoformat()


def ago(seconds: float) -> str:
    """'just now', '12 s ago', '3 min ago', '2 h ago'."""
    if seconds < 2:
        return "just now"
    if seconds < 60:
        return f"{int(seconds)} s ago"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    return f"{int(seconds // 3600)} h ago"
