"""Bootstrap: download each scope whose snapshot is not finished, page by page, resumable.

Region scopes come first (customers become searchable first). Each page and its cursor commit in
one local transaction (``replication.apply``); the next page is fetched while one is written.
Progress (rows, total, percent, ETA) goes out through the Replicator's callbacks.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import TYPE_CHECKING

from sync.client import SyncError
from sync.scopes import CATALOG

from clienteling.cache import state
from clienteling.replication import apply
from clienteling.replication.status import ScopeProgress

if TYPE_CHECKING:
    from clienteling.replication.replicator import Replicator

log = logging.getLogger(__name__)

SNAPSHOT_PAGE_ROWS = 1_000
"""Rows per snapshot page. Parsing a page (orjson) holds the GIL: with 10,000 rows the window
stalled up to 157 ms during a large download (p99 75 ms); with 1,000, p99 14 ms / max 89 ms, and
the download still runs at 70,000 rows/s (benchmarks/ui_stall.py, bootstrap.py)."""


def bootstrap_order(scopes: list[str]) -> list[str]:
    """Region scopes first (customers become searchable first), then the rest in server order."""
    return sorted(scopes, key=lambda s: (0 if s.startswith("region:") else 1 if s == CATALOG else 2))


async def download_missing(rep: "Replicator", only: list[str] | None = None) -> int:
    """Snapshot every scope (of ``only``, when given) not downloaded yet; returns rows received."""
    scopes, states = await rep.worker.run(rep._scopes)
    todo = [s for s in bootstrap_order(scopes)
            if not states.get(s, state.ScopeState(s)).snapshot_done and (only is None or s in only)]
    if not todo:
        if await rep.worker.run(apply.finish_bulk_index, rep.cache):
            rep._searchable()
        return 0
    rep.status.bootstrapping = True
    rep._emit()
    total = 0
    try:
        await rep.worker.run(apply.begin_initial_load, rep.cache)
        for scope in todo:
            total += await _snapshot_scope(rep, scope, states.get(scope, state.ScopeState(scope)))
        if await rep.worker.run(apply.finish_bulk_index, rep.cache):
            rep._searchable()
    finally:
        rep.status.bootstrapping = False
        rep._emit()
    return total


async def _snapshot_scope(rep: "Replicator", scope: str, st: state.ScopeState) -> int:
    cursor = st.snapshot_cursor
    # Rows of this scope may already be here (a reset, a grown schema): flag them stale.
    first = cursor is None and (st.version is not None or st.rows_received > 0)
    started = time.monotonic()
    received = 0
    restarted = False
    fetch = asyncio.ensure_future(rep.client.snapshot(scope, cursor, rep.snapshot_page_rows))
    try:
        while True:
            try:
                page = await fetch
            except SyncError as exc:
                if exc.kind == "protocol" and exc.status == 400 and cursor and not restarted:
                    log.warning("snapshot cursor of %s refused (%s): starting it over", scope, exc)
                    cursor, first, restarted = None, True, True
                    fetch = asyncio.ensure_future(rep.client.snapshot(scope, None, rep.snapshot_page_rows))
                    continue
                raise
            # Fetch the next page while this one is written: network and disk overlap.
            fetch = (asyncio.ensure_future(rep.client.snapshot(scope, page.cursor, rep.snapshot_page_rows))
                     if not page.done else None)
            result = await rep.worker.run(apply.apply_snapshot_page, rep.cache, page, first, rep._now())
            first = False
            received += result.rows
            if result.fts_rebuilt:
                rep._searchable()
            _progress(rep, scope, page.rows_before + result.rows, page.total_rows, received, started)
            if page.done:
                return received
            cursor = page.cursor
    finally:
        if fetch is not None and not fetch.done():
            fetch.cancel()
            await asyncio.gather(fetch, return_exceptions=True)


def _progress(rep: "Replicator", scope: str, rows: int, total: int, session_rows: int, started: float) -> None:
    elapsed = time.monotonic() - started
    rate = session_rows / elapsed if elapsed > 0 else 0.0
    remaining = max(total - rows, 0)
    eta = remaining / rate if rate > 0 else None
    percent = 100.0 if total <= 0 else min(100.0, 100.0 * rows / total)
    rep.status.progress[scope] = ScopeProgress(scope, rows, total, percent, eta)
    if rep.on_progress is not None:
        try:
            rep.on_progress(scope, rows, total, percent, eta)
        except Exception:
            log.exception("on_progress callback failed")
    rep._emit()
