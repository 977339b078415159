"""The Customer 360 screen against a real central service and a real encrypted cache filled by a
real sync: preferences, notes, follow-ups, redemption (capped; refused by the server with its
reason) and outreach gated by consent."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt

from sync.datagen.extras import MANAGER_PIN
from sync.server.db import write_tx
from sync.server.versions import upsert_rows

from clienteling.config import load_config
from clienteling.security.credentials import MemoryCredentialStore
from clienteling.services.loyalty import LoyaltyService
from clienteling.services.tasks import TaskService
from clienteling.terminal import Terminal
from clienteling.ui.context import ScreenContext
from clienteling.ui.messages import MessageBridge
from clienteling.ui.ops import Ops
from clienteling.ui.profile import CustomerProfileScreen
from tests.helpers.central import seeded_db_url, start_central

CAP = 1_000
HERE = "A0002"
"""An associate of S001 (seeded staff) acting at the counter: the central service refuses changes signed by
an associate of another store, and a customer's assigned associate may work elsewhere."""


@pytest.fixture(scope="module")
def central(tmp_path_factory):
    server = start_central(seeded_db_url("sqlite", tmp_path_factory.mktemp("central")))
    yield server
    server.stop()


async def until(predicate, timeout_s: float = 10.0) -> None:
    """Poll (letting the loop run) until ``predicate()`` holds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.02)


async def synced_terminal(central, tmp_path, cap: int = CAP) -> Terminal:
    """A terminal of store S001, enrolled and synced, with the services this slice adds."""
    config = load_config(files=[], env={}, cli={"data_dir": str(tmp_path / "terminal")})
    terminal = await Terminal.enroll(config, MemoryCredentialStore(), central.url, central.enroll_code("S001"))
    terminal.tasks = TaskService(terminal.cache, terminal.clock)
    terminal.loyalty = LoyaltyService(terminal.cache, terminal.clock, offline_redeem_cap_points=cap)
    await terminal.replicator.sync_once()
    return terminal


def context(terminal: Terminal, associate_id: str | None) -> ScreenContext:
    messages = MessageBridge()
    return ScreenContext(ops=Ops(messages), messages=messages, db=terminal.worker.run, perform=terminal.perform,
                         services=terminal, store_id=terminal.device.store_id,
                         store_name=terminal.device.store_name, associate_id=associate_id)


def customer_with_orders(central, min_points: int = 2_000) -> dict:
    """A customer of S001's region with orders, enough points and an assigned associate."""
    with central.engine().connect() as conn:
        region = conn.execute(sa.text("SELECT region FROM stores WHERE id = 'S001'")).scalar_one()
        row = conn.execute(sa.text(
            "SELECT c.id, c.first_name, c.last_name, c.points, c.assigned_associate_id FROM customers c "
            "WHERE c.scope = :s AND c.points >= :p AND c.assigned_associate_id IS NOT NULL "
            "AND EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id) ORDER BY c.id LIMIT 1"),
            {"s": f"region:{region}", "p": min_points}).mappings().one()
    return dict(row)


def set_points(central, customer_id: str, points: int) -> None:
    """Change the server's balance (as a purchase or a redemption elsewhere would)."""
    with write_tx(central.engine()) as conn:
        scope = conn.execute(sa.text("SELECT scope FROM customers WHERE id = :i"), {"i": customer_id}).scalar_one()
        upsert_rows(conn, "customers", scope, [{"id": customer_id, "points": points}])


def set_consent(central, customer_id: str, **channels: bool) -> None:
    with write_tx(central.engine()) as conn:
        scope = conn.execute(sa.text("SELECT scope FROM customers WHERE id = :i"), {"i": customer_id}).scalar_one()
        upsert_rows(conn, "customers", scope, [{"id": customer_id, "consent": {
            ch: {"opt_in": v, "at": "2026-01-02T03:04:05Z"} for ch, v in channels.items()}}])


