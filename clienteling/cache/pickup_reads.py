"""Reads for the pickup counter: this store's queue, arrivals, handovers, people and store names."""

from __future__ import annotations

from typing import Any, Sequence

import orjson
from sqlalchemy import Connection

from sync.entities import ENTITIES

from clienteling.cache import outbox, repos
from clienteling.domain.pickups import Handover

_ORDER_COLS = ", ".join(f'o."{c}"' for c in ENTITIES["orders"].column_names)
_PENDING_ORDER = outbox.PENDING_ROW_SQL.format(entity="orders", column="o.id")
_CUSTOMER_NAME = ("(SELECT trim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')) "
                  "FROM customers c WHERE c.id = o.customer_id)")


def store_id(conn: Connection) -> str | None:
    return conn.exec_driver_sql("SELECT value FROM device WHERE key = 'store_id'").scalar()


def queue(conn: Connection, store: str | None, states: Sequence[str], limit: int,
          after_version: int | None = None) -> list[tuple[Any, str | None]]:
    """(order, customer name) of this store's pickups in ``states``, newest first."""
    marks = ", ".join("?" * len(states))
    where, params = [f"o.pickup_store_id = ? AND o.status IN ({marks})"], [store, *states]
    if after_version is not None:
        where.append("o._version > ?")
        params.append(after_version)
    rows = conn.exec_driver_sql(
        f"SELECT {_ORDER_COLS}, {_CUSTOMER_NAME}, {_PENDING_ORDER} FROM orders o "
        f"WHERE {' AND '.join(where)} ORDER BY o.placed_at DESC, o.id LIMIT ?", (*params, limit)).all()
    return [(repos._order(r[:-2] + r[-1:]), r[-2] or None) for r in rows]


def counts(conn: Connection, store: str | None, placed_before: str, ready_before: str) -> dict[str, int]:
    """Orders of this store per status, plus ``overdue``: placed / picking orders placed before
    ``placed_before`` and ready orders ready before ``ready_before`` (one pass on the store+status index)."""
    out = {"overdue": 0}
    for status, n, overdue in conn.exec_driver_sql(
            "SELECT status, count(*), coalesce(sum(CASE "
            "WHEN status IN ('placed', 'picking') THEN julianday(placed_at) < julianday(?) "
            "WHEN status = 'ready' THEN julianday(ready_at) < julianday(?) ELSE 0 END), 0) "
            "FROM orders WHERE pickup_store_id = ? GROUP BY status", (placed_before, ready_before, store)):
        out[status] = n
        out["overdue"] += int(overdue)
    return out


def max_version(conn: Connection, store: str | None) -> int:
    return int(conn.exec_driver_sql("SELECT max(_version) FROM orders WHERE pickup_store_id = ?",
                                    (store,)).scalar() or 0)


def associate_name(conn: Connection, associate_id: str | None) -> str | None:
    if not associate_id:
        return None
    row = conn.exec_driver_sql("SELECT first_name, last_name FROM associates WHERE id = ?", (associate_id,)).first()
    return " ".join(x for x in row if x) if row else None


def store_header(conn: Connection, store: str | None) -> tuple[str, str | None, str | None]:
    """(name, address, phone) of a store (the device's store name when the row is missing)."""
    row = conn.exec_driver_sql("SELECT name, address, city, phone FROM stores WHERE id = ?", (store,)).first()
    if row is None:
        name = conn.exec_driver_sql("SELECT value FROM device WHERE key = 'store_name'").scalar()
        return name or (store or ""), None, None
    address = ", ".join(x for x in (row[1], row[2]) if x) or None
    return row[0] or (store or ""), address, row[3]


def _json(value: Any) -> Any:
    if value is None or isinstance(value, (list, dict)):
        return value
    try:
        return orjson.loads(value)
    except orjson.JSONDecodeError:
        return None


def _handover(conn: Connection, r: Any) -> Handover:
    lines = _json(r[8]) or []
    return Handover(id=r[0], order_id=r[1], customer_id=r[2], store_id=r[3], associate_id=r[4],
                    associate_name=associate_name(conn, r[4]), collected_at=r[5], method=r[6],
                    collector_name=r[7],
                    lines=tuple((str(x.get("line_id")), int(x.get("qty") or 0)) for x in lines if isinstance(x, dict)),
                    details=_json(r[9]) or {}, pending=r[10] is None)


_HANDOVER_SELECT = ("SELECT id, order_id, customer_id, store_id, associate_id, collected_at, method, "
                    "collector_name, lines, details, _version FROM handovers")


def handovers(conn: Connection, order_id: str) -> list[Handover]:
    rows = conn.exec_driver_sql(f"{_HANDOVER_SELECT} WHERE order_id = ? ORDER BY collected_at, id", (order_id,))
    return [_handover(conn, r) for r in rows]


def handover(conn: Connection, handover_id: str) -> Handover | None:
    r = conn.exec_driver_sql(f"{_HANDOVER_SELECT} WHERE id = ?", (handover_id,)).first()
    return _handover(conn, r) if r else None


def customer_card(conn: Connection, customer_id: str | None) -> tuple[str | None, str | None]:
    """(display name, loyalty number) of a customer."""
    if not customer_id:
        return None, None
    row = conn.exec_driver_sql("SELECT first_name, last_name, loyalty_number FROM customers WHERE id = ?",
                               (customer_id,)).first()
    if row is None:
        return None, None
    return " ".join(x for x in row[:2] if x) or None, row[2]
