"""Step 1 of a return: find the purchase (order number, receipt barcode, customer) or, without a
receipt, pick the customer and scan or type the items they bring back."""

from __future__ import annotations

import asyncio
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (QButtonGroup, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QPushButton, QStackedWidget, QVBoxLayout, QWidget)

from clienteling.domain.models import Order
from clienteling.ui.context import ScreenContext
from clienteling.ui.inventory.text import variant_label
from clienteling.ui.pickups.text import channel_label, status_label
from clienteling.ui.profile.fmt import day, money
from clienteling.ui.profile.rows_model import Col, RowsModel
from clienteling.ui.profile.widgets import EmptyOr, panel, table

DEBOUNCE_MS = 200


class FindStep(QWidget):
    """Signals: ``order_chosen(order_id)``; ``receiptless_chosen(customer_id, skus)``;
    ``results_shown(n)`` after each search (tests wait on it)."""

    order_chosen = Signal(str)
    receiptless_chosen = Signal(str, list)
    results_shown = Signal(int)

    def __init__(self, ctx: ScreenContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._task: asyncio.Task | None = None
        self._query = ""
        self.customer_id: str | None = None
        self.customer_name = ""
        self.skus: list[str] = []

        self.with_receipt = QPushButton(self.tr("With a receipt or order"), self)
        self.no_receipt = QPushButton(self.tr("No receipt"), self)
        modes = QButtonGroup(self)
        for button in (self.with_receipt, self.no_receipt):
            button.setObjectName("modeButton")
            button.setCheckable(True)
            modes.addButton(button)
        self.with_receipt.setChecked(True)
        self.with_receipt.clicked.connect(lambda: self.set_mode(False))
        self.no_receipt.clicked.connect(lambda: self.set_mode(True))
        mode_row = QHBoxLayout()
        mode_row.setSpacing(8)
        mode_row.addWidget(self.with_receipt)
        mode_row.addWidget(self.no_receipt)
        mode_row.addStretch(1)

        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._receipt_page())
        self.pages.addWidget(self._receiptless_page())

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addLayout(mode_row)
        layout.addWidget(self.pages, 1)

    # ----- with a receipt -----------------------------------------------------------------------

    def _receipt_page(self) -> QWidget:
        page = QWidget(self)
        self.box = QLineEdit(page)
        self.box.setObjectName("returnSearch")
        self.box.setPlaceholderText(self.tr("Order number, receipt barcode, loyalty number or customer name"))
        self.box.setAccessibleName(self.tr("Find the purchase"))
        self.box.setClearButtonEnabled(True)
        self.box.textChanged.connect(self._on_text)
        self.box.returnPressed.connect(self._on_return)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self._search)
        self.orders = RowsModel((
            Col(self.tr("Order"), lambda o: o.order_number or o.id[:8]),
            Col(self.tr("Date"), lambda o: day(o.collected_at if o.status == "collected" else o.placed_at),
                sort_key=lambda o: o.placed_at or ""),
            Col(self.tr("Channel"), lambda o: channel_label(o.channel)),
            Col(self.tr("Status"), lambda o: status_label(o.status)),
            Col(self.tr("Items"), lambda o: str(o.item_count), align_right=True),
            Col(self.tr("Total"), lambda o: money(o.total_cents), align_right=True),
        ), self)
        self.orders_table = table(self.orders, self.tr("Orders found"), page, stretch=0)
        self.orders_table.setObjectName("returnOrders")
        self.orders_table.activated.connect(self._on_activated)
        self.orders_table.doubleClicked.connect(self._on_activated)
        self.results = EmptyOr(self.orders_table, self.tr("Scan the receipt's barcode or type the order number. "
                                                          "A loyalty number or name lists the customer's orders."), page)
        self.open_order = QPushButton(self.tr("Return items from this order"), page)
        self.open_order.setObjectName("primaryButton")
        self.open_order.setEnabled(False)
        self.open_order.clicked.connect(self._choose_current)
        self.orders_table.selectionModel().currentRowChanged.connect(
            lambda current, _prev: self.open_order.setEnabled(current.isValid()))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_order)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.box)
        layout.addWidget(self.results, 1)
        layout.addLayout(buttons)
        self.results.set_empty(True)
        return page

    def find(self, text: str) -> None:
        """Search for ``text`` now (a scanned receipt)."""
        self.set_mode(False)
        self.box.setText(text)
        self._search()

    def _on_text(self, text: str) -> None:
        self._query = text.strip()
        self._debounce.start()

    def _on_return(self) -> None:
        self._debounce.stop()
        if self.orders.rowCount() and self._query == getattr(self, "_shown", None):
            self._choose_current()
        else:
            self._search()

    def _search(self) -> None:
        self._debounce.stop()
        query = self.box.text().strip()
        self._query = query
        if self._task is not None and not self._task.done():
            self._task.cancel()
        if not query:
            self.orders.set_rows([])
            self.results.set_empty(True)
            return
        self._task = self.ctx.ops.run(self.ctx.db(self.ctx.services.returns.find_orders, query),
                                      lambda orders, q=query: self._on_orders(q, orders))

    def _on_orders(self, query: str, orders: list[Order]) -> None:
        if query != self._query:
            return
        self._shown = query
        self.orders.set_rows(orders)
        if orders:
            self.orders_table.selectRow(0)
        else:
            self.results.empty.setText(self.tr("No order matches “%1” in this terminal's data.").replace("%1", query))
        self.results.set_empty(not orders)
        self.results_shown.emit(len(orders))

    def _on_activated(self, index: QModelIndex) -> None:
        order = self.orders.row_at(index.row())
        if order is not None:
            self.order_chosen.emit(order.id)

    def _choose_current(self) -> None:
        self._on_activated(self.orders_table.currentIndex())

    # ----- without a receipt --------------------------------------------------------------------

    def _receiptless_page(self) -> QWidget:
        page = QWidget(self)
        left, left_layout = panel(page, self.tr("1. The customer"))
        self.customer_box = QLineEdit(left)
        self.customer_box.setObjectName("receiptlessCustomer")
        self.customer_box.setPlaceholderText(self.tr("Name, loyalty number, email or phone"))
        self.customer_box.setAccessibleName(self.tr("Find the customer"))
        self.customer_box.returnPressed.connect(self._search_customers)
        self.customer_box.textChanged.connect(lambda _t: self._customer_debounce.start())
        self._customer_debounce = QTimer(self)
        self._customer_debounce.setSingleShot(True)
        self._customer_debounce.setInterval(DEBOUNCE_MS)
        self._customer_debounce.timeout.connect(self._search_customers)
        self.customers = QListWidget(left)
        self.customers.setObjectName("receiptlessCustomers")
        self.customers.currentItemChanged.connect(self._on_customer)
        self.chosen = QLabel(self.tr("No customer chosen yet: a return without a receipt needs one."), left)
        self.chosen.setTextFormat(Qt.TextFormat.PlainText)
        self.chosen.setObjectName("mutedText")
        self.chosen.setWordWrap(True)
        left_layout.addWidget(self.customer_box)
        left_layout.addWidget(self.customers, 1)
        left_layout.addWidget(self.chosen)

        right, right_layout = panel(page, self.tr("2. The items"))
        self.sku_box = QLineEdit(right)
        self.sku_box.setObjectName("receiptlessSku")
        self.sku_box.setPlaceholderText(self.tr("Scan the tag or type the SKU"))
        self.sku_box.setAccessibleName(self.tr("Item SKU or barcode"))
        self.sku_box.returnPressed.connect(lambda: self.add_item(self.sku_box.text()))
        add = QPushButton(self.tr("Add"), right)
        add.clicked.connect(lambda: self.add_item(self.sku_box.text()))
        add_row = QHBoxLayout()
        add_row.addWidget(self.sku_box, 1)
        add_row.addWidget(add)
        self.items = QListWidget(right)
        self.items.setObjectName("receiptlessItems")
        self.item_error = QLabel(right)
        self.item_error.setTextFormat(Qt.TextFormat.PlainText)
        self.item_error.setObjectName("formError")
        self.item_error.setWordWrap(True)
        self.item_error.hide()
        remove = QPushButton(self.tr("Remove"), right)
        remove.clicked.connect(self._remove_item)
        self.continue_receiptless = QPushButton(self.tr("Continue"), right)
        self.continue_receiptless.setObjectName("primaryButton")
        self.continue_receiptless.clicked.connect(self._continue_receiptless)
        buttons = QHBoxLayout()
        buttons.addWidget(remove)
        buttons.addStretch(1)
        buttons.addWidget(self.continue_receiptless)
        right_layout.addLayout(add_row)
        right_layout.addWidget(self.items, 1)
        right_layout.addWidget(self.item_error)
        right_layout.addLayout(buttons)

        layout = QHBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(16)
        layout.addWidget(left, 1)
        layout.addWidget(right, 1)
        self._update_receiptless()
        return page

    def set_mode(self, receiptless: bool) -> None:
        (self.no_receipt if receiptless else self.with_receipt).setChecked(True)
        self.pages.setCurrentIndex(1 if receiptless else 0)
        (self.customer_box if receiptless else self.box).setFocus()

    def receiptless(self) -> bool:
        return self.pages.currentIndex() == 1

    def _search_customers(self) -> None:
        self._customer_debounce.stop()
        text = self.customer_box.text().strip()
        if not text:
            self.customers.clear()
            return
        self.ctx.ops.run(self.ctx.db(self.ctx.services.customers.search, text),
                         lambda hits, q=text: self._on_customers(q, hits))

    def _on_customers(self, query: str, hits: list[Any]) -> None:
        if query != self.customer_box.text().strip():
            return
        self.customers.blockSignals(True)
        self.customers.clear()
        for hit in hits[:30]:
            text = " · ".join(x for x in (hit.display_name, hit.loyalty_number, (hit.tier or "").title()) if x)
            item = QListWidgetItem(text, self.customers)
            item.setData(Qt.ItemDataRole.UserRole, (hit.id, hit.display_name))
        self.customers.blockSignals(False)
        self.results_shown.emit(len(hits))

    def _on_customer(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if item is None:
            return
        self.customer_id, self.customer_name = item.data(Qt.ItemDataRole.UserRole)
        self.chosen.setText(self.tr("Return for %1.").replace("%1", self.customer_name))
        self._update_receiptless()

    def add_item(self, text: str) -> None:
        """Add a SKU or barcode (typed or scanned) to the receipt-less return."""
        key = (text or "").strip()
        if not key:
            return
        inventory = self.ctx.services.inventory

        def read():
            _style, sku = inventory.resolve(key)
            return sku, inventory.product(sku) if sku else None

        self.ctx.ops.run(self.ctx.db(read), lambda r, k=key: self._on_item(k, *r))

    def _on_item(self, key: str, sku: str | None, product: Any) -> None:
        if sku is None:
            self.item_error.setText(self.tr("No product has the SKU or barcode “%1”.").replace("%1", key))
            self.item_error.show()
            return
        self.item_error.hide()
        self.sku_box.clear()
        label = product.name if product is not None else sku
        colour = getattr(product, "colour", None)
        variant = "" if colour and colour in label else variant_label(colour, getattr(product, "size", None))
        item = QListWidgetItem(" — ".join(x for x in (label, variant, sku) if x), self.items)
        item.setData(Qt.ItemDataRole.UserRole, sku)
        self.skus.append(sku)
        self._update_receiptless()

    def _remove_item(self) -> None:
        row = self.items.currentRow()
        if row >= 0:
            self.items.takeItem(row)
            del self.skus[row]
            self._update_receiptless()

    def _update_receiptless(self) -> None:
        ready = bool(self.customer_id and self.skus)
        self.continue_receiptless.setEnabled(ready)
        self.continue_receiptless.setToolTip("" if ready else self.tr("Choose the customer and add at least one item."))

    def _continue_receiptless(self) -> None:
        if self.customer_id and self.skus:
            self.receiptless_chosen.emit(self.customer_id, list(self.skus))

    def reset(self) -> None:
        """Back to an empty search for the next return."""
        self.box.clear()
        self.orders.set_rows([])
        self.results.set_empty(True)
        self.customer_box.clear()
        self.customers.clear()
        self.items.clear()
        self.skus.clear()
        self.customer_id, self.customer_name = None, ""
        self.chosen.setText(self.tr("No customer chosen yet: a return without a receipt needs one."))
        self.item_error.hide()
        self._update_receiptless()
        self.set_mode(False)
