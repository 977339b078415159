"""Incidents: counter facts the central service refused, for this store's manager to resolve."""

from __future__ import annotations

from typing import Any, Iterable

from sync import protocol as p

from clienteling.cache import Cache, effects, pickup_reads, return_reads
from clienteling.domain.models import Incident, WriteResult
from clienteling.domain.rules import DomainError
from clienteling.services.clock import Clock, iso, utc_now


ID_KINDS = {"order_id": "orders", "line_id": "order_lines", "order_line_id": "order_lines",
            "associate_id": "associates", "manager_id": "associates", "resolved_by": "associates",
            "store_id": "stores", "pickup_store_id": "stores", "customer_id": "customers", "sku": "products"}
"""Keys of incident details that hold an id, and what kind of row it names."""

_NAME_SQL = {
    "orders": "SELECT id, order_number FROM orders WHERE id IN ({marks})",
    "order_lines": "SELECT l.id, coalesce(p.name, l.sku) FROM order_lines l LEFT JOIN products p ON p.id = l.sku "
                   "WHERE l.id IN ({marks})",
    "associates": "SELECT id, trim(coalesce(first_name, '') || ' ' || coalesce(last_name, '')) FROM associates "
                  "WHERE id IN ({marks})",
    "stores": "SELECT id, name FROM stores WHERE id IN ({marks})",
    "customers": "SELECT id, trim(coalesce(first_name, '') || ' ' || coalesce(last_name, '')) FROM customers "
                 "WHERE id IN ({marks})",
    "products": "SELECT id, name FROM products WHERE id IN ({marks})",
}


def _ids(value: Any, out: dict[str, set[str]]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ID_KINDS and isinstance(item, str) and item:
                out.setdefault(ID_KINDS[key], set()).add(item)
            else:
                _ids(item, out)
    elif isinstance(value, list):
        for item in value:
            _ids(item, out)


class IncidentService:
    """This store's incidents; resolving one is a manager's job (the central service checks)."""

    def __init__(self, cache: Cache, clock: Clock = utc_now) -> None:
        self.cache = cache
        self.clock = clock

    def list(self, status: str | None = "open", limit: int = 200) -> list[Incident]:
        """Incidents of this store, newest first (``status`` None: all)."""
        with self.cache.read() as conn:
            return return_reads.incidents(conn, pickup_reads.store_id(conn), status, limit)

    def names(self, incidents: Iterable[Incident]) -> dict[tuple[str, str], str]:
        """What the ids in these incidents' details name, from the cache: ``(kind, id)`` -> order
        number, product name, associate / store / customer name (ids not cached are left out)."""
        wanted: dict[str, set[str]] = {}
        for incident in incidents:
            _ids(incident.details, wanted)
            _ids({"order_id": incident.order_id, "customer_id": incident.customer_id}, wanted)
        out: dict[tuple[str, str], str] = {}
        with self.cache.read() as conn:
            for kind, ids in wanted.items():
                ordered = sorted(ids)
                for start in range(0, len(ordered), 500):
                    chunk = ordered[start:start + 500]
                    sql = _NAME_SQL[kind].format(marks=", ".join("?" * len(chunk)))
                    out.update(((kind, row_id), name) for row_id, name in conn.exec_driver_sql(sql, tuple(chunk))
                               if name)
        return out

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
