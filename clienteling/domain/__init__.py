"""Domain objects and pure rules: no Qt, no SQL, no I/O."""

from clienteling.domain.models import (
    Customer,
    CustomerHit,
    DeviceInfo,
    LedgerEntry,
    LoyaltyBalance,
    Note,
    Order,
    OrderLine,
    OutboxCounts,
    OutboxEntry,
    Verification,
)
from clienteling.domain.rules import DomainError

__all__ = ["Customer", "CustomerHit", "DeviceInfo", "DomainError", "LedgerEntry", "LoyaltyBalance",
           "Note", "Order", "OrderLine", "OutboxCounts", "OutboxEntry", "Verification"]
