"""Change pages shared by the long-polls that ask for the same thing.

When a busy scope's head is published (``watcher``), its waiting terminals wake and ask for the
changes after the cursor they were all given last time, up to the same head: the same page. The
first request reads it from the database; the others, in this process and within ``ttl_s``,
get the same dict. A page is a pure function of (epoch, scope, cursor key, head, page size)
while the rows it lists do not change, so the only staleness is a row rewritten or deleted
after the page was read: the client receives that newer version or tombstone on its next
request, exactly as if it had asked a moment earlier. (An erased customer's rows can therefore
be served from here for up to ``ttl_s`` after the erasure, followed by their tombstones.)
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Any

PageKey = tuple[str, str, tuple[int, int, str], int, int]
"""(epoch, scope, cursor key, head version, page rows)."""


class PageCache:
    """An LRU of change pages with a time limit, holding at most ``max_pages`` pages and
    ``max_rows`` rows in all (64,000 by default: tens of MB); a page bigger than
    ``max_rows_per_page`` is not kept. Safe to use from worker threads.

    In a busy region a beat's page is hundreds of rows (2,000 terminals writing a note a minute
    each: about 660 notes per 20 s beat), and every waiting terminal of the region asks for it:
    pages of that size must be shared. (A cap of 500 rows per page made every such wake-up a
    database read: 46% of lookups missed under that load.)"""

    def __init__(self, max_pages: int = 128, ttl_s: float = 30.0, max_rows: int = 64_000,
                 max_rows_per_page: int = 5_000) -> None:
        self._pages: OrderedDict[PageKey, tuple[float, int, dict[str, Any]]] = OrderedDict()
        self._max_pages = max_pages
        self._ttl = ttl_s
        self._max_rows = max_rows
        self._max_page_rows = max_rows_per_page
        self._rows = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: PageKey) -> dict[str, Any] | None:
        """The page stored under ``key`` if it is fresh."""
        with self._lock:
            found = self._pages.get(key)
            if found is None or time.monotonic() - found[0] > self._ttl:
                self.misses += 1
                return None
            self._pages.move_to_end(key)
            self.hits += 1
            return found[2]

    def put(self, key: PageKey, page: dict[str, Any]) -> None:
        """Keep ``page`` (treated as read-only from now on) unless it is too big to share;
        the least recently used pages make room."""
        rows = sum(len(g["rows"]) for g in page["upserts"]) + sum(len(g["ids"]) for g in page["deletes"])
        if rows > self._max_page_rows:
            return
        with self._lock:
            old = self._pages.pop(key, None)
            if old is not None:
                self._rows -= old[1]
            self._pages[key] = (time.monotonic(), rows, page)
            self._rows += rows
            while len(self._pages) > self._max_pages or self._rows > self._max_rows:
                self._rows -= self._pages.popitem(last=False)[1][1]

    @property
    def rows(self) -> int:
        """Rows held now."""
        return self._rows
