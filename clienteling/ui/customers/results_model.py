"""Table model of customer search results (holds the hits of one query; never raises from data())."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from clienteling.ui.formatting import relative_day

_MATCH_LABELS = {"name": "name", "email": "email", "phone": "phone", "loyalty": "loyalty card"}


class CustomerResultsModel(QAbstractTableModel):
    COLUMNS = ("name", "tier", "home_store", "last_visit", "matched_on")
    ID_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._hits: list[Any] = []
        self._headers = (self.tr("Name"), self.tr("Tier"), self.tr("Home store"),
                         self.tr("Last visit"), self.tr("Matched on"))

    def set_hits(self, hits: list[Any]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def hit(self, row: int) -> Any | None:
        return self._hits[row] if 0 <= row < len(self._hits) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._hits)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._headers):
            return self._headers[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        hit = self.hit(index.row())
        if hit is None:
            return None
        if role == self.ID_ROLE:
            return hit.id
        if role == Qt.ItemDataRole.DisplayRole:
            column = self.COLUMNS[index.column()] if index.column() < len(self.COLUMNS) else None
            if column == "name":
                return f"{hit.first_name} {hit.last_name}"
            if column == "tier":
                return (hit.tier or "").capitalize()
            if column == "home_store":
                return hit.home_store_name or hit.home_store_id or ""
            if column == "last_visit":
                return relative_day(hit.last_visit_at) if hit.last_visit_at else self.tr("never")
            if column == "matched_on":
                return self.tr(_MATCH_LABELS.get(hit.matched_on, hit.matched_on or ""))
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
            return hit.loyalty_number or ""
        return None
