"""A read-only table model over the rows of one query, described by columns (shared by the
profile and client-book tables). Never raises from ``data()``; sorts the rows it holds."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

log = logging.getLogger(__name__)
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Col:
    """One column: its header, its text, and optionally how it sorts, aligns and is coloured."""

    header: str
    text: Callable[[Any], str]
    sort_key: Callable[[Any], Any] | None = None
    align_right: bool = False
    tone: Callable[[Any], str | None] | None = None
    """A colour name ("warn", "bad", "good", "muted") for the cell's text, or None."""
    tooltip: Callable[[Any], str] | None = None


_TONES = {"warn": "#b45309", "bad": "#b91c1c", "good": "#15803d", "muted": "#6b7280"}


class RowsModel(QAbstractTableModel):
    """Rows (domain objects) shown through ``Col`` descriptions; ``ID_ROLE`` gives a row's ``id``."""

    ID_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, columns: Sequence[Col], parent=None) -> None:
        super().__init__(parent)
        self._cols = tuple(columns)
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Any | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rows(self) -> list[Any]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._cols)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self._cols)):
            return self._cols[section].header
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.column() < len(self._cols):
            return None
        item = self.row_at(index.row())
        if item is None:
            return None
        col = self._cols[index.column()]
        try:
            if role == Qt.ItemDataRole.DisplayRole:
                return col.text(item)
            if role == self.ID_ROLE:
                return getattr(item, "id", None) or getattr(item, "customer_id", None)
            if role == Qt.ItemDataRole.TextAlignmentRole and col.align_right:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if role == Qt.ItemDataRole.ForegroundRole and col.tone is not None:
                tone = col.tone(item)
                return QBrush(QColor(_TONES[tone])) if tone in _TONES else None
            if role == Qt.ItemDataRole.ToolTipRole and col.tooltip is not None:
                return col.tooltip(item) or None
        except Exception:  # a malformed cached row must not take the table down
            log.warning("cannot show a %s cell", type(item).__name__, exc_info=True)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the held rows (a client book or a profile tab holds at most a few hundred)."""
        if not 0 <= column < len(self._cols):
            return
        col = self._cols[column]
        key = col.sort_key or col.text

        def safe(item: Any) -> tuple:
            try:
                value = key(item)
            except Exception:
                value = None
            return (value is None, value if value is not None else 0)

        self.layoutAboutToBeChanged.emit()
        self._rows.sort(key=safe, reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()
