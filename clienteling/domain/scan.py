"""What a scanned code is: a loyalty card, a product barcode, an order number, a pickup code or
an associate's badge.

Pure functions (no Qt): the scanner widget only detects a burst of keys; this decides what the
burst means. The formats follow the central service's identifiers: loyalty numbers are 10
digits ending in a Luhn check digit, product barcodes EAN-13, order numbers a channel letter
(W online / app, R in store) and 7 digits, pickup codes 6 characters without look-alikes; staff badges read ``BADGE-`` and the badge's number.
"""

from __future__ import annotations

import re
from typing import Literal

from sync.codes import PICKUP_ALPHABET, ean13_valid, luhn_valid  # noqa: F401 (re-exported)

ScanKind = Literal["loyalty", "product", "order", "pickup", "badge", "unknown"]

_ORDER = re.compile(r"^[WR]\d{7}$")
_PICKUP = re.compile(f"^[{PICKUP_ALPHABET}]{{6}}$")
_BADGE = re.compile(r"^BADGE-[A-Z0-9-]{1,40}$")


def classify(code: str) -> tuple[ScanKind, str]:
    """``(kind, value)`` of a scanned or typed code; ``value`` is normalised (trimmed, upper-case
    letters, a 12-digit UPC-A as its EAN-13)."""
    value = (code or "").strip().replace(" ", "")
    upper = value.upper()
    if len(value) == 10 and luhn_valid(value):
        return "loyalty", value
    if len(value) == 12 and value.isdigit() and ean13_valid("0" + value):
        return "product", "0" + value
    if ean13_valid(value):
        return "product", value
    if _ORDER.match(upper):
        return "order", upper
    if _PICKUP.match(upper) and not upper.isdigit():
        return "pickup", upper
    if _BADGE.match(upper):
        return "badge", value
    return "unknown", value
