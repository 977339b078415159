"""Manager approvals at the counter: a manager of this store confirms an override with their PIN."""

from __future__ import annotations

import time
from typing import Callable

from sync.pins import verify_pin

from clienteling.cache import Cache, pickup_reads
from clienteling.domain.models import Approval
from clienteling.domain.rules import DomainError
from clienteling.security.lockout import Lockout
from clienteling.services.sessions import SessionService
from clienteling.services.clock import Clock, utc_now


class ApprovalService:
    """Checks a manager's PIN against the cached hash; 5 wrong PINs lock that manager for 5 minutes
    (kept in memory: a restart clears it, the PIN hash stays slow to guess)."""

    def __init__(self, cache: Cache, clock: Clock = utc_now, monotonic: Callable[[], float] = time.monotonic,
                 lockout: Lockout | None = None) -> None:
        self.cache = cache
        self.clock = clock
        self.lockout = lockout or Lockout(monotonic)  # shared with sign-in: one count of wrong PINs

    def managers(self) -> list[tuple[str, str]]:
        """(id, display name) of this store's active managers who have a PIN, by name."""
        return [(s.associate_id, s.name) for s in SessionService(self.cache).roster() if s.role == "manager"]

    def approve(self, manager_id: str, pin: str, reason: str, refund_cents: int = 0,
                needs: tuple[str, ...] = ()) -> Approval:
        """An approval by ``manager_id`` if ``pin`` is theirs, bound to the refund and the needs the
        manager saw (``ReturnPreview.refund_cents`` / ``approval_codes``); DomainError wrong_pin |
        locked | not_manager."""
        self.lockout.check(manager_id)
        reason = (reason or "").strip()
        if not reason:
            raise DomainError("invalid_arguments", "Say why the manager approves this.")
        with self.cache.read() as conn:
            store = pickup_reads.store_id(conn)
            row = conn.exec_driver_sql(
                "SELECT a.first_name, a.last_name, a.role, coalesce(a.active, 1), a.store_id, p.pin_hash "
                "FROM associates a LEFT JOIN pins p ON p.id = a.id WHERE a.id = ?", (manager_id,)).first()
        if row is None or row[2] != "manager" or not row[3] or row[4] != store:
            raise DomainError("not_manager", "Only an active manager of this store can approve.")
        if not row[5]:
            raise DomainError("not_manager", "This manager has no PIN set up on this terminal yet.")
        if not verify_pin(pin, row[5]):
            raise self.lockout.failed(manager_id)
        self.lockout.succeeded(manager_id)
        name = " ".join(x for x in row[:2] if x) or manager_id
        return Approval(manager_id=manager_id, manager_name=name, reason=reason[:200], refund_cents=int(refund_cents),
                        needs=tuple(needs))
