"""The pickups screen against a real central service and a real synced cache: pick with a short
line and mark ready; hand over with the pickup code (confirmed by the central service); hand over
an order another terminal already collected (the server's who/where/when is shown, no "hand
over", and the flag reaches the incidents panel)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from clienteling.domain.models import Outcome
from clienteling.ui.incidents import IncidentsPanel
from clienteling.ui.incidents.details import sentence
from clienteling.ui.pickups import PickupsScreen
from clienteling.ui.pickups.queue import AGING_COLUMN, OVERDUE_ROLE
from tests.gui.pickup_fixtures import central  # noqa: F401  (the module's central service fixture)
from tests.gui.pickup_fixtures import (assert_plain_text, context, place_pickup, printed_receipts, refreshing_until, replicating,
                                       server_order, shot, synced_terminal, until)


async def open_screen(qtbot, ctx) -> PickupsScreen:
    screen = PickupsScreen(ctx)
    qtbot.addWidget(screen)
    screen.resize(1280, 760)
    screen.show()
    screen.refresh()
    return screen


async def open_order(screen: PickupsScreen, order_id: str) -> None:
    screen.show_order(order_id)
    await until(lambda: screen.detail.order is not None and screen.detail.order.id == order_id)


@pytest.mark.asyncio
async def test_pick_short_and_mark_ready(qtbot, tmp_path, central, themed_app):
    placed = place_pickup(central, status="placed", qty=(2, 1), placed_hours_ago=3)
    terminal = await synced_terminal(central, tmp_path)
    try:
        ctx = context(terminal, await terminal.default_associate(), online=False)
        screen = await open_screen(qtbot, ctx)
        await until(lambda: screen.model.row_of(placed["id"]) >= 0)
        assert screen.tabs.tabText(0).startswith("To pick (")
        row = screen.model.row_of(placed["id"])
        due = screen.model.index(row, AGING_COLUMN).data()
        assert screen.model.index(row, AGING_COLUMN).data(OVERDUE_ROLE) is True
        assert due.startswith("Overdue ")  # placed 3 h ago, 2 h to get it ready
        shot(screen, "pickups-queue.png")

        await open_order(screen, placed["id"])
        detail = screen.detail
        assert detail.title.text() == f"Order {placed['number']}"
        assert detail.facts["code"].text() == placed["code"]
        assert detail.editor.isVisible() and detail.mark_ready.isVisible() and not detail.hand_over.isVisible()
        assert not detail.mark_ready.isEnabled()  # nothing picked yet
        first, second = (line["id"] for line in placed["lines"])
        # each product's name gets the editor's full width (not a narrow column beside the controls)
        names = detail.editor.findChildren(QLabel, "pickLineName")
        assert sorted(n.text() for n in names) == sorted(p["name"] for p in placed["products"])
        assert all(n.width() > detail.editor.width() * 0.9 for n in names)
        assert all(n.textFormat() == Qt.TextFormat.PlainText for n in names)
        detail.editor.spins[first].setValue(2)
        assert not detail.mark_ready.isEnabled() and "Say why" in detail.hint.text()  # second line short
        assert detail.editor.reasons[second].isEnabled()
        detail.editor.reasons[second].setCurrentIndex(detail.editor.reasons[second].findData("not_found"))
        assert detail.mark_ready.isEnabled()
        shot(screen, "pickups-pick.png")

        qtbot.mouseClick(detail.mark_ready, Qt.MouseButton.LeftButton)
        await until(lambda: detail.order is not None and detail.order.status == "ready")
        assert "Ready for pickup" in detail.banner.text()
        assert detail.hand_over.isVisible() and detail.hand_over.isEnabled()
        assert screen.tabs.currentIndex() == 0  # stays where the associate was working
        lines = {line.id: line for line in detail.order.lines}
        assert (lines[first].picked_qty, lines[second].picked_qty, lines[second].short_reason) == (2, 0, "not_found")

        await terminal.replicator.sync_once()
        order, server_lines = server_order(central, placed["id"])
        assert order["status"] == "ready" and order["ready_at"]
        by_id = {line["id"]: line for line in server_lines}
        assert by_id[second]["short_reason"] == "not_found" and by_id[first]["picked_qty"] == 2
        screen.refresh()
        await until(lambda: "confirmed" in detail.banner.text())
        shot(screen, "pickups-ready.png")
    finally:
        await terminal.aclose()


@pytest.mark.asyncio
async def test_hand_over_with_the_pickup_code(qtbot, tmp_path, central, themed_app, monkeypatch):
    ready = place_pickup(central, status="ready", qty=(1, 2))
    terminal = await synced_terminal(central, tmp_path)
    printed = printed_receipts(monkeypatch)
    try:
        ctx = context(terminal, await terminal.default_associate(), receipts_dir=str(tmp_path / "receipts"),
                      receipt_printer="Counter")
        screen = await open_screen(qtbot, ctx)
        async with replicating(terminal):
            await open_order(screen, ready["id"])
            await until(lambda: screen.tabs.currentIndex() == 1)  # the Ready tab comes along
            qtbot.mouseClick(screen.detail.hand_over, Qt.MouseButton.LeftButton)
            await until(lambda: screen.handover_dialog is not None and screen.handover_dialog.isVisible())
            dialog = screen.handover_dialog
            assert not dialog.confirm.isEnabled()  # no code yet
            assert_plain_text(dialog, ready["customer"]["last_name"])
            items = dialog.findChildren(QLabel, "handoverItem")  # wrapped captions beside the check boxes
            assert len(items) == 2 and all(item.wordWrap() for item in items)
            qtbot.mouseClick(items[0], Qt.MouseButton.LeftButton)  # the caption toggles its box
            assert sorted(c.isChecked() for c in dialog.line_checks.values()) == [False, True]
            qtbot.mouseClick(items[0], Qt.MouseButton.LeftButton)
            assert all(c.isChecked() for c in dialog.line_checks.values())
            qtbot.keyClicks(dialog.code, "WRONG1")
            assert dialog.confirm.isEnabled()
            qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
            await until(lambda: dialog.error.isVisible())
            assert "code" in dialog.error.text().lower()  # refused at the counter, nothing recorded
            dialog.code.setText(ready["code"])
            shot(dialog, "pickups-handover-dialog.png")
            states: list[str] = []
            dialog.outcome_shown.connect(states.append)
            qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
            await until(lambda: bool(states), timeout_s=20)
            assert states == ["applied"]
            assert dialog.verdict_title.text() == "Hand over the items"
            await until(lambda: bool(printed))  # the receipt prints by itself, once
            assert len(printed) == 1 and printed[0][1] == "Counter" and ready["number"] in printed[0][0]
            shot(dialog, "pickups-handover-applied.png")
            saved: list[str] = []
            dialog.receipt.saved.connect(saved.append)
            qtbot.mouseClick(dialog.receipt.save_button, Qt.MouseButton.LeftButton)
            await until(lambda: bool(saved))
            assert Path(saved[0]).read_bytes().startswith(b"%PDF")
            dialog.accept()
        order, lines = server_order(central, ready["id"])
        assert order["status"] == "collected"
        assert sorted(line["collected_qty"] for line in lines) == [1, 2]
        screen.refresh()
        await until(lambda: screen.detail.order.status == "collected" and screen.detail.handovers.rowCount() == 1)
    finally:
        await terminal.aclose()


@pytest.mark.asyncio
async def test_hand_over_an_order_collected_elsewhere_shows_the_server_and_flags_it(qtbot, tmp_path, central, themed_app):
    ready = place_pickup(central, status="ready", qty=(1,))
    here = await synced_terminal(central, tmp_path, "here")
    other = await synced_terminal(central, tmp_path, "other")
    try:
        associate = await here.default_associate()
        # The other counter hands the order over first and the central service accepts it.
        from clienteling.domain.models import Verification
        await other.worker.run(other.pickups.collect, ready["id"], Verification("pickup_code", code=ready["code"]),
                               associate)
        await other.replicator.sync_once()
        assert server_order(central, ready["id"])[0]["status"] == "collected"

        ctx = context(here, associate)
        screen = await open_screen(qtbot, ctx)
        await open_order(screen, ready["id"])
        assert screen.detail.order.status == "ready"  # this terminal has not heard yet
        qtbot.mouseClick(screen.detail.hand_over, Qt.MouseButton.LeftButton)
        await until(lambda: screen.handover_dialog is not None)
        dialog = screen.handover_dialog
        dialog.by_id.setChecked(True)
        qtbot.keyClicks(dialog.id_last4, "4321")
        states: list[str] = []
        dialog.outcome_shown.connect(states.append)
        qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
        await until(lambda: dialog.result_value is not None)
        async with replicating(here):
            await until(lambda: bool(states), timeout_s=20)
            assert states == ["rejected"]
            assert dialog.verdict_title.text() == "Do not hand over these items"
            assert "hand over the items" not in dialog.verdict.text().lower()
            assert ready["number"] in dialog.verdict.text() or "already" in dialog.verdict.text().lower()
            assert dialog.receipt.isHidden()
            assert "The store manager has been notified (see Flags)." in dialog.verdict.text()
            shot(dialog, "pickups-handover-rejected.png")
            # a refusal that records no flag does not claim the manager was told
            dialog._on_outcome(Outcome("rejected", "verification_failed", "the pickup code does not match"))
            assert dialog.verdict.text() == "The pickup code does not match."
            dialog.accept()

            panel = IncidentsPanel(ctx)
            qtbot.addWidget(panel)
            panel.resize(1280, 760)
            panel.show()
            panel.refresh()
            await refreshing_until(panel, lambda: any(i.order_id == ready["id"] for i in panel.model.rows()))
        incident = next(i for i in panel.model.rows() if i.order_id == ready["id"])
        assert incident.kind == "pickup" and incident.code == "already_collected" and incident.status == "open"
        panel.show_incident(incident.id)
        await until(lambda: panel.incident_id == incident.id and panel.counter_side.text() != "")
        assert panel.counter_side.text() != "Not recorded." and panel.server_side.text() != "Not recorded."
        assert panel.detail_message.text() == sentence(incident.message) and "already" in incident.message
        shot(panel, "incidents-panel.png")
        screen.refresh()
        await until(lambda: screen.detail.order.status == "collected")  # the server's truth
    finally:
        await here.aclose()
        await other.aclose()
