"""Domain objects the services return to the UI: plain dataclasses, no Qt, no SQL."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

MatchKind = Literal["name", "email", "phone", "loyalty"]
OutboxStatus = Literal["pending", "applied", "rejected"]


@dataclass(frozen=True)
class CustomerHit:
    """One search result row."""

    id: str
    first_name: str | None
    last_name: str | None
    loyalty_number: str | None
    tier: str | None
    home_store_id: str | None
    home_store_name: str | None
    last_visit_at: str | None
    email: str | None
    phone: str | None
    matched_on: MatchKind

    @property
    def display_name(self) -> str:
        return " ".join(x for x in (self.first_name, self.last_name) if x)


@dataclass(frozen=True)
class Customer:
    """A customer profile as the cache holds it (``points`` is the server balance)."""

    id: str
    loyalty_number: str | None
    first_name: str | None
    last_name: str | None
    email: str | None
    phone: str | None
    birthday: str | None
    home_store_id: str | None
    home_store_name: str | None
    assigned_associate_id: str | None
    tier: str | None
    points: int
    lifetime_value_cents: int
    member_since: str | None
    preferences: dict[str, Any]
    consent: dict[str, Any]
    last_visit_at: str | None
    created_at: str | None
    updated_at: str | None
    version: int | None
    has_pending_changes: bool = False

    @property
    def display_name(self) -> str:
        return " ".join(x for x in (self.first_name, self.last_name) if x)


@dataclass(frozen=True)
class Note:
    id: str
    customer_id: str
    associate_id: str | None
    store_id: str | None
    created_at: str
    body: str
    pending: bool = False


@dataclass(frozen=True)
class LedgerEntry:
    id: str
    customer_id: str
    created_at: str
    kind: str
    points: int
    order_id: str | None
    store_id: str | None
    description: str | None
    pending: bool = False


@dataclass(frozen=True)
class LoyaltyBalance:
    """``available`` = server balance minus redemptions not yet confirmed by the server."""

    customer_id: str
    server_points: int
    pending_redeemed: int

    @property
    def available(self) -> int:
        return self.server_points - self.pending_redeemed


@dataclass(frozen=True)
class OrderLine:
    id: str
    order_id: str
    sku: str | None
    qty: int
    price_cents: int
    returned_qty: int
    picked_qty: int
    product_name: str | None = None
    short_reason: str | None = None
    collected_qty: int | None = None
    pending_collected: int = 0
    """Units of this line in handovers not yet confirmed by the central service."""
    pending_returned: int = 0
    """Units of this line in returns not yet confirmed by the central service."""
    category: str | None = None
    final_sale: bool = False
    colour: str | None = None
    size: str | None = None

    @property
    def collected_now(self) -> int:
        """Units handed over, counting this terminal's unconfirmed handovers."""
        return (self.collected_qty or 0) + self.pending_collected

    @property
    def returned_now(self) -> int:
        """Units returned, counting this terminal's unconfirmed returns."""
        return self.returned_qty + self.pending_returned


@dataclass(frozen=True)
class Order:
    id: str
    order_number: str | None
    customer_id: str | None
    channel: str | None
    fulfilment: str | None
    store_id: str | None
    pickup_store_id: str | None
    pickup_code: str | None
    status: str | None
    placed_at: str | None
    ready_at: str | None
    collected_at: str | None
    closed_at: str | None
    total_cents: int
    item_count: int
    collected_by_associate_id: str | None
    collected_at_store_id: str | None
    lines: tuple[OrderLine, ...] = ()
    pending: bool = False


@dataclass(frozen=True)
class OutboxEntry:
    """One mutation in the outbox, with the server's verdict once it has one."""

    seq: int
    id: str
    name: str
    associate_id: str | None
    local_time: str
    args: dict[str, Any]
    touched: tuple[tuple[str, str], ...]
    status: OutboxStatus
    code: str | None
    message: str | None
    attempts: int
    created_at: str
    done_at: str | None


@dataclass(frozen=True)
class DeviceInfo:
    """What this terminal is: its device id, store and scopes."""

    device_id: str
    store_id: str
    store_name: str
    region: str
    scopes: tuple[str, ...]
    server_url: str
    server_epoch: str | None = None


@dataclass
class OutboxCounts:
    pending: int = 0
    applied: int = 0
    rejected: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"pending": self.pending, "applied": self.applied, "rejected": self.rejected}


