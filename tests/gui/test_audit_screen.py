"""The audit trail screen against a real central service and a real synced cache: locked until a
manager's PIN, actions appear once their mutations are synced (refused ones too), the associate
filter, CSV export, and locked again when the screen is left."""

from __future__ import annotations

import contextlib
import csv

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt

from sync import protocol as p
from sync.datagen.extras import MANAGER_PIN

from clienteling.domain.audit import CSV_HEADER, csv_rows
from clienteling.services.audit import AuditPage, AuditService
from clienteling.ui.audit import AuditScreen
from clienteling.ui.audit.model import AuditModel
from tests.gui.pickup_fixtures import central  # noqa: F401  (the module's central service fixture)
from tests.gui.pickup_fixtures import context, replicating, until
from tests.gui.test_dashboard import dashboard_terminal, visible_texts



@contextlib.asynccontextmanager
async def audit_terminal(central, tmp_path):
    """A synced terminal of S001 with its audit service (as the lead wires ``terminal.audit``)."""
    async with dashboard_terminal(central, tmp_path) as terminal:
        terminal.audit = AuditService(terminal.cache, terminal.clock)
        yield terminal


def staff_and_customer(central) -> tuple[list[tuple[str, str]], tuple[str, str]]:
    """Two active associates of S001 ((id, name), by id, managers left out) and a customer of its region."""
    with central.engine().connect() as conn:
        people = conn.execute(sa.text(
            "SELECT id, first_name || ' ' || last_name FROM associates WHERE store_id = 'S001' AND active "
            "AND role = 'associate' ORDER BY id LIMIT 2")).all()
        customer = conn.execute(sa.text(
            "SELECT id, first_name || ' ' || last_name FROM customers WHERE scope = 'region:bay-area' "
            "ORDER BY id LIMIT 1 OFFSET 3")).one()
    return [(r[0], r[1]) for r in people], (customer[0], customer[1])


def open_screen(qtbot, ctx) -> AuditScreen:
    screen = AuditScreen(ctx)
    qtbot.addWidget(screen)
    screen.resize(1280, 800)
    screen.show()
    return screen


def shown(screen: AuditScreen) -> list[list[str]]:
    """The table as the manager reads it, row by row."""
    model = screen.model
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


async def sign_in(qtbot, screen: AuditScreen) -> AuditPage:
    got: list[AuditPage] = []
    screen.loaded.connect(got.append)
    qtbot.mouseClick(screen.gate.button, Qt.MouseButton.LeftButton)
    await until(lambda: screen.pin_dialog is not None and screen.pin_dialog.manager.count() >= 1)
    dialog = screen.pin_dialog
    qtbot.keyClicks(dialog.pin, MANAGER_PIN)
    qtbot.mouseClick(dialog.approve_button, Qt.MouseButton.LeftButton)
    await until(lambda: bool(got))
    return got[-1]


async def reload(screen: AuditScreen, change=None) -> AuditPage:
    """Apply a filter change (or refresh) and wait for the entries it reads."""
    got: list[AuditPage] = []
    screen.loaded.connect(got.append)
    try:
        change() if change is not None else screen.refresh()
        await until(lambda: bool(got))
    finally:
        screen.loaded.disconnect(got.append)
    return got[-1]