async def open_profile(qtbot, terminal, customer_id, associate_id, register: bool = True) -> CustomerProfileScreen:
    screen = CustomerProfileScreen(context(terminal, associate_id))
    if register:  # qtbot deletes registered widgets before qtmodeltester lets go of their models
        qtbot.addWidget(screen)
    screen.resize(1280, 800)
    screen.show()
    screen.show_customer(customer_id)
    await until(lambda: screen.profile is not None)
    return screen


async def reloaded(screen: CustomerProfileScreen, predicate) -> None:
    await until(lambda: screen.profile is not None and predicate(screen.profile))


@pytest.mark.asyncio
async def test_open_edit_note_and_follow_up(qtbot, tmp_path, central):
    cust = customer_with_orders(central)
    terminal = await synced_terminal(central, tmp_path)
    try:
        screen = await open_profile(qtbot, terminal, cust["id"], cust["assigned_associate_id"])
        assert screen.header.name.text() == f"{cust['first_name']} {cust['last_name']}"
        assert screen.header.points.value.text() == f"{cust['points']:,}"
        assert "Data as of" in screen.header.freshness.text()
        assert screen.header.waiting.isHidden()
        assert screen.purchases.orders.rowCount() >= 1
        screen.purchases.select_order(0)
        assert screen.purchases.lines.rowCount() >= 1
        assert screen.purchases.detail_title.text().startswith("Order ")

        # edit a preference: the size for tops
        screen.overview.size_edits["tops"].setText("")
        qtbot.keyClicks(screen.overview.size_edits["tops"], "XS")
        assert screen.overview.save.isEnabled()
        qtbot.mouseClick(screen.overview.save, Qt.MouseButton.LeftButton)
        await reloaded(screen, lambda p: p.customer.preferences.get("sizes", {}).get("tops") == "XS")
        assert screen.header.waiting.isVisible() and screen.header.waiting.text() == "1 change waiting to be sent"

        # add a note
        screen.tabs.setCurrentWidget(screen.notes)
        screen.notes.note_edit.setPlainText("Prefers linen; wants the navy blazer in 40")
        qtbot.mouseClick(screen.notes.add_note, Qt.MouseButton.LeftButton)
        await reloaded(screen, lambda p: any(n.body.startswith("Prefers linen") for n in p.notes))
        assert screen.notes.note_edit.toPlainText() == ""
        assert screen.notes.notes.data(screen.notes.notes.index(0, 2)).startswith("Prefers linen")

        # add a follow-up and complete it
        qtbot.keyClicks(screen.notes.task_title, "Call when size M is back")
        qtbot.mouseClick(screen.notes.add_task, Qt.MouseButton.LeftButton)
        await reloaded(screen, lambda p: any(t.title == "Call when size M is back" for t in p.tasks))
        row = next(i for i, t in enumerate(screen.notes.tasks.rows()) if t.title == "Call when size M is back")
        assert screen.notes.tasks.row_at(row).due_on == (date.today() + timedelta(days=7)).isoformat()
        screen.notes.tasks_table.selectRow(row)
        assert screen.notes.complete.isEnabled()
        qtbot.mouseClick(screen.notes.complete, Qt.MouseButton.LeftButton)
        await reloaded(screen, lambda p: any(t.title == "Call when size M is back" and t.status == "done"
                                             for t in p.tasks))

        # everything reaches the central service
        await terminal.replicator.sync_once()
        with central.engine().connect() as conn:
            prefs = conn.execute(sa.text("SELECT preferences FROM customers WHERE id = :i"),
                                 {"i": cust["id"]}).scalar_one()
            status = conn.execute(sa.text("SELECT status FROM tasks WHERE customer_id = :i AND title = :t"),
                                  {"i": cust["id"], "t": "Call when size M is back"}).scalar_one()
        assert '"XS"' in str(prefs).replace("'", '"') and status == "done"
        screen.refresh()
        await until(lambda: screen.header.waiting.isHidden())
    finally:
        await terminal.aclose()


