"""Customer search: one box, as-you-type results from the local cache."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QLabel, QLineEdit, QStackedWidget,
                               QTableView, QVBoxLayout, QWidget)

from clienteling.ui.customers.results_model import CustomerResultsModel
from clienteling.ui.ops import Ops

SearchFn = Callable[[str], Awaitable[list[Any]]]
DEBOUNCE_MS = 60


class CustomerSearchPanel(QWidget):
    """Search box + results. Emits ``customer_activated(customer_id)`` on Enter or double-click."""

    customer_activated = Signal(str)
    results_shown = Signal(int)

    def __init__(self, search: SearchFn, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._search = search
        self._ops = ops
        self._pending: asyncio.Task | None = None
        self._query = ""

        self.box = QLineEdit(self)
        self.box.setObjectName("searchBox")
        self.box.setPlaceholderText(self.tr("Find a customer: name, phone, email or loyalty card  (Ctrl+K)"))
        self.box.setAccessibleName(self.tr("Customer search"))
        self.box.setClearButtonEnabled(True)
        self.box.textChanged.connect(self._on_text_changed)
        self.box.returnPressed.connect(self._activate_first)

        self.model = CustomerResultsModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("customerResults")
        self.table.setAccessibleName(self.tr("Customer search results"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # name
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)  # home store
        self.table.doubleClicked.connect(self._activate_index)
        self.table.activated.connect(self._activate_index)

        self.empty = QLabel(self)
        self.empty.setObjectName("emptyState")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self._set_empty_text("")

        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.table)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self._run_query)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(self.box)
        layout.addWidget(self.stack, 1)

    def focus_search(self) -> None:
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()

    def refresh(self) -> None:
        """Run the current query again (new data arrived)."""
        if self._query:
            self._run_query()

    def _set_empty_text(self, query: str) -> None:
        if not query:
            self.empty.setText(self.tr("Type a name, phone number, email or scan a loyalty card."))
        else:
            self.empty.setText(self.tr("No customer matches “%1”.").replace("%1", query))

    def _on_text_changed(self, text: str) -> None:
        self._query = text.strip()
        self._debounce.start()

    def _run_query(self) -> None:
        query = self._query
        if self._pending is not None and not self._pending.done():
            self._pending.cancel()
        if not query:
            self.model.set_hits([])
            self._show(query, [])
            return
        self._pending = self._ops.run(self._search(query), lambda hits, q=query: self._on_results(q, hits))

    def _on_results(self, query: str, hits: list[Any]) -> None:
        if query != self._query:
            return  # a newer query is on its way
        self.model.set_hits(hits)
        self._show(query, hits)

    def _show(self, query: str, hits: list[Any]) -> None:
        if hits:
            self.stack.setCurrentWidget(self.table)
            self.table.selectRow(0)
        else:
            self._set_empty_text(query)
            self.stack.setCurrentWidget(self.empty)
        self.results_shown.emit(len(hits))

    def _activate_first(self) -> None:
        if self.model.rowCount() > 0:
            row = max(self.table.currentIndex().row(), 0)
            self._activate_index(self.model.index(row, 0))

    def _activate_index(self, index: QModelIndex) -> None:
        hit = self.model.hit(index.row())
        if hit is not None:
            self.customer_activated.emit(hit.id)
