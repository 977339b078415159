"""Flags for the store manager: counter facts the central service refused (a handover of an
order already collected elsewhere, a return beyond what was bought), with both sides' facts and
a resolution note."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (QComboBox, QFrame, QGridLayout, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton,
                               QScrollArea, QVBoxLayout, QWidget)

from clienteling.domain.models import Incident, Outcome, WriteResult
from clienteling.domain.rules import DomainError
from clienteling.ui.context import ScreenContext
from clienteling.ui.incidents.details import Names, sentence, side
from clienteling.ui.profile.fmt import moment
from clienteling.ui.profile.rows_model import Col, RowsModel
from clienteling.ui.profile.widgets import EmptyOr, panel, section, side_by_side, table

FILTERS = (("open", "Open"), ("resolved", "Resolved"), (None, "All"))


class IncidentsPanel(QWidget):
    """Signals: ``order_activated(order)`` (open the order), ``badge_changed(open_count)``,
    ``loaded()`` after each (re)load."""

    order_activated = Signal(object)
    badge_changed = Signal(int)
    loaded = Signal()

    def __init__(self, ctx: ScreenContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("incidentsPanel")
        self.ctx = ctx
        self.incident_id: str | None = None
        self._orders: dict[str, Any] = {}
        self._names: Names = {}
        self._last: tuple[str, str] | None = None   # (incident id, mutation id)

        title = QLabel(self.tr("Flags"), self)
        title.setObjectName("screenTitle")
        intro = QLabel(self.tr("What happened at the counter that the central service could not accept. "
                               "Nothing is lost: check both sides, sort it out with the customer, then resolve."), self)
        intro.setObjectName("mutedText")
        intro.setWordWrap(True)
        self.filter = QComboBox(self)
        self.filter.setObjectName("incidentFilter")
        self.filter.setAccessibleName(self.tr("Which flags to show"))
        for value, text in FILTERS:
            self.filter.addItem(self.tr(text), value)
        self.filter.currentIndexChanged.connect(lambda _i: self.refresh())
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.filter)

        self.model = RowsModel((
            Col(self.tr("Kind"), lambda i: self._kind(i.kind)),
            Col(self.tr("Order"), lambda i: self._order_number(i.order_id)),
            Col(self.tr("At the counter"), lambda i: moment(i.local_time), sort_key=lambda i: i.local_time or ""),
            Col(self.tr("What happened"), lambda i: sentence(i.message or i.code), tooltip=lambda i: sentence(i.message)),
            Col(self.tr("State"), lambda i: self._state(i),
                tone=lambda i: "bad" if i.status == "open" and not i.pending else ("warn" if i.pending else "good")),
        ), self)
        self.table = table(self.model, self.tr("Flags"), self, stretch=3)
        self.table.setObjectName("incidentTable")
        self.table.selectionModel().currentRowChanged.connect(self._on_row)
        self.list = EmptyOr(self.table, self.tr("No flags. Everything done at this counter was accepted."), self)

        detail, detail_layout = panel(self, None, "incidentDetail")
        self.detail_title = QLabel(detail)
        self.detail_title.setTextFormat(Qt.TextFormat.PlainText)
        self.detail_title.setObjectName("sectionTitle")
        self.detail_title.setWordWrap(True)
        self.detail_message = QLabel(detail)
        self.detail_message.setObjectName("incidentMessage")
        self.detail_message.setWordWrap(True)
        self.detail_message.setTextFormat(Qt.TextFormat.PlainText)
        self.times = QLabel(detail)
        self.times.setTextFormat(Qt.TextFormat.PlainText)
        self.times.setObjectName("mutedText")
        self.times.setWordWrap(True)
        self.counter_side = QLabel(detail)
        self.server_side = QLabel(detail)
        sides = QGridLayout()
        sides.setHorizontalSpacing(16)
        for column, (caption, label) in enumerate(((self.tr("At the counter"), self.counter_side),
                                                   (self.tr("At the central service"), self.server_side))):
            label.setObjectName("incidentSide")
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            sides.addWidget(section(caption, detail), 0, column)
            sides.addWidget(label, 1, column)
        sides.setColumnStretch(0, 1)
        sides.setColumnStretch(1, 1)
        self.open_order = QPushButton(self.tr("Open the order"), detail)
        self.open_order.clicked.connect(self._open_order)
        self.resolution = QPlainTextEdit(detail)
        self.resolution.setObjectName("incidentResolution")
        self.resolution.setPlaceholderText(self.tr("How it was sorted out (e.g. customer called, items returned)"))
        self.resolution.setAccessibleName(self.tr("Resolution note"))
        self.resolution.setFixedHeight(80)
        self.resolution.textChanged.connect(self._update)
        self.resolve = QPushButton(self.tr("Resolve"), detail)
        self.resolve.setObjectName("primaryButton")
        self.resolve.clicked.connect(self._resolve)
        self.resolved_text = QLabel(detail)
        self.resolved_text.setObjectName("incidentResolved")
        self.resolved_text.setWordWrap(True)
        self.resolved_text.setTextFormat(Qt.TextFormat.PlainText)
        self.banner = QLabel(self)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setObjectName("incidentBanner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        actions = QHBoxLayout()
        actions.addWidget(self.open_order)
        actions.addStretch(1)
        actions.addWidget(self.resolve)
        detail_layout.addWidget(self.detail_title)
        detail_layout.addWidget(self.detail_message)
        detail_layout.addWidget(self.times)
        detail_layout.addWidget(self.resolved_text)
        detail_layout.addWidget(self.resolution)
        detail_layout.addLayout(actions)
        detail_layout.addSpacing(6)
        detail_layout.addLayout(sides)
        detail_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(detail)
        self.right = EmptyOr(scroll, self.tr("Choose a flag to see both sides."), self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(intro)
        layout.addWidget(self.banner)
        layout.addWidget(side_by_side(self, self.list, self.right, (620, 580)), 1)
        self.right.set_empty(True)

    # ----- public API ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the flags again (new ones arrive with the change feed)."""
        incidents, pickups, outbox = self.ctx.services.incidents, self.ctx.services.pickups, self.ctx.services.outbox
        status = self.filter.currentData()
        last = self._last

        def read() -> tuple[list[Incident], int, dict[str, Any], Any, Outcome | None]:
            rows = incidents.list(status)
            orders = {}
            for incident in rows:
                if incident.order_id and incident.order_id not in orders:
                    orders[incident.order_id] = pickups.get(incident.order_id)
            return (rows, incidents.count_open(), orders, incidents.names(rows),
                    outbox.outcome(last[1]) if last else None)

        self.ctx.ops.run(self.ctx.db(read), lambda r: self._on_loaded(*r))

    def show_incident(self, incident_id: str) -> None:
        self.incident_id = incident_id
        row = next((i for i, inc in enumerate(self.model.rows()) if inc.id == incident_id), -1)
        if row >= 0:
            self.table.selectRow(row)

    # ----- list and detail ----------------------------------------------------------------------

    def _on_loaded(self, rows: list[Incident], open_count: int, orders: dict[str, Any], names: Names,
                   outcome: Outcome | None) -> None:
        self._orders = orders
        self._names = names
        self.table.selectionModel().blockSignals(True)
        self.model.set_rows(rows)
        row = next((i for i, inc in enumerate(rows) if inc.id == self.incident_id), -1)
        if row < 0 and rows:
            row = 0
        if row >= 0:
            self.table.selectRow(row)
        self.table.selectionModel().blockSignals(False)
        self.list.set_empty(not rows)
        self._show(self.model.row_at(row) if row >= 0 else None)
        if outcome is not None:
            if outcome.state == "rejected":
                self._say(self.tr("The central service refused the resolution: %1").replace(
                    "%1", outcome.message or outcome.code or ""), "rejected")
            elif outcome.state == "applied":
                self._say(self.tr("Resolved."), "applied")
                self._last = None
        self.badge_changed.emit(open_count)
        self.loaded.emit()

    def _on_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._last = None  # the associate moved on: the last resolution's verdict is old news
        self.banner.hide()
        self._show(self.model.row_at(current.row()))

    def _show(self, incident: Incident | None) -> None:
        changed = incident is None or incident.id != self.incident_id
        self.incident_id = incident.id if incident else None
        self.right.set_empty(incident is None)
        if incident is None:
            return
        if changed:
            self.resolution.clear()
        number = self._order_number(incident.order_id)
        self.detail_title.setText(self.tr("%1 · order %2").replace("%1", self._kind(incident.kind))
                                  .replace("%2", number or "—"))
        self.detail_message.setText(sentence(incident.message or incident.code))
        self.times.setText(self.tr("At the counter %1 · recorded by the central service %2").replace(
            "%1", moment(incident.local_time) or "—").replace("%2", moment(incident.created_at) or "—"))
        details = incident.details or {}
        self.counter_side.setText(side(details, "terminal", self._names) or self.tr("Not recorded."))
        self.server_side.setText(side(details, "server", self._names) or self.tr("Not recorded."))
        open_ = incident.status == "open" and not incident.pending
        self.resolution.setVisible(open_)
        self.resolve.setVisible(open_)
        if incident.status != "open" or incident.pending:
            self.resolved_text.setText(self.tr("Resolved %1: %2").replace("%1", moment(incident.resolved_at))
                                       .replace("%2", incident.resolution or "")
                                       + (self.tr(" (not yet confirmed)") if incident.pending else ""))
            self.resolved_text.show()
        else:
            self.resolved_text.hide()
        self.open_order.setEnabled(self._orders.get(incident.order_id or "") is not None)
        self._update()

    def _update(self) -> None:
        manager = self.ctx.is_manager
        self.resolve.setEnabled(manager and bool(self.incident_id) and len(self.resolution.toPlainText().strip()) >= 3)
        self.resolve.setToolTip("" if manager else self.tr("Only a manager of this store can resolve a flag."))

    def _say(self, text: str, state: str) -> None:
        self.banner.setText(text)
        self.banner.setProperty("state", state)
        self.banner.style().unpolish(self.banner)
        self.banner.style().polish(self.banner)
        self.banner.show()

    def _kind(self, kind: str | None) -> str:
        return {"pickup": self.tr("Pickup handover"), "return": self.tr("Return")}.get(kind or "", kind or "")

    def _order_number(self, order_id: str | None) -> str:
        order = self._orders.get(order_id or "")
        return (order.order_number if order is not None else None) or (order_id[:8] if order_id else "")

    def _state(self, incident: Incident) -> str:
        if incident.pending:
            return self.tr("Resolving…")
        return self.tr("Open") if incident.status == "open" else self.tr("Resolved")

    # ----- actions ------------------------------------------------------------------------------

    def _resolve(self) -> None:
        incident_id, note = self.incident_id, self.resolution.toPlainText().strip()
        if not incident_id or not note:
            return
        self.resolve.setEnabled(False)
        work = self.ctx.perform(self.ctx.services.incidents.resolve, incident_id, note, self.ctx.associate_id)

        def ok(result: WriteResult[Incident]) -> None:
            self._last = (incident_id, result.mutation_id)
            self._say(self.tr("Resolution saved; waiting for the central service to confirm."), "pending")
            self.refresh()

        def failed(exc: BaseException) -> None:
            self._update()
            self._say(exc.message if isinstance(exc, DomainError) else str(exc), "error")

        self.ctx.ops.run(work, ok, failed)

    def _open_order(self) -> None:
        incident = next((i for i in self.model.rows() if i.id == self.incident_id), None)
        order = self._orders.get(incident.order_id or "") if incident else None
        if order is not None:
            self.order_activated.emit(order)
