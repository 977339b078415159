"""Online fallback of the counter search: customers of other regions, asked of the central
service when the cache has no match, and cached when the associate opens one."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

from sync import protocol as p
from sync.client import SyncClient, SyncError

from clienteling.cache import Cache, repos, rows
from clienteling.cache.fts import tokens
from clienteling.cache.search import SearchHit, name_spans, phone_spans, text_spans
from clienteling.domain.models import Customer

RunDb = Callable[..., Awaitable[Any]]
_DIGITS = re.compile(r"\D")


async def _inline(fn: Callable[..., Any], *args: Any) -> Any:
    return fn(*args)


def _matched_on(q: str, row: dict[str, Any]) -> tuple[str, str, tuple[tuple[int, int], ...]]:
    """Which field of a central hit explains it, with the text and spans to highlight."""
    digits = _DIGITS.sub("", q)
    if row.get("loyalty_number") and q.strip() == row["loyalty_number"]:
        return "loyalty", row["loyalty_number"], ((0, len(row["loyalty_number"])),)
    if "@" in q:
        email = row.get("email") or ""
        return "email", email, text_spans(email, q.strip())
    if digits and len(digits) >= 7 and not re.search(r"[^\d\s+\-().]", q):
        phone = row.get("phone") or ""
        return "phone", phone, phone_spans(phone, digits[-7:] if len(digits) > 7 else digits)
    name = " ".join(x for x in (row.get("first_name"), row.get("last_name")) if x)
    return "name", name, name_spans(name, tokens(q))


PROFILE_ENTITIES = frozenset({"customers", "orders", "order_lines", "loyalty_ledger", "notes", "tasks"})
"""What a fetched customer brings along (anything else in a fetch answer is ignored)."""

class RemoteSearchService:
    """``client`` is the terminal's SyncClient (or a callable returning it, None offline);
    ``run_db`` runs cache work on the DB worker (inline by default, for tests)."""

    def __init__(self, cache: Cache, client: SyncClient | Callable[[], SyncClient | None] | None,
                 run_db: RunDb | None = None) -> None:
        self.cache = cache
        self._client = client
        self._run_db = run_db or _inline

    def client(self) -> SyncClient:
        client = self._client() if callable(self._client) and not isinstance(self._client, SyncClient) \
            else self._client
        if client is None:
            raise SyncError("offline", "this terminal has no connection to the central service")
        return client  # type: ignore[return-value]

    async def search(self, q: str, limit: int = 20) -> list[SearchHit]:
        """Customers of any region matching ``q``, not already in this cache, marked
        ``other_region``. Raises SyncError (kind ``offline``, ...) when central cannot answer."""
        q = (q or "").strip()
        if len(q) < 2:
            return []
        response = await self.client().search_customers(q, limit)
        found = [dict(zip(group.columns, values)) for group in response.customers for values in group.rows]
        present = await self._run_db(self._present, [r["id"] for r in found])
        stores = await self._run_db(self._store_names, {r.get("home_store_id") for r in found})
        hits = []
        for r in found:
            if r["id"] in present:
                continue
            kind, text, spans = _matched_on(q, r)
            hits.append(SearchHit(
                r["id"], r.get("first_name"), r.get("last_name"), r.get("loyalty_number"), r.get("tier"),
                r.get("home_store_id"), stores.get(r.get("home_store_id") or ""), r.get("last_visit_at"),
                r.get("email"), r.get("phone"), kind,  # type: ignore[arg-type]
                match_text=text, match_spans=spans, other_region=True))
        return hits

    async def open(self, customer_id: str) -> Customer:
        """Fetch everything the profile shows of the customer and cache it (one transaction)."""
        response = await self.client().fetch_customer(customer_id)
        customer = await self._run_db(self._store_state, customer_id, response.state)
        if customer is None:
            raise SyncError("protocol", "the central service sent no such customer")
        return customer

    def _present(self, ids: list[str]) -> set[str]:
        with self.cache.read() as conn:
            return rows.ids_present(conn, "customers", ids) if ids else set()

    def _store_names(self, ids: set[str | None]) -> dict[str, str]:
        wanted = {i for i in ids if i}
        if not wanted:
            return {}
        marks = ", ".join("?" * len(wanted))
        with self.cache.read() as conn:
            return {r[0]: r[1] for r in conn.exec_driver_sql(
                f"SELECT id, name FROM stores WHERE id IN ({marks})", tuple(wanted))}

    def _store_state(self, customer_id: str, state: p.StateDelta) -> Customer | None:
        with self.cache.write() as conn:
            followed = {r[0] for r in conn.exec_driver_sql("SELECT scope FROM sync_state")}
            for group in state.upserts:
                # Only what a profile shows, and never into a scope the change feed keeps exact.
                if group.entity in PROFILE_ENTITIES and group.scope and group.scope not in followed:
                    rows.upsert(conn, group.entity, group.scope, group.rows)
            return repos.get_customer(conn, customer_id)
