"""The dashboard's charts (QtCharts): daily net sales now vs before, orders per day, pickups ready
within the SLA now vs before."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from PySide6.QtCharts import (QBarCategoryAxis, QBarSeries, QBarSet, QCategoryAxis, QChart, QChartView,
                              QLineSeries, QValueAxis)
from PySide6.QtCore import QCoreApplication, QMargins, QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

Daily = Sequence[tuple[str, int, int]]
NOW = QColor("#1f6feb")
BEFORE = QColor("#9ca3af")


def _tr(text: str) -> str:
    return QCoreApplication.translate("Dashboard", text)


def day_label(day: str) -> str:
    """'22 Nov' for '2026-11-22'."""
    try:
        value = date.fromisoformat(day)
    except ValueError:
        return day
    return f"{value.day} {value.strftime('%b')}"


def day_axis(daily: Daily) -> QCategoryAxis:
    """An x axis over day indexes 0..n-1 labelled with at most six or seven dates."""
    axis = QCategoryAxis()
    axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    n = max(len(daily), 1)
    axis.setRange(-0.5, n - 0.5)
    step = max(1, math.ceil(n / 6))
    for i in range(0, len(daily), step):
        axis.append(day_label(daily[i][0]), i)
    axis.setGridLineVisible(False)
    font = axis.labelsFont()
    font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
    axis.setLabelsFont(font)
    return axis


def nice_max(value: float) -> float:
    """A round axis maximum at or above ``value`` (1, 2, 5 x 10^n)."""
    if value <= 0:
        return 1.0
    step = 10 ** (len(str(int(value))) - 1)
    for factor in (1, 2, 5, 10):
        if value <= factor * step:
            return float(factor * step)
    return float(10 * step)


class Chart(QChartView):
    """A chart view with the dashboard's look; ``chart()`` is rebuilt on every ``show_*`` call."""

    def __init__(self, title: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.title = title
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(240)
        self.setAccessibleName(title)
        self._chart = QChart()
        self._chart.setTitle(title)
        self._chart.setMargins(QMargins(4, 4, 4, 4))
        self._chart.setBackgroundRoundness(8)
        self._chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.setChart(self._chart)

    def _new_chart(self) -> QChart:
        """The view's one chart, emptied (series and axes) for new figures."""
        chart = self._chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
            axis.deleteLater()
        chart.legend().show()
        chart.setTitle(self.title)
        return chart

    def _y_axis(self, chart: QChart, top: float, money: bool) -> QValueAxis:
        y = QValueAxis()
        interval = max(1.0, nice_max(top / 4)) if not money else max(1.0, nice_max(top) / 4)
        y.setTickType(QValueAxis.TickType.TicksDynamic)
        y.setTickAnchor(0)
        y.setTickInterval(interval)
        y.setRange(0, interval * max(1, math.ceil(top / interval)))
        y.setLabelFormat("$%.0f" if money else "%.0f")
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        return y

    def _attach(self, chart: QChart, series, x, y) -> None:
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        for s in series:
            s.attachAxis(x)
            s.attachAxis(y)

    def _lines(self, daily: Daily, before: Daily, value, money: bool) -> None:
        chart = self._new_chart()
        now_s, before_s = QLineSeries(), QLineSeries()
        now_s.setName(_tr("This period"))
        before_s.setName(_tr("Previous period"))
        now_s.setPen(QPen(NOW, 2.5))
        pen = QPen(BEFORE, 2)
        pen.setStyle(Qt.PenStyle.DashLine)
        before_s.setPen(pen)
        for i, row in enumerate(daily):
            now_s.append(QPointF(i, value(row)))
        for i, row in enumerate(before[:max(len(daily), 1)]):
            before_s.append(QPointF(i, value(row)))
        now_s.setPointsVisible(len(daily) <= 14)
        before_s.setPointsVisible(len(daily) <= 14)
        chart.addSeries(before_s)
        chart.addSeries(now_s)
        values = [value(r) for r in list(daily) + list(before[:len(daily)])] or [0]
        y = self._y_axis(chart, max(values), money)
        self._attach(chart, (before_s, now_s), day_axis(daily), y)

    def show_net_sales(self, daily: Daily, before: Daily) -> None:
        """Daily net sales (dollars), this period against the previous one day by day."""
        self._lines(daily, before, lambda row: row[1] / 100, True)

    def show_orders(self, daily: Daily, before: Daily) -> None:
        """Orders per day, this period against the previous one (bars up to a month, lines beyond)."""
        if len(daily) > 31:
            self._lines(daily, before, lambda row: float(row[2]), False)
            return
        chart = self._new_chart()
        now_set, before_set = QBarSet(_tr("This period")), QBarSet(_tr("Previous period"))
        now_set.setColor(NOW)
        before_set.setColor(BEFORE)
        n = len(daily)
        now_set.append([float(o) for _, _, o in daily])
        before_set.append([float(o) for _, _, o in before[:n]] + [0.0] * max(0, n - len(before)))
        series = QBarSeries()
        series.append(before_set)
        series.append(now_set)
        chart.addSeries(series)
        values = [o for _, _, o in list(daily) + list(before[:n])] or [0]
        y = self._y_axis(chart, max(values), False)
        self._attach(chart, (series,), day_axis(daily), y)

    def show_sla(self, now: float, before: float, now_orders: int, before_orders: int) -> None:
        """Share of pickup orders ready within the SLA, this period and the previous one."""
        chart = self._new_chart()
        bars = QBarSet(_tr("Ready within SLA"))
        bars.setColor(NOW)
        bars.append([float(round(before * 100)), float(round(now * 100))])
        bars.setLabelColor(QColor("#111827"))
        series = QBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        series.setLabelsFormat("@value%")
        series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
        chart.addSeries(series)
        chart.legend().hide()
        x = QBarCategoryAxis()
        x.append([_tr("Before: %1%<br>of %2 orders").replace("%1", f"{before * 100:.0f}").replace("%2", str(before_orders)),
                  _tr("Now: %1%<br>of %2 orders").replace("%1", f"{now * 100:.0f}").replace("%2", str(now_orders))])
        y = QValueAxis()
        y.setRange(0, 100)
        y.setTickCount(5)
        y.setLabelFormat("%.0f%%")
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        self._attach(chart, (series,), x, y)
