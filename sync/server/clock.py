"""Server time as the ISO-8601 UTC strings the protocol uses (``2026-11-22T14:16:51Z``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


def iso(dt: datetime) -> str:
    """Format an aware or naive-UTC datetime as ``YYYY-MM-DDTHH:MM:SSZ``."""
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC).replace(tzinfo=None)
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def now() -> datetime:
    """The current time, aware UTC."""
    return datetime.now(UTC)


def now_iso() -> str:
    """The current time as a protocol string."""
    return iso(now())


def iso_in(delta: timedelta, base: datetime | None = None) -> str:
    """``base`` (default now) plus ``delta``, as a protocol string."""
    return iso((base or now()) + delta)
