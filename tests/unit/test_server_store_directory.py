"""The store directory works a store's scopes out once, again only when the locations change
(``context.StoreDirectory``)."""

from __future__ import annotations

import pytest

from sync.scopes import CATALOG, scopes_for_store
from sync.server import context
from sync.server.context import StoreDirectory
from sync.server.db import open_engine, write_tx
from sync.server.versions import upsert_rows
from tests.helpers.central import seeded_db_url


@pytest.fixture
def engine(tmp_path):
    engine = open_engine(seeded_db_url("sqlite", tmp_path))
    yield engine
    engine.dispose()


def test_scopes_are_worked_out_once_until_the_locations_change(engine, monkeypatch):
    calls = []

    def counted(store, all_locations):
        calls.append(store.id)
        return scopes_for_store(store, all_locations)

    monkeypatch.setattr(context, "scopes_for_store", counted)
    stores = StoreDirectory(engine, ttl_s=3600)
    first = stores.scopes_for("S001")
    assert first[:1] == ["region:bay-area"] and "location:S001" in first
    assert stores.scopes_for("S001") == first and calls == ["S001"]
    first.append("tampered")  # callers get their own list
    assert "tampered" not in stores.scopes_for("S001")
    assert stores.scopes_for("NOPE") == [] and calls == ["S001"]
    stores._loaded_at = float("-inf")  # the next call reloads the table: unchanged, scopes kept
    assert stores.scopes_for("S001") == first[:-1] and calls == ["S001"]
    with write_tx(engine) as conn:  # a location moves: its neighbours may change
        upsert_rows(conn, "stores", CATALOG, [{"id": "S002", "lat": 10.0, "lon": 10.0}])
    stores._loaded_at = float("-inf")
    stores.scopes_for("S001")
    assert calls == ["S001", "S001"] and stores.get("S002").ref.lat == 10.0
