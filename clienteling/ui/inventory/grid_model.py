"""A style's colours (rows) x sizes (columns) as a table model, and the delegate that draws each
cell as a colour-coded tile: in stock here, elsewhere, none, or no such product."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from clienteling.domain.inventory import GridCell, StyleGrid

Index = QModelIndex | QPersistentModelIndex

# Tile colours per status: (background, border, text). One place, shared with the legend.
TILE_COLOURS = {
    "here": ("#dcfce7", "#86efac", "#166534"),
    "elsewhere": ("#fef3c7", "#fcd34d", "#92400e"),
    "none": ("#f3f4f6", "#e5e7eb", "#9ca3af"),
}
SELECTED_BORDER = "#2563eb"


class StyleGridModel(QAbstractTableModel):
    """Cells hold the available units here; missing colour x size combinations are disabled."""

    STATUS_ROLE = Qt.ItemDataRole.UserRole + 1
    SKU_ROLE = Qt.ItemDataRole.UserRole + 2
    ELSEWHERE_ROLE = Qt.ItemDataRole.UserRole + 3

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._grid: StyleGrid | None = None

    def set_grid(self, grid: StyleGrid | None) -> None:
        self.beginResetModel()
        self._grid = grid
        self.endResetModel()

    @property
    def grid(self) -> StyleGrid | None:
        return self._grid

    def cell(self, row: int, column: int) -> GridCell | None:
        grid = self._grid
        if grid is None or not (0 <= row < len(grid.colours) and 0 <= column < len(grid.sizes)):
            return None
        return grid.cell(grid.colours[row], grid.sizes[column])

    def index_of(self, sku: str) -> QModelIndex:
        """The index of a SKU's cell (invalid if the style has no such SKU)."""
        grid = self._grid
        cell = grid.cell_of(sku) if grid is not None else None
        if grid is None or cell is None:
            return QModelIndex()
        return self.index(grid.colours.index(cell.colour), grid.sizes.index(cell.size))

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() or self._grid is None else len(self._grid.colours)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() or self._grid is None else len(self._grid.sizes)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        grid = self._grid
        if grid is None or role != Qt.ItemDataRole.DisplayRole:
            return None
        labels = grid.sizes if orientation == Qt.Orientation.Horizontal else grid.colours
        return labels[section] if 0 <= section < len(labels) else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid() or self.cell(index.row(), index.column()) is None:
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def _tooltip(self, cell: GridCell) -> str:
        text = self.tr("%1 · %2: %3 here, %4 at other locations")
        for i, value in enumerate((cell.colour, cell.size, str(cell.available_here), str(cell.available_elsewhere)), 1):
            text = text.replace(f"%{i}", value)
        return f"{text}\n{cell.sku}"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        cell = self.cell(index.row(), index.column())
        if cell is None:
            return "missing" if role == self.STATUS_ROLE else None
        if role == Qt.ItemDataRole.DisplayRole:
            return str(cell.available_here)
        if role == self.STATUS_ROLE:
            return cell.status
        if role == self.SKU_ROLE:
            return cell.sku
        if role == self.ELSEWHERE_ROLE:
            return cell.available_elsewhere
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._tooltip(cell)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class GridCellDelegate(QStyledItemDelegate):
    """Draws a rounded tile: units here in large type, units elsewhere below it."""

    TILE = QSize(68, 56)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return self.TILE

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        status = index.data(StyleGridModel.STATUS_ROLE)
        if status not in TILE_COLOURS:
            return  # no product in this colour and size: leave the gap empty
        background, border, text = TILE_COLOURS[status]
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        rect = QRectF(option.rect).adjusted(4, 4, -4, -4)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(QColor(background))
        painter.setPen(QPen(QColor(SELECTED_BORDER if selected else border), 3 if selected else 1))
        painter.drawRoundedRect(rect, 8, 8)
        painter.setPen(QColor(text))
        painter.setFont(scaled_font(option.font, 1.3, bold=True))
        top = QRectF(rect.left(), rect.top() + 4, rect.width(), rect.height() * 0.55)
        painter.drawText(top, int(Qt.AlignmentFlag.AlignCenter), str(index.data() or "0"))
        painter.setFont(scaled_font(option.font, 0.8))
        elsewhere = int(index.data(StyleGridModel.ELSEWHERE_ROLE) or 0)
        bottom = QRectF(rect.left(), rect.top() + rect.height() * 0.55, rect.width(), rect.height() * 0.4)
        label = f"+{elsewhere}" if elsewhere else "–"
        painter.drawText(bottom, int(Qt.AlignmentFlag.AlignCenter), label)
        painter.restore()


def scaled_font(font: QFont, factor: float, bold: bool = False) -> QFont:
    """A copy of ``font`` scaled by ``factor`` (the theme sets pixel sizes, so honour those)."""
    out = QFont(font)
    if font.pixelSize() > 0:
        out.setPixelSize(max(int(font.pixelSize() * factor), 8))
    else:
        out.setPointSizeF(max(font.pointSizeF(), 9.0) * factor)
    out.setBold(bold)
    return out
