"""Applying server data to the cache: each function is one local transaction (run on the DbWorker).

- a snapshot page and its cursor commit together (resumable page by page);
- a scope's change page and its new cursor commit together;
- a push result's state, the outbox verdict and the undo of a rejected mutation commit together.

After server rows land, the local effects of still-pending mutations that touched them are
re-applied, so an optimistic edit is not hidden by an older server row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

import orjson
from sync import protocol as p

from sync.entities import ENTITIES, ENTITY_INDEX

from clienteling.cache import Cache, effects, fts, outbox, rows, state
from clienteling.cache.schema import cache_meta, create_secondary_indexes, drop_secondary_indexes

DEFERRED_KEY = "deferred_indexes"


@dataclass
class PageResult:
    rows: int
    fts_rebuilt: bool
    reapplied: int


def _hit_keys(pending: set[tuple[str, str]], groups: Iterable[Any], attr: str) -> set[tuple[str, str]]:
    if not pending:
        return set()
    entities = {e for e, _ in pending}
    hit = set()
    for g in groups:
        if g.entity in entities:
            ids = (r[0] for r in g.rows) if attr == "rows" else g.ids
            hit.update(k for k in ((g.entity, i) for i in ids) if k in pending)
    return hit


def _deferred(conn: Any) -> list[str]:
    value = conn.execute(cache_meta.select().with_only_columns(cache_meta.c.value)
                         .where(cache_meta.c.key == DEFERRED_KEY)).scalar()
    return orjson.loads(value) if value else []


def _set_deferred(conn: Any, entities: list[str]) -> None:
    conn.execute(cache_meta.delete().where(cache_meta.c.key == DEFERRED_KEY))
    if entities:
        conn.execute(cache_meta.insert().values(key=DEFERRED_KEY, value=orjson.dumps(entities).decode()))


def begin_initial_load(cache: Cache) -> bool:
    """On an empty cache, drop the lookup indexes: bulk inserts run ~2x faster without them and
    each index is rebuilt in one sorted pass as soon as its entity is complete."""
    with cache.write() as conn:
        for name in ENTITIES:
            if conn.exec_driver_sql(f'SELECT 1 FROM "{name}" LIMIT 1').first() is not None:
                return False
        drop_secondary_indexes(conn, list(ENTITIES))
        _set_deferred(conn, list(ENTITIES))
    return True


def _build_ready_indexes(conn: Any, page: p.SnapshotPage) -> None:
    deferred = _deferred(conn)
    if not deferred:
        return
    # Pages come in entity order: every entity before the last one in this page is complete.
    present = [ENTITY_INDEX[g.entity] for g in page.entities if g.rows]
    frontier = len(ENTITY_INDEX) if page.done else max(present, default=-1)
    ready = [e for e in deferred if ENTITY_INDEX[e] < frontier]
    if ready:
        create_secondary_indexes(conn, ready)
        _set_deferred(conn, [e for e in deferred if e not in ready])


def apply_snapshot_page(cache: Cache, page: p.SnapshotPage, first: bool, now: str) -> PageResult:
    """Load one snapshot page. ``first``: the snapshot restarts over rows already in the cache,
    so flag the scope's rows stale (they are swept when the new snapshot completes)."""
    scope = page.scope
    with cache.write() as conn:
        if first:
            rows.mark_scope_stale(conn, scope)
        has_customers = any(g.entity == "customers" and g.rows for g in page.entities)
        if has_customers and fts.mode(conn) != "bulk":
            fts.set_mode(conn, "bulk")  # no per-row index work; rebuilt in bulk below
        pending = outbox.pending_keys(conn)
        hit = _hit_keys(pending, page.entities, "rows")
        n = 0
        for group in page.entities:
            n += rows.bulk_replace(conn, group.entity, scope, group.rows)
        if page.done:
            rows.sweep_stale(conn, scope)
        # Customers come first in a snapshot: as soon as a page is not customers-only, all
        # of them are in and the index is built once for everyone.
        customers_only = has_customers and all(g.entity == "customers" or not g.rows for g in page.entities)
        rebuilt = False
        if fts.mode(conn) == "bulk" and (page.done or not customers_only):
            fts.rebuild(conn)
            rebuilt = True
        _build_ready_indexes(conn, page)
        reapplied = effects.reapply_pending(conn, hit) if hit else 0
        received = page.rows_before + n
        if page.done:
            state.save_scope(conn, scope, snapshot_cursor=None, snapshot_done=True,
                             changes_cursor=page.changes_cursor, version=page.version,
                             rows_received=received, total_rows=page.total_rows, last_sync_at=now)
        else:
            state.save_scope(conn, scope, snapshot_cursor=page.cursor, snapshot_done=False,
                             rows_received=received, total_rows=page.total_rows)
    return PageResult(n, rebuilt, reapplied)


