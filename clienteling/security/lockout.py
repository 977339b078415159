"""Lock-out after repeated wrong PINs: per person, in memory (a restart clears it; the PIN hash
stays slow to guess)."""

from __future__ import annotations

import time
from collections.abc import Callable

from clienteling.domain.rules import DomainError

MAX_TRIES = 5
LOCK_SECONDS = 300.0


class Lockout:
    """Counts wrong PINs per key; MAX_TRIES in a row lock that key for LOCK_SECONDS."""

    def __init__(self, monotonic: Callable[[], float] = time.monotonic, who: str = "this person") -> None:
        self.monotonic = monotonic
        self.who = who
        self._failures: dict[str, int] = {}
        self._locked_until: dict[str, float] = {}

    def check(self, key: str) -> None:
        """DomainError ``locked`` while ``key`` is locked out."""
        left = self._locked_until.get(key, 0.0) - self.monotonic()
        if left > 0:
            minutes = max(1, round(left / 60))
            raise DomainError("locked", f"Too many wrong PINs: try again in {minutes} minute(s).")

    def failed(self, key: str) -> DomainError:
        """Record a wrong PIN; the error to raise (``wrong_pin`` with tries left, or ``locked``)."""
        failures = self._failures.get(key, 0) + 1
        if failures >= MAX_TRIES:
            self._failures.pop(key, None)
            self._locked_until[key] = self.monotonic() + LOCK_SECONDS
            return DomainError("locked", f"Too many wrong PINs: {self.who} is locked for "
                                         f"{round(LOCK_SECONDS / 60)} minutes.")
        self._failures[key] = failures
        return DomainError("wrong_pin", f"Wrong PIN ({MAX_TRIES - failures} tries left).")

    def succeeded(self, key: str) -> None:
        self._failures.pop(key, None)
