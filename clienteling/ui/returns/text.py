"""Words for return codes (reasons, conditions, dispositions, refund methods, why-not verdicts)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from sync.policy import LineVerdict


def _tr(text: str) -> str:
    return QCoreApplication.translate("Returns", text)


def reason_label(code: str | None) -> str:
    labels = {"changed_mind": _tr("Changed mind"), "wrong_size": _tr("Wrong size"), "defective": _tr("Defective"),
              "not_as_described": _tr("Not as described"), "late_delivery": _tr("Late delivery"),
              "other": _tr("Other")}
    return labels.get(code or "", code or "")


def condition_label(code: str | None) -> str:
    labels = {"new": _tr("New, tags on"), "opened": _tr("Opened or worn"), "damaged": _tr("Damaged")}
    return labels.get(code or "", code or "")


def disposition_label(code: str | None) -> str:
    labels = {"restock": _tr("Back to stock"), "damaged": _tr("Damaged goods"), "vendor": _tr("Return to vendor")}
    return labels.get(code or "", code or "")


def refund_method_label(code: str | None) -> str:
    labels = {"original_tender": _tr("Original payment"), "store_credit": _tr("Store credit"),
              "exchange": _tr("Exchange")}
    return labels.get(code or "", code or "")


def verdict_text(verdict: LineVerdict) -> str:
    """Why a line cannot come back, in the associate's language (by the verdict's stable code)."""
    if verdict.returnable_qty > 0 or verdict.code is None:
        return ""
    if verdict.code == "final_sale":
        return _tr("Final sale: not returnable.")
    if verdict.code == "not_received":
        return _tr("The customer does not have these goods yet.")
    if verdict.code == "fully_returned":
        return _tr("Already returned.")
    if verdict.code == "window_ended":
        ends = (verdict.window_ends or "")[:10]
        return _tr("The return window ended on %1.").replace("%1", ends) if ends else _tr("The return window has ended.")
    return verdict.message or verdict.code


def status_text(state: str) -> str:
    labels = {"pending": _tr("Waiting for the central service"), "applied": _tr("Accepted"),
              "rejected": _tr("Refused")}
    return labels.get(state, state)
