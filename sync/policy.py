"""Return and pickup rules, shared by the central service (which enforces them) and the terminal
(which applies and explains them offline).

The policy is central configuration: the ``settings`` row ``policy`` (catalog scope) holds
:meth:`Policy.to_dict`; ``clienteling-central set-policy --file policy.toml`` replaces it and the
change reaches every terminal through the change feed. Everything here is pure: no I/O, times are
ISO-8601 UTC strings as on the wire.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from sync import protocol

POINTS_PER_CENTS = 100
"""Loyalty earn rate: one point per this many cents spent (reversed the same way on returns)."""

POLICY_SETTING = "policy"
"""Id of the ``settings`` row that holds the policy."""


class PolicyError(ValueError):
    """A policy value that cannot be used; ``key`` names it (dotted), ``expected`` what it needs."""

    def __init__(self, key: str, expected: str) -> None:
        super().__init__(f"{key}: expected {expected}")
        self.key = key
        self.expected = expected


@dataclass(frozen=True)
class ReturnRules:
    window_days: dict[str, int] = field(default_factory=lambda: {
        "default": 30, "shoes": 30, "outerwear": 45, "accessories": 14, "bags": 14})
    """Days after the purchase during which a line can be returned, per product category."""
    damaged_reasons: tuple[str, ...] = ("defective", "not_as_described")
    """A damaged item is taken back only for these reasons."""
    receiptless_max_returns: int = 2
    receiptless_max_cents: int = 15_000
    receiptless_period_days: int = 90
    """Receipt-less returns per customer within the period, and the value they may refund; beyond
    either a manager approves."""
    receiptless_price_days: int = 90
    """A receipt-less return refunds the lowest price the SKU sold at within these days (or its
    current price if lower)."""
    receiptless_refund_methods: tuple[str, ...] = ("store_credit", "exchange")

    def window_for(self, category: str | None) -> int:
        return self.window_days.get(category or "", self.window_days.get("default", 30))


@dataclass(frozen=True)
class PickupRules:
    ready_within_hours: float = 2.0
    """A pickup order should be ready this long after it was placed (SLA)."""
    collect_within_days: int = 7
    """A ready order not collected within this many days expires."""


@dataclass(frozen=True)
class Policy:
    returns: ReturnRules = field(default_factory=ReturnRules)
    pickups: PickupRules = field(default_factory=PickupRules)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["returns"]["damaged_reasons"] = list(self.returns.damaged_reasons)
        out["returns"]["receiptless_refund_methods"] = list(self.returns.receiptless_refund_methods)
        return out

    @classmethod
    def from_dict(cls, data: Any) -> Policy:
        """Validate a policy (from TOML, JSON or the settings row); unknown keys are errors."""
        if not isinstance(data, dict):
            raise PolicyError("policy", "a table with [returns] and [pickups]")
        _no_unknown("", data, {"returns", "pickups"})
        r = data.get("returns", {})
        p = data.get("pickups", {})
        if not isinstance(r, dict):
            raise PolicyError("returns", "a table")
        if not isinstance(p, dict):
            raise PolicyError("pickups", "a table")
        default_r, default_p = ReturnRules(), PickupRules()
        _no_unknown("returns.", r, set(asdict(default_r)))
        _no_unknown("pickups.", p, set(asdict(default_p)))
        windows = r.get("window_days", default_r.window_days)
        if not isinstance(windows, dict) or not windows:
            raise PolicyError("returns.window_days", "a table of category = days")
        for cat, days in windows.items():
            _int(f"returns.window_days.{cat}", days, 0, 3650)
        returns = ReturnRules(
            window_days={str(k): int(v) for k, v in windows.items()},
            damaged_reasons=_choices("returns.damaged_reasons",
                                     r.get("damaged_reasons", default_r.damaged_reasons),
                                     protocol.RETURN_REASONS),
            receiptless_max_returns=_int("returns.receiptless_max_returns",
                                         r.get("receiptless_max_returns", default_r.receiptless_max_returns), 0, 1000),
            receiptless_max_cents=_int("returns.receiptless_max_cents",
                                       r.get("receiptless_max_cents", default_r.receiptless_max_cents), 0, 10**9),
            receiptless_period_days=_int("returns.receiptless_period_days",
                                         r.get("receiptless_period_days", default_r.receiptless_period_days), 1, 3650),
            receiptless_price_days=_int("returns.receiptless_price_days",
                                        r.get("receiptless_price_days", default_r.receiptless_price_days), 1, 3650),
            receiptless_refund_methods=_choices("returns.receiptless_refund_methods",
                                                r.get("receiptless_refund_methods",
                                                      default_r.receiptless_refund_methods),
                                                protocol.REFUND_METHODS),
        )
        hours = p.get("ready_within_hours", default_p.ready_within_hours)
        if isinstance(hours, bool) or not isinstance(hours, (int, float)) or not 0 < hours <= 24 * 14:
            raise PolicyError("pickups.ready_within_hours", "a number of hours between 0 and 336")
        pickups = PickupRules(
            ready_within_hours=float(hours),
            collect_within_days=_int("pickups.collect_within_days",
                                     p.get("collect_within_days", default_p.collect_within_days), 1, 90),
        )
        return cls(returns=returns, pickups=pickups)


DEFAULT_POLICY = Policy()


def _no_unknown(prefix: str, data: dict[str, Any], known: set[str]) -> None:
    for key in data:
        if key not in known:
            raise PolicyError(f"{prefix}{key}", f"one of {', '.join(sorted(known))} (unknown key)")


def _int(key: str, value: Any, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise PolicyError(key, f"a whole number from {lo} to {hi}")
    return value


def _choices(key: str, value: Any, allowed: tuple[str, ...]) -> tuple[str, ...]:
    if not isinstance(value, (list, tuple)) or any(v not in allowed for v in value):
        raise PolicyError(key, f"a list drawn from {', '.join(allowed)}")
    return tuple(value)


# ----- times -------------------------------------------------------------------------------------

def parse_time(value: str | None) -> datetime | None:
    """An ISO-8601 time as aware UTC, or None when missing or unreadable."""
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when.replace(tzinfo=timezone.utc) if when.tzinfo is None else when.astimezone(timezone.utc)


def iso(when: datetime) -> str:
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# ----- returns -----------------------------------------------------------------------------------

RETURNED_STATUSES = {"completed": "placed_at", "delivered": "placed_at", "collected": "collected_at"}
"""Order statuses whose goods the customer has, and the column the return window starts from."""


@dataclass(frozen=True)
class LineVerdict:
    """How many units of an order line can still come back; when none, why (``code`` is stable,
    ``message`` is English for logs and rejections; the terminal translates by ``code``)."""

    returnable_qty: int
    code: str | None = None
    message: str | None = None
    window_ends: str | None = None


def purchase_time(order: dict[str, Any]) -> str | None:
    """When the customer got the goods (the return window starts there), or None if they have not."""
    column = RETURNED_STATUSES.get(order.get("status") or "")
    if column is None:
        return None
    return order.get(column) or order.get("placed_at")


def line_verdict(rules: ReturnRules, *, order: dict[str, Any], line: dict[str, Any], category: str | None,
                 final_sale: bool, now: str, pending_qty: int = 0) -> LineVerdict:
    """Whether a line of ``order`` can be returned ``now``. ``pending_qty``: units of this line in
    returns not yet accepted by the server (the terminal's outbox)."""
    bought = purchase_time(order)
    if bought is None:
        return LineVerdict(0, "not_received", f"the order is {order.get('status') or 'not complete'}: "
                                              "the customer does not have these goods")
    remaining = int(line.get("qty") or 0) - int(line.get("returned_qty") or 0) - pending_qty
    collected = line.get("collected_qty")
    if order.get("fulfilment") == "pickup" and collected is not None:
        remaining = min(remaining, int(collected) - int(line.get("returned_qty") or 0) - pending_qty)
    if final_sale:
        return LineVerdict(0, "final_sale", "final sale: not returnable")
    if remaining <= 0:
        return LineVerdict(0, "fully_returned",
                           f"already returned ({int(line.get('returned_qty') or 0) + pending_qty} "
                           f"of {int(line.get('qty') or 0)})")
    start = parse_time(bought)
    days = rules.window_for(category)
    ends = iso(start + timedelta(days=days)) if start else None
    at = parse_time(now)
    if start is not None and at is not None and at > start + timedelta(days=days):
        return LineVerdict(0, "window_ended",
                           f"the {days}-day return window for {category or 'this item'} ended on {ends[:10]}",
                           ends)
    return LineVerdict(remaining, window_ends=ends)


def condition_problem(rules: ReturnRules, condition: str, reason: str) -> tuple[str, str] | None:
    """(code, message) when an item in this condition cannot come back for this reason."""
    if condition not in protocol.RETURN_CONDITIONS:
        return "invalid", f"unknown condition {condition!r}"
    if reason not in protocol.RETURN_REASONS:
        return "invalid", f"unknown reason {reason!r}"
    if condition == "damaged" and reason not in rules.damaged_reasons:
        return "condition", ("a damaged item is taken back only as "
                             + " or ".join(r.replace("_", " ") for r in rules.damaged_reasons))
    return None


@dataclass(frozen=True)
class ReceiptlessAllowance:
    """What a customer may still return without a receipt in the current period."""

    returns_left: int
    cents_left: int
    period_days: int

    def allows(self, cents: int) -> bool:
        return self.returns_left >= 1 and cents <= self.cents_left


def receiptless_allowance(rules: ReturnRules, past: list[tuple[str, int]], now: str) -> ReceiptlessAllowance:
    """``past``: (created_at, refund_cents) of the customer's receipt-less returns (accepted or
    pending); those within the period count against the limits."""
    at = parse_time(now) or datetime.now(timezone.utc)
    since = at - timedelta(days=rules.receiptless_period_days)
    recent = [cents for created, cents in past if (parse_time(created) or at) >= since]
    return ReceiptlessAllowance(
        returns_left=max(0, rules.receiptless_max_returns - len(recent)),
        cents_left=max(0, rules.receiptless_max_cents - sum(recent)),
        period_days=rules.receiptless_period_days,
    )


def receiptless_price(current_price_cents: int, recent_paid_cents: list[int]) -> int:
    """The lowest recent price: the lowest paid within the look-back, or the current price if lower."""
    return min([current_price_cents, *recent_paid_cents])


def points_for(cents: int) -> int:
    """Points earned on (and reversed for) this many cents."""
    return max(0, cents) // POINTS_PER_CENTS


# ----- pickups -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class PickupAging:
    """Where a pickup order stands against its SLA: ``due_at`` is when it should be ready (placed,
    picking) or when it expires (ready); ``overdue`` once ``now`` is past it."""

    due_at: str | None
    overdue: bool
    minutes_left: int | None


def pickup_aging(rules: PickupRules, order: dict[str, Any], now: str) -> PickupAging:
    status = order.get("status")
    if status in ("placed", "picking"):
        start, span = parse_time(order.get("placed_at")), timedelta(hours=rules.ready_within_hours)
    elif status == "ready":
        start, span = parse_time(order.get("ready_at")), timedelta(days=rules.collect_within_days)
    else:
        return PickupAging(None, False, None)
    at = parse_time(now)
    if start is None or at is None:
        return PickupAging(None, False, None)
    due = start + span
    left = int((due - at).total_seconds() // 60)
    return PickupAging(iso(due), left < 0, left)


def expires_before(rules: PickupRules, now: str) -> str:
    """Ready orders with ``ready_at`` before this time are due to expire."""
    at = parse_time(now) or datetime.now(timezone.utc)
    return iso(at - timedelta(days=rules.collect_within_days))
