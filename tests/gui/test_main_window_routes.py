"""The assembled window (app.build_window) against a real synced cache: scans and navigation."""

from __future__ import annotations

import asyncio

import pytest
import sqlalchemy as sa

from clienteling.app import build_window
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
    for _ in range(int(timeout_s / 0.02)):
        if predicate():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("condition not met in time")


async def _window(qtbot, tmp_path, central, *, signed_in: bool = True):
    config = load_config(files=[], env={}, cli={"data_dir": str(tmp_path / "t")})
    terminal = await Terminal.enroll(config, MemoryCredentialStore(), central.url, central.enroll_code("S001"))
    await terminal.replicator.sync_once()
    messages = MessageBridge()
    win, ctx = build_window(terminal, Ops(messages), messages,
                            await terminal.default_session() if signed_in else None)
    win.ctx = ctx
    qtbot.addWidget(win)
    win.show()
    return win, terminal


def _one(central, sql: str):
    with central.engine().connect() as conn:
        return conn.execute(sa.text(sql)).first()


async def test_scanned_order_number_opens_the_order_in_the_profile(qtbot, tmp_path, central):
    win, terminal = await _window(qtbot, tmp_path, central)
    order_id, number, customer_id = _one(central, "SELECT o.id, o.order_number, o.customer_id FROM orders o "
                                                  "JOIN customers c ON c.id = o.customer_id "
                                                  "WHERE c.home_store_id = 'S001' ORDER BY o.id LIMIT 1")
    profile = win.screens["profile"]
    win.on_scanned("order", number)
    await _until(lambda: win.pages.currentWidget() is profile and profile.profile is not None
                 and profile.purchases.selected_order() is not None)
    assert profile.customer_id == customer_id
    assert profile.tabs.currentWidget() is profile.purchases
    assert profile.purchases.selected_order().id == order_id
    await terminal.aclose()


async def test_scanned_product_barcode_opens_inventory_and_loyalty_card_the_customer(qtbot, tmp_path, central):
    win, terminal = await _window(qtbot, tmp_path, central)
    barcode, sku = _one(central, "SELECT barcode, id FROM products ORDER BY id LIMIT 1")
    inventory = win.screens["inventory"]
    shown: list[str] = []
    inventory.stock_shown.connect(shown.append)
    win.on_scanned("product", barcode)
    assert win.pages.currentWidget() is inventory
    await _until(lambda: sku in shown)
    loyalty, customer_id = _one(central, "SELECT loyalty_number, id FROM customers "
                                         "WHERE home_store_id = 'S001' ORDER BY id LIMIT 1")
    win.on_scanned("loyalty", loyalty)
    await _until(lambda: win.pages.currentWidget() is win.screens["profile"])
    assert win.screens["profile"].customer_id == customer_id
    assert win.nav_buttons["customers"].isChecked()  # not Inventory, where the scan came from
    await terminal.aclose()


async def test_unknown_order_scan_says_so(qtbot, tmp_path, central):
    win, terminal = await _window(qtbot, tmp_path, central)
    win.on_scanned("order", "W9999999")
    await _until(lambda: "No order W9999999" in win.statusBar().currentMessage())
    await terminal.aclose()
