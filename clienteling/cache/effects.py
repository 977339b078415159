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

from clienteling.cache import order_effects, outbox
from clienteling.domain.models import OutboxEntry
from clienteling.domain.rules import DomainError

JSON_FIELDS = ("preferences", "consent")
UPDATABLE_FIELDS = frozenset({"first_name", "last_name", "email", "phone", "birthday", "preferences", "consent"})


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

    def device_value(self, key: str) -> str | None:
        return self.conn.exec_driver_sql("SELECT value FROM device WHERE key = ?", (key,)).scalar()

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
    # Column names come from the outbox (replayed after a restart): only known ones reach the SQL.
    fields = {k: v for k, v in args["fields"].items() if k in UPDATABLE_FIELDS}
    if not fields:
        return
    if isinstance(fields.get("consent"), dict):
        stored = fx.conn.exec_driver_sql("SELECT consent FROM customers WHERE id = ?",
                                         (args["customer_id"],)).scalar()
        fields["consent"] = p.merge_consent(stored, fields["consent"], fx.local_time, fx.local_time)
    if isinstance(fields.get("preferences"), dict) and isinstance(args.get("preferences_base"), dict):
        stored = fx.conn.exec_driver_sql("SELECT preferences FROM customers WHERE id = ?",
                                         (args["customer_id"],)).scalar()
        fields["preferences"] = p.merge_preferences(stored, args["preferences_base"], fields["preferences"])
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


def _customer_create(fx: Effect, args: dict[str, Any]) -> None:
    # The server assigns the loyalty number; until its result arrives the card shows "pending".
    region = fx.device_value("region")
    day = fx.local_time[:10]
    fx.conn.exec_driver_sql(
        "INSERT OR IGNORE INTO customers (id, loyalty_number, first_name, last_name, email, phone, "
        "birthday, home_store_id, assigned_associate_id, tier, points, lifetime_value_cents, "
        "member_since, preferences, consent, last_visit_at, created_at, updated_at, _scope, _version) "
        "VALUES (?, NULL, ?, ?, ?, ?, ?, ?, ?, 'member', 0, 0, ?, ?, ?, ?, ?, ?, ?, NULL)",
        (args["customer_id"], args.get("first_name"), args.get("last_name"), args.get("email"),
         args.get("phone"), args.get("birthday"), fx.store_id, fx.associate_id, day,
         orjson.dumps(args.get("preferences") or {}).decode(), orjson.dumps(args.get("consent") or {}).decode(),
         fx.local_time, fx.local_time, fx.local_time, f"region:{region}"))


def _task_row(fx: Effect, args: dict[str, Any], kind: str, channel: str | None, title: str,
              due_on: str | None, status: str, done_at: str | None) -> None:
    scope = fx.scope_of_customer(args["customer_id"])
    if scope is None:
        return
    fx.conn.exec_driver_sql(
        "INSERT OR IGNORE INTO tasks (id, customer_id, associate_id, store_id, kind, channel, title, "
        "due_on, status, created_at, done_at, _scope, _version) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
        (args["task_id"], args["customer_id"], fx.associate_id, fx.store_id, kind, channel, title,
         due_on, status, fx.local_time, done_at, scope))


def _task_add(fx: Effect, args: dict[str, Any]) -> None:
    _task_row(fx, args, "follow_up", None, args["title"], args.get("due_on"), "open", None)


def _task_complete(fx: Effect, args: dict[str, Any]) -> None:
    fx.conn.exec_driver_sql("UPDATE tasks SET status = 'done', done_at = ? WHERE id = ? AND status = 'open'",
                            (fx.local_time, args["task_id"]))


def _outreach_log(fx: Effect, args: dict[str, Any]) -> None:
    _task_row(fx, args, "outreach", args["channel"], args["body"], None, "done", fx.local_time)


def _hold_create(fx: Effect, args: dict[str, Any]) -> None:
    # Only the hold row: available stock shown = on_hand - reserved - local (unversioned) holds,
    # so the server's reservation, once it arrives, is not counted twice (as with redemptions).
    store = fx.store_id
    fx.conn.exec_driver_sql(
        "INSERT OR IGNORE INTO holds (id, customer_id, sku, location_id, qty, status, created_at, "
        "expires_at, associate_id, _scope, _version) VALUES (?, ?, ?, ?, ?, 'active', ?, ?, ?, ?, NULL)",
        (args["hold_id"], args["customer_id"], args["sku"], store, int(args["qty"]), fx.local_time,
         args.get("expires_at"), fx.associate_id, f"location:{store}"))


EFFECTS: dict[str, Callable[[Effect, dict[str, Any]], None]] = {
    p.NOTE_ADD: _note_add,
    p.CUSTOMER_UPDATE: _customer_update,
    p.LOYALTY_REDEEM: _loyalty_redeem,
    p.CUSTOMER_CREATE: _customer_create,
    p.TASK_ADD: _task_add,
    p.TASK_COMPLETE: _task_complete,
    p.OUTREACH_LOG: _outreach_log,
    p.HOLD_CREATE: _hold_create,
    **order_effects.EFFECTS,
}


def touched_keys(name: str, args: dict[str, Any]) -> list[tuple[str, str]]:
    """The (entity, id) rows a mutation changes locally."""
    keys = order_effects.touched_keys(name, args)
    if keys is not None:
        return keys
    if name == p.NOTE_ADD:
        return [("notes", args["note_id"])]
    if name == p.CUSTOMER_UPDATE:
        return [("customers", args["customer_id"])]
    if name == p.LOYALTY_REDEEM:
        return [("loyalty_ledger", args["ledger_id"])]
    if name == p.CUSTOMER_CREATE:
        return [("customers", args["customer_id"])]
    if name in (p.TASK_ADD, p.TASK_COMPLETE, p.OUTREACH_LOG):
        return [("tasks", args["task_id"])]
    if name == p.HOLD_CREATE:
        return [("holds", args["hold_id"])]
    raise ValueError(f"unknown mutation {name!r}")


def apply_local(conn: Connection, name: str, args: dict[str, Any], associate_id: str | None,
                local_time: str) -> None:
    """Apply one mutation's local effect (idempotent)."""
    EFFECTS[name](Effect(conn, associate_id, local_time), args)


def _require_followed_customer(conn: Connection, args: dict[str, Any]) -> None:
    """A customer opened from another region is cached for viewing only: this terminal does not
    follow that region, and the central service would refuse the change as forbidden."""
    customer_id = args.get("customer_id")
    if not customer_id:
        return
    scope = conn.exec_driver_sql("SELECT _scope FROM customers WHERE id = ?", (customer_id,)).scalar()
    if scope is None:
        return  # created here (customer.create) or gone: the effect itself decides
    followed = conn.exec_driver_sql("SELECT 1 FROM sync_state WHERE scope = ?", (scope,)).scalar()
    if not followed:
        raise DomainError("other_region", "This customer belongs to another region: their profile can be "
                                          "viewed here, but changes are made by their home region's stores.")


def record(conn: Connection, name: str, args: dict[str, Any], associate_id: str | None,
           local_time: str) -> OutboxEntry:
    """Apply the local effect and append the outbox row (caller holds the write transaction).
    Every change is recorded with who made it: without a signed-in associate, DomainError."""
    if not associate_id:
        raise DomainError("signed_out", "Sign in first: every change is recorded with who made it.")
    if name != p.CUSTOMER_CREATE:
        _require_followed_customer(conn, args)
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
