"""A real central service for tests: seeded databases and a uvicorn server on a loopback socket.

Stable API (the terminal-side tests use it too)::

    seeded_db_url(kind, tmp_path_or_dir, size="tiny", seed=7, now=None) -> str
        A fresh database ("sqlite" or "postgresql") seeded by sync.server.seed. Each call returns a
        new database; identical (kind, size, seed, now) calls copy a cached seeded template, so
        they are cheap. PostgreSQL databases are dropped at session end.
    start_central(db_url) -> RunningCentral
        Migrates db_url and serves it on 127.0.0.1:<free port> in a background thread.
    RunningCentral
        .url            "http://127.0.0.1:PORT" (no trailing slash)
        .db_url         the database URL it serves
        .enroll_code(store_id, ttl_hours=24) -> str   a one-time code for /v1/enroll
        .enroll(store_id, hostname="test") -> dict    enrolls a device; the EnrollResponse as a dict
        .engine() -> Engine   the server's engine, for server-side changes through
                              sync.server.versions (upsert_rows / delete_rows) in write_tx
        .stop()         shuts the server down and disposes the engine (idempotent)

Replica helpers (a dict standing in for a terminal cache, keyed (entity, id) -> values without
``_version``)::

    download_snapshot(http, scope, page_rows=5000) -> Snapshot(rows, changes_cursor, pages, version)
    apply_changes(rows, http, scope, cursor, page_rows=5000) -> new cursor (follows ``more``)
    server_rows(engine, scope) -> the same dict read straight from the server's tables
"""

from __future__ import annotations

import atexit
import shutil
import socket
import sqlite3
import tempfile
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import uvicorn
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.engine import make_url

from sync.server import admin
from sync.server.app import create_app
from sync.entities import ENTITIES
from sync.protocol import canonical_value
from sync.server.db import open_engine, read_tx, upgrade
from sync.server.models import ENTITY_TABLES
from sync.server.seed import seed
from tests.helpers import databases

_templates: dict[tuple, str] = {}
_templates_lock = threading.Lock()
_template_dir: Path | None = None


def _seed_template(kind: str, size: str, seed_: int, now: datetime | None) -> str:
    global _template_dir
    key = (kind, size, seed_, now)
    with _templates_lock:
        if key not in _templates:
            if kind == "sqlite":
                if _template_dir is None:
                    _template_dir = Path(tempfile.mkdtemp(prefix="central-templates-"))
                    atexit.register(shutil.rmtree, _template_dir, ignore_errors=True)
                url = databases.sqlite_url(_template_dir, f"template-{size}-{seed_}")
            elif kind == "postgresql":
                url = databases.new_postgres_url()
            else:
                raise ValueError(f"unknown database kind {kind!r}")
            seed(url, size=size, seed=seed_, now=now)
            _templates[key] = url
        return _templates[key]


def seeded_db_url(kind: str, tmp_path_or_dir, size: str = "tiny", seed: int = 7,
                  now: datetime | None = None) -> str:
    """A new seeded database of ``kind`` ("sqlite" files go in ``tmp_path_or_dir``)."""
    if kind == "postgresql":
        databases.require_postgres()
    template = _seed_template(kind, size, seed, now)
    if kind == "postgresql":
        return databases.clone_postgres_url(template)
    url = databases.sqlite_url(tmp_path_or_dir, f"seeded-{size}")
    src = sqlite3.connect(make_url(template).database)
    dst = sqlite3.connect(make_url(url).database)
    try:
        src.backup(dst)  # consistent copy, WAL included
    finally:
        src.close()
        dst.close()
    return url


def _free_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


