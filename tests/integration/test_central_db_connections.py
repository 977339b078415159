"""The service's pool keeps no ping before each use: a database that drops every connection (a
restart, a failover) costs at most one failed request per worker pool, answered 5xx (which the
terminal retries: 503 ``unavailable``), and the service goes on without a restart. PostgreSQL only: SQLite has no
connections to drop."""

from __future__ import annotations

import httpx
import psycopg
from sqlalchemy.engine import make_url

from sync import protocol as p
from tests.helpers import databases
from tests.helpers.central import seeded_db_url, start_central
from tests.integration.conftest import enroll_device


def _drop_every_connection(db_url: str) -> int:
    url = make_url(db_url)
    with psycopg.connect(host=url.host, port=url.port, user=url.username, dbname=url.database,
                         autocommit=True) as conn:
        return conn.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                            "WHERE datname = current_database() AND pid <> pg_backend_pid()").fetchone()[0]


def test_dropped_database_connections_cost_one_retryable_request(tmp_path):
    databases.require_postgres()
    server = start_central(seeded_db_url("postgresql", tmp_path))
    dev = enroll_device(server)
    scope = dev.scopes[0]
    try:
        cursor = dev.http.post("/v1/snapshot", json={"scope": scope, "page_rows": 1}).json()["changes_cursor"]

        def pull() -> httpx.Response:
            return dev.http.post("/v1/changes", json={"cursors": {scope: cursor}, "wait_s": 0})

        assert [pull().status_code for _ in range(3)] == [200] * 3
        assert _drop_every_connection(server.db_url) >= 1
        answers = [pull() for _ in range(6)]
        statuses = [r.status_code for r in answers]
        for r in answers:  # a clean answer the terminal retries, never a reset connection or a 4xx
            assert r.status_code == 200 or (r.status_code == 503 and r.json()["code"] == p.ERR_UNAVAILABLE), r.text
        assert statuses.count(200) >= 5, statuses  # the pool was replaced after the first failure
        assert statuses[-3:] == [200] * 3
    finally:
        dev.http.close()
        server.stop()
