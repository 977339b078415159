"""A pickup order placed centrally reaches a running terminal's window within seconds, with a
notice and a count beside Pickups (real central service, long-poll, real cache and window)."""

from __future__ import annotations

import asyncio
import time

import pytest

from sync.server import admin

from clienteling.app import build_window, watch_status
from clienteling.config import load_config
from clienteling.security.credentials import MemoryCredentialStore
from clienteling.terminal import Terminal
from clienteling.ui.messages import MessageBridge
from clienteling.ui.ops import Ops
from tests.helpers.central import seeded_db_url, start_central

pytestmark = pytest.mark.asyncio


@pytest.fixture(scope="module")
def central(tmp_path_factory):
    server = start_central(seeded_db_url("sqlite", tmp_path_factory.mktemp("central")))
    yield server
    server.stop()


async def _until(predicate, timeout_s: float = 10.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.02)


async def test_new_pickup_order_is_announced_within_seconds(qtbot, tmp_path, central):
    config = load_config(files=[], env={}, cli={"data_dir": str(tmp_path / "t")})
    terminal = await Terminal.enroll(config, MemoryCredentialStore(), central.url, central.enroll_code("S001"))
    messages = MessageBridge()
    ops = Ops(messages)
    window, ctx = build_window(terminal, ops, messages)
    qtbot.addWidget(window)
    watch_status(terminal, window, ctx, ops)
    window.show()
    try:
        async with terminal.replicator.running():
            await _until(lambda: terminal.replicator.status.live, timeout_s=60)
            await _until(lambda: window.nav_buttons["pickups"].text() != "Pickups")  # the count of the queue
            await ops.drain()
            before = window.nav_buttons["pickups"].text()
            assert "pickup" not in window.statusBar().currentMessage()

            placed = admin.place_order(central.engine(), "S001")
            started = time.monotonic()
            await _until(lambda: "New pickup order" in window.statusBar().currentMessage(), timeout_s=10)
            elapsed = time.monotonic() - started
            assert placed["order_number"] in window.statusBar().currentMessage()
            assert elapsed < 5.0, f"the order took {elapsed:.1f} s to reach the counter"
            await _until(lambda: window.nav_buttons["pickups"].text() != before)  # one more to pick

            pickups = window.screens["pickups"]
            assert window.locked  # announced even before anyone signed in
            window.unlock(await terminal.default_session())
            window.on_scanned("pickup", placed["pickup_code"])  # the customer shows their code
            await _until(lambda: window.pages.currentWidget() is pickups)
    finally:
        await ops.drain()
        await terminal.aclose()
