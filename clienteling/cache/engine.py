"""Open the encrypted cache: SQLCipher through SQLAlchemy, pragmas, migrations, transactions."""

from __future__ import annotations

import errno
import logging
import os
import re
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from clienteling.cache import fts
from clienteling.cache.errors import CacheError, translated
from clienteling.cache.schema import migrate

log = logging.getLogger(__name__)

_HEX_KEY = re.compile(r"^[0-9a-fA-F]{64}$")
BUSY_TIMEOUT_MS = 5000
_CHECKPOINT_KEY = "checkpoint_after_commit"


def damaged_marker(path: Path) -> Path:
    """The file beside the cache that says a query found it damaged: the next open checks the whole
    file and, if it is damaged, the terminal sets it aside (``clienteling.cache.recovery``)."""
    return path.with_name(path.name + ".damaged")


@contextmanager
def _noticing_damage(path: Path) -> Iterator[None]:
    try:
        yield
    except CacheError as exc:
        if exc.kind == "corrupt":
            try:
                damaged_marker(path).touch()
            except OSError:
                pass  # the file is still damaged; the next read reports it again
        raise


def checkpoint_after_commit(conn: Connection) -> None:
    """Ask :meth:`Cache.write` to empty the write-ahead log once this transaction commits, so
    older copies of pages it changed (e.g. an erased customer's rows) do not linger there."""
    conn.info[_CHECKPOINT_KEY] = True


class Cache:
    """The terminal's encrypted local database.

    Use :meth:`read` for a consistent read transaction and :meth:`write` for a write
    transaction (``BEGIN IMMEDIATE``; committed on success, rolled back on any exception).
    SQLite failures surface as :class:`CacheError`. One Cache per data folder; all work on it
    normally runs on the single :class:`~clienteling.dbworker.DbWorker` thread.
    """

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine
        self._writer = engine.execution_options(sqlite_begin="IMMEDIATE")

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read-only transaction (a consistent snapshot of the file)."""
        with _noticing_damage(self.path), translated(), self.engine.connect() as conn:
            with conn.begin():
                yield conn

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction: everything inside commits together or not at all."""
        with _noticing_damage(self.path), translated(), self._writer.connect() as conn:
            try:
                with conn.begin():
                    yield conn
            finally:
                checkpoint = conn.info.pop(_CHECKPOINT_KEY, False)
            if checkpoint:
                _truncate_wal(conn)

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def _truncate_wal(conn: Connection) -> None:
    # On the driver connection: outside a transaction (SQLAlchemy would begin one first). The
    # write has committed: a checkpoint that cannot finish now is logged, not raised.
    try:
        busy, _, _ = conn.connection.dbapi_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except sqlcipher.Error as exc:
        log.warning("write-ahead log not emptied (%s); it empties at a later checkpoint", type(exc).__name__)
        return
    if busy:
        log.info("write-ahead log not emptied: a reader is still using it (it empties at a later checkpoint)")


def _make_engine(path: Path, key_hex: str) -> Engine:
    engine = create_engine(
        "sqlite:///" + str(path), module=sqlcipher, poolclass=QueuePool, pool_size=2,
        max_overflow=4, connect_args={"check_same_thread": False, "isolation_level": None},
        hide_parameters=True,  # a failing statement's error text never carries customer values
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        cur = dbapi_conn.cursor()
        try:
            cur.execute("PRAGMA cipher_log_level = NONE")  # failures are reported as CacheError
            # The key must be the very first statement touching the file. A raw 256-bit key
            # (x'...') skips SQLCipher's passphrase derivation, so opening stays fast.
            cur.execute(f"PRAGMA key = \"x'{key_hex}'\"")
            cur.execute("SELECT count(*) FROM sqlite_master")  # fails here on a wrong key
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = NORMAL")
            cur.execute("PRAGMA foreign_keys = OFF")
            # Deleted rows are overwritten with zeros, so an erased customer's bytes do not linger
            # in free space of the (decrypted) file.
            cur.execute("PRAGMA secure_delete = ON")
            cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cur.execute("PRAGMA temp_store = MEMORY")
            cur.execute("PRAGMA cache_size = -32768")
            # Fewer, larger checkpoints: bulk loads spend less time copying WAL pages back.
            cur.execute("PRAGMA wal_autocheckpoint = 10000")
        finally:
            cur.close()
        fts.register_functions(dbapi_conn)

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # type: ignore[no-untyped-def]
        # The driver's own implicit transactions are off (isolation_level=None); start one
        # explicitly so reads are consistent and writers take the lock up front.
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _looks_like_plain_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def _os_error(exc: OSError, what: str) -> CacheError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return CacheError("disk_full", detail=f"{what}: {exc.strerror}")
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOTDIR):
        return CacheError("readonly", detail=f"{what}: {exc.strerror}")
    return CacheError("io", detail=f"{what}: {exc.strerror}")


def _probe_folder(folder: Path) -> CacheError | None:
    """Why SQLite could not open or write the cache, when the folder itself is the cause (a
    read-only or full disk, permissions): SQLite only says "unable to open" or "disk I/O error"."""
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        return _os_error(exc, f"cannot write in {folder}")
    return None


def _check_whole_file(cache: Cache) -> None:
    """After a query found the file damaged (a marker beside it): check every page, once."""
    marker = damaged_marker(cache.path)
    if not marker.exists():
        return
    with cache.read() as conn:
        problems = [r[0] for r in conn.exec_driver_sql("PRAGMA quick_check")]
    if problems != ["ok"]:
        raise CacheError("corrupt", detail=f"{cache.path}: {problems[0]}")
    log.warning("cache %s was reported damaged but its check passed: using it", cache.path)
    marker.unlink(missing_ok=True)


def open_cache(path: str | os.PathLike[str], key_hex: str) -> Cache:
    """Open (creating and migrating if needed) the encrypted cache at ``path``.

    Raises :class:`CacheError` with kind ``wrong_key`` (or ``corrupt``, ``readonly``,
    ``disk_full``...) when the file cannot be used. A file that a query found damaged earlier is
    checked whole first (``PRAGMA quick_check``).
    """
    if not _HEX_KEY.match(key_hex or ""):
        raise ValueError("the cache key must be 64 hex characters (32 bytes)")
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _os_error(exc, f"cannot create {path.parent}") from None
    existed = path.exists() and path.stat().st_size > 0
    engine = _make_engine(path, key_hex)
    cache = Cache(path, engine)
    try:
        with cache.write() as conn:
            changes = migrate(conn)
            # A write at every open: a read-only file or disk is reported now, not at the first sale.
            conn.exec_driver_sql("INSERT OR REPLACE INTO cache_meta(key, value) VALUES ('opened', '1')")
        _check_whole_file(cache)
    except CacheError as exc:
        engine.dispose()
        if exc.kind in ("io", "readonly", "disk_full"):
            raise (_probe_folder(path.parent) or exc) from None
        if exc.kind == "wrong_key" and existed and _looks_like_plain_sqlite(path):
            raise CacheError("corrupt", "The local cache file is not encrypted: refusing to use it.",
                             detail=str(path)) from None
        if exc.kind == "wrong_key" and existed and path.stat().st_size % 1024:
            raise CacheError("corrupt", detail=f"{path}: truncated file") from None
        raise
    except BaseException:
        engine.dispose()
        raise
    if not existed:
        try:
            os.chmod(path, 0o600)
        except OSError:
            pass
    if changes:
        log.info("cache %s migrated: %s", path, ", ".join(changes))
    return cache
