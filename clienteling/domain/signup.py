"""Loyalty sign-up at the counter: field validation and duplicate detection (pure rules).

The server re-checks the fields and refuses a second customer with the same email; these rules
let the associate see problems and likely duplicates (same email, same phone digits, a similar
name) before anything is saved.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
_PHONE_CHARS = re.compile(r"^\+?[0-9 ()./-]+$")
_NAME = re.compile(r"^[^\d@<>{}\[\]\\/|=_*#$%^~`]+$")
MAX_NAME = 100

DuplicateReason = Literal["email", "phone", "name"]


@dataclass(frozen=True)
class FieldError:
    """A problem with one field; ``message`` is for the associate (translated by the UI)."""

    field: str
    message: str


@dataclass(frozen=True)
class DuplicateCandidate:
    """An existing customer who may be the person signing up, and why."""

    customer_id: str
    first_name: str | None
    last_name: str | None
    email: str | None
    phone: str | None
    loyalty_number: str | None
    home_store_name: str | None
    reasons: tuple[DuplicateReason, ...]

    @property
    def display_name(self) -> str:
        return " ".join(x for x in (self.first_name, self.last_name) if x)


def phone_digits(phone: str | None) -> str:
    """The digits of a phone number in any format."""
    return re.sub(r"\D", "", phone or "")


def fold_name(name: str | None) -> str:
    """Lower-case, no diacritics, no spaces or punctuation: how similar names are compared."""
    decomposed = unicodedata.normalize("NFKD", (name or "").lower())
    return "".join(ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch))


def clean_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """Trimmed values; empty optional fields become None; the email lower-case."""
    out: dict[str, Any] = {}
    for key in ("first_name", "last_name", "email", "phone", "birthday"):
        value = fields.get(key)
        value = value.strip() if isinstance(value, str) else value
        out[key] = value or None
    if out["email"]:
        out["email"] = out["email"].lower()
    out["preferences"] = fields.get("preferences") or {}
    out["consent"] = fields.get("consent") or {}
    return out


def validate(fields: dict[str, Any], today: date | None = None) -> list[FieldError]:
    """Problems with the sign-up fields (names required; email and phone well-formed; a
    plausible birthday); an empty list when they can be saved. Email or phone is required."""
    f = clean_fields(fields)
    errors: list[FieldError] = []
    for key, label in (("first_name", "First name"), ("last_name", "Last name")):
        value = f[key]
        if not value:
            errors.append(FieldError(key, f"{label} is required."))
        elif len(value) > MAX_NAME or not _NAME.match(value):
            errors.append(FieldError(key, f"{label} contains characters a name does not have."))
    if f["email"] and not _EMAIL.match(f["email"]):
        errors.append(FieldError("email", "That email address does not look right."))
    if f["phone"]:
        digits = len(phone_digits(f["phone"]))
        if not _PHONE_CHARS.match(f["phone"]) or not 7 <= digits <= 15:
            errors.append(FieldError("phone", "A phone number has 7 to 15 digits."))
    if not f["email"] and not f["phone"]:
        errors.append(FieldError("email", "Give an email address or a phone number."))
    if f["birthday"]:
        try:
            born = date.fromisoformat(f["birthday"])
            if born > (today or date.today()) or born.year < 1900:
                errors.append(FieldError("birthday", "That birthday is not plausible."))
        except ValueError:
            errors.append(FieldError("birthday", "Birthday must be a date (YYYY-MM-DD)."))
    return errors


def within_one_edit(a: str, b: str) -> bool:
    """Damerau-Levenshtein distance <= 1 (one insert, delete, replace or swap)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1:]


def similar_name(first_a: str | None, last_a: str | None, first_b: str | None, last_b: str | None) -> bool:
    """Same folded last name, and first names one edit apart or one an initial of the other."""
    la, lb = fold_name(last_a), fold_name(last_b)
    if not la or la != lb:
        return False
    fa, fb = fold_name(first_a), fold_name(first_b)
    if not fa or not fb:
        return False
    if len(fa) == 1 or len(fb) == 1:
        return fa[0] == fb[0]
    return within_one_edit(fa, fb)


def duplicate_reasons(fields: dict[str, Any], other: dict[str, Any]) -> tuple[DuplicateReason, ...]:
    """Why ``other`` (a customer row) may be the person in ``fields`` (empty: not a duplicate)."""
    f = clean_fields(fields)
    reasons: list[DuplicateReason] = []
    if f["email"] and (other.get("email") or "").strip().lower() == f["email"]:
        reasons.append("email")
    digits = phone_digits(f["phone"])
    theirs = phone_digits(other.get("phone"))
    # Same number, also when one side carries a country code the other does not.
    if len(digits) >= 7 and theirs and (theirs == digits or (
            min(len(theirs), len(digits)) >= 9 and (theirs.endswith(digits) or digits.endswith(theirs)))):
        reasons.append("phone")
    if similar_name(f["first_name"], f["last_name"], other.get("first_name"), other.get("last_name")):
        reasons.append("name")
    return tuple(reasons)