@dataclass(frozen=True)
class Verification:
    """How the associate checked a pickup: the pickup code, or an ID document."""

    method: Literal["pickup_code", "id_document"]  # sync.protocol.VERIFY_METHODS
    code: str | None = None
    id_type: str | None = None
    id_last4: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def as_args(self) -> dict[str, Any]:
        out: dict[str, Any] = {"method": self.method, **self.extra}
        for key in ("code", "id_type", "id_last4"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out


# ----- Customer 360 and the client book ----------------------------------------------------------

@dataclass(frozen=True)
class TierProgress:
    """Where a lifetime value stands: its tier, the next one and how far it is (cents)."""

    tier: str
    next_tier: str | None
    cents_to_next: int
    fraction: float
    """0..1 of the way from this tier's floor to the next one (1.0 at the top tier)."""


@dataclass(frozen=True)
class Reward:
    """A reward of the catalogue: spend ``points`` for ``value_cents`` off."""

    id: str
    points: int
    value_cents: int
    label: str


@dataclass(frozen=True)
class RedeemAllowance:
    """What this terminal may redeem for a customer now: the balance and the offline cap."""

    available: int
    cap: int
    unconfirmed: int
    """Points redeemed here for this customer that the central service has not confirmed."""

    @property
    def cap_left(self) -> int:
        return max(0, self.cap - self.unconfirmed)

    @property
    def max_now(self) -> int:
        return max(0, min(self.available, self.cap_left))


@dataclass(frozen=True)
class Task:
    """A follow-up (``kind`` follow_up, open | done) or a logged outreach (``kind`` outreach)."""

    id: str
    customer_id: str
    associate_id: str | None
    store_id: str | None
    kind: str
    channel: str | None
    title: str
    due_on: str | None
    status: str
    created_at: str | None
    done_at: str | None
    pending: bool = False
    customer_name: str = ""


@dataclass(frozen=True)
class ClientBookEntry:
    """One row of "My clients": a customer and the state of their open follow-ups."""

    customer_id: str
    name: str
    tier: str | None
    lifetime_value_cents: int
    last_visit_at: str | None
    open_tasks: int
    overdue_tasks: int
    next_due_on: str | None


@dataclass(frozen=True)
class CustomerProfile:
    """Everything the 360 screen shows of one customer, read in one transaction."""

    customer: Customer
    balance: LoyaltyBalance
    orders: tuple[Order, ...]
    ledger: tuple[LedgerEntry, ...]
    notes: tuple[Note, ...]
    tasks: tuple[Task, ...]
    rejected: tuple[OutboxEntry, ...]
    """This customer's mutations the central service refused (with its reason)."""
    pending_changes: int
    associate_names: dict[str, str]
    store_names: dict[str, str]
    data_as_of: str | None


# ----- pickups, returns, incidents: results of writes -------------------------------------------

T = TypeVar("T")


@dataclass(frozen=True)
class WriteResult(Generic[T]):
    """What a write produced locally, and the outbox id of the mutation that carries it."""

    value: T
    mutation_id: str


@dataclass(frozen=True)
class Outcome:
    """Where one queued mutation stands: pending, or the central service's verdict."""

    state: Literal["pending", "applied", "rejected"]
    code: str | None = None
    message: str | None = None


@dataclass(frozen=True)
class Approval:
    """A manager's approval of an override, checked against their PIN at this terminal."""

    manager_id: str
    manager_name: str
    reason: str
    refund_cents: int = 0
    """The refund the manager saw and approved; a bigger refund needs a new approval."""
    needs: tuple[str, ...] = ()
    """What the manager approved (``ReturnPreview.approval_codes``, e.g. ``receiptless_limit``)."""

    def covers(self, refund_cents: int, needs: tuple[str, ...]) -> bool:
        """Whether this approval still stands for a return refunding ``refund_cents`` that needs ``needs``."""
        return refund_cents <= self.refund_cents and set(needs) <= set(self.needs)


@dataclass(frozen=True)
class Incident:
    """A counter fact the central service refused (kept for the store manager): both sides' facts."""

    id: str
    store_id: str | None
    kind: str
    order_id: str | None
    customer_id: str | None
    associate_id: str | None
    created_at: str | None
    local_time: str | None
    code: str | None
    message: str | None
    details: dict[str, Any]
    status: str
    resolved_by: str | None
    resolved_at: str | None
    resolution: str | None
    pending: bool = False
    """A resolution recorded here that the central service has not confirmed yet."""
