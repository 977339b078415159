"""The inventory screen against a real central service and a cache filled by a real sync: search
by name and by barcode, the grid, availability by distance, a hold and a server rejection."""

from __future__ import annotations

import pytest
import pytest_asyncio
import sqlalchemy as sa
from PySide6.QtCore import Qt

from sync.server.db import write_tx
from sync.server.versions import upsert_rows

from clienteling.config import load_config
from clienteling.security.credentials import MemoryCredentialStore
from clienteling.services.inventory import InventoryService
from clienteling.terminal import Terminal
from clienteling.ui.context import ScreenContext
from clienteling.ui.inventory import InventoryScreen
from clienteling.ui.inventory.shots import capture, wait_until
from clienteling.ui.messages import MessageBridge
from clienteling.ui.ops import Ops
from tests.helpers.central import seeded_db_url, start_central

pytestmark = pytest.mark.asyncio


@pytest.fixture(scope="module")
def central(tmp_path_factory):
    server = start_central(seeded_db_url("sqlite", tmp_path_factory.mktemp("central")))
    yield server
    server.stop()


def _stocked_style(central) -> tuple[str, str, str, str]:
    """A style with a SKU available at S001 and stocked at another store: (style id, name, sku, barcode)."""
    with central.engine().connect() as conn:
        row = conn.execute(sa.text(
            "SELECT s.id, s.name, p.id, p.barcode FROM styles s JOIN products p ON p.style_id = s.id "
            "JOIN inventory i ON i.sku = p.id AND i.location_id = 'S001' AND i.on_hand - i.reserved >= 2 "
            "WHERE EXISTS (SELECT 1 FROM inventory o WHERE o.sku = p.id AND o.location_id IN ('S002', 'S003')) "
            "ORDER BY s.id, p.id LIMIT 1")).one()
    return tuple(row)  # type: ignore[return-value]


@pytest_asyncio.fixture
async def terminal(central, tmp_path):
    config = load_config(files=[], env={}, cli={"data_dir": str(tmp_path / "terminal")})
    terminal = await Terminal.enroll(config, MemoryCredentialStore(), central.url, central.enroll_code("S001"))
    await terminal.replicator.sync_once()
    terminal.inventory = InventoryService(terminal.cache, terminal.clock, hold_days=2)
    yield terminal
    await terminal.aclose()


@pytest.fixture
def screen(qtbot, themed_app, terminal):
    messages = MessageBridge()
    ctx = ScreenContext(ops=Ops(messages), messages=messages, db=terminal.worker.run, perform=terminal.perform,
                        services=terminal, store_id="S001", store_name=terminal.device.store_name,
                        associate_id="A0002")  # an associate of S001
    screen = InventoryScreen(ctx)
    qtbot.addWidget(screen)
    screen.resize(1280, 760)
    screen.show()
    return screen


async def test_search_by_name_opens_the_style_grid(screen, central, qtmodeltester):
    style_id, name, _sku, _barcode = _stocked_style(central)
    assert screen.empty.isVisible() and screen.empty.text()  # an empty state before any search
    screen.box.setText(" ".join(name.split()[:2]))
    await wait_until(lambda: any(screen.model.hit(r).style_id == style_id for r in range(screen.model.rowCount())))
    row = next(r for r in range(screen.model.rowCount()) if screen.model.hit(r).style_id == style_id)
    screen.table.selectRow(row)
    await wait_until(lambda: screen.panel.grid_model.grid is not None
                 and screen.panel.grid_model.grid.style.id == style_id)
    assert screen.panel.title.text() == name
    assert screen.panel.grid_model.rowCount() >= 1 and screen.panel.grid_model.columnCount() >= 1
    qtmodeltester.check(screen.model)
    qtmodeltester.check(screen.panel.grid_model)

    screen.box.setText("zzqx no such thing")
    await wait_until(lambda: screen.results.currentWidget() is screen.empty)
    assert "zzqx" in screen.empty.text()


