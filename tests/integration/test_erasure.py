"""GDPR erasure end to end, on SQLite and PostgreSQL: ``clienteling-central erase-customer`` on a
real central service, then real terminals (encrypted caches) purge the customer at their next sync,
whatever scope they cached them in, and no byte of them is left in the decrypted cache file."""

from __future__ import annotations

import uuid

import orjson
import pytest
from sqlalchemy import select

from clienteling.cache import erasure
from clienteling.security import CACHE_KEY
from clienteling.services.remote_search import RemoteSearchService
from sync import protocol as p
from sync.client import SyncError
from sync.server import cli
from sync.server.db import read_tx
from sync.server.models import mutations
from sync.server.mutations.base import REJECT_ERASED
from tests.integration.conftest import enroll_device
from tests.integration.test_terminal_remote_search import _far_customer
from tests.integration.test_terminal_sync import enrolled_terminal
from tests.unit.test_cache_engine import fetch
from tests.unit.test_erasure_cache import file_bytes, mentions

OTHER_STORE, OTHER_STORE_ASSOCIATE = "S002", "A0007"
"""Another store of the region and one of its associates (tiny seed 7)."""


def _query(terminal, sql: str, *params):
    return terminal.worker.run(fetch, terminal.cache, sql, *params)


def _erase(central, customer_id: str, capsys) -> dict:
    """Run the real command line; its JSON summary."""
    assert cli.main(["erase-customer", "--db", central.db_url, "--customer", customer_id]) == 0
    return orjson.loads(capsys.readouterr().out)


async def _mentions(terminal, needle: str) -> list[str]:
    return await terminal.worker.run(mentions, terminal.cache, needle)


@pytest.mark.asyncio
async def test_an_erased_customer_leaves_every_part_of_the_terminal(fresh_central, tmp_path, capsys):
    terminal = await enrolled_terminal(fresh_central, tmp_path)
    try:
        await terminal.replicator.sync_once()
        found = await _query(terminal, (
            "SELECT c.id, c.email, c.last_name FROM customers c WHERE c.email IS NOT NULL "
            "AND EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id) "
            "AND EXISTS (SELECT 1 FROM notes n WHERE n.customer_id = c.id) ORDER BY c.id LIMIT 2"))
        assert len(found) == 2, "the seed has no two customers with orders and notes"
        (cid, email, last_name), (keep, keep_email, _) = found
        associate = await terminal.default_associate()
        await terminal.perform(terminal.notes.add, cid, "sent before the erasure", associate)
        await terminal.replicator.push()  # applied: a finished outbox entry about them
        await terminal.perform(terminal.notes.add, cid, "offline remark about their divorce", associate)

        summary = _erase(fresh_central, cid, capsys)
        assert summary["customer_id"] == cid and not summary["already_erased"]
        assert summary["deleted"]["customers"] == 1 and summary["deleted"]["orders"] >= 1
        assert summary["deleted"]["notes"] >= 2

        await terminal.replicator.pull()  # the erasure lands while the offline note is still pending
        assert await terminal.worker.run(terminal.customers.search, email) == []
        assert cid not in {h.id for h in await terminal.worker.run(terminal.customers.search, last_name)}
        assert await terminal.worker.run(terminal.customers.get, cid) is None
        entries = await _query(terminal, "SELECT status, code, args FROM outbox")
        assert entries == [("rejected", erasure.ERASED_CODE, "{}")]  # dropped, emptied; the applied one is gone

        # The dropped entry's sequence number still reaches the server: later changes go through.
        await terminal.perform(terminal.notes.add, keep, "still syncing", associate)
        await terminal.replicator.sync_once()
        assert (await terminal.stats())["outbox"]["pending"] == 0
        assert await _query(terminal, "SELECT status FROM outbox WHERE args LIKE '%still syncing%'") == [("applied",)]
        assert await _mentions(terminal, cid) == []
        assert await _query(terminal, "SELECT id FROM erasures") == [(cid,)]

        # The central service refuses anything more about them, from any store.
        other = enroll_device(fresh_central, OTHER_STORE)
        try:
            r = other.http.post("/v1/mutations", json={"mutations": [{
                "id": str(uuid.uuid4()), "seq": 1, "name": p.NOTE_ADD, "associate_id": OTHER_STORE_ASSOCIATE,
                "local_time": "2026-11-22T10:00:00Z",
                "args": {"note_id": str(uuid.uuid4()), "customer_id": cid, "body": "hello again"}}]})
            assert r.status_code == 200, r.text
            result = r.json()["results"][0]
            assert (result["status"], result["code"]) == ("rejected", REJECT_ERASED)
        finally:
            other.http.close()
        again = _erase(fresh_central, cid, capsys)  # twice is harmless, and scrubs the refused mutation
        assert again["already_erased"] and again["deleted"] == {} and again["mutations_scrubbed"] == 1
        with read_tx(fresh_central.engine()) as conn:
            logged = conn.execute(select(mutations.c.args, mutations.c.result)).all()
        assert logged and not [m for m in logged if cid in repr(m) or "divorce" in repr(m)]
        key, path = terminal.credentials.get(CACHE_KEY), terminal.cache.path
    finally:
        await terminal.aclose()
    content = file_bytes(path, key)
    assert keep_email.encode() in content  # the pages really were decrypted
    for secret in (email, "offline remark about their divorce", "sent before the erasure"):
        assert secret.encode() not in content, "an erased customer's data is still in the cache file"


@pytest.mark.asyncio
async def test_a_customer_cached_from_another_region_is_purged_too(fresh_central, tmp_path, capsys):
    far = _far_customer(fresh_central)
    terminal = await enrolled_terminal(fresh_central, tmp_path)
    try:
        await terminal.replicator.sync_once()
        remote = RemoteSearchService(terminal.cache, terminal.client, terminal.worker.run)
        await remote.open(far["id"])
        assert [h.id for h in await terminal.worker.run(terminal.customers.search, far["email"])] == [far["id"]]
        assert await _query(terminal, "SELECT _scope FROM notes WHERE customer_id = ?", far["id"]) == [("region:elsewhere",)]

        _erase(fresh_central, far["id"], capsys)
        await terminal.replicator.pull()
        assert await terminal.worker.run(terminal.customers.search, far["email"]) == []
        assert await terminal.worker.run(terminal.customers.get, far["id"]) is None
        assert await _mentions(terminal, far["id"]) == []
        with pytest.raises(SyncError):
            await remote.open(far["id"])  # the central service no longer has them either
        assert await _mentions(terminal, far["id"]) == []
    finally:
        await terminal.aclose()


def test_erase_customer_command_reports_an_unknown_customer(fresh_central, capsys):
    assert cli.main(["erase-customer", "--db", fresh_central.db_url, "--customer", "C-nobody"]) == cli.EXIT_USAGE
    assert capsys.readouterr().err.strip() == "clienteling-central: error: no customer 'C-nobody'"