@pytest.mark.asyncio
async def test_the_trail_behind_a_manager_pin_with_filter_and_export(qtbot, qtmodeltester, tmp_path, central,
                                                                    themed_app):
    (first, first_name), (second, second_name) = staff_and_customer(central)[0]
    customer, customer_name = staff_and_customer(central)[1]
    async with audit_terminal(central, tmp_path) as terminal:
        screen = open_screen(qtbot, context(terminal, first))
        assert screen.stack.currentWidget() is screen.gate and not screen.unlocked
        assert "Manager sign-in" in visible_texts(screen) and "audit trail" in " ".join(visible_texts(screen))
        assert not screen.content.isVisible() and screen.page is None and screen.model.rowCount() == 0

        page = await sign_in(qtbot, screen)
        assert screen.unlocked and screen.stack.currentWidget() is screen.content
        assert screen.signed_in.text() == f"Manager: {screen.manager.manager_name}"
        before = {e.id for e in page.entries}

        async with replicating(terminal):
            mine = await terminal.perform(terminal.notes.add, customer, "Asked about the linen shirts", first)
            theirs = await terminal.perform(terminal.notes.add, customer, "Wants the blue one", second)
            stranger = await terminal.perform(terminal.notes.add, customer, "Not from here", "A-NOBODY")
            notes = {mine.id, theirs.id, stranger.id}
            await until(lambda: notes <= {e.target for e in terminal.worker.call(
                terminal.audit.page, "today").entries}, timeout_s=30)
        page = await reload(screen)

        rows = {e.target: row for e, row in zip(page.entries, shown(screen))}
        assert rows[mine.id][1:] == [first_name, "Added a note", customer_name, "Done"]
        assert rows[theirs.id][1:] == [second_name, "Added a note", customer_name, "Done"]
        assert rows[stranger.id][2:] == ["Added a note", customer_name, "Refused: not on the staff"]
        assert len(page.entries) == len(before) + 3
        checked = AuditModel()  # not the screen's: the tester must outlive the model it watches
        checked.set_entries(page.entries, page.tz)
        qtmodeltester.check(checked, force_py=True)
        assert [e.applied_at for e in page.entries] == sorted((e.applied_at for e in page.entries), reverse=True)
        assert screen.summary.text() == \
            f"{len(page.entries)} action(s), newest first · times are store time (America/Los_Angeles)"
        await until(lambda: screen.filters.who.findData(second) >= 0)  # the associate filter is filled

        theirs_only = await reload(screen, lambda: screen.filters.select(associate_id=second))
        assert [e.target for e in theirs_only.entries if e.target in notes] == [theirs.id]
        assert {e.associate_id for e in theirs_only.entries} == {second}
        assert {row[1] for row in shown(screen)} == {second_name}
        none_here = await reload(screen, lambda: screen.filters.select(action=p.RETURN_CREATE))
        assert [e for e in none_here.entries if e.target in notes] == []

        everyone = await reload(screen, lambda: screen.filters.select(associate_id="", action=""))
        assert {mine.id, theirs.id, stranger.id} <= {e.target for e in everyone.entries}
        path = screen.export_csv(str(tmp_path / "export"))
        assert path is not None and path.name.startswith("S001-audit-today-")
        with path.open(encoding="utf-8", newline="") as f:
            assert list(csv.reader(f)) == [CSV_HEADER, *csv_rows(everyone.entries, everyone.tz)]
        assert customer_name not in path.read_text(encoding="utf-8")  # ids only in the file
        assert screen.export_csv(str(path)) is None and screen.status.isVisible()  # a file, not a folder

        screen.hide()  # another page of the main window: locked for whoever comes next
        assert not screen.unlocked and screen.page is None and screen.model.rowCount() == 0
        assert screen.stack.currentWidget() is screen.gate
        screen.refresh()  # nothing is read while locked
        assert screen._task is None


@pytest.mark.asyncio
async def test_a_signed_in_manager_opens_it_without_a_pin(qtbot, tmp_path, central, themed_app):
    from clienteling.services.sessions import Session
    async with audit_terminal(central, tmp_path) as terminal:
        ctx = context(terminal, None)
        screen = open_screen(qtbot, ctx)
        ctx.sign(Session("A0002", "Léa Adams", "associate"))
        screen.refresh()  # as the main window does when it shows the page
        assert not screen.unlocked and screen.stack.currentWidget() is screen.gate
        ctx.sign(Session("A0001", "Sigríður Harris", "manager"))
        got: list[AuditPage] = []
        screen.loaded.connect(got.append)
        screen.refresh()
        await until(lambda: bool(got))
        assert screen.unlocked and screen.stack.currentWidget() is screen.content
        assert screen.signed_in.text() == "Manager: Sigríður Harris"
        screen.lock()
        assert not screen.unlocked and screen.model.rowCount() == 0


@pytest.mark.asyncio
async def test_screenshot_capture_goes_through_the_gate_and_a_week(qtbot, tmp_path, central, themed_app):
    from clienteling.ui.audit.shots import capture
    async with audit_terminal(central, tmp_path) as terminal:
        screen = open_screen(qtbot, context(terminal, None))
        saved: list[tuple[str, bool, bool]] = []
        await capture(screen, lambda name, widget: saved.append((name, widget is None, screen.unlocked)))
        assert saved == [("audit-gate", True, False), ("audit-7days", True, True)]
        assert screen.filters.kind == "7days" and screen.page is not None
