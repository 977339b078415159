"""GDPR erasure on the central side: delete a customer and every row about them, as tombstones.

Everything happens in one write transaction. Rows are deleted through ``versions.delete_rows``,
so terminals receive the deletes through the change feed like any other; an ``erasures`` row in
the catalog scope (which every terminal follows) then makes each terminal purge the customer from
whatever scope it cached them in (``clienteling.cache.erasure``). The mutation log keeps its
entries (sequence numbers and verdicts) but loses their arguments and results; audit rows keep
who did what when but no longer name the customer.

Lock order follows ``versions``: every row is locked first (the customer, the rows about them,
the stock rows their active holds reserve, their audit rows and logged mutations), then all scope
heads at once, in sorted order, when the transaction stamps its versions at commit.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, Text, cast, delete, or_, select, update

from sync.scopes import CATALOG
from sync.server import clock
from sync.server.models import ENTITY_TABLES, customer_notifications, mutations
from sync.server.versions import delete_rows, upsert_rows

ERASED_ARGS = {"erased": True}
"""What a logged mutation about an erased customer keeps of its arguments."""

_T = ENTITY_TABLES


class NoSuchCustomer(LookupError):
    """Neither a customer nor an erasure with that id."""


def _about(customer_id: str) -> dict[str, Any]:
    """The WHERE clause of each entity's rows about the customer (orders: their purchases)."""
    orders, returns = _T["orders"], _T["returns"]
    their_orders = select(orders.c.id).where(orders.c.customer_id == customer_id).scalar_subquery()
    their_returns = select(returns.c.id).where(or_(returns.c.customer_id == customer_id,
                                                   returns.c.order_id.in_(their_orders))).scalar_subquery()

    def by_customer(entity: str):
        return _T[entity].c.customer_id == customer_id

    def by_customer_or_order(entity: str):
        return or_(by_customer(entity), _T[entity].c.order_id.in_(their_orders))

    # Lock order: the customer's orders before the customer, as returns and handovers lock them.
    return {
        "orders": by_customer("orders"),
        "customers": _T["customers"].c.id == customer_id,
        "loyalty_ledger": by_customer("loyalty_ledger"),
        "order_lines": _T["order_lines"].c.order_id.in_(their_orders),
        "notes": by_customer("notes"),
        "holds": by_customer("holds"),
        "tasks": by_customer("tasks"),
        "handovers": by_customer_or_order("handovers"),
        "returns": by_customer_or_order("returns"),
        "return_lines": _T["return_lines"].c.return_id.in_(their_returns),
        "incidents": by_customer_or_order("incidents"),
    }


def _lock_rows(conn: Connection, customer_id: str) -> dict[str, dict[str, list[str]]]:
    """entity -> scope -> ids of every row about the customer, each locked FOR UPDATE."""
    found: dict[str, dict[str, list[str]]] = {}
    for entity, where in _about(customer_id).items():
        table = _T[entity]
        by_scope: dict[str, list[str]] = defaultdict(list)
        for row_id, scope in conn.execute(select(table.c.id, table.c.scope).where(where)
                                          .order_by(table.c.id).with_for_update()):
            by_scope[scope].append(row_id)
        if by_scope:
            found[entity] = dict(by_scope)
    return found


def _stock_to_release(conn: Connection, customer_id: str) -> dict[str, list[dict[str, Any]]]:
    """scope -> inventory updates giving back what the customer's active holds reserve (locked)."""
    holds, inventory = _T["holds"], _T["inventory"]
    back: dict[str, int] = defaultdict(int)
    for location_id, sku, qty in conn.execute(select(holds.c.location_id, holds.c.sku, holds.c.qty).where(
            holds.c.customer_id == customer_id, holds.c.status == "active")):
        back[f"{location_id}:{sku}"] += qty or 0
    if not back:
        return {}
    now = clock.now_iso()
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in conn.execute(select(inventory.c.id, inventory.c.scope, inventory.c.reserved)
                            .where(inventory.c.id.in_(sorted(back))).order_by(inventory.c.id).with_for_update()):
        out[row.scope].append({"id": row.id, "updated_at": now,
                               "reserved": max((row.reserved or 0) - back[row.id], 0)})
    return dict(out)


