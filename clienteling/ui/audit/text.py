"""Words of the audit screen: actions, outcomes, periods (translated; no widgets)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from sync import protocol as p

from clienteling.domain.audit import ACTION_LABELS, CONTEXT, OTHER_ACTION


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def action_text(action: str | None) -> str:
    """What the associate did, in the app's language."""
    label = ACTION_LABELS.get(action or "")
    return _tr(label) if label else _tr(OTHER_ACTION).replace("%1", action or "?")


def period_names() -> dict[str, str]:
    """Period kind -> button text, in ``domain.audit.PERIODS`` order."""
    return {"today": _tr("Today"), "7days": _tr("Last 7 days"), "30days": _tr("Last 30 days")}


def outcome_text(status: str, code: str | None) -> str:
    """'Done', or 'Refused: <why>' in words for the refusals a manager meets most."""
    if status == "applied":
        return _tr("Done")
    reasons = {p.REJECT_UNKNOWN_ASSOCIATE: _tr("not on the staff"),
               p.REJECT_FORBIDDEN: _tr("outside this store's reach"),
               p.REJECT_ALREADY_COLLECTED: _tr("already handed over"),
               p.REJECT_NOT_COLLECTABLE: _tr("order not ready here"),
               p.REJECT_EXCEEDS_PURCHASED: _tr("more than was bought"),
               p.REJECT_NOT_RETURNABLE: _tr("not returnable"),
               p.REJECT_MANAGER_REQUIRED: _tr("needed a manager"),
               p.REJECT_INSUFFICIENT_POINTS: _tr("not enough points"),
               p.REJECT_INSUFFICIENT_STOCK: _tr("not enough stock"),
               p.REJECT_NO_CONSENT: _tr("no consent on that channel"),
               p.REJECT_DUPLICATE: _tr("duplicate"),
               p.REJECT_INVALID_ARGUMENTS: _tr("incomplete or invalid"),
               p.REJECT_NOT_FOUND: _tr("not found"),
               p.REJECT_SERVER_ERROR: _tr("central service error")}
    why = reasons.get(code or "", code or _tr("no reason given"))
    return _tr("Refused: %1").replace("%1", why)
