"""Mutations against a real server: made offline and applied once after reconnecting, lost
responses replayed, rejections undone so the cache equals the server."""

from __future__ import annotations

import socket

import httpx
import pytest
from sqlalchemy import text

from clienteling.config import Config
from clienteling.domain import Verification
from clienteling.terminal import Terminal
from sync.server.db import read_tx
from tests.integration.conftest import ASSOCIATE, COLLEAGUE
from tests.integration.test_terminal_sync import assert_converged, enrolled_terminal

pytestmark = pytest.mark.asyncio


def dead_port_url() -> str:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there any more
    return f"http://127.0.0.1:{port}"


def server_count(central, sql: str, **params) -> int:
    with read_tx(central.engine()) as conn:
        return conn.execute(text(sql), params).scalar()


class LoseResponses(httpx.AsyncBaseTransport):
    """Forwards to the real server, then drops the response of the first N pushes."""

    def __init__(self, lose: int = 1) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.lose = lose
        self.pushes = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if request.url.path == "/v1/mutations":
            self.pushes += 1
            if self.lose:
                self.lose -= 1
                await response.aread()
                await response.aclose()
                raise httpx.ReadError("connection reset after the server committed")
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


async def reopen(terminal: Terminal, **kw) -> Terminal:
    config, creds = terminal.config, terminal.credentials
    await terminal.aclose()
    return Terminal.open(config, creds, **kw)


async def customer_with_points(terminal: Terminal, at_least: int):
    """A customer of the cache with ``at_least`` points available (the seed follows today's date:
    the first search hit may have none)."""
    for customer in await terminal.worker.run(terminal.customers.search, "a"):
        if (await terminal.worker.run(terminal.loyalty.balance, customer.id)).available >= at_least:
            return customer
    raise AssertionError(f"no customer with {at_least} points in the seed")


async def test_offline_mutations_apply_exactly_once_after_reconnect(fresh_central, tmp_path):
    terminal = await enrolled_terminal(fresh_central, tmp_path)
    await terminal.replicator.sync_once()
    customer = await customer_with_points(terminal, 1)
    config, creds = terminal.config, terminal.credentials
    await terminal.aclose()
    offline = Terminal.open(Config(data_dir=config.data_dir, server_url=dead_port_url(),
                                   request_timeout_s=2), creds)
    try:
        offline.client.attempts = 1
        note = await offline.worker.run(offline.notes.add, customer.id, "made offline", ASSOCIATE)
        before = (await offline.worker.run(offline.loyalty.balance, customer.id)).server_points
        await offline.worker.run(offline.loyalty.redeem, customer.id, 1, "offline treat", ASSOCIATE)
        with pytest.raises(Exception) as err:
            await offline.replicator.sync_once()
        assert getattr(err.value, "kind", None) == "offline"
        assert offline.replicator.status.online is False
        assert (await offline.worker.run(offline.loyalty.balance, customer.id)).available == before - 1
    finally:
        await offline.aclose()
    online = Terminal.open(config, creds)
    try:
        report = await online.replicator.sync_once()
        assert report.applied == 2
        await online.replicator.sync_once()  # nothing left to send
        assert server_count(fresh_central, "SELECT count(*) FROM notes WHERE id = :i", i=note.id) == 1
        assert server_count(fresh_central, "SELECT count(*) FROM loyalty_ledger WHERE customer_id = :c "
                                           "AND description = 'offline treat'", c=customer.id) == 1
        balance = await online.worker.run(online.loyalty.balance, customer.id)
        assert balance.available == before - 1 and balance.pending_redeemed == 0
        await assert_converged(online, fresh_central)
    finally:
        await online.aclose()


