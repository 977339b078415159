"""The inventory screen: find a product (name, SKU, barcode scan), see its style's size x colour
grid and the selected SKU's stock here, in nearby stores, at the DC and online, and put it on hold
for the customer in front of the associate. Reads go through ``ctx.db``, the hold through
``ctx.perform``; the central service's verdict on a hold is read from the outbox on refresh."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (QAbstractItemView, QFrame, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QPushButton, QStackedWidget, QTableView, QVBoxLayout, QWidget)

from clienteling.domain.inventory import Hold, HoldOutcome, ProductHit, StyleGrid
from clienteling.domain.rules import DomainError
from clienteling.ui.context import ScreenContext
from clienteling.ui.inventory.hold_dialog import HoldDialog
from clienteling.ui.inventory.product_panel import ProductPanel
from clienteling.ui.inventory.results_model import ProductHitDelegate, ProductResultsModel
from clienteling.ui.inventory.text import until, variant_label

DEBOUNCE_MS = 80


class InventoryScreen(QWidget):
    """Signals: ``customer_activated(customer_id)`` (open the hold's customer), and for whoever
    waits on the screen: ``results_shown(n)``, ``product_shown(style_id)``, ``stock_shown(sku)``,
    ``hold_changed(state)``."""

    customer_activated = Signal(str)
    results_shown = Signal(int)
    product_shown = Signal(str)
    stock_shown = Signal(str)
    hold_changed = Signal(str)

    def __init__(self, ctx: ScreenContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inventoryScreen")
        self.ctx = ctx
        self._query = ""
        self._shown_query = ""
        self._pending: asyncio.Task | None = None
        self._style_id: str | None = None
        self._sku: str | None = None
        self._available_here = 0
        self._variant = ""
        self._product_name = ""
        self._style_name = ""
        self._customer_id: str | None = None
        self._customer_name = ""
        self._last_hold: Hold | None = None
        self.hold_dialog: HoldDialog | None = None

        self.box = QLineEdit(self)
        self.box.setObjectName("productSearch")
        self.box.setPlaceholderText(self.tr("Find a product: name, SKU or scan a barcode"))
        self.box.setAccessibleName(self.tr("Product search"))
        self.box.setClearButtonEnabled(True)
        self.box.textChanged.connect(self._on_text_changed)
        self.box.returnPressed.connect(self._on_return)

        self.customer_chip = QFrame(self)
        self.customer_chip.setObjectName("holdCustomer")
        chip_caption = QLabel(self.tr("Holding for"), self.customer_chip)
        chip_caption.setObjectName("chipCaption")
        self.customer_button = QPushButton(self.customer_chip)
        self.customer_button.setObjectName("chipCustomer")
        self.customer_button.setAccessibleName(self.tr("Open the customer the hold is for"))
        self.customer_button.clicked.connect(self._open_customer)
        self.clear_customer = QPushButton("✕", self.customer_chip)
        self.clear_customer.setObjectName("chipClear")
        self.clear_customer.setAccessibleName(self.tr("Stop holding for this customer"))
        self.clear_customer.setToolTip(self.tr("Stop holding for this customer"))
        self.clear_customer.clicked.connect(lambda: self.set_customer(None))
        chip = QHBoxLayout(self.customer_chip)
        chip.setContentsMargins(14, 4, 6, 4)
        chip.setSpacing(6)
        chip.addWidget(chip_caption)
        chip.addWidget(self.customer_button)
        chip.addWidget(self.clear_customer)

        self.model = ProductResultsModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("productResults")
        self.table.setAccessibleName(self.tr("Product search results"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(ProductHitDelegate.ROW_HEIGHT)
        self.table.setItemDelegateForColumn(0, ProductHitDelegate(self.table))
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)

        self.empty = QLabel(self)
        self.empty.setObjectName("emptyState")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.results = QStackedWidget(self)
        self.results.addWidget(self.empty)
        self.results.addWidget(self.table)

        self.panel = ProductPanel(self)
        self.panel.sku_selected.connect(self._load_stock)
        self.panel.hold_requested.connect(self._ask_hold)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self._run_query)

        top = QHBoxLayout()
        top.setSpacing(16)
        top.addWidget(self.box, 1)
        top.addWidget(self.customer_chip)
        body = QHBoxLayout()
        body.setSpacing(16)
        body.addWidget(self.results, 4)
        body.addWidget(self.panel, 8)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addLayout(body, 1)
        self.setTabOrder(self.box, self.table)
        self.setTabOrder(self.table, self.panel.grid)
        self._show_results([])
        self._show_customer()

    @property
    def service(self) -> Any:
        return self.ctx.services.inventory

    # ----- public API (the main window calls these) ---------------------------------------------

    def show_product(self, key: str) -> None:
        """Open a SKU, a style id or a barcode: its style's grid with the SKU selected."""
        key = (key or "").strip()
        if key:
            self.ctx.ops.run(self.ctx.db(self.service.resolve, key), lambda found: self._on_resolved(key, found))

    def set_customer(self, customer_id: str | None) -> None:
        """The customer a hold would be for (None: nobody)."""
        self._customer_id = customer_id or None
        self._customer_name = ""
        self._show_customer()
        if self._customer_id:
            wanted = self._customer_id
            self.ctx.ops.run(self.ctx.db(self.service.customer_name, wanted),
                             lambda name: self._on_customer_name(wanted, name))

    def reset_for_new_session(self) -> None:
        """Another associate signed in: holds are no longer for the previous one's customer."""
        self.set_customer(None)

    def refresh(self) -> None:
        """Read again what is on screen (new data or a hold's verdict may have arrived)."""
        if self._query:
            self._run_query(keep_selection=True)
        if self._style_id:
            self._load_style(self._style_id, self._sku)
        if self._last_hold is not None:
            hold = self._last_hold
            self.ctx.ops.run(self.ctx.db(self.service.hold_outcome, hold.id),
                             lambda outcome: self._on_outcome(hold, outcome))

    def focus_search(self) -> None:
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()

    # ----- search -------------------------------------------------------------------------------

    def _on_text_changed(self, text: str) -> None:
        self._query = text.strip()
        self._debounce.start()

    def _on_return(self) -> None:
        """Enter (or a scanner's suffix): open the highlighted result, or resolve the code typed."""
        self._debounce.stop()
        row = self.table.currentIndex().row()
        hit = self.model.hit(max(row, 0))
        if hit is not None and self.model.rowCount() and self._query == self._shown_query:
            self._open_hit(hit)
        elif self._query:
            self.show_product(self._query)
            self._run_query()

    def _run_query(self, keep_selection: bool = False) -> None:
        query = self._query
        if self._pending is not None and not self._pending.done():
            self._pending.cancel()
        if not query:
            self.model.set_hits([])
            self._shown_query = ""
            self._show_results([])
            return
        self._pending = self.ctx.ops.run(self.ctx.db(self.service.search, query),
                                         lambda hits, q=query: self._on_results(q, hits, keep_selection))

    def _on_results(self, query: str, hits: list[ProductHit], keep_selection: bool) -> None:
        if query != self._query:
            return  # a newer query is on its way
        current = self.model.hit(self.table.currentIndex().row())
        self._shown_query = query
        self.table.selectionModel().blockSignals(True)
        self.model.set_hits(hits)
        self.table.selectionModel().blockSignals(False)
        self._show_results(hits, query)
        if keep_selection and current is not None:
            keys = [(h.style_id, h.sku) for h in hits]
            if (current.style_id, current.sku) in keys:
                # Quietly: the caller reloads the open product itself.
                self.table.selectionModel().blockSignals(True)
                self.table.selectRow(keys.index((current.style_id, current.sku)))
                self.table.selectionModel().blockSignals(False)
                return
        if hits and not keep_selection:
            self.table.selectRow(0)  # opens the first result, as a scan would

    def _show_results(self, hits: list[ProductHit], query: str = "") -> None:
        if hits:
            self.results.setCurrentWidget(self.table)
        else:
            self.empty.setText(self.tr("No product matches “%1”.").replace("%1", query) if query else
                               self.tr("Type a product name, a SKU, or scan a barcode."))
            self.results.setCurrentWidget(self.empty)
        self.results_shown.emit(len(hits))

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        hit = self.model.hit(current.row())
        if hit is not None:
            self._open_hit(hit)

    def _open_hit(self, hit: ProductHit) -> None:
        if hit.style_id:
            self._load_style(hit.style_id, hit.sku)

    def _on_resolved(self, key: str, found: tuple[str | None, str | None]) -> None:
        style_id, sku = found
        if style_id is None:
            self._style_id = self._sku = None
            self.panel.show_placeholder(self.tr("No product has the SKU, barcode or style “%1”.").replace("%1", key))
            return
        self._load_style(style_id, sku)

    # ----- style and stock ----------------------------------------------------------------------

    def _load_style(self, style_id: str, sku: str | None) -> None:
        if style_id != self._style_id:
            self.panel.set_banner("", "")
        self._style_id, self._sku = style_id, sku
        self.ctx.ops.run(self.ctx.db(self.service.style_grid, style_id),
                         lambda grid: self._on_grid(style_id, sku, grid))

    def _on_grid(self, style_id: str, sku: str | None, grid: StyleGrid | None) -> None:
        if style_id != self._style_id:
            return  # another product was opened meanwhile
        if grid is None:
            self.panel.show_placeholder(self.tr("This product is no longer in the catalogue."))
            return
        self.panel.show_grid(grid)
        self._style_name = grid.style.name
        self._sku = None
        self._update_hold_button()
        self.product_shown.emit(style_id)
        if sku and not self.panel.select_sku(sku):
            sku = None

    def _load_stock(self, sku: str) -> None:
        self._sku = sku
        service = self.service

        def read():
            return service.product(sku), service.availability(sku), service.holds(sku)

        self.ctx.ops.run(self.ctx.db(read), lambda result: self._on_stock(sku, *result))

    def _on_stock(self, sku: str, product: Any, rows: list, holds: list[Hold]) -> None:
        if sku != self._sku:
            return
        self.panel.show_sku(product, rows, datetime.now(timezone.utc))
        self.panel.show_holds(holds)
        here = next((r for r in rows if r.kind == "here"), None)
        self._available_here = here.available if here is not None else 0
        self._product_name = product.name if product is not None else sku
        self._variant = variant_label(product.colour, product.size) if product else sku
        self._update_hold_button()
        self.stock_shown.emit(sku)

    # ----- customer and holds -------------------------------------------------------------------

    def _on_customer_name(self, customer_id: str, name: str | None) -> None:
        if customer_id == self._customer_id:
            self._customer_name = name or customer_id
            self._show_customer()

    def _show_customer(self) -> None:
        if self._customer_id:
            self.customer_button.setText(self._customer_name or "…")
            self.customer_button.setEnabled(True)
            self.clear_customer.show()
        else:
            self.customer_button.setText(self.tr("No customer selected"))
            self.customer_button.setEnabled(False)
            self.clear_customer.hide()
        self.customer_chip.setProperty("active", bool(self._customer_id))
        self.customer_chip.style().unpolish(self.customer_chip)
        self.customer_chip.style().polish(self.customer_chip)
        self._update_hold_button()

    def _open_customer(self) -> None:
        if self._customer_id:
            self.customer_activated.emit(self._customer_id)

    def _update_hold_button(self) -> None:
        who = self._customer_name or self.tr("customer")
        if not self._customer_id:
            self.panel.set_hold_button(self.tr("Hold for a customer"), False,
                                       self.tr("Open a customer first (Customers page), then come back here."))
        elif not self._sku:
            self.panel.set_hold_button(self.tr("Hold for %1").replace("%1", who), False,
                                       self.tr("Pick a size and colour first."))
        elif self._available_here <= 0:
            self.panel.set_hold_button(self.tr("Hold for %1").replace("%1", who), False,
                                       self.tr("Nothing of this size and colour is available in this store."))
        else:
            self.panel.set_hold_button(self.tr("Hold for %1").replace("%1", who), True,
                                       self.tr("Put items aside in this store for %1").replace("%1", who))

    def _ask_hold(self) -> None:
        if not (self._customer_id and self._sku):
            return
        dialog = HoldDialog(self._style_name or self._product_name, self._variant, self._customer_name or self._customer_id,
                            self._available_here, getattr(self.service, "hold_days", 2), self)
        customer_id, sku = self._customer_id, self._sku
        dialog.accepted.connect(lambda: self._perform_hold(customer_id, sku, *dialog.values()))
        dialog.finished.connect(lambda _code: self._dialog_closed(dialog))
        self.hold_dialog = dialog
        dialog.open()

    def _dialog_closed(self, dialog: HoldDialog) -> None:
        if self.hold_dialog is dialog:
            self.hold_dialog = None
        dialog.deleteLater()
        self.panel.hold_button.setFocus()

    def _perform_hold(self, customer_id: str, sku: str, qty: int, days: int) -> None:
        work = self.ctx.perform(self.service.hold, customer_id, sku, qty, self.ctx.associate_id, days)
        self.ctx.ops.run(work, self._on_held, self._on_hold_failed)

    def _on_held(self, hold: Hold) -> None:
        self._last_hold = hold
        self._on_outcome(hold, HoldOutcome(hold.id, "pending"))
        if self._style_id:
            self._load_style(self._style_id, self._sku)  # the grid and the stock both count the hold
        if self._query:
            self._run_query(keep_selection=True)  # "in store" counts too

    def _on_hold_failed(self, exc: BaseException) -> None:
        if isinstance(exc, DomainError):
            self.panel.set_banner(self.tr("Not put on hold: %1").replace("%1", exc.message), "error")
            self.hold_changed.emit("error")
        else:
            self.ctx.messages.error(self.tr("The hold could not be saved: %1").replace("%1", str(exc)))

    def _on_outcome(self, hold: Hold, outcome: HoldOutcome) -> None:
        if self._last_hold is None or hold.id != self._last_hold.id:
            return
        what = self.tr("%1 × %2").replace("%1", str(hold.qty)).replace("%2", self._variant or hold.sku)
        who = self._customer_name if hold.customer_id == self._customer_id else self.tr("the customer")
        if outcome.state == "applied":
            text = self.tr("On hold: %1 for %2 until %3.").replace("%1", what).replace("%2", who) \
                .replace("%3", until(hold.expires_at))
        elif outcome.state == "rejected":
            text = self.tr("The central service refused the hold of %1: %2").replace("%1", what) \
                .replace("%2", outcome.message or outcome.code or self.tr("no reason given"))
        else:
            text = self.tr("On hold here: %1 for %2. Waiting for the central service to confirm.") \
                .replace("%1", what).replace("%2", who)
        self.panel.set_banner(text, outcome.state)
        self.hold_changed.emit(outcome.state)
