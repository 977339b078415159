"""The outbox as the associate sees it: counts for the status bar, lists for the outbox screen."""

from __future__ import annotations

from clienteling.cache import Cache
from clienteling.cache import outbox as store
from clienteling.domain.models import Outcome, OutboxEntry


class OutboxService:
    def __init__(self, cache: Cache) -> None:
        self.cache = cache

    def counts(self) -> dict[str, int]:
        """``{"pending": n, "applied": n, "rejected": n}``."""
        with self.cache.read() as conn:
            return store.counts(conn).as_dict()

    def list(self, status: str | None = None, limit: int = 500) -> list[OutboxEntry]:
        """Entries newest first, of one status (pending | applied | rejected) or all."""
        with self.cache.read() as conn:
            return store.entries(conn, status, limit)

    def outcome(self, mutation_id: str) -> Outcome:
        """Where the mutation ``mutation_id`` stands: pending, applied or rejected (with the reason)."""
        with self.cache.read() as conn:
            row = conn.exec_driver_sql("SELECT status, code, message FROM outbox WHERE id = ?",
                                       (mutation_id,)).first()
        if row is None:
            return Outcome("pending")
        return Outcome(row[0], row[1], row[2])
