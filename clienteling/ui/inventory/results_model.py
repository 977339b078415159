"""Table model of product search results (the hits of one query; never raises from data()), and
the delegate that draws a result's name over its brand and variants."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from clienteling.domain.inventory import ProductHit
from clienteling.ui.inventory.grid_model import scaled_font
from clienteling.ui.inventory.table_base import RIGHT, Index, RowsTableModel
from clienteling.ui.inventory.text import price



class ProductResultsModel(RowsTableModel[ProductHit]):
    """Rows: styles (name search) or single products (SKU / barcode)."""

    COLUMNS = ("name", "price", "here")
    RIGHT_COLUMNS = frozenset({"price", "here"})
    KEY_ROLE = Qt.ItemDataRole.UserRole + 1
    DETAIL_ROLE = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent=None) -> None:
        super().__init__((self.tr("Product"), self.tr("Price"), self.tr("In store")), parent)

    def set_hits(self, hits: list[ProductHit]) -> None:
        self.set_rows(hits)

    def hit(self, row: int) -> ProductHit | None:
        return self.row(row)

    def _detail(self, hit: ProductHit) -> str:
        """Brand and what the hit covers: '3 colours · 7 sizes', or the SKU's colour and size."""
        if hit.sku is not None:
            parts = [hit.colour or "", hit.size or "", hit.sku]
        else:
            colours = self.tr("1 colour") if hit.colours == 1 else self.tr("%1 colours").replace("%1", str(hit.colours))
            sizes = self.tr("1 size") if hit.sizes == 1 else self.tr("%1 sizes").replace("%1", str(hit.sizes))
            parts = [colours, sizes]
        return " · ".join(p for p in [hit.brand or "", *parts] if p)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        hit = self.hit(index.row())
        column = self.column_name(index.column())
        if hit is None or column is None:
            return None
        if role == self.KEY_ROLE:
            return hit.sku or hit.style_id
        if role == Qt.ItemDataRole.DisplayRole:
            if column == "name":
                return hit.name
            if column == "price":
                return price(hit.price_cents)
            return str(hit.available_here) if hit.available_here > 0 else self.tr("none")
        if role == self.DETAIL_ROLE and column == "name":
            return self._detail(hit)
        if role == Qt.ItemDataRole.ToolTipRole and column == "name":
            return f"{hit.name}\n{self._detail(hit)}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column in ("price", "here"):
            return RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and column == "here":
            return QColor("#15803d") if hit.available_here > 0 else QColor("#9ca3af")
        return None


class ProductHitDelegate(QStyledItemDelegate):
    """The name column: the product's name, and under it in grey its brand and variants."""

    ROW_HEIGHT = 58

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(200, self.ROW_HEIGHT)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        rect = option.rect.adjusted(12, 8, -8, -8)
        half = rect.height() // 2
        painter.save()
        name_font = scaled_font(option.font, 1.0, bold=True)
        painter.setFont(name_font)
        painter.setPen(QColor("#111827"))
        top = QRect(rect.left(), rect.top(), rect.width(), half + 2)
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        painter.drawText(top, flags, painter.fontMetrics().elidedText(str(index.data() or ""),
                                                                       Qt.TextElideMode.ElideRight, top.width()))
        painter.setFont(scaled_font(option.font, 0.85))
        painter.setPen(QColor("#6b7280"))
        bottom = QRect(rect.left(), rect.top() + half, rect.width(), rect.height() - half)
        detail = str(index.data(ProductResultsModel.DETAIL_ROLE) or "")
        painter.drawText(bottom, flags, painter.fontMetrics().elidedText(detail, Qt.TextElideMode.ElideRight,
                                                                          bottom.width()))
        painter.restore()
