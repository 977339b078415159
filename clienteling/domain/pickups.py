"""Pickup (BOPIS) objects and pure rules: the queue row, handovers, what a handover receipt prints."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sync.policy import PickupAging

from clienteling.domain.models import Order


@dataclass(frozen=True)
class PickupSummary:
    """One row of the pickup queue."""

    order: Order
    customer_name: str | None
    aging: PickupAging
    is_new: bool = False


@dataclass(frozen=True)
class Handover:
    """Goods handed over at the counter: who, to whom, how verified, which units."""

    id: str
    order_id: str
    customer_id: str | None
    store_id: str | None
    associate_id: str | None
    associate_name: str | None
    collected_at: str | None
    method: str | None
    collector_name: str | None
    lines: tuple[tuple[str, int], ...]
    """(order line id, units)."""
    details: dict[str, Any]
    pending: bool = False


@dataclass(frozen=True)
class ReceiptLine:
    """One printed line: product, its variant, units and money (cents)."""

    name: str
    sku: str | None
    colour: str | None
    size: str | None
    qty: int
    unit_cents: int
    amount_cents: int
    reason: str | None = None
    condition: str | None = None


@dataclass(frozen=True)
class StoreHeader:
    """The store a receipt comes from."""

    name: str
    address: str | None
    phone: str | None


@dataclass(frozen=True)
class HandoverReceipt:
    """Everything a handover receipt prints."""

    store: StoreHeader
    order_number: str | None
    customer_name: str | None
    loyalty_number: str | None
    """Masked except the last 4 digits."""
    lines: tuple[ReceiptLine, ...]
    verification: str
    """``pickup_code`` or ``id_document``."""
    id_type: str | None
    collector_name: str | None
    associate_name: str | None
    time: str | None
    receipt_number: str
    pending: bool


def mask_loyalty(number: str | None) -> str | None:
    """A loyalty number with every character but the last 4 replaced by ``•``."""
    if not number:
        return number
    return "•" * max(0, len(number) - 4) + number[-4:]


def receipt_number(record_id: str) -> str:
    """A handover's or return's receipt number: the first 8 characters of its id, upper-case."""
    return record_id[:8].upper()
