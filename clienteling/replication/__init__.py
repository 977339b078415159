"""Replication between the local cache and the central service (no Qt)."""

from clienteling.replication.replicator import Replicator, bootstrap_order
from clienteling.replication.status import ScopeProgress, SyncReport, SyncStatus

__all__ = ["Replicator", "ScopeProgress", "SyncReport", "SyncStatus", "bootstrap_order"]
