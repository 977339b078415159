"""GDPR erasure on the terminal: purge a customer and everything about them from the cache.

An ``erasures`` row (catalog scope, ``id`` = the customer id) arrives through any sync path and
:func:`purge` runs in the same transaction (called by ``cache.rows``). The customer may be cached
in any scope, including regions this terminal does not follow (a customer opened through the
online search), so rows go by customer id, whatever their scope. Pending outbox entries about
the customer can never be applied: they are closed as refused and emptied (their sequence numbers
stay, or the server would see a gap), finished ones are deleted. The search index is compacted and
the write-ahead log emptied after commit, so the customer's bytes do not survive in the file
(``PRAGMA secure_delete`` zeroes what SQLite frees).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import orjson
from sqlalchemy import Connection

from sync import protocol as p

from clienteling.cache import fts
from clienteling.cache.engine import checkpoint_after_commit
from clienteling.cache.schema import CUSTOMER_KEY

log = logging.getLogger(__name__)

ENTITY = "erasures"
ERASED_CODE = p.REJECT_ERASED
ERASED_MESSAGE = ("This customer's data was erased at their request (GDPR): this change was dropped "
                  "and will not be sent.")

_IDS = "(SELECT value FROM json_each(:ids))"
_ORDERS = f"SELECT id FROM orders WHERE customer_id IN {_IDS}"
_BY_CUSTOMER_OR_ORDER = f"customer_id IN {_IDS} OR order_id IN ({_ORDERS})"
ABOUT: dict[str, str] = {
    "customers": f"id IN {_IDS}",
    "loyalty_ledger": f"customer_id IN {_IDS}",
    "orders": f"customer_id IN {_IDS}",
    "order_lines": f"order_id IN ({_ORDERS})",
    "notes": f"customer_id IN {_IDS}",
    "holds": f"customer_id IN {_IDS}",
    "tasks": f"customer_id IN {_IDS}",
    "handovers": _BY_CUSTOMER_OR_ORDER,
    "returns": _BY_CUSTOMER_OR_ORDER,
    "return_lines": f"return_id IN (SELECT id FROM returns WHERE {_BY_CUSTOMER_OR_ORDER})",
    "incidents": _BY_CUSTOMER_OR_ORDER,
}
"""Per cached table, the rows about the erased customers (``:ids``, a JSON array of their ids)."""


@dataclass
class Purge:
    """What an erasure removed from the cache (ids and counts only)."""

    rows: dict[str, int] = field(default_factory=dict)
    dropped_seqs: list[int] = field(default_factory=list)
    deleted_entries: int = 0


def unseen(conn: Connection, customer_ids: list[str]) -> list[str]:
    """The ids this cache holds no erasure of yet (call before writing the ``erasures`` rows)."""
    ids = orjson.dumps(customer_ids).decode()
    known = {r[0] for r in conn.exec_driver_sql(f"SELECT id FROM erasures WHERE id IN {_IDS}", {"ids": ids})}
    return [i for i in customer_ids if i not in known]


def purge(conn: Connection, customer_ids: list[str], new: bool = True) -> Purge:
    """Remove these customers and every cached row about them, close the outbox entries about
    them, and (when rows went or the erasures are ``new`` here) compact the search index."""
    ids = orjson.dumps(customer_ids).decode()
    found = {entity: [r[0] for r in conn.exec_driver_sql(f'SELECT id FROM "{entity}" WHERE {where}', {"ids": ids})]
             for entity, where in ABOUT.items()}
    result = Purge(rows={e: len(v) for e, v in found.items() if v})
    for entity, row_ids in found.items():
        if row_ids:
            conn.exec_driver_sql(f'DELETE FROM "{entity}" WHERE id IN (SELECT value FROM json_each(?))',
                                 (orjson.dumps(row_ids).decode(),))
    keys = [[e, i] for e, row_ids in found.items() for i in row_ids] + [[CUSTOMER_KEY, c] for c in customer_ids]
    result.dropped_seqs, result.deleted_entries = _close_outbox(conn, keys)
    if result.rows or result.dropped_seqs or result.deleted_entries or new:
        # The index drops a deleted customer's tokens only when merged; the row may also have
        # gone earlier through a region tombstone, before this erasure arrived.
        fts.compact(conn)
        checkpoint_after_commit(conn)
    if result.rows or result.dropped_seqs or result.deleted_entries:
        who = ", ".join(customer_ids) if len(customer_ids) <= 20 else f"{len(customer_ids)} customers"
        log.info("GDPR erasure of %s: removed %d cached rows (%s); dropped %d pending outbox entries "
                 "(seq %s), deleted %d finished ones", who, sum(result.rows.values()),
                 ", ".join(f"{e} {n}" for e, n in result.rows.items()) or "none", len(result.dropped_seqs),
                 ", ".join(map(str, result.dropped_seqs)) or "-", result.deleted_entries)
    return result


def _close_outbox(conn: Connection, keys: list[list[str]]) -> tuple[list[int], int]:
    """Pending entries touching ``keys`` become refused and empty; finished ones are deleted (the
    server has their sequence numbers already). Returns (dropped seqs, deleted count)."""
    seqs = [r[0] for r in conn.exec_driver_sql(
        "SELECT DISTINCT seq FROM outbox_keys WHERE (entity, row_id) IN "
        "(SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?))",
        (orjson.dumps(keys).decode(),))]
    if not seqs:
        return [], 0
    marks = orjson.dumps(seqs).decode()
    pending = [r[0] for r in conn.exec_driver_sql(
        "SELECT seq FROM outbox WHERE status = 'pending' AND seq IN (SELECT value FROM json_each(?)) ORDER BY seq",
        (marks,))]
    deleted = conn.exec_driver_sql("DELETE FROM outbox WHERE status <> 'pending' "
                                   "AND seq IN (SELECT value FROM json_each(?))", (marks,)).rowcount
    conn.exec_driver_sql(
        "UPDATE outbox SET status = 'rejected', code = ?, message = ?, args = '{}', touched = '[]', "
        "done_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE status = 'pending' "
        "AND seq IN (SELECT value FROM json_each(?))", (ERASED_CODE, ERASED_MESSAGE, marks))
    conn.exec_driver_sql("DELETE FROM outbox_keys WHERE seq IN (SELECT value FROM json_each(?))", (marks,))
    return pending, deleted or 0