@pytest.mark.asyncio
async def test_redeem_within_the_cap_and_a_server_refusal_with_its_reason(qtbot, tmp_path, central):
    cust = customer_with_orders(central, min_points=0)
    set_points(central, cust["id"], 5_000)
    cust["points"] = 5_000
    terminal = await synced_terminal(central, tmp_path)
    try:
        screen = await open_profile(qtbot, terminal, cust["id"], HERE)
        screen.tabs.setCurrentWidget(screen.loyalty)
        tab = screen.loyalty
        assert f"Up to {CAP:,} points" in tab.cap.text()
        assert tab.reward_buttons["R500"].isEnabled() and tab.reward_buttons["R1000"].isEnabled()
        assert tab.reward_buttons["R2500"].isEnabled()  # over the offline cap: a manager may approve
        assert "offline limit" in tab.reward_buttons["R2500"].toolTip()

        qtbot.mouseClick(tab.reward_buttons["R500"], Qt.MouseButton.LeftButton)
        await reloaded(screen, lambda p: p.balance.pending_redeemed == 500)
        assert screen.header.points.value.text() == f"{cust['points'] - 500:,}"
        assert "Up to 500 points" in tab.cap.text() and "offline limit" in tab.reward_buttons["R1000"].toolTip()

        # over the cap by hand: refused here, with the reason, and a manager may approve it
        tab.points.setText("600")
        qtbot.mouseClick(tab.redeem, Qt.MouseButton.LeftButton)
        await until(lambda: screen.error.isVisible() and screen.pin_dialog is not None
                    and screen.pin_dialog.manager.count() >= 1)
        assert "Up to 500 points" in screen.error.text()
        dialog = screen.pin_dialog
        assert "600 points" in dialog.why.text()
        manager = dialog.manager.currentData()
        qtbot.keyClicks(dialog.pin, MANAGER_PIN)
        qtbot.mouseClick(dialog.approve_button, Qt.MouseButton.LeftButton)
        await reloaded(screen, lambda p: p.balance.pending_redeemed == 1100)
        with terminal.cache.read() as conn:
            override = conn.exec_driver_sql("SELECT json_extract(args, '$.override.manager_id') FROM outbox "
                                            "ORDER BY seq DESC LIMIT 1").scalar()
        assert override == manager

        # the central service confirms both redemptions (a manager of this store approved the
        # second): the cap is free again
        await terminal.replicator.sync_once()
        screen.refresh()
        await reloaded(screen, lambda p: p.balance.pending_redeemed == 0
                       and p.balance.server_points == cust["points"] - 1100)

        # meanwhile the customer spent points elsewhere: the server refuses with the real balance
        set_points(central, cust["id"], 100)
        tab.points.setText("800")
        qtbot.mouseClick(tab.redeem, Qt.MouseButton.LeftButton)
        await reloaded(screen, lambda p: p.balance.pending_redeemed == 800)
        report = await terminal.replicator.push()
        assert report
        screen.refresh()
        await reloaded(screen, lambda p: len(p.rejected) == 1)
        assert tab.rejected_panel.isVisible()
        reason = tab.rejected.data(tab.rejected.index(0, 2))
        assert "only 100 points available" in reason
        assert "800" in tab.rejected.data(tab.rejected.index(0, 1))
        await terminal.replicator.sync_once()
        screen.refresh()
        await reloaded(screen, lambda p: p.balance.available == 100)
        assert not tab.reward_buttons["R500"].isEnabled()
        assert "Not enough points" in tab.reward_buttons["R500"].toolTip()
    finally:
        await terminal.aclose()


