"""Cache errors: SQLite/SQLCipher failures translated into a few kinds a user can act on."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import exc as sa_exc

CACHE_ERROR_KINDS = ("wrong_key", "corrupt", "disk_full", "readonly", "locked", "io", "incompatible")

_MESSAGES = {
    "wrong_key": "The local cache cannot be opened with this terminal's key (wrong key, or not a "
                 "cache file). Re-enrol the terminal to rebuild it.",
    "corrupt": "The local cache file is damaged. Start the app again: it sets the file aside and downloads "
               "the data again from the central service, keeping the changes not sent yet.",
    "disk_full": "The disk is full: the local cache cannot save changes. Free some space.",
    "readonly": "The local cache is read-only (file permissions or a read-only disk).",
    "locked": "The local cache is busy (another copy of the app?). Try again.",
    "io": "The disk reported an input/output error while using the local cache.",
    "incompatible": "The local cache was written by a newer version of the app.",
}


class CacheError(Exception):
    """A known, user-facing failure of the local cache. ``kind`` is one of CACHE_ERROR_KINDS."""

    def __init__(self, kind: str, message: str | None = None, detail: str = "") -> None:
        self.kind = kind
        self.message = message or _MESSAGES.get(kind, "The local cache failed.")
        self.detail = detail
        super().__init__(self.message if not detail else f"{self.message} ({detail})")


def classify(error: BaseException) -> str | None:
    """The CacheError kind of a DB-API error, or None when it is a bug rather than a known state."""
    name = getattr(error, "sqlite_errorname", "") or ""
    text = str(error).lower()
    if name.startswith("SQLITE_NOTADB") or "file is not a database" in text:
        return "wrong_key"
    if name.startswith("SQLITE_CORRUPT") or "malformed" in text:
        return "corrupt"
    if name.startswith("SQLITE_FULL") or "disk is full" in text:
        return "disk_full"
    if name.startswith("SQLITE_READONLY") or "readonly database" in text:
        return "readonly"
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in text:
        return "locked"
    if name.startswith(("SQLITE_IOERR", "SQLITE_CANTOPEN")) or "disk i/o error" in text or "unable to open" in text:
        return "io"
    return None


def translate(error: BaseException) -> BaseException:
    """A CacheError for known storage states; the original error (a bug) otherwise."""
    orig = error.orig if isinstance(error, sa_exc.DBAPIError) else error
    kind = classify(orig) if orig is not None else None
    if kind is None:
        return error
    return CacheError(kind, detail=str(orig))


@contextmanager
def translated() -> Iterator[None]:
    """Re-raise SQLite storage failures as CacheError."""
    try:
        yield
    except CacheError:
        raise
    except (sa_exc.DBAPIError, sqlcipher.Error) as exc:
        new = translate(exc)
        if new is exc:
            raise
        raise new from exc
