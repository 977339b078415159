"""My clients against a real central service and a real synced cache: the associate's assigned
customers, their due and overdue follow-ups, sorting, and opening a customer."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt

from sync.server.db import write_tx
from sync.server.versions import upsert_rows

from clienteling.ui.clientbook import MyClientsScreen
from tests.gui.test_profile_screen import (central, context, customer_with_orders, keep_alive,  # noqa: F401
                                          synced_terminal, until)


def _assigned(central, associate_id: str) -> list[str]:
    with central.engine().connect() as conn:
        return list(conn.execute(sa.text("SELECT id FROM customers WHERE assigned_associate_id = :a ORDER BY id"),
                                 {"a": associate_id}).scalars())


def _overdue_task(central, customer_id: str, associate_id: str) -> None:
    with write_tx(central.engine()) as conn:
        scope = conn.execute(sa.text("SELECT scope FROM customers WHERE id = :i"), {"i": customer_id}).scalar_one()
        upsert_rows(conn, "tasks", scope, [{
            "id": f"T-overdue-{customer_id}", "customer_id": customer_id, "associate_id": associate_id,
            "store_id": "S001", "kind": "follow_up", "title": "Ring about the alterations",
            "due_on": (date.today() - timedelta(days=3)).isoformat(), "status": "open",
            "created_at": "2026-01-01T00:00:00Z"}])


@pytest.mark.asyncio
async def test_my_clients_lists_assigned_customers_and_due_follow_ups(qtbot, keep_alive, qtmodeltester,
                                                                       tmp_path, central):  # noqa: F811
    cust = customer_with_orders(central, min_points=0)
    associate = cust["assigned_associate_id"]
    _overdue_task(central, cust["id"], associate)
    assigned = _assigned(central, associate)
    terminal = await synced_terminal(central, tmp_path)
    try:
        today = date.today().isoformat()
        other = next(c for c in assigned if c != cust["id"]) if len(assigned) > 1 else cust["id"]
        await terminal.perform(terminal.tasks.add, other, "Send the new season lookbook", today, associate)

        screen = MyClientsScreen(context(terminal, associate))
        keep_alive.append(screen)
        screen.resize(1280, 720)
        screen.show()
        screen.refresh()
        await until(lambda: screen.clients.rowCount() > 0)
        ids = [e.customer_id for e in screen.clients.rows()]
        assert set(ids) == set(assigned)
        assert ids[0] == cust["id"]  # the overdue one first
        first = screen.clients.rows()[0]
        assert first.overdue_tasks == 1
        assert "overdue" in screen.clients.data(screen.clients.index(0, 5))
        due = screen.due.rows()
        assert [t.title for t in due][:1] == ["Ring about the alterations"]
        assert "Send the new season lookbook" in [t.title for t in due]
        assert "overdue" in screen.summary.text()
        qtmodeltester.check(screen.clients, force_py=True)
        qtmodeltester.check(screen.due, force_py=True)

        # sortable by a click on a header: by name
        screen.client_table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        names = [e.name.lower() for e in screen.clients.rows()]
        assert names == sorted(names)

        # activating a row opens the customer
        opened: list[str] = []
        screen.customer_activated.connect(opened.append)
        row = [e.customer_id for e in screen.clients.rows()].index(cust["id"])
        screen.client_table.setFocus()
        screen.client_table.setCurrentIndex(screen.clients.index(row, 0))
        qtbot.keyClick(screen.client_table, Qt.Key.Key_Return)
        assert opened == [cust["id"]]
        screen.due_table.activated.emit(screen.due.index(0, 0))
        assert opened[-1] == cust["id"]
    finally:
        await terminal.aclose()


@pytest.mark.asyncio
async def test_an_associate_without_clients_sees_an_empty_state(qtbot, tmp_path, central):  # noqa: F811
    terminal = await synced_terminal(central, tmp_path)
    try:
        screen = MyClientsScreen(context(terminal, "A-NOBODY"))
        qtbot.addWidget(screen)
        screen.show()
        loads: list[int] = []
        screen.loaded.connect(lambda: loads.append(1))
        screen.refresh()
        await until(lambda: loads)
        assert screen.client_list.currentWidget() is screen.client_list.empty
        assert screen.due_list.currentWidget() is screen.due_list.empty
        assert "0 clients" in screen.summary.text()
    finally:
        await terminal.aclose()
