"""Database URLs for tests: SQLite files and throw-away PostgreSQL databases.

PostgreSQL: the server at 127.0.0.1:5432 (user ``postgres``, trust auth, maintenance database
``test``). Every database made here is named ``ctest_<session>_<n>`` and dropped by
:func:`drop_created_databases` (called by the integration conftest at session end, and at exit as
a fallback). When the server is unreachable :func:`require_postgres` skips the test locally and
FAILS it when ``CI=true``: CI must never pass by skipping PostgreSQL.

API::

    sqlite_url(directory, name="central") -> str          # a new, unused SQLite file URL
    postgres_available() -> bool
    require_postgres() -> None                              # skip locally / fail on CI
    new_postgres_url() -> str                               # a fresh empty database
    clone_postgres_url(template_url) -> str                 # a fresh copy of another database
    drop_created_databases() -> None
    lock_waiters(engine) -> int                             # sessions of its database waiting for a lock
    wait_until(condition, what, timeout=30) -> None         # poll a condition another session changes
"""

from __future__ import annotations

import atexit
import itertools
import os
import secrets
import threading
import time
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from sqlalchemy import Engine, text

PG_HOST = os.environ.get("CLIENTELING_TEST_PGHOST", "127.0.0.1")
PG_PORT = int(os.environ.get("CLIENTELING_TEST_PGPORT", "5432"))
PG_USER = os.environ.get("CLIENTELING_TEST_PGUSER", "postgres")
PG_MAINTENANCE_DB = "test"

_SESSION = secrets.token_hex(3)
_counter = itertools.count(1)
_created: list[str] = []
_lock = threading.Lock()
_available: bool | None = None


def _admin_conn() -> psycopg.Connection:
    return psycopg.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, dbname=PG_MAINTENANCE_DB,
                           autocommit=True, connect_timeout=3)


def pg_url(dbname: str) -> str:
    """SQLAlchemy URL of a database on the test server."""
    return f"postgresql+psycopg://{PG_USER}@{PG_HOST}:{PG_PORT}/{dbname}"


def sqlite_url(directory: str | os.PathLike, name: str = "central") -> str:
    """A SQLite URL for a new file in ``directory`` (never reused within the session)."""
    path = Path(directory) / f"{name}-{next(_counter)}.db"
    return f"sqlite:///{path}"


def postgres_available() -> bool:
    """True when the test PostgreSQL server accepts connections (checked once)."""
    global _available
    if _available is None:
        try:
            with _admin_conn():
                _available = True
        except psycopg.OperationalError:
            _available = False
    return _available


def require_postgres() -> None:
    """Skip (locally) or fail (CI=true) when PostgreSQL is unreachable."""
    if postgres_available():
        return
    message = f"PostgreSQL is not reachable at {PG_HOST}:{PG_PORT} (user {PG_USER}, database {PG_MAINTENANCE_DB})"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message + ": on CI this is a failure, not a skip", pytrace=False)
    pytest.skip(message)


def _create(template: str | None) -> str:
    require_postgres()
    name = f"ctest_{_SESSION}_{next(_counter)}"
    with _admin_conn() as conn:
        if template:
            # CREATE ... TEMPLATE needs the template to have no other sessions.
            conn.execute(sql.SQL("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                 "WHERE datname = {} AND pid <> pg_backend_pid()").format(sql.Literal(template)))
            conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(template)))
        else:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    with _lock:
        _created.append(name)
    return name


def new_postgres_url() -> str:
    """A fresh, empty, uniquely named PostgreSQL database."""
    return pg_url(_create(None))


def clone_postgres_url(template_url: str) -> str:
    """A fresh database copied from ``template_url`` (fast: PostgreSQL copies the files)."""
    return pg_url(_create(template_url.rsplit("/", 1)[1]))


def drop_created_databases() -> None:
    """Drop every database this session created (idempotent)."""
    with _lock:
        names, _created[:] = list(_created), []
    if not names or not postgres_available():
        return
    with _admin_conn() as conn:
        for name in reversed(names):
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def lock_waiters(engine: Engine) -> int:
    """How many sessions of ``engine``'s PostgreSQL database are waiting for a lock right now."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        return conn.execute(text("SELECT count(*) FROM pg_stat_activity "
                                 "WHERE datname = current_database() AND wait_event_type = 'Lock'")).scalar_one()


def wait_until(condition: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
    """Return once ``condition()`` holds; fail naming ``what`` after ``timeout`` seconds. For states
    only another database session can reveal (e.g. that it is blocked on a row lock), which no
    event announces."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:g} s waiting until {what}")
        time.sleep(0.02)


atexit.register(drop_created_databases)
