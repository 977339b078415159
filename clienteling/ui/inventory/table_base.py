"""What the inventory table models share: rows of one query, headers, right-aligned numbers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
T = TypeVar("T")


class RowsTableModel(QAbstractTableModel, Generic[T]):
    """Holds the rows of one query; subclasses set ``COLUMNS``, ``RIGHT_COLUMNS`` and headers and
    answer ``data()`` (returning None, never raising, for anything they do not know)."""

    COLUMNS: tuple[str, ...] = ()
    RIGHT_COLUMNS: frozenset[str] = frozenset()

    def __init__(self, headers: Sequence[str], parent=None) -> None:
        super().__init__(parent)
        self._rows: list[T] = []
        self._headers = tuple(headers)

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, row: int) -> T | None:  # type: ignore[override]
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def column_name(self, column: int) -> str | None:
        return self.COLUMNS[column] if 0 <= column < len(self.COLUMNS) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._headers):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and self.column_name(section) in self.RIGHT_COLUMNS:
            return RIGHT
        return None