async def test_barcode_scan_picks_the_size_and_shows_stock_by_distance(screen, central, qtbot, qtmodeltester):
    style_id, _name, sku, barcode = _stocked_style(central)
    shown: list[str] = []
    screen.stock_shown.connect(shown.append)
    qtbot.keyClicks(screen.box, barcode)
    qtbot.keyClick(screen.box, Qt.Key.Key_Return)  # the scanner's suffix
    await wait_until(lambda: sku in shown)
    assert screen.panel.grid_model.grid.style.id == style_id
    assert screen.panel.grid.currentIndex().data(screen.panel.grid_model.SKU_ROLE) == sku
    rows = [screen.panel.availability_model.row(r) for r in range(screen.panel.availability_model.rowCount())]
    kinds = [r.kind for r in rows]
    assert kinds[0] == "here" and rows[0].location_id == "S001"
    assert kinds == sorted(kinds, key=["here", "store", "dc", "online"].index)
    distances = [r.distance_km for r in rows if r.kind == "store"]
    assert distances and distances == sorted(distances)
    assert screen.panel.availability_model.index(1, 1).data().endswith("km")
    assert all(screen.panel.availability_model.index(r, 5).data() for r in range(len(rows)))  # "as of"
    qtmodeltester.check(screen.panel.availability_model)

    # Pick another size in the grid with the mouse: its stock replaces the first one's.
    model = screen.panel.grid_model
    other = next((model.index(r, c) for r in range(model.rowCount()) for c in range(model.columnCount())
                  if model.index(r, c).flags() & Qt.ItemFlag.ItemIsEnabled
                  and model.index(r, c).data(model.SKU_ROLE) != sku), None)
    if other is not None:
        target = other.data(model.SKU_ROLE)
        rect = screen.panel.grid.visualRect(other)
        qtbot.mouseClick(screen.panel.grid.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        await wait_until(lambda: target in shown)
        assert screen.panel.sku_codes.text().startswith(target)


async def test_hold_for_a_customer_then_the_servers_rejection_is_shown(screen, central, terminal, qtbot):
    _style_id, _name, sku, _barcode = _stocked_style(central)
    customer = (await terminal.worker.run(terminal.customers.search, "a"))[0]
    screen.set_customer(customer.id)
    screen.show_product(sku)
    await wait_until(lambda: screen.panel.hold_button.isEnabled())
    assert customer.first_name in screen.panel.hold_button.text()
    assert customer.first_name in screen.customer_button.text()

    states: list[str] = []
    screen.hold_changed.connect(states.append)
    qtbot.mouseClick(screen.panel.hold_button, Qt.MouseButton.LeftButton)
    await wait_until(lambda: screen.hold_dialog is not None and screen.hold_dialog.isVisible())
    qtbot.mouseClick(screen.hold_dialog.qty.plus, Qt.MouseButton.LeftButton)
    assert screen.hold_dialog.values() == (2, 2)
    qtbot.mouseClick(screen.hold_dialog.confirm, Qt.MouseButton.LeftButton)
    await wait_until(lambda: states == ["pending"])
    assert "Waiting for the central service" in screen.panel.banner.text()
    pending = await terminal.worker.run(terminal.outbox.list, "pending")
    assert [(e.name, e.args["sku"], e.args["qty"]) for e in pending] == [("hold.create", sku, 2)]

    # Meanwhile the last units went elsewhere (another terminal, the web shop): the server refuses.
    with write_tx(central.engine()) as conn:
        on_hand = conn.exec_driver_sql("SELECT on_hand FROM inventory WHERE id = ?", (f"S001:{sku}",)).scalar_one()
        upsert_rows(conn, "inventory", "stock:S001", [{"id": f"S001:{sku}", "reserved": on_hand}])
    await terminal.replicator.sync_once()
    screen.refresh()
    await wait_until(lambda: "rejected" in states)
    text = screen.panel.banner.text()
    assert "refused" in text and "only 0 of" in text and f"{on_hand} on hand" in text
    assert screen.panel.banner.property("state") == "rejected"
    await wait_until(lambda: not screen.panel.hold_button.isEnabled())  # nothing left to hold here


async def test_customer_chip_opens_the_customer_and_clears(screen, terminal, qtbot):
    assert not screen.panel.hold_button.isEnabled()
    customer = (await terminal.worker.run(terminal.customers.search, "a"))[0]
    screen.set_customer(customer.id)
    await wait_until(lambda: customer.first_name in screen.customer_button.text())
    with qtbot.waitSignal(screen.customer_activated) as opened:
        qtbot.mouseClick(screen.customer_button, Qt.MouseButton.LeftButton)
    assert opened.args == [customer.id]
    qtbot.mouseClick(screen.clear_customer, Qt.MouseButton.LeftButton)
    assert not screen.customer_button.isEnabled() and not screen.clear_customer.isVisible()


async def test_screenshot_driver_reaches_every_state(screen, terminal):
    saved: list[str] = []
    customer = (await terminal.worker.run(terminal.customers.search, "a"))[0]
    await capture(screen, lambda name, widget: saved.append(name), query="a", customer_id=customer.id)
    assert saved == ["inventory-search", "inventory-grid", "inventory-hold-dialog", "inventory-hold"]
    assert screen.panel.banner.property("state") == "pending"
