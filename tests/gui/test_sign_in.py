"""Associate sign-in on the assembled window (app.build_window) against a real synced cache:
PIN and badge sign-in, quick switch, the idle lock, who is recorded, and manager-only screens."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from sync.datagen.extras import ASSOCIATE_PIN, MANAGER_PIN, demo_badge

from clienteling.app import watch_idle
from tests.gui.test_main_window_routes import _until, _window, central  # noqa: F401  (module fixture)

pytestmark = pytest.mark.asyncio


def _staff(central, role: str) -> tuple[str, str]:
    with central.engine().connect() as conn:
        return tuple(conn.execute(sa.text(
            "SELECT id, first_name || ' ' || last_name FROM associates WHERE store_id = 'S001' AND role = :r "
            "AND coalesce(active, true) ORDER BY id LIMIT 1"), {"r": role}).first())


def _pick(win, associate_id: str) -> None:
    people = win.signin.people
    for row in range(people.count()):
        if people.item(row).data(Qt.ItemDataRole.UserRole) == associate_id:
            people.setCurrentRow(row)
            return
    raise AssertionError(f"{associate_id} is not on the sign-in list")


async def test_pin_sign_in_records_the_associate_and_switching_changes_who(qtbot, tmp_path, central):
    win, terminal = await _window(qtbot, tmp_path, central, signed_in=False)
    try:
        associate, name = _staff(central, "associate")
        manager, _ = _staff(central, "manager")
        assert win.locked and win.ctx.associate_id is None
        await _until(lambda: win.signin.people.count() > 0)
        win.on_scanned("loyalty", "0000000000")  # nothing but a badge works while locked
        assert win.locked and win.search.box.text() == ""
        _pick(win, associate)
        qtbot.keyClicks(win.signin.pin, "0000")
        qtbot.keyClick(win.signin.pin, Qt.Key.Key_Return)
        await _until(lambda: win.signin.message.isVisible())
        assert "Wrong PIN" in win.signin.message.text() and win.locked
        qtbot.keyClicks(win.signin.pin, ASSOCIATE_PIN)
        qtbot.mouseClick(win.signin.button, Qt.MouseButton.LeftButton)
        await _until(lambda: not win.locked)
        assert win.ctx.associate_id == associate and name in win.user.text()
        assert win.pages.currentWidget() is win.customers

        customer = (await terminal.worker.run(terminal.customers.search, "a"))[0].id
        await win.ctx.perform(terminal.notes.add, customer, "Prefers linen", win.ctx.associate_id)
        inventory = win.screens["inventory"]
        inventory.set_customer(customer)  # the associate's work in progress
        win.on_scanned("badge", demo_badge(manager))  # a manager scans their badge: quick switch
        await _until(lambda: win.ctx.associate_id == manager)
        assert not win.locked and "Manager" in win.user.text()
        assert inventory._customer_id is None  # nothing of the previous person's work carries over
        assert not win.ctx.is_manager  # a badge alone does not open a manager's powers
        await win.ctx.perform(terminal.notes.add, customer, "Called about the coat", win.ctx.associate_id)
        with terminal.cache.read() as conn:
            who = [r[0] for r in conn.exec_driver_sql("SELECT associate_id FROM outbox ORDER BY seq").all()]
        assert who[-2:] == [associate, manager]

        qtbot.mouseClick(win.switch_button, Qt.MouseButton.LeftButton)  # Switch: nobody until sign-in
        assert win.locked and win.ctx.associate_id is None and win.ctx.session is None
        await _until(lambda: win.signin.people.count() > 0)
        assert win.signin.people.currentItem() is None  # the next person picks their own name
        _pick(win, associate)
        qtbot.keyClicks(win.signin.pin, "13")
        staff = await terminal.worker.run(terminal.sessions.roster)
        win.signin.set_roster(staff)  # a sync while someone types: nothing they typed is lost
        assert win.signin.pin.text() == "13" and win.signin.people.currentItem() is not None
        win.signin.pin.clear()
        win.on_scanned("badge", "BADGE-NOBODY")
        await _until(lambda: win.signin.message.isVisible())
        assert "not known" in win.signin.message.text() and win.locked
    finally:
        await terminal.aclose()


async def test_idle_lock_and_the_dashboard_is_for_managers(qtbot, tmp_path, central):
    win, terminal = await _window(qtbot, tmp_path, central, signed_in=False)
    idle = watch_idle(win, 0.002)  # 120 ms
    try:
        associate, _ = _staff(central, "associate")
        manager, _ = _staff(central, "manager")
        assert not idle.timer.isActive()  # nobody signed in: nothing to lock
        await _until(lambda: win.signin.people.count() > 0)
        _pick(win, associate)
        qtbot.keyClicks(win.signin.pin, ASSOCIATE_PIN)
        win.signin.submit()
        await _until(lambda: not win.locked)
        dashboard = win.screens["dashboard"]
        win.show_page(dashboard)
        assert not dashboard.unlocked  # an associate sees the manager gate
        await _until(lambda: win.locked, timeout_s=5)
        assert "without use" in win.signin.notice.text() and win.ctx.associate_id is None
        current = win.signin.people.currentItem()
        assert current is not None and current.data(Qt.ItemDataRole.UserRole) == associate  # back quickly

        _pick(win, manager)
        qtbot.keyClicks(win.signin.pin, MANAGER_PIN)
        win.signin.submit()
        await _until(lambda: not win.locked)
        win.show_page(dashboard)
        assert dashboard.unlocked  # a signed-in manager needs no PIN
        win.lock()
        assert not dashboard.unlocked  # locking the terminal hides the figures
    finally:
        idle.uninstall()
        await terminal.aclose()
        QApplication.processEvents()
