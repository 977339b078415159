"""Use cases over the cache. Every write = local change + outbox row in one transaction.

Service methods are synchronous; the caller runs them on the DbWorker thread.
"""

from clienteling.services.customers import CustomerService
from clienteling.services.loyalty import LoyaltyService
from clienteling.services.notes import NoteService
from clienteling.services.outbox import OutboxService
from clienteling.services.pickups import PickupService

__all__ = ["CustomerService", "LoyaltyService", "NoteService", "OutboxService", "PickupService"]
