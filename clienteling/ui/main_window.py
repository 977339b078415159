"""The main window: header, navigation, the screens, status bar. Owns the screens and wires their
signals (screens never reach up to it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QButtonGroup, QHBoxLayout, QLabel, QMainWindow, QPushButton,
                               QStackedWidget, QVBoxLayout, QWidget)

from clienteling.ui.customers.customer_card import CustomerCard
from clienteling.ui.customers.search_panel import CustomerSearchPanel, SearchFn
from clienteling.ui.messages import Message, MessageBridge
from clienteling.ui.ops import Ops
from clienteling.ui.sync.status_widget import SyncStatusWidget


class CustomersPage(QWidget):
    """Search with a card of the highlighted customer."""

    def __init__(self, search: SearchFn, ops: Ops, parent: QWidget | None = None, **search_options: Any) -> None:
        super().__init__(parent)
        self.search = CustomerSearchPanel(search, ops, self, **search_options)
        self.card = CustomerCard(self)
        self.search.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.card.show_customer(self.search.model.hit(current.row())))
        # No result highlighted (none found, or the box was cleared): the card must not keep the
        # previous customer on screen.
        self.search.results_shown.connect(lambda n: n or self.card.show_customer(None))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(16)
        layout.addWidget(self.search, 3)
        layout.addWidget(self.card, 1)


class MainWindow(QMainWindow):
    """``screens``: optional extra pages by name (``profile``, ``clients``, ``inventory``), each a
    QWidget; the window connects the signals they have (see ``_wire``). ``create_dialog``: builds
    the sign-up dialog (prefill text, parent). ``search_options`` go to the search panel
    (``remote``, ``is_online``)."""

    def __init__(self, search: SearchFn, ops: Ops, messages: MessageBridge, store_name: str = "",
                 screens: dict[str, QWidget] | None = None, parent: QWidget | None = None, *,
                 create_dialog: Callable[[str, QWidget], Any] | None = None,
                 find_order: Callable[[str], Any] | None = None, **search_options: Any) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Clienteling") + (f" — {store_name}" if store_name else ""))
        self.resize(1280, 800)
        self.screens = dict(screens or {})
        self._create_dialog = create_dialog
        self._find_order = find_order
        self._ops = ops

        self.customers = CustomersPage(search, ops, self, **search_options)
        self.search = self.customers.search
        self.card = self.customers.card
        self.search.customer_activated.connect(self.open_customer)
        self.search.create_requested.connect(self.create_customer)

        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.customers)
        for screen in self.screens.values():
            self.pages.addWidget(screen)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._header(store_name))
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self.status = SyncStatusWidget(self)
        self.statusBar().addPermanentWidget(self.status, 1)
        messages.listen(self._show_message)
        self._wire()

        for keys in (QKeySequence("Ctrl+K"), QKeySequence("F2")):
            shortcut = QShortcut(keys, self)
            shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
            shortcut.activated.connect(self.focus_search)
        self.search.focus_search()

    def _header(self, store_name: str) -> QWidget:
        header = QWidget(self)
        header.setObjectName("header")
        brand = QLabel(self.tr("Clienteling"), header)
        brand.setObjectName("brand")
        store = QLabel(store_name, header)
        store.setObjectName("storeName")
        row = QHBoxLayout(header)
        row.setContentsMargins(24, 8, 24, 8)
        row.setSpacing(8)
        row.addWidget(brand)
        row.addSpacing(24)
        self.nav = QButtonGroup(self)
        self.nav.setExclusive(True)
        entries = [("customers", self.tr("Customers"), self.customers)]
        if "clients" in self.screens:
            entries.append(("clients", self.tr("My clients"), self.screens["clients"]))
        if "inventory" in self.screens:
            entries.append(("inventory", self.tr("Inventory"), self.screens["inventory"]))
        self.nav_buttons: dict[str, QPushButton] = {}
        for index, (name, label, page) in enumerate(entries, start=1):
            button = QPushButton(label, header)
            button.setObjectName("navButton")
            button.setCheckable(True)
            button.setShortcut(QKeySequence(f"Ctrl+{index}"))
            button.setToolTip(f"{label} (Ctrl+{index})")
            button.clicked.connect(lambda _checked=False, p=page: self.show_page(p))
            self.nav.addButton(button)
            self.nav_buttons[name] = button
            row.addWidget(button)
        self.nav_buttons["customers"].setChecked(True)
        row.addStretch(1)
        row.addWidget(store)
        return header

    def _wire(self) -> None:
        profile = self.screens.get("profile")
        if profile is not None:
            if hasattr(profile, "back_requested"):
                profile.back_requested.connect(lambda: self.show_page(self.customers))
            if hasattr(profile, "product_requested"):
                profile.product_requested.connect(self.open_product)
        clients = self.screens.get("clients")
        if clients is not None and hasattr(clients, "customer_activated"):
            clients.customer_activated.connect(self.open_customer)
        inventory = self.screens.get("inventory")
        if inventory is not None and hasattr(inventory, "customer_activated"):
            inventory.customer_activated.connect(self.open_customer)

    # ----- navigation ---------------------------------------------------------------------------

    def show_page(self, page: QWidget) -> None:
        self.pages.setCurrentWidget(page)
        for name, button in self.nav_buttons.items():
            if page is self.customers and name == "customers" or self.screens.get(name) is page:
                button.setChecked(True)
        if page is self.customers:
            self.search.focus_search()
        elif hasattr(page, "refresh"):
            page.refresh()

    def focus_search(self) -> None:
        """Ctrl+K / F2 from anywhere: back to the search box."""
        self.show_page(self.customers)

    def open_customer(self, customer_id: str) -> None:
        """Show the customer's profile (or the card when there is no profile screen)."""
        profile = self.screens.get("profile")
        inventory = self.screens.get("inventory")
        if inventory is not None and hasattr(inventory, "set_customer"):
            inventory.set_customer(customer_id)  # holds are made for the customer in front of us
        if profile is None:
            row = self.search.table.currentIndex().row()
            self.card.show_customer(self.search.model.hit(row))
            return
        profile.show_customer(customer_id)
        self.pages.setCurrentWidget(profile)
        self.nav_buttons["customers"].setChecked(True)  # a profile belongs to Customers

    def create_customer(self, prefill: str = "") -> None:
        """Loyalty sign-up at the counter; the new (or an existing duplicate) customer opens after."""
        if self._create_dialog is None:
            return
        dialog = self._create_dialog(prefill, self)
        dialog.created.connect(self.open_customer)
        dialog.open_existing.connect(self.open_customer)
        dialog.finished.connect(lambda _code: self.search.focus_search()
                                if self.pages.currentWidget() is self.customers else None)
        dialog.open()

    def on_scanned(self, kind: str, value: str) -> None:
        """A barcode scanner (keyboard wedge) read a code anywhere in the app."""
        if kind == "loyalty":
            self.show_page(self.customers)
            self.search.search_for(value)  # a single hit on a loyalty number opens the customer
        elif kind == "product":
            self.open_product(value)
        elif kind in ("order", "pickup") and self._find_order is not None:
            self._ops.run(self._find_order(value), lambda orders, v=value: self._open_order(v, orders))

    def _open_order(self, code: str, orders: list[Any]) -> None:
        profile = self.screens.get("profile")
        if not orders or profile is None or not orders[0].customer_id:
            self.statusBar().showMessage(self.tr("No order %1 in this terminal's data.").replace("%1", code), 8000)
            return
        profile.show_order(orders[0].customer_id, orders[0].id)
        self.pages.setCurrentWidget(profile)
        self.nav_buttons["customers"].setChecked(True)

    def open_product(self, key: str) -> None:
        """Show stock of a SKU, style or barcode in the inventory screen."""
        inventory = self.screens.get("inventory")
        if inventory is not None:
            inventory.show_product(key)
            self.show_page(inventory)

    # ----- status -------------------------------------------------------------------------------

    def set_sync_status(self, status: Any) -> None:
        self.status.set_status(status)

    def on_data_changed(self) -> None:
        """New rows arrived from the central service: refresh what is on screen."""
        self.search.refresh()
        current = self.pages.currentWidget()
        if current is not self.customers and hasattr(current, "refresh"):
            current.refresh()

    def _show_message(self, message: Message) -> None:
        self.statusBar().showMessage(message.text, 8000 if message.level != "error" else 15000)
