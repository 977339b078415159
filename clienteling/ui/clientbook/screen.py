"""My clients: the signed-in associate's assigned customers with their open follow-ups, and the
follow-ups due today or overdue. Activating a row opens the customer."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from clienteling.domain.models import ClientBookEntry, Task
from clienteling.ui.context import ScreenContext
from clienteling.ui.profile.fmt import money, short_day
from clienteling.ui.profile.rows_model import Col, RowsModel
from clienteling.ui.profile.widgets import EmptyOr, panel, side_by_side, table, wrap_rows


class MyClientsScreen(QWidget):
    """``customer_activated(customer_id)`` on Enter / double-click of a client or a due follow-up."""

    customer_activated = Signal(str)
    loaded = Signal()

    def __init__(self, ctx: ScreenContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clientBookScreen")
        self.ctx = ctx
        self._today = date.today().isoformat()
        self._generation = 0

        title = QLabel(self.tr("My clients"), self)
        title.setObjectName("screenTitle")
        self.summary = QLabel(self)
        self.summary.setObjectName("mutedText")
        self.reload = QPushButton(self.tr("Refresh"), self)
        self.reload.setAccessibleName(self.tr("Refresh my clients"))
        self.reload.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(12)
        top.addWidget(self.summary, 1, Qt.AlignmentFlag.AlignBottom)
        top.addWidget(self.reload)

        self.clients = RowsModel([
            Col(self.tr("Client"), lambda e: e.name, sort_key=lambda e: e.name.lower(), tooltip=lambda e: e.name),
            Col(self.tr("Tier"), lambda e: (e.tier or "member").capitalize(), sort_key=self._tier_rank),
            Col(self.tr("Lifetime value"), lambda e: money(e.lifetime_value_cents),
                sort_key=lambda e: e.lifetime_value_cents, align_right=True),
            Col(self.tr("Last visit"), lambda e: short_day(e.last_visit_at) or self.tr("never"),
                sort_key=lambda e: e.last_visit_at),
            Col(self.tr("Open"), lambda e: str(e.open_tasks) if e.open_tasks else "",
                sort_key=lambda e: e.open_tasks, align_right=True,
                tooltip=lambda e: self.tr("Open follow-ups")),
            Col(self.tr("Next due"), self._next_due, sort_key=lambda e: e.next_due_on, tone=self._client_tone),
        ], self)
        # Names vary most in length: a fixed, resizable width keeps every other column visible.
        self.client_table = table(self.clients, self.tr("My clients"), self, stretch=5,
                                  widths={0: 170, 1: 100, 2: 142, 3: 96, 4: 60})
        self.client_table.setSortingEnabled(True)
        self.client_table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.client_table.activated.connect(self._open_client)
        self.client_list = EmptyOr(self.client_table, self.tr(
            "No clients are assigned to you yet. Customers you sign up or add follow-ups for appear here."), self)

        self.due = RowsModel([
            Col(self.tr("Due"), lambda t: short_day(t.due_on), sort_key=lambda t: t.due_on, tone=self._task_tone),
            Col(self.tr("Client"), lambda t: t.customer_name, sort_key=lambda t: t.customer_name.lower()),
            Col(self.tr("Follow-up"), lambda t: t.title, tooltip=lambda t: t.title),
        ], self)
        self.due_table = table(self.due, self.tr("Follow-ups due"), self, stretch=2, widths={0: 84, 1: 150})
        wrap_rows(self.due_table)
        self.due_table.setSortingEnabled(True)
        self.due_table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.due_table.activated.connect(self._open_task)
        self.due_list = EmptyOr(self.due_table, self.tr("Nothing due today. Well done."), self)

        left, left_box = panel(self, self.tr("Clients"))
        left_box.addWidget(self.client_list, 1)
        right, right_box = panel(self, self.tr("Due today and overdue"))
        right_box.addWidget(self.due_list, 1)
        splitter = side_by_side(self, left, right, (800, 430))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self.setTabOrder(self.client_table, self.due_table)

    @staticmethod
    def _tier_rank(e: ClientBookEntry) -> int:
        return ("member", "silver", "gold", "platinum").index(e.tier) if e.tier in (
            "member", "silver", "gold", "platinum") else 0

    def _next_due(self, e: ClientBookEntry) -> str:
        if not e.next_due_on:
            return ""
        if e.overdue_tasks:
            return self.tr("%1 · %2 overdue").replace("%1", short_day(e.next_due_on)) \
                .replace("%2", str(e.overdue_tasks))
        return short_day(e.next_due_on)

    def _client_tone(self, e: ClientBookEntry) -> str | None:
        return "bad" if e.overdue_tasks else "warn" if e.next_due_on == self._today else None

    def _task_tone(self, t: Task) -> str | None:
        return "bad" if (t.due_on or "") < self._today else "warn"

    def refresh(self) -> None:
        """Re-read the client book of the signed-in associate."""
        self._generation += 1
        generation, associate = self._generation, self.ctx.associate_id
        tasks = self.ctx.services.tasks

        def read() -> tuple[list[ClientBookEntry], list[Task]]:
            if not associate:
                return [], []
            return tasks.my_clients(associate), tasks.due_for_associate(associate)

        self.ctx.ops.run(self.ctx.db(read), on_success=lambda result: self._show(generation, *result))

    def _show(self, generation: int, clients: list[ClientBookEntry], due: list[Task]) -> None:
        if generation != self._generation:
            return
        self._today = date.today().isoformat()
        self.clients.set_rows(clients)
        self.due.set_rows(due)
        self.client_list.set_empty(not clients)
        self.due_list.set_empty(not due)
        overdue = sum(1 for t in due if (t.due_on or "") < self._today)
        if not self.ctx.associate_id:
            self.summary.setText(self.tr("Sign in to see your clients."))
        else:
            parts = [self.tr("1 client") if len(clients) == 1 else
                     self.tr("%1 clients").replace("%1", str(len(clients))),
                     self.tr("1 follow-up due") if len(due) == 1 else
                     self.tr("%1 follow-ups due").replace("%1", str(len(due)))]
            if overdue:
                parts.append(self.tr("%1 overdue").replace("%1", str(overdue)))
            self.summary.setText("  ·  ".join(parts))
        self.loaded.emit()

    def _open_client(self, index: QModelIndex) -> None:
        entry = self.clients.row_at(index.row())
        if entry is not None:
            self.customer_activated.emit(entry.customer_id)

    def _open_task(self, index: QModelIndex) -> None:
        task = self.due.row_at(index.row())
        if task is not None:
            self.customer_activated.emit(task.customer_id)
