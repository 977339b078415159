"""Engines, transactions and migrations of the central database (SQLite file or PostgreSQL).

SQLite: WAL so readers never block the single writer, a busy timeout so writers queue instead of
failing, and explicit ``BEGIN IMMEDIATE`` for write transactions so that the write lock is taken
*before* the scope heads are read and bumped (version order = commit order). PostgreSQL: a pool,
row locks on the scope heads (see ``versions.bump``).
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, insert, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from sync.server import models
from sync.server.rows import Prepared

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
SQLITE_BUSY_TIMEOUT_S = 30.0
WRITE_OPTION = "sync_write"
VERSIONS_CACHE_KEY = "sync_versions"
PENDING_KEY = "sync_pending"
"""``conn.info``: rows this transaction wrote whose version is not stamped yet (``versions``)."""
BEFORE_COMMIT_KEY = "sync_before_commit"
"""``conn.info``: a callable run with the connection right before COMMIT (``versions.stamp``)."""
_SAVED_PENDING_KEY = "sync_pending_saved"


class DatabaseURLError(ValueError):
    """The --db value is neither a database URL we support nor a file path."""


def normalize_url(url: str) -> str:
    """Turn a plain path into a SQLite URL and ``postgresql://`` into the psycopg 3 driver."""
    if "://" not in url:
        return "sqlite:///" + os.path.abspath(url)
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


POOL_SIZE = 20
"""PostgreSQL connections each process keeps open. A fixed pool with no overflow: overflow
connections are closed as soon as they are returned, and under load that meant a new PostgreSQL
backend (a fork and a login) every few requests; a request finding all of them busy waits for
one (``POOL_TIMEOUT_S``), so the database sees at most this many of our queries at once.

No ping before each use (``pool_pre_ping``: a round trip per request): a connection the server
dropped (a restart, a failover) fails the request that meets it, SQLAlchemy then discards the
whole pool, and the terminal retries (5xx is retryable in ``sync.client``)."""
POOL_TIMEOUT_S = 30.0


def open_engine(url: str, *, pool_size: int = POOL_SIZE) -> Engine:
    """Create an engine for ``url`` (a SQLite path/URL or ``postgresql+psycopg://``), tuned for us."""
    url = normalize_url(url)
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseURLError(f"not a database URL: {url!r}") from exc
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        engine = _sqlite_engine(url, parsed.database)
    elif backend == "postgresql":
        if parsed.get_driver_name() != "psycopg":
            raise DatabaseURLError("PostgreSQL URLs must use the psycopg 3 driver (postgresql+psycopg://)")
        engine = create_engine(url, pool_size=pool_size, max_overflow=0, pool_timeout=POOL_TIMEOUT_S,
                               pool_recycle=1800, hide_parameters=True)
    else:
        raise DatabaseURLError(f"unsupported database {backend!r}: use sqlite or postgresql+psycopg")
    # Each transaction starts with an empty cache of the versions bump() handed out and nothing
    # pending; rows still pending at commit are stamped then; savepoints keep what they un-write.
    event.listen(engine, "begin", _reset_versions_cache)
    event.listen(engine, "commit", _before_commit)
    event.listen(engine, "savepoint", _savepoint)
    event.listen(engine, "release_savepoint", _release_savepoint)
    event.listen(engine, "rollback_savepoint", _reset_versions_after_savepoint)
    return engine


def _sqlite_engine(url: str, database: str | None) -> Engine:
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S, "check_same_thread": False},
                           hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:
        # Let SQLAlchemy (not the sqlite3 module) decide when transactions begin.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute(f"PRAGMA busy_timeout={int(SQLITE_BUSY_TIMEOUT_S * 1000)}")
        cur.execute("PRAGMA foreign_keys=OFF")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # IMMEDIATE takes the write lock now: two writers can't both read a head then bump it.
        immediate = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _reset_versions_cache(conn: Connection) -> None:
    for key in (VERSIONS_CACHE_KEY, PENDING_KEY, BEFORE_COMMIT_KEY, _SAVED_PENDING_KEY):
        conn.info.pop(key, None)


def _before_commit(conn: Connection) -> None:
    hook = conn.info.get(BEFORE_COMMIT_KEY)
    if hook is not None:
        hook(conn)


def _savepoint(conn: Connection, _name) -> None:
    pending = conn.info.get(PENDING_KEY) or {}
    conn.info.setdefault(_SAVED_PENDING_KEY, []).append({k: set(v) for k, v in pending.items()})


def _release_savepoint(conn: Connection, _name, _context) -> None:
    saved = conn.info.get(_SAVED_PENDING_KEY)
    if saved:
        saved.pop()


def _reset_versions_after_savepoint(conn: Connection, _name, _context) -> None:
    # A rolled-back savepoint may have undone a head bump: bump again if needed (a gap is harmless).
    conn.info.pop(VERSIONS_CACHE_KEY, None)
    # And the rows it wrote are gone: only what was pending when it began is left to stamp.
    saved = conn.info.get(_SAVED_PENDING_KEY)
    if saved:
        conn.info[PENDING_KEY] = saved.pop()


def is_sqlite(engine_or_conn: Engine | Connection) -> bool:
    """True when the database is SQLite."""
    return engine_or_conn.dialect.name == "sqlite"


@contextlib.contextmanager
def write_tx(engine: Engine) -> Iterator[Connection]:
    """A write transaction: committed on success, rolled back on error (``BEGIN IMMEDIATE`` on SQLite)."""
    with engine.connect() as conn:
        conn.execution_options(**{WRITE_OPTION: True})
        with conn.begin():
            yield conn


@contextlib.contextmanager
def read_tx(engine: Engine, *, consistent: bool = False) -> Iterator[Connection]:
    """A read transaction: one consistent view on SQLite; on PostgreSQL per statement unless
    ``consistent`` (REPEATABLE READ, for reports that must add up).

    Per-statement reads on PostgreSQL run in autocommit: READ COMMITTED gives each statement its
    own snapshot either way, and autocommit saves the BEGIN and COMMIT round trips.
    """
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.execution_options(isolation_level="REPEATABLE READ" if consistent else "AUTOCOMMIT")
        with conn.begin():
            yield conn


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration and make sure the server secret and epoch exist."""
    with engine.connect() as conn:
        conn.execution_options(**{WRITE_OPTION: True})
        cfg = alembic_config(conn)
        with conn.begin():
            command.upgrade(cfg, "head")
    with write_tx(engine) as conn:
        ensure_meta(conn)


def alembic_config(conn: Connection | None = None) -> Config:
    """An Alembic config that needs no alembic.ini: migrations live inside this package."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = conn
    return cfg


def ensure_meta(conn: Connection) -> None:
    """Create the cursor-signing secret and the epoch if they are missing."""
    meta = models.server_meta
    have = {k for (k,) in conn.execute(select(meta.c.key))}
    if "secret" not in have:
        conn.execute(insert(meta).values(key="secret", value=secrets.token_hex(32)))
    if "epoch" not in have:
        conn.execute(insert(meta).values(key="epoch", value=new_epoch()))


def new_epoch() -> str:
    """A fresh random epoch id."""
    return secrets.token_hex(8)


_READ_META = Prepared(lambda: select(models.server_meta.c.key, models.server_meta.c.value))


def read_meta(conn: Connection) -> dict[str, str]:
    """All server_meta key/values (read on every change-feed request: compiled once)."""
    return dict(_READ_META.run(conn))
