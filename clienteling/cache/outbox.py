"""The outbox: mutations made at this terminal, in sequence order, until the server answers.

``seq`` (AUTOINCREMENT, so never reused) is the per-device sequence number sent to the server.
A row is written in the same transaction as the mutation's local effect.
"""

from __future__ import annotations

import uuid
from typing import Any, Iterable

import orjson
from sqlalchemy import Connection, RowMapping, func, select, update

from clienteling.cache.schema import CUSTOMER_KEY, outbox, outbox_keys
from clienteling.domain.models import OutboxCounts, OutboxEntry

STATUSES = ("pending", "applied", "rejected")


def new_id() -> str:
    """A client-generated mutation / row id."""
    return str(uuid.uuid4())


def to_entry(row: RowMapping) -> OutboxEntry:
    """An outbox row as a domain object."""
    return OutboxEntry(
        seq=row["seq"], id=row["id"], name=row["name"], associate_id=row["associate_id"],
        local_time=row["local_time"], args=orjson.loads(row["args"]),
        touched=tuple((e, i) for e, i in orjson.loads(row["touched"])), status=row["status"],
        code=row["code"], message=row["message"], attempts=row["attempts"],
        created_at=row["created_at"], done_at=row["done_at"],
    )


def _customer_of(conn: Connection, args: dict[str, Any]) -> str | None:
    """The customer a mutation is about: ``customer_id`` in its args, or the customer of its task."""
    if args.get("customer_id"):
        return str(args["customer_id"])
    if args.get("task_id"):
        found = conn.exec_driver_sql("SELECT customer_id FROM tasks WHERE id = ?", (args["task_id"],)).scalar()
        return str(found) if found else None
    return None


def enqueue(conn: Connection, name: str, args: dict[str, Any], *, associate_id: str | None,
            local_time: str, touched: Iterable[tuple[str, str]], mutation_id: str | None = None) -> OutboxEntry:
    """Append a pending mutation (call inside the transaction that applies its local effect)."""
    keys = list(dict.fromkeys((str(e), str(i)) for e, i in touched))
    values = dict(id=mutation_id or new_id(), name=name, associate_id=associate_id,
                  local_time=local_time, args=orjson.dumps(args).decode(),
                  touched=orjson.dumps([list(k) for k in keys]).decode(), status="pending",
                  attempts=0, created_at=local_time)
    seq = conn.execute(outbox.insert().values(**values)).inserted_primary_key[0]
    _index(conn, seq, keys, args, pending=True)
    return to_entry({**values, "seq": seq, "code": None, "message": None, "done_at": None})  # type: ignore[arg-type]


def _index(conn: Connection, seq: int, keys: list[tuple[str, str]], args: dict[str, Any], pending: bool) -> None:
    indexed = keys + [(CUSTOMER_KEY, c) for c in [_customer_of(conn, args)] if c]
    if indexed:
        conn.execute(outbox_keys.insert(), [{"entity": e, "row_id": i, "seq": seq, "pending": int(pending)}
                                            for e, i in indexed])


def restore(conn: Connection, rows: list[dict[str, Any]], seq_floor: int = 0) -> int:
    """Put outbox rows read from a damaged cache (every column, their own seq) into this one and
    re-index them; the next seq handed out is above ``seq_floor`` and every restored seq, so no
    sequence number the server may have seen is used twice. Returns the pending rows restored."""
    names = [c.name for c in outbox.columns]
    pending = 0
    for row in sorted(rows, key=lambda r: r["seq"]):
        conn.execute(outbox.insert().values(**{k: row.get(k) for k in names}))
        keys = [(str(e), str(i)) for e, i in orjson.loads(row["touched"] or "[]")]
        _index(conn, row["seq"], keys, orjson.loads(row["args"] or "{}"), pending=row["status"] == "pending")
        pending += row["status"] == "pending"
    floor = max([seq_floor, *(r["seq"] for r in rows)])
    if floor:  # AUTOINCREMENT continues after sqlite_sequence's value
        conn.exec_driver_sql("DELETE FROM sqlite_sequence WHERE name = 'outbox'")
        conn.exec_driver_sql("INSERT INTO sqlite_sequence(name, seq) VALUES ('outbox', ?)", (floor,))
    return pending


def get(conn: Connection, seq: int) -> OutboxEntry | None:
    """The entry with this seq, or None."""
    row = conn.execute(select(outbox).where(outbox.c.seq == seq)).mappings().first()
    return to_entry(row) if row else None


