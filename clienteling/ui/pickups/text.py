"""Words for pickup codes (statuses, short-pick reasons, verification) and SLA text (no widgets)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from sync.policy import PickupAging

from clienteling.ui.formatting import ago


def _tr(text: str) -> str:
    return QCoreApplication.translate("Pickups", text)


def status_label(status: str | None) -> str:
    labels = {"placed": _tr("To pick"), "picking": _tr("Picking"), "ready": _tr("Ready"),
              "collected": _tr("Collected"), "cancelled": _tr("Cancelled"), "expired": _tr("Expired"),
              "completed": _tr("Completed"), "shipped": _tr("Shipped"), "delivered": _tr("Delivered")}
    return labels.get(status or "", status or "")


def short_reason_label(reason: str | None) -> str:
    labels = {"not_found": _tr("Not found"), "damaged": _tr("Damaged"), "wrong_item": _tr("Wrong item"),
              "other": _tr("Other reason")}
    return labels.get(reason or "", reason or "")


def channel_label(channel: str | None) -> str:
    labels = {"online": _tr("Online"), "app": _tr("App"), "store": _tr("In store")}
    return labels.get(channel or "", channel or "")


ID_TYPES = ("driving_licence", "passport", "national_id", "other")


def id_type_label(kind: str | None) -> str:
    labels = {"driving_licence": _tr("Driving licence"), "passport": _tr("Passport"),
              "national_id": _tr("National ID card"), "other": _tr("Other photo ID")}
    return labels.get(kind or "", kind or "")


def verification_label(method: str | None, id_type: str | None = None) -> str:
    if method == "pickup_code":
        return _tr("Pickup code")
    if method == "id_document":
        return _tr("ID checked: %1").replace("%1", id_type_label(id_type)) if id_type else _tr("ID checked")
    return method or ""


def _span(minutes: int) -> str:
    minutes = abs(minutes)
    if minutes < 60:
        return _tr("%1 min").replace("%1", str(minutes))
    if minutes < 48 * 60:
        hours, rest = divmod(minutes, 60)
        return (_tr("%1 h %2 min").replace("%1", str(hours)).replace("%2", str(rest)) if rest and hours < 10
                else _tr("%1 h").replace("%1", str(hours)))
    return _tr("%1 days").replace("%1", str(minutes // (24 * 60)))


def placed_ago(seconds: float) -> str:
    """How long ago an order was placed: '35 min ago', '1 h 40 min ago' (under a day, to the minute),
    then '26 h ago'."""
    minutes = int(max(0.0, seconds) // 60)
    if minutes < 60 or minutes >= 24 * 60:
        return ago(max(0.0, seconds))
    hours, rest = divmod(minutes, 60)
    return (_tr("%1 h %2 min ago").replace("%1", str(hours)).replace("%2", str(rest)) if rest
            else _tr("%1 h ago").replace("%1", str(hours)))


def aging_text(status: str | None, aging: PickupAging | None) -> str:
    """'Overdue 35 min', 'Ready in 1 h 20 min' (to pick), 'Expires in 6 days' (ready); '' otherwise."""
    if aging is None or aging.minutes_left is None:
        return ""
    if aging.overdue:
        return _tr("Overdue %1").replace("%1", _span(aging.minutes_left))
    if status == "ready":
        return _tr("Expires in %1").replace("%1", _span(aging.minutes_left))
    return _tr("Due in %1").replace("%1", _span(aging.minutes_left))