async def test_lost_response_is_replayed_not_reapplied(fresh_central, tmp_path):
    terminal = await enrolled_terminal(fresh_central, tmp_path)
    await terminal.replicator.sync_once()
    customer = await customer_with_points(terminal, 2)
    await terminal.worker.run(terminal.loyalty.redeem, customer.id, 2, "lost response", ASSOCIATE)
    transport = LoseResponses(lose=1)
    terminal = await reopen(terminal, transport=transport)
    try:
        terminal.client.attempts = 1
        with pytest.raises(Exception):
            await terminal.replicator.push()  # committed on the server, answer lost
        assert (await terminal.worker.run(terminal.outbox.counts))["pending"] == 1
        await terminal.replicator.push()  # same seq again: the server replays its stored result
        assert transport.pushes == 2
        assert (await terminal.worker.run(terminal.outbox.counts)) == {"pending": 0, "applied": 1, "rejected": 0}
        assert server_count(fresh_central, "SELECT count(*) FROM loyalty_ledger WHERE description = 'lost response'") == 1
        await terminal.replicator.pull()
        await assert_converged(terminal, fresh_central)
    finally:
        await terminal.aclose()


async def test_client_retry_inside_one_push_is_exactly_once(fresh_central, tmp_path):
    terminal = await enrolled_terminal(fresh_central, tmp_path)
    await terminal.replicator.sync_once()
    customer = (await terminal.worker.run(terminal.customers.search, "i"))[0]
    await terminal.worker.run(terminal.notes.add, customer.id, "retried", ASSOCIATE)
    transport = LoseResponses(lose=1)
    terminal = await reopen(terminal, transport=transport)
    try:
        await terminal.replicator.sync_once()  # the client's own retry resends the batch
        assert server_count(fresh_central, "SELECT count(*) FROM notes WHERE body = 'retried'") == 1
        await assert_converged(terminal, fresh_central)
    finally:
        await terminal.aclose()


async def test_rejected_mutations_leave_the_cache_equal_to_the_server(fresh_central, tmp_path):
    terminal = await enrolled_terminal(fresh_central, tmp_path)
    other = await enrolled_terminal(fresh_central, tmp_path, name="other")
    try:
        await terminal.replicator.sync_once()
        await other.replicator.sync_once()
        ready = await terminal.worker.run(terminal.pickups.ready)
        assert ready, "the tiny seed should have a ready pickup at S001"
        order = ready[0]
        # Both terminals collect the same order offline; the second to push is rejected.
        await other.worker.run(other.pickups.collect, order.id, Verification("pickup_code", code=order.pickup_code), COLLEAGUE)
        await terminal.worker.run(terminal.pickups.collect, order.id, Verification("pickup_code", code=order.pickup_code), ASSOCIATE)
        customer = await customer_with_points(terminal, 1)
        points = (await terminal.worker.run(terminal.loyalty.balance, customer.id)).available
        # More points than the server will allow once the other terminal spent them first.
        await other.worker.run(other.loyalty.redeem, customer.id, points, "all of it", COLLEAGUE)
        await terminal.worker.run(terminal.loyalty.redeem, customer.id, points, "too late", ASSOCIATE)
        await terminal.worker.run(terminal.customers.update, customer.id, {"first_name": "Zed"}, ASSOCIATE)
        await other.replicator.sync_once()
        report = await terminal.replicator.sync_once()
        assert report.rejected == 2 and report.applied == 1
        rejected = await terminal.worker.run(terminal.outbox.list, "rejected")
        assert {e.code for e in rejected} == {"already_collected", "insufficient_points"}
        assert all(e.message for e in rejected)
        after = await terminal.worker.run(terminal.pickups.get, order.id)
        assert after.status == "collected" and after.collected_by_associate_id == COLLEAGUE
        assert (await terminal.worker.run(terminal.loyalty.balance, customer.id)).pending_redeemed == 0
        await terminal.replicator.pull()
        await assert_converged(terminal, fresh_central)
    finally:
        await terminal.aclose()
        await other.aclose()


async def test_revoked_device_is_reported(fresh_central, tmp_path):
    from sync.server import admin
    terminal = await enrolled_terminal(fresh_central, tmp_path)
    try:
        revoked = []
        terminal.replicator.on_revoked = revoked.append
        assert admin.revoke_device(fresh_central.engine(), terminal.device.device_id)
        with pytest.raises(Exception) as err:
            await terminal.replicator.sync_once()
        assert getattr(err.value, "kind", None) == "revoked" and revoked
    finally:
        await terminal.aclose()
