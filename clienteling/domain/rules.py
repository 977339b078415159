"""Pure business rules checked at the counter before a mutation is queued.

The server re-checks everything (it is authoritative); these rules stop obvious mistakes early
and make the associate see the reason immediately, online or not.
"""

from __future__ import annotations

import re
from typing import Any

from sync.protocol import VERIFY_ID_DOCUMENT, VERIFY_PICKUP_CODE

from clienteling.domain.models import LoyaltyBalance, Order, Verification

CUSTOMER_EDITABLE_FIELDS = ("first_name", "last_name", "email", "phone", "birthday",
                            "preferences", "consent")
COLLECTABLE_STATUSES = ("ready",)
MAX_NOTE_LENGTH = 4000
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class DomainError(ValueError):
    """A request the rules refuse; ``code`` is machine-readable, the message is for the associate."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def check_note(body: str) -> str:


    """The trimmed note body, or DomainError."""
    text = (body or "").strip()
    if not text:
        raise DomainError("invalid_arguments", "A note cannot be empty.")
    if len(text) > MAX_NOTE_LENGTH:
        raise DomainError("invalid_arguments", f"A note is limited to {MAX_NOTE_LENGTH} characters.")
    return text


def check_customer_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """Only editable fields, with light format checks."""
    if not fields:
        raise DomainError("invalid_arguments", "Nothing to change.")
    unknown = set(fields) - set(CUSTOMER_EDITABLE_FIELDS)
    if unknown:
        raise DomainError("invalid_arguments", f"These fields cannot be edited: {', '.join(sorted(unknown))}")
    email = fields.get("email")
    if email and not _EMAIL.match(email):
        raise DomainError("invalid_arguments", "That email address does not look right.")
    birthday = fields.get("birthday")
    if birthday and not _DATE.match(birthday):
        raise DomainError("invalid_arguments", "Birthday must be a date (YYYY-MM-DD).")
    for key in ("preferences", "consent"):
        if key in fields and fields[key] is not None and not isinstance(fields[key], dict):
            raise DomainError("invalid_arguments", f"{key} must be an object.")
    return dict(fields)


def check_redeem(balance: LoyaltyBalance, points: int) -> None:


    """Positive points within the available balance, or DomainError."""
    if not isinstance(points, int) or isinstance(points, bool) or points <= 0:
        raise DomainError("invalid_arguments", "Points to redeem must be a positive whole number.")
    if points > balance.available:
        raise DomainError("insufficient_points",
                          f"Only {balance.available} points are available.")


def check_pickup(order: Order, verification: Verification, store_id: str | None) -> None:
    """The order must be ready for pickup (at this store) and the verification must match."""
    if order.fulfilment not in (None, "pickup"):
        raise DomainError("not_collectable", "This order is not a pickup order.")
    if order.status == "collected":
        raise DomainError("already_collected", "This order has already been collected.")
    if order.status not in COLLECTABLE_STATUSES:
        raise DomainError("not_collectable", f"This order is {order.status}, not ready for pickup.")
    if store_id and order.pickup_store_id and order.pickup_store_id != store_id:
        raise DomainError("not_collectable", "This order is to be collected at another store.")
    if verification.method == VERIFY_PICKUP_CODE:
        given = (verification.code or "").strip().upper()
        if not given or given != (order.pickup_code or "").strip().upper():
            raise DomainError("verification_failed", "The pickup code does not match.")
    elif verification.method != VERIFY_ID_DOCUMENT:
        raise DomainError("invalid_arguments", "Verify the pickup with the code or an ID.")
