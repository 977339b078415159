"""Long-polls read up to the published head and share identical pages (``feed``, ``page_cache``)."""

from __future__ import annotations

import time

from sync.server.cursors import END, ChangesPos
from sync.server.feed import long_poll_head
from sync.server.page_cache import PageCache
from sync.server.versions import Head


def _pos(version: int, entity: int = END) -> ChangesPos:
    return ChangesPos("ep", "region:x", version, entity, "")


def test_long_poll_head_is_the_published_one_but_never_below_the_cursor():
    real = Head(50, 3)
    assert long_poll_head(real, _pos(10), None) == real  # nothing published: the real head
    assert long_poll_head(real, _pos(10), 40) == Head(40, 3)
    assert long_poll_head(real, _pos(45, 2), 40) == Head(45, 3)  # mid-page cursor finishes its version
    assert long_poll_head(real, _pos(10), 60) == real  # published ahead of this read: the real one
    assert long_poll_head(real, _pos(70), 40) == real  # cursor past the real head: reset comes next


def _page(rows: int) -> dict:
    return {"upserts": [{"entity": "notes", "scope": None, "columns": [], "rows": [[i] for i in range(rows)]}],
            "deletes": [], "cursor": "c", "more": False, "reset": False, "version": 1}


def test_page_cache_shares_evicts_and_expires():
    cache = PageCache(max_pages=2, ttl_s=0.2, max_rows=100, max_rows_per_page=5)
    key = ("ep", "region:x", (1, END, ""), 9, 100)
    assert cache.get(key) is None
    page = _page(3)
    cache.put(key, page)
    assert cache.get(key) is page
    cache.put(("ep", "region:x", (2, END, ""), 9, 100), _page(1))
    cache.get(key)  # key is now the most recently used
    cache.put(("ep", "region:x", (3, END, ""), 9, 100), _page(1))
    assert cache.get(key) is page
    assert cache.get(("ep", "region:x", (2, END, ""), 9, 100)) is None  # least recently used: evicted
    big = ("ep", "region:x", (4, END, ""), 9, 100)
    cache.put(big, _page(6))
    assert cache.get(big) is None  # over max_rows_per_page: not kept
    time.sleep(0.25)
    assert cache.get(key) is None  # older than the TTL
    assert cache.hits == 3 and cache.misses == 4


def test_page_cache_holds_at_most_max_rows_in_all():
    cache = PageCache(max_pages=10, ttl_s=30, max_rows=10, max_rows_per_page=8)
    keys = [("ep", "region:x", (n, END, ""), 9, 100) for n in range(4)]
    cache.put(keys[0], _page(4))
    cache.put(keys[1], _page(4))
    assert cache.rows == 8
    cache.put(keys[1], _page(4))  # the same key again replaces, never counts twice
    assert cache.rows == 8
    cache.put(keys[2], _page(4))  # 12 > 10: the least recently used page goes
    assert cache.rows == 8 and cache.get(keys[0]) is None and cache.get(keys[1]) is not None
    cache.put(keys[3], _page(8))  # the biggest page allowed pushes out both others
    assert cache.rows == 8 and cache.get(keys[3]) is not None
    assert cache.get(keys[1]) is None and cache.get(keys[2]) is None