def pending(conn: Connection, limit: int = 500, after_seq: int = 0) -> list[OutboxEntry]:
    """Pending entries in sequence order."""
    q = (select(outbox).where(outbox.c.status == "pending", outbox.c.seq > after_seq)
         .order_by(outbox.c.seq).limit(limit))
    return [to_entry(r) for r in conn.execute(q).mappings()]


def from_seq(conn: Connection, first_seq: int, limit: int = 500) -> list[OutboxEntry]:
    """Entries from ``first_seq`` on, whatever their status (for a server that lost some)."""
    q = select(outbox).where(outbox.c.seq >= first_seq).order_by(outbox.c.seq).limit(limit)
    return [to_entry(r) for r in conn.execute(q).mappings()]


def mark_done(conn: Connection, seq: int, status: str, code: str | None, message: str | None,
              done_at: str) -> None:
    """Record the server's verdict (applied / rejected) on an entry."""
    if status not in ("applied", "rejected"):
        raise ValueError(f"bad outbox status {status!r}")
    conn.execute(update(outbox).where(outbox.c.seq == seq)
                 .values(status=status, code=code, message=message, done_at=done_at))
    conn.execute(update(outbox_keys).where(outbox_keys.c.seq == seq).values(pending=0))


def count_attempt(conn: Connection, seqs: list[int]) -> None:
    """Count one more send attempt of these entries."""
    if seqs:
        conn.execute(update(outbox).where(outbox.c.seq.in_(seqs)).values(attempts=outbox.c.attempts + 1))


def counts(conn: Connection) -> OutboxCounts:
    """Entries per status."""
    out = OutboxCounts()
    for status, n in conn.execute(select(outbox.c.status, func.count()).group_by(outbox.c.status)):
        if status in STATUSES:
            setattr(out, status, n)
    return out


def entries(conn: Connection, status: str | None = None, limit: int = 500) -> list[OutboxEntry]:
    """Newest first; all statuses or one."""
    q = select(outbox).order_by(outbox.c.seq.desc()).limit(limit)
    if status is not None:
        q = q.where(outbox.c.status == status)
    return [to_entry(r) for r in conn.execute(q).mappings()]


def pending_touching(conn: Connection, keys: set[tuple[str, str]],
                     exclude_seq: int | None = None) -> list[OutboxEntry]:
    """Pending entries that touched any of ``keys``, in sequence order (index probes per key)."""
    if not keys:
        return []
    seqs: set[int] = set()
    probe = ("SELECT seq FROM outbox_keys WHERE entity = ? AND row_id = ? AND pending = 1")
    for entity, row_id in keys:
        seqs.update(r[0] for r in conn.exec_driver_sql(probe, (entity, row_id)))
    seqs.discard(exclude_seq)  # type: ignore[arg-type]
    if not seqs:
        return []
    q = select(outbox).where(outbox.c.seq.in_(sorted(seqs)), outbox.c.status == "pending").order_by(outbox.c.seq)
    return [to_entry(r) for r in conn.execute(q).mappings()]


def pending_keys(conn: Connection) -> set[tuple[str, str]]:
    """Every (entity, row id) a pending entry touched."""
    return {(e, i) for e, i in conn.exec_driver_sql(
        "SELECT DISTINCT entity, row_id FROM outbox_keys WHERE pending = 1 AND entity <> ?", (CUSTOMER_KEY,))}


def latest_touching(conn: Connection, entity: str, row_id: str, name: str | None = None) -> OutboxEntry | None:
    """The newest entry (any status) that touched this row, optionally of one mutation name."""
    sql = ("SELECT o.seq FROM outbox_keys k JOIN outbox o ON o.seq = k.seq "
           "WHERE k.entity = ? AND k.row_id = ?" + (" AND o.name = ?" if name else "")
           + " ORDER BY o.seq DESC LIMIT 1")
    seq = conn.exec_driver_sql(sql, (entity, row_id, name) if name else (entity, row_id)).scalar()
    return get(conn, seq) if seq is not None else None


def by_id(conn: Connection, mutation_id: str) -> OutboxEntry | None:
    """The entry with this mutation id, or None."""
    row = conn.execute(select(outbox).where(outbox.c.id == mutation_id)).mappings().first()
    return to_entry(row) if row else None


PENDING_ROW_SQL = ("EXISTS(SELECT 1 FROM outbox_keys ok WHERE ok.entity = '{entity}' "
                   "AND ok.row_id = {column} AND ok.pending = 1)")
"""SQL fragment: whether a pending mutation touched the row whose id is ``column``."""


def has_pending(conn: Connection) -> bool:
    """Whether anything waits to be pushed."""
    return conn.execute(select(outbox.c.seq).where(outbox.c.status == "pending").limit(1)).first() is not None
