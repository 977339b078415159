"""The store's audit trail for its managers: who did what when, read from the cached ``audit`` rows
(one per mutation a terminal of this store sent, replicated in the store's location scope).

Entries are filtered and ordered by when the central service recorded them (``applied_at``: the
server's clock, which a terminal cannot set back, and indexed); each also carries the time at the
counter (``local_time``), which is what the screen shows."""

from __future__ import annotations

from dataclasses import dataclass

from clienteling.cache import Cache, kpi_reads, pickup_reads, repos
from clienteling.domain.audit import AuditEntry, period_bounds, target_text
from clienteling.services.clock import Clock, utc_now

LIMIT = 500
"""Entries read at most by default (the newest)."""
MAX_ROWS = 5000

_NAME = "trim(coalesce({t}.first_name, '') || ' ' || coalesce({t}.last_name, ''))"


@dataclass(frozen=True)
class AuditPage:
    """What the audit screen shows for one period and filter: the entries (newest first), the
    store's time zone for their times, the period ``[since, until)``, how many entries were read
    at most and how fresh the cache is."""

    entries: list[AuditEntry]
    tz: str
    since: str
    until: str
    limit: int
    as_of: str | None


class AuditService:
    """Reads the audit trail of this terminal's store."""

    def __init__(self, cache: Cache, clock: Clock = utc_now) -> None:
        self.cache = cache
        self.clock = clock

    def entries(self, since: str, until: str, associate_id: str | None = None, action: str | None = None,
                limit: int = LIMIT) -> list[AuditEntry]:
        """Actions recorded in ``[since, until)`` (UTC ISO), newest first, optionally of one
        associate and one action, with the associate's name and what was acted on in words."""
        where, params = ["a.store_id = ?", "a.applied_at >= ?", "a.applied_at < ?"], [since, until]
        if associate_id:
            where.append("a.associate_id = ?")
            params.append(associate_id)
        if action:
            where.append("a.action = ?")
            params.append(action)
        rows = self._of_this_store(
            f"SELECT a.id, a.local_time, a.applied_at, a.associate_id, {_NAME.format(t='s')}, a.action, "
            f"a.target, a.customer_id, {_NAME.format(t='c')}, o.order_number, a.status, a.code "
            "FROM audit a LEFT JOIN associates s ON s.id = a.associate_id "
            "LEFT JOIN customers c ON c.id = a.customer_id LEFT JOIN orders o ON o.id = a.target "
            f"WHERE {' AND '.join(where)} ORDER BY a.applied_at DESC, a.id DESC LIMIT ?",
            *params, max(1, min(int(limit), MAX_ROWS)))
        return [AuditEntry(id=r[0], at=r[1] or r[2], applied_at=r[2], associate_id=r[3], associate_name=r[4] or "",
                           action=r[5] or "", target=r[6], target_text=target_text(r[5] or "", r[6], r[9], r[8]),
                           customer_id=r[7], status=r[10] or "", code=r[11]) for r in rows]

    def page(self, kind: str = "today", associate_id: str | None = None, action: str | None = None,
             limit: int = LIMIT) -> AuditPage:
        """The entries of the period ``kind`` (today, 7days, 30days: local days of the store)."""
        with self.cache.read() as conn:
            _name, tz = kpi_reads.store_facts(conn, pickup_reads.store_id(conn))
            as_of = repos.last_sync_at(conn)
        since, until = period_bounds(kind, self.clock(), tz)
        return AuditPage(self.entries(since, until, associate_id, action, limit), tz, since, until, limit, as_of)

    def associates(self) -> list[tuple[str, str]]:
        """(id, name) of everyone the filter can pick: this store's staff and anyone the store's
        trail names (former staff, refused strangers), by name."""
        rows = self._of_this_store(
            f"WITH here(id) AS (SELECT ?) SELECT s.id, {_NAME.format(t='s')} FROM associates s, here "
            f"WHERE s.store_id = here.id UNION SELECT a.associate_id, {_NAME.format(t='s')} FROM here, audit a "
            "LEFT JOIN associates s ON s.id = a.associate_id "
            "WHERE a.store_id = here.id AND a.associate_id IS NOT NULL")
        people = {r[0]: (r[1] or r[0]) for r in rows}
        return sorted(people.items(), key=lambda item: (item[1].casefold(), item[0]))

    def _of_this_store(self, sql: str, *params: object) -> list:
        """Rows of ``sql``, whose first parameter is this terminal's store, then ``params``."""
        with self.cache.read() as conn:
            return list(conn.exec_driver_sql(sql, (pickup_reads.store_id(conn), *params)).all())