def _audit_to_unlink(conn: Connection, customer_id: str) -> dict[str, list[dict[str, Any]]]:
    """scope -> audit updates that keep who did what when but no longer name the customer (locked)."""
    audit = _T["audit"]
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in conn.execute(select(audit.c.id, audit.c.scope, audit.c.target)
                            .where(or_(audit.c.customer_id == customer_id, audit.c.target == customer_id))
                            .order_by(audit.c.id).with_for_update()):
        out[row.scope].append({"id": row.id, "customer_id": None,
                               "target": None if row.target == customer_id else row.target})
    return dict(out)


def _scrub_mutations(conn: Connection, customer_id: str, order_ids: list[str]) -> int:
    """Empty the arguments and results of logged mutations that mention the customer (by id in
    their arguments or result rows, or naming one of their orders); returns how many."""
    needle = f'"{customer_id}"'  # a JSON string token: "C1" does not match "C10"
    mentions = [cast(mutations.c.args, Text).contains(needle, autoescape=True),
                cast(mutations.c.result, Text).contains(needle, autoescape=True)]
    if order_ids:
        mentions.append(mutations.c.args["order_id"].as_string().in_(order_ids))
    found = conn.execute(select(mutations.c.id, mutations.c.result).where(or_(*mentions))
                         .order_by(mutations.c.id).with_for_update()).all()
    for row in found:
        kept = {k: v for k, v in (row.result or {}).items() if k in ("id", "seq", "status", "code")}
        conn.execute(update(mutations).where(mutations.c.id == row.id).values(
            args=ERASED_ARGS, message=None,
            result={**kept, "message": None, "state": {"upserts": [], "deletes": []}}))
    return len(found)


def erase(conn: Connection, customer_id: str) -> dict[str, Any]:
    """Erase the customer inside the caller's write transaction; see :func:`sync.server.admin.erase_customer`.
    Raises NoSuchCustomer when there is neither such a customer nor an erasure of that id."""
    erasures = _T["erasures"]
    erased_at = conn.execute(select(erasures.c.erased_at).where(erasures.c.id == customer_id)).scalar()
    rows = _lock_rows(conn, customer_id)
    if "customers" not in rows and erased_at is None:
        raise NoSuchCustomer(customer_id)
    release = _stock_to_release(conn, customer_id)
    unlink = _audit_to_unlink(conn, customer_id)
    order_ids = [i for ids in rows.get("orders", {}).values() for i in ids]
    scrubbed = _scrub_mutations(conn, customer_id, order_ids)
    for scope, updates in sorted(release.items()):
        upsert_rows(conn, "inventory", scope, updates)
    for scope, updates in sorted(unlink.items()):
        upsert_rows(conn, "audit", scope, updates)
    for entity, by_scope in rows.items():
        for scope, ids in sorted(by_scope.items()):
            delete_rows(conn, entity, scope, ids)
    notifications = conn.execute(delete(customer_notifications)
                                 .where(customer_notifications.c.customer_id == customer_id)).rowcount
    already = erased_at is not None
    if not already:
        erased_at = clock.now_iso()
        upsert_rows(conn, "erasures", CATALOG, [{"id": customer_id, "erased_at": erased_at}])
    return {"customer_id": customer_id, "erased_at": erased_at, "already_erased": already,
            "deleted": {entity: sum(map(len, by_scope.values())) for entity, by_scope in rows.items()},
            "stock_rows_released": sum(map(len, release.values())),
            "audit_rows_unlinked": sum(map(len, unlink.values())),
            "notifications_deleted": notifications, "mutations_scrubbed": scrubbed}
