"""The window against a real central service on loopback and a real encrypted cache."""

from __future__ import annotations

import asyncio

import pytest
import sqlalchemy as sa

from clienteling.config import load_config
from clienteling.security.credentials import MemoryCredentialStore
from clienteling.terminal import Terminal
from clienteling.ui.main_window import MainWindow
from clienteling.ui.messages import MessageBridge
from clienteling.ui.ops import Ops
from clienteling.ui.sync.enrol_dialog import EnrolDialog
from tests.helpers.central import seeded_db_url, start_central


@pytest.fixture(scope="module")
def central(tmp_path_factory):
    server = start_central(seeded_db_url("sqlite", tmp_path_factory.mktemp("central")))
    yield server
    server.stop()


def _config(tmp_path):
    return load_config(files=[], env={}, cli={"data_dir": str(tmp_path / "terminal")})


async def _until(predicate, timeout_s: float = 10.0) -> None:
    for _ in range(int(timeout_s / 0.02)):
        if predicate():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("condition not met in time")


def _a_customer_of_store_region(central) -> tuple[str, str, str, str]:
    with central.engine().connect() as conn:
        region = conn.execute(sa.text("SELECT region FROM stores WHERE id = 'S001'")).scalar_one()
        row = conn.execute(sa.text(
            "SELECT id, first_name, last_name, loyalty_number FROM customers WHERE scope = :s ORDER BY id LIMIT 1"),
            {"s": f"region:{region}"}).one()
    return tuple(row)  # type: ignore[return-value]


@pytest.mark.asyncio
async def test_enrol_dialog_enrols_and_shows_a_bad_code(qtbot, tmp_path, central):
    config, creds = _config(tmp_path), MemoryCredentialStore()
    terminals: list[Terminal] = []

    async def enrol(url, code):
        terminal = await Terminal.enroll(config, creds, url, code)
        terminals.append(terminal)
        return terminal

    dialog = EnrolDialog(enrol, Ops(MessageBridge()))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.url.setText(central.url)
    dialog.code.setText("WRONG-CODE")
    dialog.buttons.accepted.emit()
    await _until(lambda: dialog.error.isVisible())
    assert dialog.result_value is None
    assert dialog.error.text()

    dialog.code.setText(central.enroll_code("S001"))
    dialog.buttons.accepted.emit()
    await _until(lambda: dialog.result_value is not None)
    assert dialog.result() == EnrolDialog.DialogCode.Accepted
    assert terminals[0].device.store_id == "S001"
    await terminals[0].aclose()


@pytest.mark.asyncio
async def test_search_finds_a_synced_customer_by_name_and_card(qtbot, tmp_path, central):
    cust_id, first, last, loyalty = _a_customer_of_store_region(central)
    terminal = await Terminal.enroll(_config(tmp_path), MemoryCredentialStore(), central.url,
                                     central.enroll_code("S001"))
    try:
        statuses = []
        terminal.replicator.on_status = statuses.append
        await terminal.replicator.sync_once()
        assert statuses and statuses[-1].online is True

        async def search(text):
            return await terminal.worker.run(terminal.customers.search, text)

        window = MainWindow(search, Ops(MessageBridge()), MessageBridge(), store_name=terminal.device.store_name)
        qtbot.addWidget(window)
        window.show()
        window.set_sync_status(statuses[-1])
        assert "Online" in window.status.online.text()

        window.search.box.setText(f"{last} {first}")  # full name in any order
        await _until(lambda: any(window.search.model.hit(r).id == cust_id
                                 for r in range(window.search.model.rowCount())))

        window.search.box.setText(loyalty)  # a loyalty card scan
        await _until(lambda: window.search.model.rowCount() >= 1 and window.search.model.hit(0).id == cust_id)
        qtbot.keyClick(window.search.box, "\r")
        assert window.card.title.text() == f"{first} {last}"
    finally:
        await terminal.aclose()
