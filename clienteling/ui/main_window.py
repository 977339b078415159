"""The main window: header, customer search, status bar. Owns its screens and wires their signals."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QVBoxLayout, QWidget

from clienteling.ui.customers.customer_card import CustomerCard
from clienteling.ui.customers.search_panel import CustomerSearchPanel, SearchFn
from clienteling.ui.messages import Message, MessageBridge
from clienteling.ui.ops import Ops
from clienteling.ui.sync.status_widget import SyncStatusWidget


class MainWindow(QMainWindow):
    def __init__(self, search: SearchFn, ops: Ops, messages: MessageBridge, store_name: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Clienteling") + (f" — {store_name}" if store_name else ""))
        self.resize(1280, 800)

        header = QWidget(self)
        header.setObjectName("header")
        brand = QLabel(self.tr("Clienteling"), header)
        brand.setObjectName("brand")
        store = QLabel(store_name, header)
        store.setObjectName("storeName")
        header_layout = QHBoxLayout(header)
        header_layout.setContentsMargins(24, 12, 24, 12)
        header_layout.addWidget(brand)
        header_layout.addStretch(1)
        header_layout.addWidget(store)

        self.search = CustomerSearchPanel(search, ops, self)
        self.card = CustomerCard(self)
        self.search.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.card.show_customer(self.search.model.hit(current.row())))
        self.search.customer_activated.connect(self._on_customer_activated)

        body = QWidget(self)
        body_layout = QHBoxLayout(body)
        body_layout.setContentsMargins(24, 16, 24, 16)
        body_layout.setSpacing(16)
        body_layout.addWidget(self.search, 3)
        body_layout.addWidget(self.card, 1)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addWidget(body, 1)
        self.setCentralWidget(central)

        self.status = SyncStatusWidget(self)
        self.statusBar().addPermanentWidget(self.status, 1)
        messages.listen(self._show_message)

        for keys in (QKeySequence("Ctrl+K"), QKeySequence("F2")):
            shortcut = QShortcut(keys, self)
            shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
            shortcut.activated.connect(self.search.focus_search)
        self.search.focus_search()

    def set_sync_status(self, status: Any) -> None:
        self.status.set_status(status)

    def on_data_changed(self) -> None:
        """New rows arrived from the central service: refresh what is on screen."""
        self.search.refresh()

    def _on_customer_activated(self, customer_id: str) -> None:
        row = self.search.table.currentIndex().row()
        self.card.show_customer(self.search.model.hit(row))

    def _show_message(self, message: Message) -> None:
        self.statusBar().showMessage(message.text, 8000 if message.level != "error" else 15000)
