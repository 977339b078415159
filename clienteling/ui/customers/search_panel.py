"""Customer search: one box, as-you-type results from the local cache, and (online) the central
service for customers of other regions when the cache has none."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QPushButton, QStackedWidget, QTableView, QVBoxLayout, QWidget)

from clienteling.domain.scan import classify
from clienteling.ui.customers.results_model import CustomerResultsModel, HighlightDelegate
from clienteling.ui.ops import Ops

SearchFn = Callable[[str], Awaitable[list[Any]]]
DEBOUNCE_MS = 60
REMOTE_MIN_CHARS = 3  # asking central for "jo" helps nobody


class CustomerSearchPanel(QWidget):
    """Search box + results. Emits ``customer_activated(customer_id)`` on Enter, double-click, or
    when the query is a loyalty number with exactly one hit (a card scan).

    ``remote``: optional object with ``async search(q)`` and ``async open(customer_id)`` (see
    ``services.remote_search``); ``is_online()``: whether the central service answered lately.
    """

    customer_activated = Signal(str)
    results_shown = Signal(int)
    create_requested = Signal(str)
    """The associate asked to sign up a new customer (the query, to prefill the form)."""

    def __init__(self, search: SearchFn, ops: Ops, parent: QWidget | None = None, *, remote: Any = None,
                 is_online: Callable[[], bool | None] | None = None) -> None:
        super().__init__(parent)
        self._search = search
        self._ops = ops
        self._remote = remote
        self._is_online = is_online or (lambda: None)
        self._pending: asyncio.Task | None = None
        self._query = ""

        self.box = QLineEdit(self)
        self.box.setObjectName("searchBox")
        self.box.setPlaceholderText(self.tr("Find a customer: name, phone, email or loyalty card  (Ctrl+K)"))
        self.box.setAccessibleName(self.tr("Customer search"))
        self.box.setClearButtonEnabled(True)
        self.box.textChanged.connect(self._on_text_changed)
        self.box.returnPressed.connect(self._activate_first)

        self.new_button = QPushButton(self.tr("New customer"), self)
        self.new_button.setObjectName("newCustomerButton")
        self.new_button.setAccessibleName(self.tr("Sign up a new customer"))
        self.new_button.setToolTip(self.tr("Loyalty sign-up (Ctrl+N)"))
        self.new_button.setShortcut("Ctrl+N")
        self.new_button.clicked.connect(lambda: self.create_requested.emit(self._query))

        self.model = CustomerResultsModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("customerResults")
        self.table.setAccessibleName(self.tr("Customer search results"))
        self.table.setModel(self.model)
        self.table.setItemDelegate(HighlightDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(44)
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

        self.notice = QLabel(self)
        self.notice.setObjectName("searchNotice")
        self.notice.setWordWrap(True)
        self.notice.hide()

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self._run_query)

        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(self.box, 1)
        row.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addLayout(row)
        layout.addWidget(self.notice)
        layout.addWidget(self.stack, 1)
        self.setTabOrder(self.box, self.new_button)
        self.setTabOrder(self.new_button, self.table)

    def focus_search(self) -> None:
        """Put the cursor in the search box with its text selected (after dialogs, Ctrl+K, F2)."""
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()

    def refresh(self) -> None:
        """Run the current query again (new data arrived)."""
        if self._query:
            self._run_query()

    def search_for(self, text: str) -> None:
        """Show the results for ``text`` as if typed (a scanned code, a prefill)."""
        self.box.setText(text)
        self._debounce.stop()
        self._query = text.strip()
        self._run_query()

    def _set_empty_text(self, query: str, note: str = "") -> None:
        if not query:
            text = self.tr("Type a name, phone number, email or scan a loyalty card.")
        else:
            text = self.tr("No customer matches “%1”.").replace("%1", query)
        self.empty.setText(f"{text}\n\n{note}" if note else text)

    def _on_text_changed(self, text: str) -> None:
        self._query = text.strip()
        self._debounce.start()

    def _run_query(self) -> None:
        query = self._query
        if self._pending is not None and not self._pending.done():
            self._pending.cancel()
        self.notice.hide()
        if not query:
            self.model.set_hits([])
            self._show(query, [])
            return
        self._pending = self._ops.run(self._search(query), lambda hits, q=query: self._on_results(q, hits))

    def _on_results(self, query: str, hits: list[Any]) -> None:
        if query != self._query:
            return  # a newer query is on its way
        if not hits and self._remote is not None and len(query) >= REMOTE_MIN_CHARS:
            self._ask_central(query)
            return
        self.model.set_hits(hits)
        self._show(query, hits)
        if len(hits) == 1 and classify(query)[0] == "loyalty" and hits[0].matched_on == "loyalty":
            self.customer_activated.emit(hits[0].id)  # a card scan opens the customer directly

    def _ask_central(self, query: str) -> None:
        self.model.set_hits([])
        if self._is_online() is False:
            self._set_empty_text(query, self.tr("Other regions can't be searched now: this terminal is offline."))
            self.stack.setCurrentWidget(self.empty)
            self.results_shown.emit(0)
            return
        self._set_empty_text(query, self.tr("Searching other regions…"))
        self.stack.setCurrentWidget(self.empty)
        self._pending = self._ops.run(self._remote.search(query),
                                      lambda hits, q=query: self._on_remote_results(q, hits),
                                      lambda exc, q=query: self._on_remote_error(q, exc))

    def _on_remote_results(self, query: str, hits: list[Any]) -> None:
        if query != self._query:
            return
        self.model.set_hits(hits)
        if hits:
            self.notice.setText(self.tr("Not in this region: found by the central service."))
            self.notice.show()
            self._show(query, hits)
        else:
            self._set_empty_text(query, self.tr("No customer in any region either."))
            self.stack.setCurrentWidget(self.empty)
            self.results_shown.emit(0)

    def _on_remote_error(self, query: str, _exc: BaseException) -> None:
        if query != self._query:
            return
        self._set_empty_text(query, self.tr("Other regions can't be searched now: the central service "
                                            "did not answer."))
        self.stack.setCurrentWidget(self.empty)
        self.results_shown.emit(0)

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
        if hit is None:
            return
        if getattr(hit, "other_region", False) and self._remote is not None:
            # Cache the customer first, so the profile (which reads the cache) can show them.
            self.notice.setText(self.tr("Opening %1…").replace("%1", hit.display_name))
            self.notice.show()
            self._ops.run(self._remote.open(hit.id), lambda _c, cid=hit.id: self._opened(cid),
                          self._open_failed)
            return
        self.customer_activated.emit(hit.id)

    def _opened(self, customer_id: str) -> None:
        self.notice.hide()
        self.customer_activated.emit(customer_id)

    def _open_failed(self, _exc: BaseException) -> None:
        self.notice.setText(self.tr("This customer could not be opened: the central service did not answer."))
        self.notice.show()
