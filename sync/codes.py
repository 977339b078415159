"""Identifier formats both sides agree on: loyalty numbers (digits + a Luhn check digit),
EAN-13 product barcodes, pickup-code characters. Pure functions, no dependencies."""

from __future__ import annotations

PICKUP_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
"""Pickup-code characters: no 0/O, 1/I/L look-alikes."""

_LUHN_DOUBLE = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)


def luhn_digit(body: str) -> str:
    """The Luhn check digit to append to ``body`` (as in loyalty numbers)."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = ord(ch) - 48
        total += _LUHN_DOUBLE[d] if i % 2 == 0 else d
    return str(-total % 10)


def luhn_valid(number: str) -> bool:
    """True when the last digit is the Luhn check digit of the others."""
    return number.isdigit() and len(number) > 1 and luhn_digit(number[:-1]) == number[-1]


def ean13_digit(body12: str) -> str:
    """The EAN-13 check digit of 12 leading digits (weights 1, 3, 1, 3, ... from the left)."""
    total = sum((ord(c) - 48) * (3 if i % 2 else 1) for i, c in enumerate(body12))
    return str(-total % 10)


def ean13_valid(code: str) -> bool:
    """True for 13 digits whose last is the EAN-13 check digit."""
    return len(code) == 13 and code.isdigit() and ean13_digit(code[:12]) == code[12]
