"""The manager dashboard: store KPIs against the previous period, charts, leaderboard, CSV export.
Behind a manager's PIN; reads only the cache, so it works offline and says how fresh it is."""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (QFileDialog, QFrame, QGridLayout, QHBoxLayout, QHeaderView, QLabel, QScrollArea,
                               QTableView, QVBoxLayout, QWidget)

from clienteling.domain.kpis import Dashboard
from clienteling.ui.manager_screen import ManagerScreen
from clienteling.ui.context import ScreenContext
from clienteling.ui.dashboard.charts import Chart, day_label
from clienteling.ui.dashboard.export import write_csv
from clienteling.ui.dashboard.leaderboard import LeaderboardModel
from clienteling.ui.dashboard.period_bar import PeriodBar
from clienteling.ui.dashboard.tiles import KpiTile, metrics


def days_text(daily) -> str:
    """'22 Nov' or '16 Nov – 22 Nov' for the local days of a period."""
    if not daily:
        return ""
    first, last = day_label(daily[0][0]), day_label(daily[-1][0])
    return first if first == last else f"{first} – {last}"


class DashboardScreen(ManagerScreen):
    """``loaded(Dashboard)`` after each read; ``unlock_changed(bool)`` on sign-in and ``lock()``.
    Locked again by ``lock()`` (idle lock) and whenever the screen is left."""

    def __init__(self, ctx: ScreenContext, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(ctx, None, QCoreApplication.translate("DashboardScreen", "Open the store dashboard"), parent)
        self.setObjectName("dashboardScreen")
        self.dashboard: Dashboard | None = None
        self.set_content(self._content(today or date.today()))

    # ----- layout ----------------------------------------------------------------------------

    def _content(self, today: date) -> QWidget:
        page = QWidget(self)
        store = self.ctx.store_name or self.ctx.store_id
        top = self.top_bar(page, self.tr("Store dashboard · %1").replace("%1", store), "dashboard")

        self.period = PeriodBar(today, page)
        self.period.changed.connect(self.refresh)
        self.period_label = self.plain(page, "periodLabel")
        self.freshness = self.plain(page, "dashboardFreshness", wrap=False)
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

    # ----- reading and showing ---------------------------------------------------------------

    def read(self) -> Awaitable[Dashboard]:
        """The figures for the chosen period."""
        start, end = self.period.dates()
        return self.ctx.db(self.ctx.services.kpis.dashboard, self.period.kind, start, end)

    def clear(self) -> None:
        self.dashboard = None
        self.leaders.set_rows([])
        for tile in self.tiles.values():
            tile.clear()

    def show_result(self, d: Dashboard) -> None:
        self.dashboard = d
        for tile in self.tiles.values():
            key = tile.kpi.key
            tile.show_values(getattr(d.current, key), getattr(d.before, key))
        self.period_label.setText(self._period_text(d))
        self.freshness.setText(self.freshness_text(d.as_of))
        self.sales_chart.show_net_sales(d.daily, d.daily_before)
        self.orders_chart.show_orders(d.daily, d.daily_before)
        self.sla_chart.show_sla(d.current.bopis_ready_within_sla, d.before.bopis_ready_within_sla,
                                d.current.bopis_orders, d.before.bopis_orders)
        self.leaders.set_rows(d.leaderboard)
        self.export_button.setEnabled(True)

    def _period_text(self, d: Dashboard) -> str:
        """'This week: 16 Nov – 22 Nov, compared with 9 Nov – 15 Nov' in the store's own dates."""
        names = {"today": self.tr("Today"), "week": self.tr("This week"), "month": self.tr("This month"),
                 "custom": self.tr("Custom range")}
        return (self.tr("%1: %2, compared with the same length of time just before: %3")
                .replace("%1", names.get(d.period.kind, d.period.label))
                .replace("%2", days_text(d.daily)).replace("%3", days_text(d.daily_before)))

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
            self.show_status(self.tr("The CSV files could not be written: %1").replace("%1", exc.strerror or str(exc)))
            return []
        self.ctx.messages.info(self.tr("%1 CSV files saved in %2").replace("%1", str(len(written)))
                               .replace("%2", str(folder)))
        return written
