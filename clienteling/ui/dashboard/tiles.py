"""KPI tiles: the figure of the period, the previous period beside it and the change (arrow, colour)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from clienteling.ui.profile.fmt import money


def _tr(text: str) -> str:
    return QCoreApplication.translate("Dashboard", text)


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def count(value: Any) -> str:
    return "—" if value is None else f"{int(value):,}"


def decimal(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def minutes(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value / 60:.1f} h" if value >= 120 else f"{value:.0f} min"


@dataclass(frozen=True)
class Metric:
    """One tile: the KpiSet field, its title, how to show it, whether more is better, and whether
    the change is shown in percentage points (rates) rather than percent."""
    key: str
    title: str
    show: Callable[[Any], str]
    higher_is_better: bool = True
    points: bool = False


def metrics() -> tuple[tuple[Metric, ...], ...]:
    """The tiles, row by row (sales; returns and pickups; clients and clienteling)."""
    return (
        (Metric("net_sales_cents", _tr("Net sales"), money), Metric("gross_sales_cents", _tr("Gross sales"), money),
         Metric("orders", _tr("Orders"), count), Metric("units", _tr("Units"), count),
         Metric("aov_cents", _tr("Average order"), money), Metric("upt", _tr("Units per order"), decimal)),
        (Metric("return_rate_value", _tr("Return rate (value)"), percent, False, True),
         Metric("return_rate_units", _tr("Return rate (units)"), percent, False, True),
         Metric("bopis_orders", _tr("Pickup orders"), count),
         Metric("bopis_ready_within_sla", _tr("Ready within SLA"), percent, True, True),
         Metric("bopis_pickup_rate", _tr("Picked up"), percent, True, True),
         Metric("bopis_overdue_now", _tr("Overdue pickups now"), count, False)),
        (Metric("signups", _tr("Sign-ups"), count),
         Metric("repeat_purchase_rate", _tr("Repeat customers"), percent, True, True),
         Metric("notes", _tr("Notes"), count), Metric("tasks_done", _tr("Follow-ups done"), count),
         Metric("outreach", _tr("Outreach"), count),
         Metric("bopis_median_minutes_to_ready", _tr("Median time to ready"), minutes, False)),
    )


def change(metric: Metric, now: Any, before: Any) -> tuple[str, str]:
    """(text, state) of the change from ``before`` to ``now``; state is good | bad | flat | none."""
    if now is None or before is None:
        return "", "none"
    delta = float(now) - float(before)
    if abs(delta) < 1e-9:
        return "= " + _tr("no change"), "flat"
    arrow = "▲" if delta > 0 else "▼"
    state = "good" if (delta > 0) == metric.higher_is_better else "bad"
    if metric.points:
        return f"{arrow} {abs(delta) * 100:.1f} " + _tr("pts"), state
    if before == 0:
        return f"{arrow} " + _tr("new"), state
    share = abs(delta) / abs(float(before)) * 100
    if share < 0.1:
        return f"{arrow} < 0.1%", state
    return f"{arrow} {share:.1f}%" if share < 1 else f"{arrow} {share:.0f}%", state


class KpiTile(QFrame):
    """A figure with its title, the previous period's figure and the change."""

    def __init__(self, metric: Metric, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kpi = metric  # not "metric": that would shadow QWidget.metric(), which Qt calls (crash)
        self.setObjectName("kpiTile")
        self.title = self._label(metric.title, "kpiTitle")
        self.value = self._label("—", "kpiValue")
        self.before = self._label("", "kpiBefore")
        self.delta = self._label("", "kpiChange")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(2)
        for label in (self.title, self.value, self.before, self.delta):
            layout.addWidget(label)
        self.setAccessibleName(metric.title)

    def _label(self, text: str, name: str) -> QLabel:
        label = QLabel(text, self)
        label.setObjectName(name)
        label.setTextFormat(Qt.TextFormat.PlainText)
        return label

    def clear(self) -> None:
        """No figures (the dashboard is locked or not read yet)."""
        self.value.setText("—")
        self.before.setText("")
        self.delta.setText("")
        self.setToolTip("")

    def show_values(self, now: Any, before: Any) -> None:
        self.value.setText(self.kpi.show(now))
        self.before.setText(_tr("Before: %1").replace("%1", self.kpi.show(before)))
        text, state = change(self.kpi, now, before)
        self.delta.setText(text)
        self.delta.setProperty("state", state)
        self.delta.style().unpolish(self.delta)
        self.delta.style().polish(self.delta)
        self.setToolTip(f"{self.kpi.title}: {self.value.text()} · {self.before.text()} {text}".strip())
