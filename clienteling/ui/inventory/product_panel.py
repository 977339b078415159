"""The right-hand side of the inventory screen: a style's header, its size x colour grid, and the
stock of the selected SKU across locations with the hold button. Emits signals; never loads data."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QFrame, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QSizePolicy, QStackedWidget, QTableView, QVBoxLayout, QWidget)

from clienteling.domain.inventory import Availability, Hold, Product, StyleGrid
from clienteling.ui.inventory.availability_model import AvailabilityModel
from clienteling.ui.inventory.grid_model import TILE_COLOURS, GridCellDelegate, StyleGridModel
from clienteling.ui.inventory.text import price, until, variant_label


def _label(text: str, name: str, parent: QWidget, wrap: bool = False) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    return label


class ProductPanel(QFrame):
    """``sku_selected(sku)`` when a grid cell is picked; ``hold_requested()`` from the button."""

    sku_selected = Signal(str)
    hold_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("productPanel")
        self.placeholder = _label("", "emptyState", self, wrap=True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail = QWidget(self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(self.detail)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

        self.title = _label("", "productTitle", self.detail, wrap=True)
        self.subtitle = _label("", "productSubtitle", self.detail, wrap=True)
        self.grid_model = StyleGridModel(self)
        self.grid = QTableView(self.detail)
        self.grid.setObjectName("styleGrid")
        self.grid.setAccessibleName(self.tr("Sizes and colours"))
        self.grid.setModel(self.grid_model)
        self.grid.setItemDelegate(GridCellDelegate(self.grid))
        self.grid.setShowGrid(False)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.grid.setSizeAdjustPolicy(QAbstractItemView.SizeAdjustPolicy.AdjustToContents)
        self.grid.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        self.grid.horizontalHeader().setObjectName("gridHeader")
        self.grid.verticalHeader().setObjectName("gridHeader")
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.grid.horizontalHeader().setDefaultSectionSize(GridCellDelegate.TILE.width())
        self.grid.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.grid.verticalHeader().setDefaultSectionSize(GridCellDelegate.TILE.height())
        self.grid.selectionModel().currentChanged.connect(self._on_cell)

        legend = QHBoxLayout()
        legend.setSpacing(16)
        legend.addWidget(_label(self.tr("Sizes and colours"), "sectionTitle", self.detail))
        legend.addStretch(1)
        for status, text in (("here", self.tr("In stock here")), ("elsewhere", self.tr("Elsewhere only")),
                             ("none", self.tr("None available"))):
            swatch = QLabel(self.detail)
            swatch.setObjectName("legendSwatch")
            swatch.setFixedSize(14, 14)
            background, border, _text = TILE_COLOURS[status]
            swatch.setStyleSheet(f"background: {background}; border: 1px solid {border}; border-radius: 4px;")
            legend.addWidget(swatch)
            legend.addWidget(_label(text, "legendText", self.detail))
        more = _label(self.tr("+n: at other locations"), "legendText", self.detail)
        more.setToolTip(self.tr("Large number: available in this store. +n: available in nearby stores, "
                                "the distribution centre and online. Pick a tile to see where."))
        legend.addWidget(more)

        self.sku_title = _label("", "sectionTitle", self.detail)
        self.sku_codes = _label("", "skuCodes", self.detail)
        self.sku_codes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        sku_row = QHBoxLayout()
        sku_row.addWidget(self.sku_title)
        sku_row.addStretch(1)
        sku_row.addWidget(self.sku_codes)

        self.availability_model = AvailabilityModel(self)
        self.availability = QTableView(self.detail)
        self.availability.setObjectName("availabilityTable")
        self.availability.setAccessibleName(self.tr("Stock by location"))
        self.availability.setModel(self.availability_model)
        self.availability.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.availability.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.availability.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.availability.verticalHeader().hide()
        self.availability.verticalHeader().setDefaultSectionSize(36)  # read-only rows: no touch target
        self.availability.setShowGrid(False)
        self.availability.setAlternatingRowColors(True)
        header = self.availability.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.no_stock = _label("", "emptyState", self.detail, wrap=True)
        self.no_stock.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stock_stack = QStackedWidget(self.detail)
        self.stock_stack.addWidget(self.no_stock)
        self.stock_stack.addWidget(self.availability)

        self.holds_here = _label("", "holdsHere", self.detail, wrap=True)
        self.holds_here.hide()
        self.banner = _label("", "holdBanner", self.detail, wrap=True)
        self.banner.hide()
        self.hold_button = QPushButton(self.detail)
        self.hold_button.setObjectName("holdButton")
        self.hold_button.setAccessibleName(self.tr("Put on hold for the customer"))
        self.hold_button.clicked.connect(self.hold_requested)
        footer = QHBoxLayout()
        footer.setSpacing(12)
        footer.addWidget(self.banner, 1)
        footer.addWidget(self.hold_button, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)

        layout = QVBoxLayout(self.detail)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addSpacing(6)
        layout.addLayout(legend)
        layout.addWidget(self.grid)
        layout.addSpacing(6)
        layout.addLayout(sku_row)
        layout.addWidget(self.stock_stack, 1)
        layout.addWidget(self.holds_here)
        layout.addLayout(footer)
        self.setTabOrder(self.grid, self.availability)
        self.setTabOrder(self.availability, self.hold_button)
        self.show_placeholder(self.tr("Search for a product by name, SKU or barcode, then pick it "
                                      "to see its sizes, colours and stock."))

    # ----- what is shown ------------------------------------------------------------------------

    def show_placeholder(self, text: str) -> None:
        self.placeholder.setText(text)
        self.stack.setCurrentWidget(self.placeholder)

    def show_grid(self, grid: StyleGrid) -> None:
        """Show a style's header and grid; nothing selected yet."""
        style = grid.style
        self.title.setText(style.name)
        low, high = grid.price_cents or (None, None)
        parts = [style.brand or "", (style.category or "").capitalize(), price(low, high), style.id]
        self.subtitle.setText("  ·  ".join(p for p in parts if p))
        self.grid_model.set_grid(grid)
        self.grid.updateGeometry()
        self.stack.setCurrentWidget(self.detail)
        self.show_sku(None, [])

    def select_sku(self, sku: str) -> bool:
        """Select a SKU's cell (emits ``sku_selected``); False if the style has no such SKU."""
        index = self.grid_model.index_of(sku)
        if not index.isValid():
            return False
        if self.grid.currentIndex() == index:
            self._on_cell(index)  # already current: no currentChanged, but the caller wants a reload
        else:
            self.grid.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        return True

    def show_sku(self, product: Product | None, rows: list[Availability], now: datetime | None = None) -> None:
        """The selected SKU's stock per location (None: ask the associate to pick a cell)."""
        if product is None:
            self.sku_title.setText(self.tr("Stock by location"))
            self.sku_codes.setText("")
            self.no_stock.setText(self.tr("Pick a size and colour above to see stock here, in nearby "
                                          "stores, at the distribution centre and online."))
            self.availability_model.set_rows([])
            self.stock_stack.setCurrentWidget(self.no_stock)
            self.show_holds([])
            return
        variant = variant_label(product.colour, product.size)
        self.sku_title.setText(self.tr("Stock of %1").replace("%1", variant or product.sku))
        codes = [product.sku] + ([self.tr("EAN %1").replace("%1", product.barcode)] if product.barcode else [])
        self.sku_codes.setText("  ·  ".join(codes))
        self.availability_model.set_rows(rows, now)
        if rows:
            self.stock_stack.setCurrentWidget(self.availability)
        else:
            self.no_stock.setText(self.tr("No location this terminal knows of stocks %1.").replace("%1", variant))
            self.stock_stack.setCurrentWidget(self.no_stock)

    def show_holds(self, holds: list[Hold]) -> None:
        """The active holds of the selected SKU in this store (hidden when there are none)."""
        # One entry per customer (and confirmed or not): several holds for one person read as one.
        grouped: dict[tuple[str, bool], list[Hold]] = {}
        for hold in holds:
            grouped.setdefault((hold.customer_id, hold.pending), []).append(hold)
        parts = []
        for (_customer, pending), group in list(grouped.items())[:3]:
            text = self.tr("%1 × %2").replace("%1", group[0].customer_name or self.tr("a customer")) \
                .replace("%2", str(sum(h.qty for h in group)))
            if pending:
                text += " " + self.tr("(waiting for confirmation)")
            elif group[0].expires_at:
                text += " " + self.tr("until %1").replace("%1", until(max(h.expires_at or "" for h in group)))
            parts.append(text)
        if len(grouped) > 3:
            parts.append(self.tr("%1 more").replace("%1", str(len(grouped) - 3)))
        self.holds_here.setText(self.tr("On hold in this store: %1").replace("%1", "; ".join(parts)) if parts else "")
        self.holds_here.setVisible(bool(parts))

    def set_hold_button(self, text: str, enabled: bool, tooltip: str) -> None:
        self.hold_button.setText(text)
        self.hold_button.setEnabled(enabled)
        self.hold_button.setToolTip(tooltip)

    def set_banner(self, text: str, state: str) -> None:
        """A line about the last hold: ``state`` pending | applied | rejected | error (styling)."""
        self.banner.setText(text)
        self.banner.setProperty("state", state)
        self.banner.style().unpolish(self.banner)
        self.banner.style().polish(self.banner)
        self.banner.setVisible(bool(text))

    def _on_cell(self, index: QModelIndex) -> None:
        sku = index.data(StyleGridModel.SKU_ROLE) if index.isValid() else None
        if sku:
            self.sku_selected.emit(sku)
