"""Incidents: counter facts the central service refused, for this store's manager to resolve."""

from __future__ import annotations

from sync import protocol as p

from clienteling.cache import Cache, effects, pickup_reads, return_reads
from clienteling.domain.models import Incident, WriteResult
from clienteling.domain.rules import DomainError
from clienteling.services.clock import Clock, iso, utc_now


class IncidentService:
    """This store's incidents; resolving one is a manager's job (the central service checks)."""

    def __init__(self, cache: Cache, clock: Clock = utc_now) -> None:
        self.cache = cache
        self.clock = clock

    def list(self, status: str | None = "open", limit: int = 200) -> list[Incident]:
        """Incidents of this store, newest first (``status`` None: all)."""
        with self.cache.read() as conn:
            return return_reads.incidents(conn, pickup_reads.store_id(conn), status, limit)

    def count_open(self) -> int:
        with self.cache.read() as conn:
            return int(conn.exec_driver_sql("SELECT count(*) FROM incidents WHERE status = 'open' AND store_id IS ?",
                                            (pickup_reads.store_id(conn),)).scalar() or 0)

    def resolve(self, incident_id: str, resolution: str, associate_id: str | None) -> WriteResult[Incident]:
        """Close an open incident with a note (queued as ``incident.resolve``)."""
        text = (resolution or "").strip()
        if not text:
            raise DomainError("invalid_arguments", "Write how the incident was resolved.")
        with self.cache.write() as conn:
            found = return_reads.incident(conn, incident_id)
            if found is None:
                raise DomainError("not_found", "This incident is not in this terminal's cache.")
            if found.status != "open":
                raise DomainError("not_open", "This incident is resolved already.")
            if associate_id:
                role = conn.exec_driver_sql("SELECT role FROM associates WHERE id = ?", (associate_id,)).scalar()
                if role is not None and role != "manager":
                    raise DomainError("forbidden", "Only a manager of this store can resolve incidents.")
            entry = effects.record(conn, p.INCIDENT_RESOLVE, {"incident_id": incident_id, "resolution": text[:1000]},
                                   associate_id, iso(self.clock()))
            return WriteResult(return_reads.incident(conn, incident_id), entry.id)  # type: ignore[arg-type]
