"""The main window: header, navigation, the screens, status bar. Owns the screens and wires their
signals (screens never reach up to it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeySequence, QShortcut
from PySide6.QtWidgets import (QApplication, QButtonGroup, QDialog, QHBoxLayout, QLabel, QMainWindow,
                               QPushButton, QStackedWidget, QVBoxLayout, QWidget)

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
    """``screens``: optional extra pages by name (``profile``, ``clients``, ``inventory``,
    ``pickups``, ``returns``, ``incidents``, ``dashboard``, ``audit``), each a
    QWidget; the window connects the signals they have (see ``_wire``). ``create_dialog``: builds
    the sign-up dialog (prefill text, parent). ``signin``: the sign-in screen (a ``SignInScreen``);
    with one the window starts locked and ``session_changed(Session | None)`` says who is signed
    in. ``search_options`` go to the search panel (``remote``, ``is_online``)."""

    session_changed = Signal(object)

    def __init__(self, search: SearchFn, ops: Ops, messages: MessageBridge, store_name: str = "",
                 screens: dict[str, QWidget] | None = None, parent: QWidget | None = None, *,
                 create_dialog: Callable[[str, QWidget], Any] | None = None,
                 find_order: Callable[[str], Any] | None = None, store_id: str = "",
                 signin: QWidget | None = None, **search_options: Any) -> None:
        super().__init__(parent)
        self.session: Any = None
        self.signin = signin
        self.store_id = store_id
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

        self.content = QWidget(self)
        layout = QVBoxLayout(self.content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._header(store_name))
        layout.addWidget(self.pages, 1)
        self.root = QStackedWidget(self)
        self.root.addWidget(self.content)
        if signin is not None:
            self.root.addWidget(signin)
            signin.signed_in.connect(self.unlock)
            self.root.setCurrentWidget(signin)
        self.setCentralWidget(self.root)

        self.status = SyncStatusWidget(self)
        # No stretch: a stretched permanent widget leaves temporary messages (the message bridge:
        # failed operations, disk full) no width at all.
        self.statusBar().addPermanentWidget(self.status)
        messages.listen(self._show_message)
        self._wire()

        for keys in (QKeySequence("Ctrl+K"), QKeySequence("F2")):
            shortcut = QShortcut(keys, self)
            shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
            shortcut.activated.connect(self.focus_search)
        lock = QShortcut(QKeySequence("Ctrl+L"), self)
        lock.setContext(Qt.ShortcutContext.ApplicationShortcut)
        lock.activated.connect(lambda: self.lock())
        self.search.focus_search()

    def _header(self, store_name: str) -> QWidget:
        header = QWidget(self)
        header.setObjectName("header")
        brand = QLabel(self.tr("Clienteling"), header)
        brand.setObjectName("brand")
        store = QLabel(store_name, header)
        store.setObjectName("storeName")
        row = QHBoxLayout(header)
        row.setContentsMargins(20, 8, 20, 8)
        row.setSpacing(4)
        row.addWidget(brand)
        row.addSpacing(12)
        self.nav = QButtonGroup(self)
        self.nav.setExclusive(True)
        labels = {"clients": self.tr("My clients"), "inventory": self.tr("Inventory"),
                  "pickups": self.tr("Pickups"), "returns": self.tr("Returns"), "incidents": self.tr("Flags"),
                  "dashboard": self.tr("Dashboard"), "audit": self.tr("Audit")}
        entries = [("customers", self.tr("Customers"), self.customers)]
        entries += [(name, label, self.screens[name]) for name, label in labels.items() if name in self.screens]
        self._nav_labels = {name: label for name, label, _page in entries}
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
            _fit_bold(button)
            row.addWidget(button)
        self.nav_buttons["customers"].setChecked(True)
        row.addStretch(1)
        # Who is signed in over the store's name, then Switch (the store alone while locked).
        who = QVBoxLayout()
        who.setSpacing(0)
        self.user = QLabel(header)
        self.user.setObjectName("signedInAs")
        self.user.setTextFormat(Qt.TextFormat.PlainText)
        self.user.setAlignment(Qt.AlignmentFlag.AlignRight)
        store.setAlignment(Qt.AlignmentFlag.AlignRight)
        who.addWidget(self.user)
        who.addWidget(store)
        row.addLayout(who)
        self.switch_button = QPushButton(self.tr("Switch"), header)
        self.switch_button.setObjectName("switchButton")
        self.switch_button.setToolTip(self.tr("Lock and let someone else sign in (Ctrl+L)"))
        self.switch_button.clicked.connect(lambda: self.lock())
        row.addSpacing(8)
        row.addWidget(self.switch_button)
        self.user.hide()
        self.switch_button.hide()
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
        for name in ("inventory", "pickups", "returns", "incidents"):
            screen = self.screens.get(name)
            if screen is not None and hasattr(screen, "customer_activated"):
                screen.customer_activated.connect(self.open_customer)
        for name in ("pickups", "returns", "incidents"):
            screen = self.screens.get(name)
            if screen is not None and hasattr(screen, "order_activated"):
                screen.order_activated.connect(self.open_order)
            if screen is not None and hasattr(screen, "badge_changed"):
                screen.badge_changed.connect(lambda n, name=name: self.set_badge(name, n))

    # ----- who is signed in ----------------------------------------------------------------------

    @property
    def locked(self) -> bool:
        return self.signin is not None and self.root.currentWidget() is self.signin

    def unlock(self, session: Any) -> None:
        """``session`` signed in: show the screens (a different person starts from Customers)."""
        changed = self.session is None or self.session.associate_id != session.associate_id
        self.session = session
        role = self.tr("Manager") if session.role == "manager" else self.tr("Associate")
        self.user.setText(f"{session.name} · {role}")
        self.user.show()
        self.switch_button.setVisible(self.signin is not None)
        self.session_changed.emit(session)
        self.root.setCurrentWidget(self.content)
        if changed:  # nothing of the previous person's work carries over
            for screen in self.screens.values():
                if hasattr(screen, "reset_for_new_session"):
                    screen.reset_for_new_session()
            self.show_page(self.customers)
            self.search.box.clear()
        current = self.pages.currentWidget()
        if current is self.customers:
            self.search.focus_search()
        elif hasattr(current, "refresh"):
            current.refresh()

    def lock(self, notice: str = "") -> None:
        """Cover the screens with the sign-in screen (Switch, Ctrl+L, the idle lock); ``notice``
        says why. Whoever signs in next is recorded from then on."""
        if self.signin is None or self.locked:
            return
        previous = self.session.associate_id if self.session is not None else None
        for dialog in self.findChildren(QDialog):  # an open dialog belongs to the person leaving
            if dialog.isVisible():
                dialog.reject()
        self.session = None
        self.user.hide()
        self.switch_button.hide()
        self.session_changed.emit(None)
        self.root.setCurrentWidget(self.signin)
        self.signin.reset(notice, previous if notice else None)

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
        """A barcode scanner (keyboard wedge) read a code anywhere in the app; while locked only a
        badge counts, and a badge scanned while signed in switches to its associate."""
        if kind == "badge" and self.signin is not None:
            self.lock()  # the person leaving closes their dialogs first, as with Switch
            self.signin.badge(value)
            return
        if self.locked:
            return
        if kind == "loyalty":
            self.show_page(self.customers)
            self.search.search_for(value)  # a single hit on a loyalty number opens the customer
        elif kind == "product":
            returns = self.screens.get("returns")
            # A tag scanned during a receipt-less return lands in its item list.
            if not (returns is not None and self.pages.currentWidget() is returns
                    and returns.scan_product(value)):
                self.open_product(value)
        elif kind in ("order", "pickup"):
            current = self.pages.currentWidget()
            if current in (self.screens.get("returns"), self.screens.get("pickups")) and current is not None:
                current.find(value)  # a receipt scanned while taking a return starts that return
            elif self._find_order is not None:
                self._ops.run(self._find_order(value), lambda orders, v=value: self._open_order(v, orders))

    def _open_order(self, code: str, orders: list[Any]) -> None:
        if not orders:
            self.statusBar().showMessage(self.tr("No order %1 in this terminal's data.").replace("%1", code), 8000)
            return
        self.open_order(orders[0])

    def open_order(self, order: Any) -> None:
        """A pickup still to hand over here opens in Pickups; any other order in its customer's
        profile."""
        pickups = self.screens.get("pickups")
        if (pickups is not None and order.fulfilment == "pickup" and order.pickup_store_id == self.store_id
                and order.status in ("placed", "picking", "ready")):
            pickups.show_order(order.id)
            self.show_page(pickups)
            return
        profile = self.screens.get("profile")
        if profile is None or not order.customer_id:
            self.statusBar().showMessage(self.tr("Order %1 has no customer profile on this terminal.")
                                         .replace("%1", order.order_number or order.id), 8000)
            return
        profile.show_order(order.customer_id, order.id)
        self.pages.setCurrentWidget(profile)
        self.nav_buttons["customers"].setChecked(True)

    def set_badge(self, name: str, count: int) -> None:
        """A count beside a navigation entry (pickups waiting, open flags); 0 hides it."""
        button = self.nav_buttons.get(name)
        if button is not None:
            label = self._nav_labels[name]
            button.setText(f"{label} ({count})" if count else label)
            _fit_bold(button)

    def notify_pickups(self, arrivals: list[Any]) -> None:
        """New pickup orders reached this store: tell whoever is at the counter, wherever they are."""
        if not arrivals:
            return
        pickups = self.screens.get("pickups")
        if pickups is not None and hasattr(pickups, "notify_arrivals"):
            pickups.notify_arrivals(arrivals)
        first = arrivals[0]
        who = first.customer_name or self.tr("a customer")
        text = (self.tr("New pickup order %1 for %2.").replace("%1", first.order.order_number or "")
                .replace("%2", who) if len(arrivals) == 1
                else self.tr("%1 new pickup orders.").replace("%1", str(len(arrivals))))
        self.statusBar().showMessage(text, 15000)
        QApplication.alert(self)

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
        for name in ("pickups", "incidents"):  # their counts show in the navigation
            screen = self.screens.get(name)
            if screen is not None and screen is not current and hasattr(screen, "refresh"):
                screen.refresh()

    def _show_message(self, message: Message) -> None:
        self.statusBar().showMessage(message.text, 8000 if message.level != "error" else 15000)


def _fit_bold(button: QPushButton) -> None:
    """The checked navigation entry is bold: reserve that width so its text is never clipped."""
    button.ensurePolished()  # the style sheet's font, not the default one
    font = QFont(button.font())  # (the style sheet sets no min-width: it would replace this one)
    font.setBold(True)
    button.setMinimumWidth(QFontMetrics(font).horizontalAdvance(button.text()) + 18)  # 8 px padding each side, and a little air
