"""A real terminal against a real central server: the online search fallback finds customers of
other regions and caches the one opened; a loyalty sign-up made at the counter is confirmed
with a loyalty number, or refused as a duplicate (SQLite and PostgreSQL)."""

from __future__ import annotations

import uuid

import pytest

from clienteling.cache import repos
from clienteling.services.remote_search import RemoteSearchService
from clienteling.services.signup import SignupService
from sync.client import SyncClient, SyncError
from sync.server.db import write_tx
from sync.server.versions import upsert_rows
from tests.integration.conftest import ASSOCIATE
from tests.integration.test_terminal_sync import enrolled_terminal

pytestmark = pytest.mark.asyncio


def _far_customer(central) -> dict:
    letters = "".join(chr(97 + int(ch, 16)) for ch in uuid.uuid4().hex[:8])
    row = {"id": f"C-far-{letters}", "first_name": "Odile", "last_name": "Far" + letters,
           "email": f"odile.{letters}@example.org", "phone": "+1 (212) 555-0142", "tier": "gold",
           "loyalty_number": "9876543210", "points": 40}
    with write_tx(central.engine()) as conn:
        upsert_rows(conn, "customers", "region:elsewhere", [row])
        upsert_rows(conn, "notes", "region:elsewhere", [{"id": f"N-{letters}", "customer_id": row["id"],
                                                         "body": "prefers linen"}])
    return row


async def test_remote_search_finds_and_caches_a_customer_of_another_region(fresh_central, tmp_path):
    far = _far_customer(fresh_central)
    terminal = await enrolled_terminal(fresh_central, tmp_path)
    try:
        await terminal.replicator.sync_once()
        assert await terminal.worker.run(terminal.customers.search, far["last_name"]) == []
        remote = RemoteSearchService(terminal.cache, terminal.client, terminal.worker.run)
        hits = await remote.search(f"{far['last_name'][:6]} odi")
        assert [h.id for h in hits] == [far["id"]]
        hit = hits[0]
        assert hit.other_region and hit.matched_on == "name" and hit.tier == "gold"
        assert hit.match_spans and hit.match_text == f"Odile {far['last_name']}"

        customer = await remote.open(far["id"])
        assert customer.display_name == f"Odile {far['last_name']}" and customer.points == 40
        notes = await terminal.worker.run(terminal.customers.notes, far["id"])
        assert [n.body for n in notes] == ["prefers linen"]
        local = await terminal.worker.run(terminal.customers.search, far["last_name"])
        assert [h.id for h in local] == [far["id"]] and not local[0].other_region
        assert await remote.search(far["email"]) == []  # cached now: no longer "other region"
        # Viewing only: a change would be refused by the central service, so it is refused here.
        from clienteling.domain.rules import DomainError
        with pytest.raises(DomainError, match="another region"):
            await terminal.worker.run(terminal.notes.add, far["id"], "hello", ASSOCIATE)
        assert (await terminal.stats())["outbox"]["pending"] == 0
    finally:
        await terminal.aclose()


async def test_remote_search_offline_raises_a_sync_error(tmp_path):
    from tests.unit.test_cache_engine import make_cache
    cache = make_cache(tmp_path)
    client = SyncClient("http://127.0.0.1:9", token="t", attempts=1, timeout_s=2)
    try:
        with pytest.raises(SyncError) as err:
            await RemoteSearchService(cache, client).search("smith")
        assert err.value.kind == "offline"
        with pytest.raises(SyncError):
            await RemoteSearchService(cache, None).search("smith")
    finally:
        await client.aclose()
        cache.close()


async def test_signup_is_confirmed_with_a_loyalty_number_or_refused_as_duplicate(fresh_central, tmp_path):
    terminal = await enrolled_terminal(fresh_central, tmp_path)
    try:
        await terminal.replicator.sync_once()
        signup = SignupService(terminal.cache)
        email = f"nina.{uuid.uuid4().hex[:6]}@example.com"
        fields = {"first_name": "Nina", "last_name": "Neu", "email": email, "phone": "+1 415 555 0199"}
        created = await terminal.worker.run(signup.create, fields, ASSOCIATE)
        assert (await terminal.worker.run(signup.status, created.id)).state == "pending"
        await terminal.replicator.sync_once()
        status = await terminal.worker.run(signup.status, created.id)
        assert status.state == "applied" and status.loyalty_number and len(status.loyalty_number) == 10
        cached = await terminal.worker.run(terminal.customers.get, created.id)
        assert cached.loyalty_number == status.loyalty_number and cached.version is not None

        twin = await terminal.worker.run(signup.create, {**fields, "first_name": "Nino"}, ASSOCIATE)
        await terminal.replicator.sync_once()
        refused = await terminal.worker.run(signup.status, twin.id)
        assert refused.state == "rejected" and refused.code == "duplicate"
        assert status.loyalty_number in refused.message
        with terminal.cache.read() as conn:
            assert repos.get_customer(conn, twin.id) is None  # the server has no such customer
    finally:
        await terminal.aclose()
