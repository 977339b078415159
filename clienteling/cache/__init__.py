"""The terminal's local cache: encrypted SQLite (SQLCipher), schema, search, outbox, repositories."""

from clienteling.cache.engine import Cache, open_cache
from clienteling.cache.errors import CACHE_ERROR_KINDS, CacheError

__all__ = ["CACHE_ERROR_KINDS", "Cache", "CacheError", "open_cache"]
