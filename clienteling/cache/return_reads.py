"""Reads for returns: recorded returns with their lines, a customer's receipt-less history,
this terminal's unconfirmed refunds, and incidents."""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import Connection

from sync.entities import ENTITIES

from clienteling.domain.models import Incident
from clienteling.domain.returns import ReturnLineRecord, ReturnRecord

_RETURN_COLS = ", ".join(f'r."{c}"' for c in ENTITIES["returns"].column_names)
_INCIDENT_COLS = ", ".join(f'i."{c}"' for c in ENTITIES["incidents"].column_names)


def _lines(conn: Connection, return_id: str) -> tuple[ReturnLineRecord, ...]:
    rows = conn.exec_driver_sql(
        "SELECT rl.id, rl.order_line_id, rl.sku, p.name, rl.qty, rl.refund_cents, rl.reason, rl.condition, "
        "rl.disposition FROM return_lines rl LEFT JOIN products p ON p.id = rl.sku "
        "WHERE rl.return_id = ? ORDER BY rl.id", (return_id,))
    return tuple(ReturnLineRecord(r[0], r[1], r[2], r[3], r[4] or 0, r[5] or 0, r[6], r[7], r[8]) for r in rows)


def _record(conn: Connection, r: Any) -> ReturnRecord:
    d = dict(zip(ENTITIES["returns"].column_names, r))
    return ReturnRecord(id=d["id"], order_id=d["order_id"], customer_id=d["customer_id"], store_id=d["store_id"],
                        associate_id=d["associate_id"], created_at=d["created_at"], receipt=bool(d["receipt"]),
                        refund_method=d["refund_method"], refund_cents=d["refund_cents"] or 0,
                        points_reversed=d["points_reversed"] or 0, approved_by=d["approved_by"],
                        status=d["status"], lines=_lines(conn, d["id"]), pending=r[-1] is None)


def get(conn: Connection, return_id: str) -> ReturnRecord | None:
    r = conn.exec_driver_sql(f"SELECT {_RETURN_COLS}, r._version FROM returns r WHERE r.id = ?",
                             (return_id,)).first()
    return _record(conn, r) if r else None


def of_customer(conn: Connection, customer_id: str, limit: int = 200) -> list[ReturnRecord]:
    rows = conn.exec_driver_sql(f"SELECT {_RETURN_COLS}, r._version FROM returns r WHERE r.customer_id = ? "
                                "ORDER BY r.created_at DESC, r.id LIMIT ?", (customer_id, limit)).all()
    return [_record(conn, r) for r in rows]


def receiptless_history(conn: Connection, customer_id: str) -> list[tuple[str, int]]:
    """(created_at, refund_cents) of the customer's receipt-less returns, accepted or pending."""
    return [(r[0] or "", int(r[1] or 0)) for r in conn.exec_driver_sql(
        "SELECT created_at, refund_cents FROM returns WHERE customer_id = ? AND coalesce(receipt, 0) = 0 "
        "AND coalesce(status, 'pending') IN ('accepted', 'pending')", (customer_id,))]


def unconfirmed_refunds(conn: Connection, store_id: str | None) -> int:
    """Cents refunded at this store in returns the central service has not confirmed yet."""
    return int(conn.exec_driver_sql(
        "SELECT coalesce(sum(refund_cents), 0) FROM returns WHERE _version IS NULL AND store_id IS ?",
        (store_id,)).scalar() or 0)


def _incident(r: Any) -> Incident:
    d = dict(zip(ENTITIES["incidents"].column_names, r))
    details = d["details"]
    if isinstance(details, str):
        try:
            details = orjson.loads(details)
        except orjson.JSONDecodeError:
            details = {}
    return Incident(id=d["id"], store_id=d["store_id"], kind=d["kind"] or "", order_id=d["order_id"],
                    customer_id=d["customer_id"], associate_id=d["associate_id"], created_at=d["created_at"],
                    local_time=d["local_time"], code=d["code"], message=d["message"],
                    details=details if isinstance(details, dict) else {}, status=d["status"] or "open",
                    resolved_by=d["resolved_by"], resolved_at=d["resolved_at"], resolution=d["resolution"],
                    pending=bool(r[-1]))


_PENDING_INCIDENT = ("EXISTS(SELECT 1 FROM outbox_keys ok WHERE ok.entity = 'incidents' AND ok.row_id = i.id "
                     "AND ok.pending = 1)")


def incidents(conn: Connection, store_id: str | None, status: str | None, limit: int) -> list[Incident]:
    where, params = ["i.store_id IS ?"], [store_id]
    if status is not None:
        where.append("i.status = ?")
        params.append(status)
    rows = conn.exec_driver_sql(f"SELECT {_INCIDENT_COLS}, {_PENDING_INCIDENT} FROM incidents i "
                                f"WHERE {' AND '.join(where)} ORDER BY i.created_at DESC, i.id LIMIT ?",
                                (*params, limit))
    return [_incident(r) for r in rows]


def incident(conn: Connection, incident_id: str) -> Incident | None:
    r = conn.exec_driver_sql(f"SELECT {_INCIDENT_COLS}, {_PENDING_INCIDENT} FROM incidents i WHERE i.id = ?",
                             (incident_id,)).first()
    return _incident(r) if r else None
