"""Fixtures for tests against a real central server on a loopback socket, on SQLite and PostgreSQL.

- ``db_kind`` (session, parametrized "sqlite" / "postgresql"): PostgreSQL tests skip locally
  when the server is unreachable and FAIL when ``CI=true``.
- ``central`` (module): a running server on a freshly seeded ``tiny`` database (seed 7) of
  ``db_kind``. Tests that change data should use their own rows or ``fresh_central``.
- ``fresh_central`` (function): the same, but a new database and server per test.
- ``enrolled`` (function): ``Device`` for store ``S001`` on ``central`` (token, scopes, an
  ``httpx.Client`` with the bearer header).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from tests.helpers import databases
from tests.helpers.central import RunningCentral, seeded_db_url, start_central

STORE = "S001"
MANAGER, ASSOCIATE, COLLEAGUE, OTHER_MANAGER = "A0001", "A0002", "A0003", "A0006"
"""Seeded staff (tiny, seed 7): the manager and two associates of S001, the manager of S002. The
central service refuses mutations naming an associate who is not on the device's store's staff."""


@pytest.fixture(scope="session", autouse=True)
def _drop_test_databases() -> Iterator[None]:
    yield
    databases.drop_created_databases()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def db_kind(request: pytest.FixtureRequest) -> str:
    """The database the central server runs on."""
    if request.param == "postgresql":
        databases.require_postgres()
    return request.param


@pytest.fixture(scope="module")
def central(db_kind: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningCentral]:
    """A running central server on a seeded tiny database (shared by a test module)."""
    server = start_central(seeded_db_url(db_kind, tmp_path_factory.mktemp("central")))
    yield server
    server.stop()


@pytest.fixture
def fresh_central(db_kind: str, tmp_path) -> Iterator[RunningCentral]:
    """A running central server on its own freshly seeded tiny database."""
    server = start_central(seeded_db_url(db_kind, tmp_path))
    yield server
    server.stop()


@dataclass
class Device:
    """An enrolled terminal as tests see it."""

    id: str
    store_id: str
    token: str
    scopes: list[str]
    http: httpx.Client


def enroll_device(server: RunningCentral, store_id: str = STORE) -> Device:
    """Enroll a device and give it an authenticated client (close ``.http`` when done)."""
    info = server.enroll(store_id)
    http = httpx.Client(base_url=server.url, timeout=30,
                        headers={"Authorization": f"Bearer {info['token']}"})
    return Device(info["device_id"], info["store_id"], info["token"], info["scopes"], http)


@pytest.fixture
def enrolled(central: RunningCentral) -> Iterator[Device]:
    """A device of store S001 enrolled on ``central``."""
    dev = enroll_device(central)
    yield dev
    dev.http.close()
