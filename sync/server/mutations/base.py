"""What mutation handlers share: the context they run in, rejections, and the state they report.

A handler receives a :class:`MutationContext` and the raw ``args``; it validates, locks the rows
it will change (``ctx.get(..., lock=True)``), writes through ``ctx.upsert`` (which bumps the scope
versions) and returns nothing or a message. A business-rule refusal is ``raise ctx.reject(code,
message)``: the surrounding savepoint is rolled back and the refusal becomes the result. A refusal
of a fact from the counter carries :class:`IncidentFacts`; ``apply.py`` then records an incident
in the same transaction as the result (``incidents.record_incident``).

Every result carries the authoritative state of what the mutation touched: handlers ``touch``
the ids they read or write (including ids the client generated); at the end each touched id
becomes an upsert of the server's row, or a delete when the server has no such row (or the
device must not see it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy import Connection, RowMapping, Select, bindparam, select

from sync import protocol
from sync.scopes import region_scope
from sync.server import clock
from sync.server.context import DeviceContext
from sync.server.models import ENTITY_TABLES
from sync.server.rows import read_rows_by_id, wire_columns
from sync.server.versions import upsert_rows

CLOCK_SKEW_TOLERANCE = timedelta(minutes=5)
REJECT_ERASED = protocol.REJECT_ERASED


@dataclass(frozen=True)
class IncidentFacts:
    """What the server had when it refused a counter fact; recorded as an ``incidents`` row."""

    kind: str  # pickup | return
    order_id: str | None
    customer_id: str | None
    server: dict[str, Any]


class Rejected(Exception):
    """A business-rule refusal: becomes a ``rejected`` result, not an HTTP error. With
    ``incident``, the refusal is also recorded for the store's manager (after the rollback)."""

    def __init__(self, code: str, message: str, incident: IncidentFacts | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.incident = incident


@cache
def _get_statement(entity: str, lock: bool) -> Select:
    """The row-by-id SELECT of ``entity`` (``FOR UPDATE`` if ``lock``), built once: a push runs
    several, and building the expression each time was a tenth of its CPU."""
    table = ENTITY_TABLES[entity]
    stmt = select(table).where(table.c.id == bindparam("row_id"))
    return stmt.with_for_update() if lock else stmt


@dataclass
class MutationContext:
    """One mutation being applied inside its transaction."""

    conn: Connection
    device: DeviceContext
    mutation: protocol.Mutation
    now: str = field(default_factory=clock.now_iso)
    touched: dict[tuple[str, str], str] = field(default_factory=dict)

    @property
    def home_scope(self) -> str:
        """The device's region scope: where customer data it can see lives."""
        return region_scope(self.device.region)

    def touch(self, entity: str, row_id: Any, fallback_scope: str | None = None) -> None:
        """Report this row's server state in the result (``fallback_scope`` names a delete)."""
        if isinstance(row_id, str) and row_id:
            self.touched.setdefault((entity, row_id), fallback_scope or self.home_scope)

    def get(self, entity: str, row_id: str, *, lock: bool = False) -> RowMapping | None:
        """The current row (entity columns + scope + version), locked FOR UPDATE if asked."""
        return self.conn.execute(_get_statement(entity, lock), {"row_id": row_id}).mappings().first()

    def get_visible(self, entity: str, row_id: str, what: str, *, lock: bool = False) -> RowMapping:
        """The row, or a rejection: ``not_found`` when it does not exist (``erased`` for a customer
        erased under GDPR), ``forbidden`` when it is outside the device's scopes. Every handler reads what it acts on through this."""
        row = self.get(entity, row_id, lock=lock)
        if row is None:
            if entity == "customers":
                self.refuse_erased(row_id)
            raise Rejected(protocol.REJECT_NOT_FOUND, f"{what} does not exist")
        self.require_visible(row, what)
        return row

    def refuse_erased(self, customer_id: str) -> None:
        """Reject ``erased`` when this customer id was erased (GDPR): nothing more is recorded about them."""
        if self.get("erasures", customer_id) is not None:
            raise Rejected(REJECT_ERASED, "this customer's data was erased at their request (GDPR): "
                                          "nothing more can be recorded about them")

    def require_visible(self, row: RowMapping, what: str) -> None:
        """Reject ``forbidden`` unless the row is in one of the device's scopes."""
        if row["scope"] not in self.device.scopes:
            raise Rejected(protocol.REJECT_FORBIDDEN, f"this terminal may not change {what}")

    def upsert(self, entity: str, scope: str, row: dict[str, Any]) -> None:
        """Write a row (its scope version is stamped at commit) and report it in the result."""
        self.touch(entity, row["id"], scope)
        upsert_rows(self.conn, entity, scope, [row])

    def event_time(self) -> str:
        """When it happened at the counter: the client's local time unless it is implausible."""
        local = self.mutation.local_time
        try:
            when = datetime.fromisoformat(local.replace("Z", "+00:00"))
            if when.tzinfo is None or when - clock.now() > CLOCK_SKEW_TOLERANCE:
                return self.now
            return clock.iso(when)
        except (ValueError, OverflowError):  # e.g. year 1 with a positive offset
            return self.now

    def state(self) -> dict[str, Any]:
        """StateDelta dict of everything touched, read now (after the handler's writes)."""
        by_entity: dict[str, list[str]] = {}
        for entity, row_id in self.touched:
            by_entity.setdefault(entity, []).append(row_id)
        upserts: dict[tuple[str, str], list] = {}
        deletes: dict[tuple[str, str], list[str]] = {}
        for entity, ids in by_entity.items():
            found = read_rows_by_id(self.conn, entity, ids)
            for row_id in ids:
                scope, row = found.get(row_id, (None, None))
                if scope in self.device.scopes:
                    upserts.setdefault((entity, scope), []).append(row)
                else:
                    deletes.setdefault((entity, self.touched[(entity, row_id)]), []).append(row_id)
        return {
            "upserts": [{"entity": e, "scope": s, "columns": wire_columns(e), "rows": rows}
                        for (e, s), rows in upserts.items()],
            "deletes": [{"entity": e, "scope": s, "ids": ids} for (e, s), ids in deletes.items()],
        }


M = TypeVar("M", bound=BaseModel)


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def parse_args(model: type[M], args: dict[str, Any]) -> M:
    """Validate ``args`` with a pydantic model; failures are ``invalid_arguments`` rejections.
    NUL characters are refused up front: PostgreSQL text cannot hold them."""
    if _has_nul(args):
        raise Rejected(protocol.REJECT_INVALID_ARGUMENTS, "text must not contain NUL characters")
    try:
        return model.model_validate(args)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "args"
        raise Rejected(protocol.REJECT_INVALID_ARGUMENTS, f"{where}: {err['msg']}") from None


Handler = Callable[[MutationContext, dict[str, Any]], str | None]
