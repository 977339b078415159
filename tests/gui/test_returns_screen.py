"""The returns screen against a real central service and a real synced cache: a return with the
receipt (lines, live preview, a condition the rules refuse, submit, accepted, receipt) and a
receipt-less return over the customer's limit that needs a manager's PIN."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt

from sync.policy import points_for

from clienteling.domain.models import Outcome
from clienteling.ui.returns import ReturnsScreen
from tests.gui.pickup_fixtures import central  # noqa: F401  (the module's central service fixture)
from tests.gui.pickup_fixtures import (assert_plain_text, context, place_purchase, printed_receipts, replicating, server_order, shot,
                                       synced_terminal, until)


def open_screen(qtbot, ctx) -> ReturnsScreen:
    screen = ReturnsScreen(ctx)
    qtbot.addWidget(screen)
    screen.resize(1280, 760)
    screen.show()
    return screen


async def previewed(screen: ReturnsScreen, predicate) -> None:
    step = screen.lines_step
    await until(lambda: step.preview is not None and not step._preview_timer.isActive()
                and (step._task is None or step._task.done()) and predicate(step.preview))


@pytest.mark.asyncio
async def test_return_with_the_receipt(qtbot, tmp_path, central, themed_app, monkeypatch):
    bought = place_purchase(central, qty=(2, 1))
    terminal = await synced_terminal(central, tmp_path)
    printed = printed_receipts(monkeypatch)
    try:
        ctx = context(terminal, await terminal.default_associate(), receipts_dir=str(tmp_path / "receipts"),
                      receipt_printer="Counter")
        screen = open_screen(qtbot, ctx)
        steps: list[str] = []
        screen.step_changed.connect(steps.append)
        screen.find(bought["number"])
        find = screen.find_step
        await until(lambda: find.orders.rowCount() == 1)
        assert find.orders.row_at(0).id == bought["id"] and find.open_order.isEnabled()
        shot(screen, "returns-find.png")
        qtbot.mouseClick(find.open_order, Qt.MouseButton.LeftButton)
        await until(lambda: steps[-1:] == ["lines"])

        step = screen.lines_step
        assert step.title.text() == f"Return from order {bought['number']}"
        assert_plain_text(step, bought["customer"]["last_name"])
        assert step.table.rowCount() == 2 and all(spin.value() == 0 for spin in step.qty)
        assert not step.submit.isEnabled()
        row = next(r for r, rl in enumerate(step.quote.lines) if rl.line.id == bought["lines"][0]["id"])
        price = bought["lines"][0]["price_cents"]
        assert step.qty[row].box.maximum() == 2
        step.qty[row].setValue(2)
        await previewed(screen, lambda p: p.refund_cents == 2 * price)
        assert step.preview.points_reversed == points_for(2 * price)
        assert step.figures["points"].text() == f"{points_for(2 * price):,}"
        assert step.submit.isEnabled()

        # a damaged item is taken back only as defective or not as described
        step.conditions[row].setCurrentIndex(step.conditions[row].findData("damaged"))
        assert step.dispositions[row].currentData() == "damaged"
        await previewed(screen, lambda p: bool(p.problems))
        assert step.problems.isVisible() and not step.submit.isEnabled()
        shot(screen, "returns-lines-problem.png")
        step.reasons[row].setCurrentIndex(step.reasons[row].findData("defective"))
        await previewed(screen, lambda p: not p.problems)
        assert step.submit.isEnabled() and step.problems.isHidden()
        shot(screen, "returns-lines.png")

        states: list[str] = []
        screen.outcome_shown.connect(states.append)
        async with replicating(terminal):
            qtbot.mouseClick(step.submit, Qt.MouseButton.LeftButton)
            await until(lambda: bool(states), timeout_s=20)
        assert states == ["applied"]
        summary = screen.summary_step
        assert steps[-1] == "summary" and summary.title.text() == f"Return no. {summary.record.id[:8].upper()}"
        assert "Accepted" in summary.status.text()
        assert summary.lines.rowCount() == 1 and summary.facts["points"].text() == f"{points_for(2 * price):,}"
        await until(lambda: bool(printed))  # the receipt prints by itself once the return is accepted
        assert printed[0][1] == "Counter" and bought["number"] in printed[0][0]
        screen.refresh()  # the verdict shown again (new data arrived): not printed again
        await until(lambda: len(states) == 2)
        assert len(printed) == 1
        shot(screen, "returns-summary.png")
        saved: list[str] = []
        summary.receipt.saved.connect(saved.append)
        qtbot.mouseClick(summary.receipt.save_button, Qt.MouseButton.LeftButton)
        await until(lambda: bool(saved))
        assert Path(saved[0]).name.startswith("return-") and Path(saved[0]).read_bytes().startswith(b"%PDF")

        # only refusals that record a flag say the manager was told
        summary.show_outcome(Outcome("rejected", "exceeds_purchased", "only 2 were bought"))
        assert summary.status.text().endswith("The store manager has been notified (see Flags).")
        summary.show_outcome(Outcome("rejected", "invalid_arguments", "lines: required"))
        assert summary.status.text() == "Refused by the central service: Lines: required. Do not give the refund."
        assert len(printed) == 1

        _order, lines = server_order(central, bought["id"])
        assert {line["id"]: line["returned_qty"] for line in lines}[bought["lines"][0]["id"]] == 2
        with central.engine().connect() as conn:
            points = conn.execute(sa.text("SELECT points FROM loyalty_ledger WHERE id = :i"),
                                  {"i": f"{summary.record.id}:reverse"}).scalar_one()
        assert points == -points_for(2 * price)

        # the next return of the same order knows those units came back
        qtbot.mouseClick(summary.next, Qt.MouseButton.LeftButton)
        await until(lambda: steps[-1] == "find")
        screen.find(bought["number"])
        await until(lambda: find.orders.rowCount() == 1)
        screen.open_order(bought["id"])
        await until(lambda: steps[-1] == "lines" and step.quote.order.id == bought["id"]
                    and step.quote.lines[row].verdict.returnable_qty == 0)
        assert not step.qty[row].isEnabled()
        assert step.table.item(row, 4).text() == "Already returned." and step.table.columnSpan(row, 4) == 4
        assert step.table.cellWidget(row, 4) is None and step.table.item(row, 0).text().startswith(
            step.quote.lines[row].product_name)
    finally:
        await terminal.aclose()


@pytest.mark.asyncio
async def test_receiptless_over_the_limit_needs_a_manager_pin(qtbot, tmp_path, central, themed_app):
    terminal = await synced_terminal(central, tmp_path)
    try:
        ctx = context(terminal, await terminal.default_associate())
        with central.engine().connect() as conn:
            customer = conn.execute(sa.text(
                "SELECT c.id, c.first_name, c.last_name FROM customers c JOIN stores s ON c.scope = 'region:' || s.region "
                "WHERE s.id = 'S001' ORDER BY c.id LIMIT 1 OFFSET 2")).mappings().one()
            sku = conn.execute(sa.text("SELECT id FROM products WHERE final_sale = :f AND price_cents >= 2000 "
                                       "ORDER BY id LIMIT 1"), {"f": False}).scalar_one()
        screen = open_screen(qtbot, ctx)
        find = screen.find_step
        qtbot.mouseClick(find.no_receipt, Qt.MouseButton.LeftButton)
        assert find.receiptless() and not find.continue_receiptless.isEnabled()
        find.customer_box.setText(f"{customer['first_name']} {customer['last_name']}")
        await until(lambda: find.customers.count() >= 1)
        match = next(i for i in range(find.customers.count())
                     if find.customers.item(i).data(Qt.ItemDataRole.UserRole)[0] == customer["id"])
        find.customers.setCurrentRow(match)
        assert_plain_text(find, customer["last_name"])
        assert screen.scan_product(sku)  # a scan while adding items lands here
        await until(lambda: find.items.count() == 1)
        find.add_item("NO-SUCH-SKU")
        await until(lambda: find.item_error.isVisible())
        assert "NO-SUCH-SKU" in find.item_error.text() and find.items.count() == 1
        shot(screen, "returns-receiptless-find.png")
        qtbot.mouseClick(find.continue_receiptless, Qt.MouseButton.LeftButton)
        step = screen.lines_step
        await until(lambda: step.quote is not None and step.quote.order is None)
        assert step.title.text() == "Return without a receipt"
        assert [step.method.itemData(i) for i in range(step.method.count())] == ["store_credit", "exchange"]
        assert step.qty[0].value() == 1  # the one item brought back
        await previewed(screen, lambda p: True)
        assert step.preview.points_reversed == 0

        step.qty[0].setValue(20)  # far over what a customer may return without a receipt
        await previewed(screen, lambda p: bool(p.needs_approval))
        assert step.approve.isVisible() and not step.submit.isEnabled()
        assert step.needs.text().startswith("A manager must approve:")
        shot(screen, "returns-needs-approval.png")

        qtbot.mouseClick(step.approve, Qt.MouseButton.LeftButton)
        await until(lambda: screen.pin_dialog is not None and screen.pin_dialog.manager.count() >= 1)
        dialog = screen.pin_dialog
        qtbot.keyClicks(dialog.pin, "12ab34")
        assert dialog.pin.text() == "1234"  # digits only
        qtbot.mouseClick(dialog.approve_button, Qt.MouseButton.LeftButton)
        await until(lambda: dialog.error.isVisible())
        assert "Wrong PIN" in dialog.error.text() and dialog.pin.text() == ""
        shot(dialog, "returns-pin-dialog.png")
        qtbot.keyClicks(dialog.pin, "2468")
        qtbot.mouseClick(dialog.approve_button, Qt.MouseButton.LeftButton)
        await until(lambda: step.approval is not None)
        approved_refund = step.preview.refund_cents
        assert step.approval.refund_cents == approved_refund and step.approval.needs == ("receiptless_limit",)
        assert step.approved.isVisible() and step.approved.text().startswith("Approved by ")
        assert_plain_text(step, step.approval.manager_name)
        await previewed(screen, lambda p: True)
        assert step.submit.isEnabled()

        # fewer units: the approval still stands; more units than approved: it is gone
        step.qty[0].setValue(15)
        await previewed(screen, lambda p: p.refund_cents < approved_refund)
        assert step.approval is not None and step.submit.isEnabled()
        step.qty[0].setValue(25)
        await previewed(screen, lambda p: p.refund_cents > approved_refund)
        assert step.approval is None and step.approve.isVisible() and not step.submit.isEnabled()
        assert step.approved.isHidden()
        step.qty[0].setValue(20)  # back to what was approved: a cleared approval stays cleared
        await previewed(screen, lambda p: p.refund_cents == approved_refund)
        assert step.approval is None and not step.submit.isEnabled()
        qtbot.mouseClick(step.approve, Qt.MouseButton.LeftButton)
        await until(lambda: screen.pin_dialog is not None and screen.pin_dialog is not dialog
                    and screen.pin_dialog.manager.count() >= 1)
        qtbot.keyClicks(screen.pin_dialog.pin, "2468")
        qtbot.mouseClick(screen.pin_dialog.approve_button, Qt.MouseButton.LeftButton)
        await until(lambda: step.approval is not None)
        await previewed(screen, lambda p: True)
        assert step.submit.isEnabled()

        states: list[str] = []
        screen.outcome_shown.connect(states.append)
        async with replicating(terminal):
            qtbot.mouseClick(step.submit, Qt.MouseButton.LeftButton)
            await until(lambda: bool(states), timeout_s=20)
        assert states == ["applied"], screen.summary_step.status.text()
        assert screen.summary_step.facts["approved"].text() == step.approval.manager_name
        shot(screen, "returns-receiptless-summary.png")
        with central.engine().connect() as conn:
            row = conn.execute(sa.text("SELECT receipt, approved_by, refund_method FROM returns WHERE id = :i"),
                               {"i": screen.summary_step.record.id}).mappings().one()
        assert not row["receipt"] and row["approved_by"] == step.approval.manager_id
    finally:
        await terminal.aclose()
