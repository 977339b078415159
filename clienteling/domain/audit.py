"""The store's audit trail as the manager reads it: what each action was in words, what it acted on,
the periods to look at, and the rows of a CSV export. Pure functions, no Qt.

Labels are English source text marked for translation with ``QT_TRANSLATE_NOOP`` (context
``Audit``): lupdate collects them from here, and the screen shows them through
``QCoreApplication.translate("Audit", label)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from sync import protocol as p

CONTEXT = "Audit"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (the name lupdate looks for)
    """Marks ``text`` for translation in ``context``; translated where it is shown."""
    return text


ACTION_LABELS: dict[str, str] = {
    p.NOTE_ADD: QT_TRANSLATE_NOOP("Audit", "Added a note"),
    p.CUSTOMER_CREATE: QT_TRANSLATE_NOOP("Audit", "Signed up a customer"),
    p.CUSTOMER_UPDATE: QT_TRANSLATE_NOOP("Audit", "Edited a customer's details"),
    p.LOYALTY_REDEEM: QT_TRANSLATE_NOOP("Audit", "Redeemed points"),
    p.TASK_ADD: QT_TRANSLATE_NOOP("Audit", "Added a follow-up"),
    p.TASK_COMPLETE: QT_TRANSLATE_NOOP("Audit", "Completed a follow-up"),
    p.OUTREACH_LOG: QT_TRANSLATE_NOOP("Audit", "Contacted a customer"),
    p.HOLD_CREATE: QT_TRANSLATE_NOOP("Audit", "Put an item on hold"),
    p.PICKUP_PICK: QT_TRANSLATE_NOOP("Audit", "Picked a pickup order"),
    p.PICKUP_READY: QT_TRANSLATE_NOOP("Audit", "Marked a pickup ready"),
    p.PICKUP_CANCEL: QT_TRANSLATE_NOOP("Audit", "Cancelled a pickup"),
    p.PICKUP_COLLECT: QT_TRANSLATE_NOOP("Audit", "Handed over a pickup"),
    p.RETURN_CREATE: QT_TRANSLATE_NOOP("Audit", "Took a return"),
    p.INCIDENT_RESOLVE: QT_TRANSLATE_NOOP("Audit", "Resolved a flag"),
}
"""Mutation name -> what the associate did, in a few words (the audit screen's "What")."""

OTHER_ACTION = QT_TRANSLATE_NOOP("Audit", "Other change (%1)")
"""An action this terminal has no words for (a newer central service): %1 is its name."""

ORDER_ACTIONS = frozenset({p.PICKUP_PICK, p.PICKUP_READY, p.PICKUP_CANCEL, p.PICKUP_COLLECT})
"""Actions whose target is an order (shown by its number)."""

PERIODS: dict[str, int] = {"today": 1, "7days": 7, "30days": 30}
"""Period kind -> how many local days it covers, today included."""


def action_label(action: str | None) -> str:
    """The English words for ``action`` (``OTHER_ACTION`` with its name when unknown)."""
    return ACTION_LABELS.get(action or "") or OTHER_ACTION.replace("%1", action or "?")


@dataclass(frozen=True)
class AuditEntry:
    """One audited action. ``at`` is when it happened at the counter (the terminal's clock),
    ``applied_at`` when the central service recorded it; ``target_text`` is what it acted on in
    words (an order number, a customer's name) or the id when nothing better is cached."""

    id: str
    at: str | None
    applied_at: str | None
    associate_id: str | None
    associate_name: str
    action: str
    target: str | None
    target_text: str
    customer_id: str | None
    status: str
    code: str | None


def target_text(action: str, target: str | None, order_number: str | None, customer_name: str | None) -> str:
    """An order action names the order by number; others name the customer; else the raw id."""
    if action in ORDER_ACTIONS and order_number:
        return order_number
    return customer_name or order_number or target or ""


def period_bounds(kind: str, now: datetime, tz: str) -> tuple[str, str]:
    """``[since, until)`` as UTC ISO strings: the last ``PERIODS[kind]`` local days of the store
    (time zone ``tz``), today whole."""
    if kind not in PERIODS:
        raise ValueError(f"unknown audit period {kind!r}; expected one of {', '.join(PERIODS)}")
    zone = ZoneInfo(tz or "UTC")
    today = now.astimezone(zone).date()
    start = datetime.combine(today - timedelta(days=PERIODS[kind] - 1), time(0), tzinfo=zone)
    end = datetime.combine(today + timedelta(days=1), time(0), tzinfo=zone)
    return _iso(start), _iso(end)


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def local_text(moment: str | None, tz: str) -> str:
    """``2026-11-22T18:02:09Z`` -> ``2026-11-22 10:02`` in the store's time zone ('' when unreadable)."""
    if not moment:
        return ""
    try:
        when = datetime.fromisoformat(moment.replace("Z", "+00:00"))
    except ValueError:
        return moment
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(ZoneInfo(tz or "UTC")).strftime("%Y-%m-%d %H:%M")


CSV_HEADER = ["local_time", "recorded_at_utc", "associate_id", "associate", "action", "what", "target",
              "customer_id", "status", "code"]


def csv_rows(entries: list[AuditEntry], tz: str) -> list[list[str]]:
    """The export's rows (``CSV_HEADER`` order). Ids, not customers' names: the file leaves the
    terminal's encrypted cache."""
    return [[local_text(e.at, tz), e.applied_at or "", e.associate_id or "", e.associate_name,
             e.action, action_label(e.action), e.target or "", e.customer_id or "", e.status, e.code or ""]
            for e in entries]
