"""Who is at the counter: associates sign in on the shared terminal with their PIN or badge.

PINs are checked against the salted scrypt hashes synced from the central service (``pins``), badges
against the badge hash (``sync.pins.badge_hash``); five wrong PINs lock that associate out for five
minutes. Only active associates of this terminal's store can sign in. Synchronous (DbWorker).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from sync.pins import PinError, badge_hash, verify_pin

from clienteling.cache import Cache, pickup_reads
from clienteling.domain.rules import DomainError
from clienteling.security.lockout import Lockout


@dataclass(frozen=True)
class Session:
    """The signed-in associate. ``by_pin``: signed in with their PIN; a badge alone (a printed
    barcode, easy to copy) does not open a manager's powers."""

    associate_id: str
    name: str
    role: str  # associate | manager
    by_pin: bool = True

    @property
    def is_manager(self) -> bool:
        """A manager who proved it with their PIN."""
        return self.role == "manager" and self.by_pin


_STAFF = ("SELECT a.id, trim(coalesce(a.first_name, '') || ' ' || coalesce(a.last_name, '')), "
          "coalesce(a.role, 'associate'), p.pin_hash FROM associates a JOIN pins p ON p.id = a.id "
          "WHERE a.store_id = ? AND coalesce(a.active, 1) AND p.pin_hash IS NOT NULL")


class SessionService:
    """Sign-in checks (no state but the lock-out; the window keeps the current session)."""

    def __init__(self, cache: Cache, monotonic: Callable[[], float] = time.monotonic,
                 lockout: Lockout | None = None) -> None:
        self.cache = cache
        self.lockout = lockout or Lockout(monotonic)

    def roster(self) -> list[Session]:
        """Everyone who can sign in here (active, with a PIN), managers first, then by name."""
        with self.cache.read() as conn:
            rows = conn.exec_driver_sql(_STAFF + " ORDER BY coalesce(a.role, 'associate') != 'manager', 2, 1",
                                        (pickup_reads.store_id(conn),)).all()
        return [Session(r[0], r[1] or r[0], r[2]) for r in rows]

    def sign_in(self, associate_id: str, pin: str) -> Session:
        """The session of ``associate_id`` if ``pin`` is theirs; DomainError unknown_associate |
        wrong_pin | locked."""
        self.lockout.check(associate_id)
        with self.cache.read() as conn:
            row = conn.exec_driver_sql(_STAFF + " AND a.id = ?", (pickup_reads.store_id(conn), associate_id)).first()
        if row is None:
            raise DomainError("unknown_associate", "This person cannot sign in at this store's terminals.")
        if not verify_pin(pin or "", row[3]):
            raise self.lockout.failed(associate_id)
        self.lockout.succeeded(associate_id)
        return Session(row[0], row[1] or row[0], row[2])

    def sign_in_badge(self, code: str) -> Session:
        """The session of the associate whose badge reads ``code``; DomainError unknown_badge."""
        try:
            digest = badge_hash(code)
        except PinError:
            raise DomainError("unknown_badge", "This badge is not known here.") from None
        with self.cache.read() as conn:
            row = conn.exec_driver_sql(_STAFF + " AND p.badge_hash = ?", (pickup_reads.store_id(conn), digest)).first()
        if row is None:
            raise DomainError("unknown_badge", "This badge is not known here: sign in with your PIN.")
        return Session(row[0], row[1] or row[0], row[2], by_pin=False)