def finish_bulk_index(cache: Cache) -> bool:
    """After a bootstrap: build any lookup index still deferred, and rebuild the search index
    if a bulk load left it stale (e.g. an interrupted bootstrap). True if search was rebuilt."""
    with cache.write() as conn:
        deferred = _deferred(conn)
        if deferred:
            create_secondary_indexes(conn, deferred)
            _set_deferred(conn, [])
        if fts.mode(conn) == "bulk":
            fts.rebuild(conn)
            return True
    return False


def apply_changes(cache: Cache, scope: str, changes: p.ScopeChanges, now: str) -> int:
    """Apply one scope's change page and its cursor in one transaction; returns rows touched."""
    with cache.write() as conn:
        pending = outbox.pending_keys(conn)
        hit = _hit_keys(pending, changes.upserts, "rows") | _hit_keys(pending, changes.deletes, "ids")
        n = 0
        for group in changes.upserts:
            n += rows.upsert(conn, group.entity, scope, group.rows)
        for group in changes.deletes:
            n += rows.delete(conn, group.entity, scope, group.ids)
        if hit:
            effects.reapply_pending(conn, hit)
        state.save_scope(conn, scope, changes_cursor=changes.cursor, version=changes.version,
                         last_sync_at=now)
    return n


def reset_scopes(cache: Cache, scopes: list[str]) -> None:
    """Re-snapshot these scopes (cursor too old / other epoch); outbox and rows are kept."""
    with cache.write() as conn:
        for scope in scopes:
            state.reset_scope(conn, scope)


class ResultMismatch(ValueError):
    """A push result that does not correspond to the outbox entry with that seq."""


def apply_push_results(cache: Cache, results: list[p.MutationResult], scopes: set[str],
                       now: str) -> dict[str, int]:
    """Close outbox entries from the server's results, one transaction per result.

    A result for an entry that is no longer pending (a replayed response) changes nothing.
    Groups of a scope this terminal does not hold are ignored, so no foreign data lands here.
    """
    counts = {"applied": 0, "rejected": 0, "replayed": 0}
    for result in results:
        with cache.write() as conn:
            entry = outbox.get(conn, result.seq)
            if entry is None or entry.id != result.id:
                raise ResultMismatch(f"result for seq {result.seq} / id {result.id} does not match "
                                     "the outbox")
            if entry.status != "pending":
                counts["replayed"] += 1
                continue
            keys = set(entry.touched)
            for group in result.state.upserts:
                if group.scope in scopes:
                    rows.upsert(conn, group.entity, group.scope, group.rows)
                    keys.update((group.entity, r[0]) for r in group.rows)
            deleted = []
            for group in result.state.deletes:
                deleted += [(group.entity, i) for i in group.ids]
                if group.scope in scopes:
                    rows.delete(conn, group.entity, group.scope, group.ids)
            keys.update(deleted)
            if result.status == "rejected":
                # Its local-only rows (a note, a redemption) can never become real.
                rows.delete_local_only(conn, set(entry.touched) | set(deleted))
            outbox.mark_done(conn, entry.seq, result.status, result.code, result.message, now)
            effects.reapply_pending(conn, keys, exclude_seq=entry.seq)
            counts[result.status] += 1
    return counts


def load_for_push(cache: Cache, limit: int, first_seq: int | None = None) -> list[p.Mutation]:
    """Pending entries (or every entry from ``first_seq``) as wire mutations; counts an attempt."""
    with cache.write() as conn:
        entries = (outbox.pending(conn, limit) if first_seq is None
                   else outbox.from_seq(conn, first_seq, limit))
        outbox.count_attempt(conn, [e.seq for e in entries if e.status == "pending"])
    return [p.Mutation(id=e.id, seq=e.seq, name=e.name, associate_id=e.associate_id,
                       local_time=e.local_time, args=e.args) for e in entries]
