"""Associate PINs: salted scrypt hashes, the same format on the central service and the terminal.

A stored hash reads ``scrypt$<n>$<r>$<p>$<salt b64>$<hash b64>``; the parameters travel with it,
so stronger ones can be introduced without invalidating existing PINs. Only hashes are stored or
synced; a PIN itself is never written anywhere.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

PIN_MIN, PIN_MAX = 4, 8
STRONG = (2**15, 8, 1)
"""scrypt parameters for PINs set by people (about 0.1 s per check)."""
_MAXMEM = 128 * 1024 * 1024


class PinError(ValueError):
    """A PIN that does not have the required form."""


def check_pin_format(pin: str) -> str:
    """The PIN if it is 4 to 8 digits; PinError otherwise."""
    if not isinstance(pin, str) or not pin.isdigit() or not PIN_MIN <= len(pin) <= PIN_MAX or not pin.isascii():
        raise PinError(f"a PIN is {PIN_MIN} to {PIN_MAX} digits")
    return pin


def hash_pin(pin: str, *, params: tuple[int, int, int] = STRONG, salt: bytes | None = None) -> str:
    """A new salted hash of ``pin``."""
    check_pin_format(pin)
    n, r, p = params
    salt = os.urandom(16) if salt is None else salt
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, maxmem=_MAXMEM, dklen=32)
    b64 = base64.b64encode
    return f"scrypt${n}${r}${p}${b64(salt).decode()}${b64(digest).decode()}"


def verify_pin(pin: str, stored: str | None) -> bool:
    """Whether ``pin`` matches the stored hash (False for a malformed hash or PIN)."""
    if not stored or not isinstance(pin, str) or not pin.isdigit():
        return False
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest, validate=True)
        actual = hashlib.scrypt(pin.encode(), salt=base64.b64decode(salt, validate=True), n=int(n),
                                r=int(r), p=int(p), maxmem=_MAXMEM, dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


BADGE_MIN = 6
"""Shortest badge code accepted (a badge is a printed barcode, so it is a name more than a secret)."""


def badge_hash(code: str) -> str:
    """The stored form of a badge code: SHA-256 of the trimmed code, hex (looked up by equality,
    so a badge scan finds its associate with one index probe)."""
    code = (code or "").strip()
    if len(code) < BADGE_MIN:
        raise PinError(f"a badge code has at least {BADGE_MIN} characters")
    return hashlib.sha256(b"clienteling-badge:" + code.encode()).hexdigest()
