"""Local (optimistic) effects of mutations on the cache.

Each function is idempotent: replication re-applies the effects of still-pending mutations
after server rows replaced the rows they touched, so an edit made at the counter stays visible
until the server has answered for it.
"""

from __future__ import annotations

from typing import Any, Callable

import orjson
from sqlalchemy import Connection

from sync import protocol as p

from clienteling.cache import outbox
from clienteling.domain.models import OutboxEntry

JSON_FIELDS = ("preferences", "consent")


class Effect:
    """Context for applying one mutation locally."""

    def __init__(self, conn: Connection, associate_id: str | None, local_time: str) -> None:
        self.conn = conn
        self.associate_id = associate_id
        self.local_time = local_time
        self._store_id: str | None = None

    @property
    def store_id(self) -> str | None:
        if self._store_id is None:
            self._store_id = self.conn.exec_driver_sql(
                "SELECT value FROM device WHERE key = 'store_id'").scalar()
        return self._store_id

    def scope_of_customer(self, customer_id: str) -> str | None:
        return self.conn.exec_driver_sql("SELECT _scope FROM customers WHERE id = ?",
                                         (customer_id,)).scalar()


def _note_add(fx: Effect, args: dict[str, Any]) -> None:
    scope = fx.scope_of_customer(args["customer_id"])
    if scope is None:
        return  # the customer is gone (erased): nothing to show the note on
    fx.conn.exec_driver_sql(
        "INSERT OR IGNORE INTO notes (id, customer_id, associate_id, store_id, created_at, body, "
        "_scope, _version) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)",
        (args["note_id"], args["customer_id"], fx.associate_id, fx.store_id, fx.local_time,
         args["body"], scope))


def _customer_update(fx: Effect, args: dict[str, Any]) -> None:
    fields = args["fields"]
    if not fields:
        return
    sets = ", ".join(f'"{name}" = ?' for name in fields)
    values = [orjson.dumps(v).decode() if name in JSON_FIELDS and v is not None else v
              for name, v in fields.items()]
    fx.conn.exec_driver_sql(f"UPDATE customers SET {sets} WHERE id = ?", (*values, args["customer_id"]))


def _loyalty_redeem(fx: Effect, args: dict[str, Any]) -> None:
    scope = fx.scope_of_customer(args["customer_id"])
    if scope is None:
        return
    # A local ledger row, not a change to customers.points: the displayed balance subtracts
    # local (unversioned) redemptions, so when the server's row with the same id arrives the
    # redemption is counted once.
    fx.conn.exec_driver_sql(
        "INSERT OR IGNORE INTO loyalty_ledger (id, customer_id, created_at, kind, points, order_id, "
        "store_id, description, _scope, _version) VALUES (?, ?, ?, 'redeem', ?, NULL, ?, ?, ?, NULL)",
        (args["ledger_id"], args["customer_id"], fx.local_time, -int(args["points"]), fx.store_id,
         args.get("description"), scope))


def _pickup_collect(fx: Effect, args: dict[str, Any]) -> None:
    fx.conn.exec_driver_sql(
        "UPDATE orders SET status = 'collected', collected_at = ?, collected_by_associate_id = ?, "
        "collected_at_store_id = ? WHERE id = ? AND status IS NOT 'collected'",
        (fx.local_time, fx.associate_id, fx.store_id, args["order_id"]))


EFFECTS: dict[str, Callable[[Effect, dict[str, Any]], None]] = {
    p.NOTE_ADD: _note_add,
    p.CUSTOMER_UPDATE: _customer_update,
    p.LOYALTY_REDEEM: _loyalty_redeem,
    p.PICKUP_COLLECT: _pickup_collect,
}


def touched_keys(name: str, args: dict[str, Any]) -> list[tuple[str, str]]:
    """The (entity, id) rows a mutation changes locally."""
    if name == p.NOTE_ADD:
        return [("notes", args["note_id"])]
    if name == p.CUSTOMER_UPDATE:
        return [("customers", args["customer_id"])]
    if name == p.LOYALTY_REDEEM:
        return [("loyalty_ledger", args["ledger_id"])]
    if name == p.PICKUP_COLLECT:
        return [("orders", args["order_id"])]
    raise ValueError(f"unknown mutation {name!r}")


def apply_local(conn: Connection, name: str, args: dict[str, Any], associate_id: str | None,
                local_time: str) -> None:
    """Apply one mutation's local effect (idempotent)."""
    EFFECTS[name](Effect(conn, associate_id, local_time), args)


def record(conn: Connection, name: str, args: dict[str, Any], associate_id: str | None,
           local_time: str) -> OutboxEntry:
    """Apply the local effect and append the outbox row (caller holds the write transaction)."""
    apply_local(conn, name, args, associate_id, local_time)
    return outbox.enqueue(conn, name, args, associate_id=associate_id, local_time=local_time,
                          touched=touched_keys(name, args))


def reapply_pending(conn: Connection, keys: set[tuple[str, str]], exclude_seq: int | None = None) -> int:
    """Re-apply the effects of pending mutations that touched ``keys`` (after server rows landed)."""
    entries = outbox.pending_touching(conn, keys, exclude_seq=exclude_seq)
    for entry in entries:
        if entry.name in EFFECTS:
            apply_local(conn, entry.name, entry.args, entry.associate_id, entry.local_time)
    return len(entries)