@pytest.mark.asyncio
async def test_outreach_is_disabled_without_consent_and_logged_with_it(qtbot, tmp_path, central):
    cust = customer_with_orders(central, min_points=0)
    set_consent(central, cust["id"], email=True, sms=False)
    terminal = await synced_terminal(central, tmp_path)
    try:
        screen = await open_profile(qtbot, terminal, cust["id"], HERE)
        tab = screen.consent
        screen.tabs.setCurrentWidget(tab)
        assert tab.buttons["email"].isEnabled()
        assert not tab.buttons["sms"].isEnabled() and not tab.buttons["phone"].isEnabled()
        assert "not opted in" in tab.buttons["sms"].toolTip()
        assert "opted out" in tab.state["sms"].text() and "not asked" in tab.state["phone"].text()
        assert "✓" in screen.header.consent["email"].text() and "✕" in screen.header.consent["sms"].text()

        qtbot.keyClicks(tab.body, "Your size M is back")
        qtbot.mouseClick(tab.buttons["email"], Qt.MouseButton.LeftButton)
        await reloaded(screen, lambda p: any(t.kind == "outreach" and t.channel == "email" for t in p.tasks))
        assert tab.history.rowCount() == 1 and tab.body.text() == ""

        # record an SMS opt-in: the SMS button comes alive
        qtbot.mouseClick(tab.opt_in["sms"], Qt.MouseButton.LeftButton)
        await until(lambda: tab.buttons["sms"].isEnabled())
        assert screen.profile.customer.consent["email"]["opt_in"] is True  # other channels kept
        await terminal.replicator.sync_once()
        with central.engine().connect() as conn:
            kinds = conn.execute(sa.text("SELECT kind, channel FROM tasks WHERE customer_id = :i"),
                                 {"i": cust["id"]}).all()
        assert ("outreach", "email") in [tuple(k) for k in kinds]
    finally:
        await terminal.aclose()


@pytest.fixture
def keep_alive():
    """Widgets a test keeps until after qtmodeltester has disconnected from their models."""
    kept: list = []
    yield kept
    for widget in kept:
        widget.close()
    kept.clear()


@pytest.mark.asyncio
async def test_profile_table_models_pass_the_model_tester(qtbot, keep_alive, qtmodeltester, tmp_path, central):
    cust = customer_with_orders(central)
    terminal = await synced_terminal(central, tmp_path)
    try:
        screen = await open_profile(qtbot, terminal, cust["id"], cust["assigned_associate_id"], register=False)
        keep_alive.append(screen)
        await terminal.perform(terminal.notes.add, cust["id"], "note for the tester", HERE)
        screen.refresh()
        await reloaded(screen, lambda p: len(p.notes) >= 1)
        screen.purchases.select_order(0)
        for model in (screen.purchases.orders, screen.purchases.lines, screen.loyalty.ledger,
                      screen.loyalty.rejected, screen.notes.notes, screen.notes.tasks, screen.consent.history):
            qtmodeltester.check(model, force_py=True)
        screen.purchases.orders.sort(4, Qt.SortOrder.DescendingOrder)
        totals = [o.total_cents for o in screen.purchases.orders.rows()]
        assert totals == sorted(totals, reverse=True)
    finally:
        await terminal.aclose()


@pytest.mark.asyncio
async def test_unknown_customer_shows_an_empty_state_and_escape_goes_back(qtbot, tmp_path, central):
    terminal = await synced_terminal(central, tmp_path)
    try:
        screen = CustomerProfileScreen(context(terminal, None))
        qtbot.addWidget(screen)
        screen.show()
        loads, backs = [], []
        screen.loaded.connect(lambda: loads.append(1))
        screen.back_requested.connect(lambda: backs.append(1))
        screen.show_customer("NO-SUCH-CUSTOMER")
        await until(lambda: loads)
        assert screen.empty.isVisible() and not screen.tabs.isVisible()
        screen.activateWindow()
        screen.setFocus()
        qtbot.keyClick(screen, Qt.Key.Key_Escape)
        assert backs == [1]
    finally:
        await terminal.aclose()
