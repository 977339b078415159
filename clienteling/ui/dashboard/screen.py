"""The manager dashboard: store KPIs against the previous period, charts, leaderboard, CSV export.
Behind a manager's PIN; reads only the cache, so it works offline and says how fresh it is."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (QFileDialog, QFrame, QGridLayout, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QScrollArea, QStackedWidget, QTableView, QVBoxLayout, QWidget)

from clienteling.domain.kpis import Dashboard
from clienteling.domain.models import Approval
from clienteling.domain.rules import DomainError
from clienteling.ui.context import ScreenContext
from clienteling.ui.dashboard.charts import Chart, day_label
from clienteling.ui.dashboard.export import write_csv
from clienteling.ui.dashboard.gate import ManagerGate
from clienteling.ui.dashboard.leaderboard import LeaderboardModel
from clienteling.ui.dashboard.period_bar import PeriodBar
from clienteling.ui.dashboard.tiles import KpiTile, metrics
from clienteling.ui.pin_dialog import PinDialog
from clienteling.ui.profile.fmt import moment


def days_text(daily) -> str:
    """'22 Nov' or '16 Nov – 22 Nov' for the local days of a period."""
    if not daily:
        return ""
    first, last = day_label(daily[0][0]), day_label(daily[-1][0])
    return first if first == last else f"{first} – {last}"


class DashboardScreen(QWidget):
    """``loaded(Dashboard)`` after each read; ``unlock_changed(bool)`` on sign-in and ``lock()``.
    Locked again by ``lock()`` (idle lock) and whenever the screen is left."""

    loaded = Signal(object)
    unlock_changed = Signal(bool)

    def __init__(self, ctx: ScreenContext, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboardScreen")
        self.ctx = ctx
        self.manager: Approval | None = None
        self.dashboard: Dashboard | None = None
        self.pin_dialog: PinDialog | None = None
        self._task: asyncio.Task | None = None

        self.gate = ManagerGate(ctx.store_name, self)
        self.gate.sign_in.connect(self.ask_pin)
        self.content = self._content(today or date.today())
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.gate)
        self.stack.addWidget(self.content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    @property
    def unlocked(self) -> bool:
        return self.manager is not None

    # ----- layout ----------------------------------------------------------------------------

    def _content(self, today: date) -> QWidget:
        page = QWidget(self)
        store = self.ctx.store_name or self.ctx.store_id
        self.title = QLabel(self.tr("Store dashboard · %1").replace("%1", store), page)
        self.title.setObjectName("screenTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.signed_in = QLabel(page)
        self.signed_in.setObjectName("dashboardManager")
        self.signed_in.setTextFormat(Qt.TextFormat.PlainText)
        self.export_button = QPushButton(self.tr("Export CSV…"), page)
        self.export_button.setObjectName("dashboardExport")
        self.export_button.clicked.connect(lambda: self.export_csv())
        self.export_button.setEnabled(False)
        self.refresh_button = QPushButton(self.tr("Refresh"), page)
        self.refresh_button.clicked.connect(self.refresh)
        self.lock_button = QPushButton(self.tr("Lock"), page)
        self.lock_button.setObjectName("dashboardLock")
        self.lock_button.clicked.connect(self.lock)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.signed_in)
        for button in (self.refresh_button, self.export_button, self.lock_button):
            top.addWidget(button)

        self.period = PeriodBar(today, page)
        self.period.changed.connect(self.refresh)
        self.period_label = self._plain(page, "periodLabel")
        self.freshness = self._plain(page, "dashboardFreshness")
        self.freshness.setWordWrap(False)
        self.status = self._plain(page, "dashboardStatus")
        self.status.hide()
        info = QHBoxLayout()
        info.addWidget(self.period_label, 1)
        info.addWidget(self.freshness)

        self.tiles: dict[str, KpiTile] = {}
        grid = QGridLayout()
        grid.setSpacing(10)
        for r, row in enumerate(metrics()):
            for c, metric in enumerate(row):
                tile = KpiTile(metric, page)
                self.tiles[metric.key] = tile
                grid.addWidget(tile, r, c)

        self.sales_chart = Chart(self.tr("Net sales per day"), "salesChart", page)
        self.orders_chart = Chart(self.tr("Orders per day"), "ordersChart", page)
        self.sla_chart = Chart(self.tr("Pickups ready within SLA"), "slaChart", page)
        charts = QHBoxLayout()
        charts.setSpacing(10)
        charts.addWidget(self.sales_chart, 5)
        charts.addWidget(self.orders_chart, 4)
        charts.addWidget(self.sla_chart, 4)

        board_title = QLabel(self.tr("Team"), page)
        board_title.setObjectName("sectionTitle")
        self.leaders = LeaderboardModel(page)
        self.board = QTableView(page)
        self.board.setObjectName("leaderboard")
        self.board.setModel(self.leaders)
        self.board.verticalHeader().hide()
        self.board.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.board.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        header = self.board.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.board.setMinimumHeight(220)

        body = QWidget(page)
        body.setObjectName("dashboardBody")
        inner = QVBoxLayout(body)
        inner.setContentsMargins(0, 0, 8, 0)
        inner.setSpacing(12)
        inner.addLayout(grid)
        inner.addLayout(charts)
        inner.addWidget(board_title)
        inner.addWidget(self.board)
        scroll = QScrollArea(page)
        scroll.setObjectName("dashboardScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(24, 18, 24, 12)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self.period)
        layout.addLayout(info)
        layout.addWidget(self.status)
        layout.addWidget(scroll, 1)
        return page

    def _plain(self, parent: QWidget, name: str) -> QLabel:
        label = QLabel(parent)
        label.setObjectName(name)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        return label

    # ----- the manager gate ------------------------------------------------------------------

    def ask_pin(self) -> None:
        """Open the manager PIN dialog; an approval unlocks the dashboard."""
        if self.pin_dialog is not None:
            return
        dialog = PinDialog(self.ctx, self.tr("Open the store dashboard"), self)
        dialog.approved.connect(self.unlock)
        dialog.finished.connect(lambda _code: self._dialog_closed(dialog))
        self.pin_dialog = dialog
        dialog.open()

    def _dialog_closed(self, dialog: PinDialog) -> None:
        if self.pin_dialog is dialog:
            self.pin_dialog = None
        dialog.deleteLater()

    def unlock(self, approval: Approval) -> None:
        """Show the dashboard to the manager who approved, and read it."""
        self.manager = approval
        self.signed_in.setText(self.tr("Manager: %1").replace("%1", approval.manager_name))
        self.gate.show_message("")
        self.stack.setCurrentWidget(self.content)
        self.unlock_changed.emit(True)
        self.refresh()

    def lock(self) -> None:
        """Hide the figures again until a manager signs in (idle lock, the Lock button)."""
        if self._task is not None and not self._task.done():
            self._task.cancel()
        self._task = None
        was = self.unlocked
        self.manager = None
        self.dashboard = None
        self.leaders.set_rows([])
        for tile in self.tiles.values():
            tile.clear()
        if self.pin_dialog is not None:
            self.pin_dialog.reject()
        self.stack.setCurrentWidget(self.gate)
        if was:
            self.unlock_changed.emit(False)

    def hideEvent(self, event: QHideEvent) -> None:
        """Leaving the screen (another page, not a minimised window) locks it: the next person at
        this shared terminal does not find the store's figures open."""
        if not event.spontaneous():
            self.lock()
        super().hideEvent(event)

    # ----- reading and showing ---------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the figures for the chosen period (a newer read replaces a running one)."""
        if not self.unlocked:
            return
        if self._task is not None and not self._task.done():
            self._task.cancel()
        start, end = self.period.dates()
        work = self.ctx.db(self.ctx.services.kpis.dashboard, self.period.kind, start, end)
        self.refresh_button.setEnabled(False)
        self._task = self.ctx.ops.run(work, self._on_loaded, self._on_error)

    def _on_loaded(self, d: Dashboard) -> None:
        self.refresh_button.setEnabled(True)
        if not self.unlocked:
            return
        self.dashboard = d
        self._show_status("")
        for tile in self.tiles.values():
            key = tile.kpi.key
            tile.show_values(getattr(d.current, key), getattr(d.before, key))
        self.period_label.setText(self._period_text(d))
        self.freshness.setText(self._freshness(d))
        self.sales_chart.show_net_sales(d.daily, d.daily_before)
        self.orders_chart.show_orders(d.daily, d.daily_before)
        self.sla_chart.show_sla(d.current.bopis_ready_within_sla, d.before.bopis_ready_within_sla,
                                d.current.bopis_orders, d.before.bopis_orders)
        self.leaders.set_rows(d.leaderboard)
        self.export_button.setEnabled(True)
        self.loaded.emit(d)

    def _on_error(self, exc: BaseException) -> None:
        self.refresh_button.setEnabled(True)
        text = exc.message if isinstance(exc, DomainError) else str(exc) or type(exc).__name__
        self._show_status(self.tr("The figures could not be read: %1").replace("%1", text))

    def _show_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def _period_text(self, d: Dashboard) -> str:
        """'This week: 16 Nov – 22 Nov, compared with 9 Nov – 15 Nov' in the store's own dates."""
        names = {"today": self.tr("Today"), "week": self.tr("This week"), "month": self.tr("This month"),
                 "custom": self.tr("Custom range")}
        return (self.tr("%1: %2, compared with the same length of time just before: %3")
                .replace("%1", names.get(d.period.kind, d.period.label))
                .replace("%2", days_text(d.daily)).replace("%3", days_text(d.daily_before)))

    def _freshness(self, d: Dashboard) -> str:
        as_of = moment(d.as_of)
        text = self.tr("Data as of %1").replace("%1", as_of) if as_of else self.tr("Not synced yet")
        if self.ctx.is_online() is False:
            text = self.tr("Offline · %1").replace("%1", text)
        return text

    # ----- export ----------------------------------------------------------------------------

    def export_csv(self, folder: str | None = None) -> list[Path]:
        """Write every table as CSV into ``folder`` (asked for with a folder dialog when None)."""
        if self.dashboard is None:
            return []
        if folder is None:
            folder = QFileDialog.getExistingDirectory(self, self.tr("Export the dashboard to a folder"))
            if not folder:
                return []
        try:
            written = write_csv(self.dashboard, folder)
        except OSError as exc:
            self._show_status(self.tr("The CSV files could not be written: %1").replace("%1", exc.strerror or str(exc)))
            return []
        self.ctx.messages.info(self.tr("%1 CSV files saved in %2").replace("%1", str(len(written)))
                               .replace("%2", str(folder)))
        return written
