"""Use cases over the cache. Every write = local change + outbox row in one transaction.

Service methods are synchronous; the caller runs them on the DbWorker thread.
"""

from clienteling.services.customers import CustomerService
from clienteling.services.loyalty import LoyaltyService
from clienteling.services.notes import NoteService
from clienteling.services.outbox import OutboxService
from clienteling.services.approvals import ApprovalService
from clienteling.services.incidents import IncidentService
from clienteling.services.pickups import PickupService
from clienteling.services.returns import ReturnService

__all__ = ["ApprovalService", "CustomerService", "IncidentService", "LoyaltyService", "NoteService",
           "OutboxService", "PickupService", "ReturnService"]
