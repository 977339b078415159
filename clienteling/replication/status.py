"""What replication reports to the UI: plain dataclasses delivered through callbacks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple


class ScopeProgress(NamedTuple):
    """Download progress of one scope's snapshot."""

    scope: str
    rows_received: int
    total_rows: int
    percent: float
    eta_s: float | None


@dataclass
class SyncStatus:
    """The status bar's view of replication."""

    online: bool | None = None          # None: not known yet
    last_sync_at: str | None = None     # UTC ISO of the last complete pull
    generation: int = 0                 # +1 whenever a pull applied rows (screens refresh on it)
    live: bool = False                  # following the change feed right now (long-poll open)
    pending: int = 0
    rejected: int = 0
    bootstrapping: bool = False
    searchable: bool = False            # every customer of the region is in the search index
    progress: dict[str, ScopeProgress] = field(default_factory=dict)
    last_error: str | None = None
    last_error_kind: str | None = None


@dataclass
class SyncReport:
    """What one :meth:`Replicator.sync_once` did."""

    pushed: int = 0
    applied: int = 0
    rejected: int = 0
    replayed: int = 0
    snapshot_rows: int = 0
    changed_rows: int = 0
    resets: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def add_push(self, counts: dict[str, int]) -> None:
        self.applied += counts.get("applied", 0)
        self.rejected += counts.get("rejected", 0)
        self.replayed += counts.get("replayed", 0)
