"""Pure business rules checked at the counter before a mutation is queued.

The server re-checks everything (it is authoritative); these rules stop obvious mistakes early
and make the associate see the reason immediately, online or not.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from sync.protocol import VERIFY_ID_DOCUMENT, VERIFY_PICKUP_CODE

from clienteling.domain.models import (LoyaltyBalance, Order, RedeemAllowance, Reward, TierProgress,
                                       Verification)

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


_ID_LAST4 = re.compile(r"[0-9A-Za-z]{4}")


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
    elif verification.method == VERIFY_ID_DOCUMENT:
        if not (verification.id_type or "").strip():
            raise DomainError("invalid_arguments", "Choose which photo ID the collector showed.")
        if not _ID_LAST4.fullmatch((verification.id_last4 or "").strip()):
            raise DomainError("invalid_arguments",
                              "Type the last 4 characters (letters or digits) of the ID number.")
    else:
        raise DomainError("invalid_arguments", "Verify the pickup with the code or an ID.")


# ----- tiers, rewards, consent, offline redemption cap, tasks -------------------------------------

TIER_FLOORS_CENTS = (("member", 0), ("silver", 50_000), ("gold", 150_000), ("platinum", 500_000))
"""Tier by lifetime value (cents), lowest first: the central service's rule, kept as data here."""

REWARDS = (
    Reward("R500", 500, 500, "$5 off"),
    Reward("R1000", 1_000, 1_000, "$10 off"),
    Reward("R2500", 2_500, 3_000, "$30 off"),
    Reward("R5000", 5_000, 7_500, "$75 off"),
)
"""The reward catalogue the counter offers (points -> money off the next purchase)."""

CONSENT_CHANNELS = ("email", "sms", "phone")
MAX_TASK_TITLE = 200
MAX_OUTREACH_BODY = 500


def tier_for(lifetime_value_cents: int) -> str:
    """The tier a lifetime value earns."""
    tier = TIER_FLOORS_CENTS[0][0]
    for name, floor in TIER_FLOORS_CENTS:
        if lifetime_value_cents >= floor:
            tier = name
    return tier


def tier_progress(lifetime_value_cents: int) -> TierProgress:
    """The tier of a lifetime value and how much more spend reaches the next tier."""
    value = max(0, int(lifetime_value_cents or 0))
    tier = tier_for(value)
    names = [name for name, _ in TIER_FLOORS_CENTS]
    index = names.index(tier)
    if index == len(names) - 1:
        return TierProgress(tier, None, 0, 1.0)
    floor, next_floor = TIER_FLOORS_CENTS[index][1], TIER_FLOORS_CENTS[index + 1][1]
    return TierProgress(tier, names[index + 1], next_floor - value, (value - floor) / (next_floor - floor))


def has_consent(consent: dict[str, Any] | None, channel: str) -> bool:
    """Whether the customer opted in on ``channel`` (missing or malformed = no)."""
    entry = (consent or {}).get(channel)
    return isinstance(entry, dict) and entry.get("opt_in") is True


def consent_with(consent: dict[str, Any] | None, channel: str, opt_in: bool, at: str) -> dict[str, Any]:
    """The whole consent object with one channel changed (``customer.update`` replaces it whole)."""
    if channel not in CONSENT_CHANNELS:
        raise DomainError("invalid_arguments", f"Unknown channel {channel!r}.")
    out = {ch: {"opt_in": bool(c.get("opt_in")), "at": c.get("at")}
           for ch, c in (consent or {}).items() if ch in CONSENT_CHANNELS and isinstance(c, dict)}
    out[channel] = {"opt_in": bool(opt_in), "at": at}
    return out


def check_outreach(consent: dict[str, Any] | None, channel: str, body: str) -> str:
    """The trimmed outreach summary, or DomainError (no consent on that channel, empty text)."""
    if channel not in CONSENT_CHANNELS:
        raise DomainError("invalid_arguments", f"Unknown channel {channel!r}.")
    if not has_consent(consent, channel):
        raise DomainError("no_consent", "The customer has not opted in to be contacted this way.")
    text = (body or "").strip()
    if not text:
        raise DomainError("invalid_arguments", "Say briefly what the contact was about.")
    return text[:MAX_OUTREACH_BODY]


def check_redeem_cap(allowance: RedeemAllowance, points: int) -> None:
    """The balance rule, then the offline cap: refuse what the terminal may not promise alone."""
    check_redeem(LoyaltyBalance("", allowance.available, 0), points)
    if points > allowance.cap_left:
        raise DomainError("offline_cap",
                          f"Up to {allowance.cap_left} points can be redeemed until the central "
                          "service confirms earlier redemptions.")


def check_task(title: str, due_on: str | None) -> tuple[str, str | None]:
    """A trimmed title and an ISO due date (or None), or DomainError."""
    text = (title or "").strip()
    if not text:
        raise DomainError("invalid_arguments", "Say what the follow-up is.")
    if len(text) > MAX_TASK_TITLE:
        raise DomainError("invalid_arguments", f"A follow-up is limited to {MAX_TASK_TITLE} characters.")
    if due_on:
        try:
            due_on = date.fromisoformat(due_on).isoformat()
        except ValueError:
            raise DomainError("invalid_arguments", "The due date must be a date (YYYY-MM-DD).") from None
    return text, due_on or None


def check_preferences(prefs: dict[str, Any]) -> dict[str, Any]:
    """Preferences in the protocol's shape: sizes {category: size}, brands/styles/colours lists."""
    if not isinstance(prefs, dict):
        raise DomainError("invalid_arguments", "Preferences must be an object.")
    unknown = set(prefs) - {"sizes", "brands", "styles", "colours"}
    if unknown:
        raise DomainError("invalid_arguments", f"Unknown preferences: {', '.join(sorted(unknown))}")
    sizes = {}
    for category, size in (prefs.get("sizes") or {}).items():
        category, size = str(category).strip(), str(size or "").strip()
        if category and size:
            if len(size) > 20:
                raise DomainError("invalid_arguments", f"The size for {category} is too long.")
            sizes[category] = size
    out: dict[str, Any] = {"sizes": sizes}
    for key in ("brands", "styles", "colours"):
        seen: list[str] = []
        for item in prefs.get(key) or []:
            text = str(item).strip()
            if len(text) > 60:
                raise DomainError("invalid_arguments", f"“{text[:20]}…” is too long.")
            if text and text.lower() not in (s.lower() for s in seen):
                seen.append(text)
        out[key] = seen
    return out

SIZE_CATEGORIES = ("tops", "knitwear", "bottoms", "dresses", "outerwear", "shoes")
"""Categories the preferences form always offers a size for (a customer may have others too)."""
