"""Loyalty: balance and redemption."""

from __future__ import annotations

from sync import protocol as p

from clienteling.cache import Cache, effects, outbox, repos
from clienteling.domain.models import LedgerEntry, LoyaltyBalance, RedeemAllowance, Reward
from clienteling.domain.models import Approval
from clienteling.domain.rules import REWARDS, DomainError, check_redeem, check_redeem_cap
from clienteling.services.clock import Clock, iso, utc_now


OFFLINE_CAP = "offline_redeem_cap"
"""What a manager approves to let this terminal redeem more than its offline cap (``Approval.needs``;
its ``refund_cents`` holds the points approved)."""


class LoyaltyService:
    """Balances that never double count, and redemptions queued as ``loyalty.redeem``.

    ``offline_redeem_cap_points``: the most points this terminal redeems for one customer before
    the central service has confirmed them (the config setting of the same name; 0 = none).
    """

    def __init__(self, cache: Cache, clock: Clock = utc_now, offline_redeem_cap_points: int = 1000) -> None:
        self.cache = cache
        self.clock = clock
        self.cap = max(0, int(offline_redeem_cap_points))

    @staticmethod
    def rewards() -> tuple[Reward, ...]:
        """The reward catalogue offered at the counter."""
        return REWARDS

    def allowance(self, customer_id: str, online: bool | None = None) -> RedeemAllowance:
        """The balance, the offline cap and what may be redeemed now. Online, the central service
        checks the balance itself at once, so the cap (a limit on unconfirmed promises) is lifted."""
        return self._allowance(self.balance(customer_id), online)

    def _allowance(self, balance: LoyaltyBalance, online: bool | None = None) -> RedeemAllowance:
        cap = max(self.cap, balance.available + balance.pending_redeemed) if online else self.cap
        return RedeemAllowance(available=balance.available, cap=cap, unconfirmed=balance.pending_redeemed)

    def balance(self, customer_id: str) -> LoyaltyBalance:
        """Server balance minus redemptions made here and not yet confirmed."""
        with self.cache.read() as conn:
            balance = repos.balance_of(conn, customer_id)
        if balance is None:
            raise DomainError("not_found", "This customer is not in this terminal's cache.")
        return balance

    def redeem(self, customer_id: str, points: int, description: str, associate_id: str | None,
               online: bool | None = None, approval: Approval | None = None) -> LedgerEntry:
        """Record a local redemption row (negative points, pending) and queue it, in one transaction.
        Offline (or not known to be online) the offline cap applies to unconfirmed points, unless a
        manager approved these points (``approval`` covering ``points`` for OFFLINE_CAP; it travels
        as ``override``); the balance rule always applies."""
        ledger_id = outbox.new_id()
        now = iso(self.clock())
        approved = approval is not None and approval.covers(points, (OFFLINE_CAP,))
        with self.cache.write() as conn:
            balance = repos.balance_of(conn, customer_id)
            if balance is None:
                raise DomainError("not_found", "This customer is not in this terminal's cache.")
            allowance = self._allowance(balance, online)
            if approved:
                check_redeem(balance, points)
            else:
                check_redeem_cap(allowance, points)
            args = {"ledger_id": ledger_id, "customer_id": customer_id, "points": points,
                    "description": description}
            if approved and points > allowance.cap_left:
                args["override"] = {"manager_id": approval.manager_id, "reason": approval.reason}
            effects.record(conn, p.LOYALTY_REDEEM, args, associate_id, now)
            store_id = conn.exec_driver_sql("SELECT value FROM device WHERE key = 'store_id'").scalar()
        return LedgerEntry(ledger_id, customer_id, now, "redeem", -points, None, store_id, description,
                           pending=True)