class RunningCentral:
    """A central server running in a background thread; see the module docstring."""

    def __init__(self, db_url: str, **app_options: Any) -> None:
        self.db_url = db_url
        self._engine = open_engine(db_url)
        upgrade(self._engine)
        self.app = app = create_app(self._engine, **app_options)
        self._sock = _free_socket()
        port = self._sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        config = uvicorn.Config(app, log_level="warning", lifespan="on", access_log=False,
                                timeout_graceful_shutdown=2)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [self._sock]},
                                        name=f"central-{port}", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 15
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the central server did not start")
            time.sleep(0.01)
        self._stopped = False

    def engine(self) -> Engine:
        """The server's engine (write through ``sync.server.db.write_tx``)."""
        return self._engine

    def enroll_code(self, store_id: str, ttl_hours: float = 24) -> str:
        """A one-time enrollment code for ``store_id``."""
        return admin.create_enroll_code(self._engine, store_id, timedelta(hours=ttl_hours))

    def enroll(self, store_id: str, hostname: str = "test") -> dict:
        """Enroll a new device of ``store_id`` over HTTP; returns the EnrollResponse dict."""
        code = self.enroll_code(store_id)
        r = httpx.post(f"{self.url}/v1/enroll", json={"code": code, "hostname": hostname}, timeout=10)
        r.raise_for_status()
        return r.json()

    def stop(self) -> None:
        """Stop the server and release the database (idempotent)."""
        if self._stopped:
            return
        self._stopped = True
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._sock.close()
        self._engine.dispose()


def start_central(db_url: str, **app_options: Any) -> RunningCentral:
    """Serve ``db_url`` on a free loopback port (stop it with ``.stop()``); ``app_options`` go to
    ``create_app`` (e.g. ``wake_budget``)."""
    return RunningCentral(db_url, **app_options)


# ----- replica helpers ---------------------------------------------------------------------------

Rows = dict[tuple[str, str], list[Any]]


def _canon(entity: str, values: list[Any]) -> list[Any]:
    return [canonical_value(v, c.type) for v, c in zip(values, ENTITIES[entity].columns)]


@dataclass
class Snapshot:
    """A downloaded snapshot: replica rows, where the change feed continues, the raw pages."""

    rows: Rows
    changes_cursor: str
    pages: list[dict]
    version: int


def download_snapshot(http: httpx.Client, scope: str, page_rows: int = 5000, cursor: str | None = None,
                      rows: Rows | None = None) -> Snapshot:
    """Page through a scope's snapshot (optionally resuming at ``cursor``) into a replica dict."""
    rows = {} if rows is None else rows
    pages = []
    while True:
        r = http.post("/v1/snapshot", json={"scope": scope, "cursor": cursor, "page_rows": page_rows})
        r.raise_for_status()
        page = r.json()
        pages.append(page)
        for group in page["entities"]:
            for values in group["rows"]:
                rows[(group["entity"], values[0])] = _canon(group["entity"], values[:-1])
        cursor = page["cursor"]
        if page["done"]:
            return Snapshot(rows, page["changes_cursor"], pages, page["version"])


def apply_changes(rows: Rows, http: httpx.Client, scope: str, cursor: str, page_rows: int = 5000) -> str:
    """Apply change pages of one scope until ``more`` is false; returns the last cursor."""
    while True:
        r = http.post("/v1/changes", json={"cursors": {scope: cursor}, "page_rows": page_rows})
        r.raise_for_status()
        sc = r.json()["scopes"][scope]
        assert not sc["reset"], "unexpected reset"
        for group in sc["deletes"]:
            for row_id in group["ids"]:
                rows.pop((group["entity"], row_id), None)
        for group in sc["upserts"]:
            for values in group["rows"]:
                rows[(group["entity"], values[0])] = _canon(group["entity"], values[:-1])
        cursor = sc["cursor"]
        if not sc["more"]:
            return cursor


def server_rows(engine: Engine, scope: str) -> Rows:
    """Every replicated row of ``scope`` as the replica helpers store it."""
    out: Rows = {}
    with read_tx(engine) as conn:
        for name, entity in ENTITIES.items():
            table = ENTITY_TABLES[name]
            for row in conn.execute(select(*(table.c[c] for c in entity.column_names)).where(table.c.scope == scope)):
                out[(name, row[0])] = _canon(name, list(row))
    return out
