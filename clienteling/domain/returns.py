"""Return objects: what can come back, the associate's draft, its preview and the recorded return."""

from __future__ import annotations

from dataclasses import dataclass, field

from sync.policy import LineVerdict, ReceiptlessAllowance

from clienteling.domain.models import Customer, Order, OrderLine
from clienteling.domain.pickups import ReceiptLine, StoreHeader


@dataclass(frozen=True)
class ReturnableLine:
    """A line of an order (or, receipt-less, a SKU) and how much of it can come back."""

    line: OrderLine
    product_name: str | None
    verdict: LineVerdict
    unit_refund_cents: int
    points_per_unit: int
    """Points reversed per returned unit (0 for receipt-less returns)."""


@dataclass(frozen=True)
class ReturnQuote:
    """What a customer may return from one order, or without a receipt."""

    order: Order | None
    customer: Customer | None
    lines: tuple[ReturnableLine, ...]
    allowance: ReceiptlessAllowance | None
    """Receipt-less returns only: what the customer may still return without a receipt."""
    refund_methods: tuple[str, ...]


@dataclass
class DraftLine:
    """One line the associate is taking back; ``line_id`` names the order line (None: receipt-less)."""

    sku: str
    qty: int
    reason: str
    condition: str
    disposition: str
    line_id: str | None = None


@dataclass
class ReturnDraft:
    """A return being prepared at the counter."""

    lines: list[DraftLine] = field(default_factory=list)
    refund_method: str = "original_tender"
    order_id: str | None = None
    customer_id: str | None = None


@dataclass(frozen=True)
class ReturnPreview:
    """What submitting a draft would do, and what stands in its way."""

    refund_cents: int
    points_reversed: int
    problems: tuple[str, ...]
    """Blocking problems in words (quantity over returnable, condition rule, ...)."""
    needs_approval: tuple[str, ...]
    """Reasons a manager must approve (receipt-less limit, this terminal's offline cap)."""
    offline_cap_left_cents: int | None
    """Refunds this terminal may still give before the central service confirms them (None: online)."""
    approval_codes: tuple[str, ...] = ()
    """``needs_approval`` as codes (``receiptless_limit``, ``offline_cap``), what an approval is bound to."""


@dataclass(frozen=True)
class ReturnLineRecord:
    id: str
    order_line_id: str | None
    sku: str | None
    product_name: str | None
    qty: int
    refund_cents: int
    reason: str | None
    condition: str | None
    disposition: str | None


@dataclass(frozen=True)
class ReturnRecord:
    """A return as recorded (``pending``: not yet confirmed by the central service)."""

    id: str
    order_id: str | None
    customer_id: str | None
    store_id: str | None
    associate_id: str | None
    created_at: str | None
    receipt: bool
    refund_method: str | None
    refund_cents: int
    points_reversed: int
    approved_by: str | None
    status: str | None
    lines: tuple[ReturnLineRecord, ...]
    pending: bool = False


@dataclass(frozen=True)
class ReturnReceipt:
    """Everything a return receipt prints."""

    store: StoreHeader
    order_number: str | None
    customer_name: str | None
    loyalty_number: str | None
    """Masked except the last 4 digits."""
    lines: tuple[ReceiptLine, ...]
    """With each line's reason and condition."""
    refund_method: str | None
    refund_cents: int
    points_reversed: int
    approved_by: str | None
    """The approving manager's name."""
    associate_name: str | None
    time: str | None
    receipt_number: str
    pending: bool
