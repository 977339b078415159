"""Replication between the local cache and the central service (no Qt)."""

from clienteling.replication.bootstrap import bootstrap_order
from clienteling.replication.replicator import Replicator
from clienteling.replication.status import ScopeProgress, SyncReport, SyncStatus

__all__ = ["Replicator", "ScopeProgress", "SyncReport", "SyncStatus", "bootstrap_order"]
