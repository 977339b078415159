"""Incident details (both sides' facts, as JSON from the central service) in readable lines."""

from __future__ import annotations

import re
from typing import Any, Mapping

from PySide6.QtCore import QCoreApplication

from clienteling.services.incidents import ID_KINDS
from clienteling.ui.pickups.text import id_type_label, status_label, verification_label
from clienteling.ui.profile.fmt import moment, money
from clienteling.ui.returns.text import condition_label, disposition_label, reason_label, refund_method_label

_KEYS = {
    "order_id": "Order", "order_number": "Order number", "status": "Status", "associate_id": "Associate",
    "associate_name": "Associate", "store_id": "Store", "store_name": "Store", "local_time": "Time at the counter",
    "collected_at": "Collected at", "created_at": "Recorded at", "handover_id": "Handover",
    "return_id": "Return", "lines": "Lines", "line_id": "Line", "qty": "Units", "verification": "Verification",
    "method": "Method", "code": "Code", "id_type": "ID type", "id_last4": "ID last 4",
    "collector_name": "Collected by", "handovers": "Handovers", "returns": "Returns", "sku": "SKU",
    "reason": "Reason", "condition": "Condition", "disposition": "Goes to", "refund_method": "Refund method",
    "refund_cents": "Refund", "returned_qty": "Returned", "collected_qty": "Collected",
    "picked_qty": "Picked", "customer_id": "Customer", "override": "Override", "manager_id": "Manager",
}
_TIME_KEYS = {"local_time", "collected_at", "created_at", "resolved_at", "ready_at", "placed_at"}
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
_VALUES = {"method": lambda v: verification_label(v), "id_type": id_type_label, "status": status_label,
           "reason": reason_label, "condition": condition_label, "disposition": disposition_label,
           "refund_method": refund_method_label}
_NAMED = {"associate_id": "associate_name", "store_id": "store_name", "manager_id": "manager_name"}


def _tr(text: str) -> str:
    return QCoreApplication.translate("Incidents", text)


def label(key: str) -> str:
    return _tr(_KEYS.get(key, key.replace("_", " ").capitalize()))


Names = Mapping[tuple[str, str], str]
"""``(kind, id)`` -> what the id names (``IncidentService.names``)."""

_NAME_LABELS = {"line_id": "Product", "order_line_id": "Product", "pickup_store_id": "Pickup store",
                "resolved_by": "Resolved by"}


def readable(value: Any, indent: int = 0, names: Names | None = None) -> list[str]:
    """Nested dicts and lists as indented 'Label: value' lines (times in local time); ids are shown
    as what they name (order number, product, associate, store), never raw."""
    pad = "    " * indent
    names = names or {}
    if isinstance(value, dict):
        out: list[str] = []
        for key, item in value.items():
            if _hidden(key, item, value):
                continue
            if key in ID_KINDS and isinstance(item, str):
                out += [f"{pad}{text}" for text in [_named(key, item, value, names)] if text]
            elif isinstance(item, (dict, list)) and item:
                out.append(f"{pad}{label(key)}:")
                out += readable(item, indent + 1, names)
            elif item not in (None, "", [], {}):
                out.append(f"{pad}{label(key)}: {_value(key, item)}")
        return out
    if isinstance(value, list):
        out = []
        for index, item in enumerate(value, start=1):
            if isinstance(item, dict):
                out.append(f"{pad}{index}.")
                out += readable(item, indent + 1, names)
            else:
                out.append(f"{pad}• {item}")
        return out
    return [f"{pad}{value}"]


def _named(key: str, item: str, parent: dict[str, Any], names: Names) -> str:
    """'Label: name' for an id ('' when the cache does not know it: a raw id says nothing). SKUs are
    printed on the tags, so they stay (with the product's name when no line names it)."""
    name = names.get((ID_KINDS[key], item))
    if key == "sku":
        has_line = any(names.get(("order_lines", parent.get(k) or "")) for k in ("line_id", "order_line_id"))
        return f"{_tr('Product')}: {name} · {item}" if name and not has_line else f"{label(key)}: {item}"
    if not name:
        return ""
    return f"{_tr(_NAME_LABELS[key]) if key in _NAME_LABELS else label(key)}: {name}"


def _hidden(key: str, item: Any, parent: dict[str, Any]) -> bool:
    """Internal ids (UUIDs) say nothing to a manager; an id beside its name is said once."""
    if isinstance(item, str) and _UUID.match(item) and key not in ID_KINDS:
        return True
    return key in _NAMED and bool(parent.get(_NAMED[key]))


def _value(key: str, item: Any) -> str:
    if key in _TIME_KEYS and isinstance(item, str):
        return moment(item) or item
    if key in _VALUES and isinstance(item, str):
        return _VALUES[key](item) or item
    if key.endswith("_cents") and isinstance(item, int):
        return money(item)
    return str(item)


def sentence(text: str | None) -> str:
    """A server message as a sentence: capital first letter, full stop at the end."""
    text = (text or "").strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


def side(details: dict[str, Any], which: str, names: Names | None = None) -> str:
    """One side ("terminal" or "server") as text; '' when missing."""
    part = details.get(which) if isinstance(details, dict) else None
    return "\n".join(readable(part, names=names)) if part else ""
