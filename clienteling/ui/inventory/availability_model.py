"""Table model of one SKU's stock per location (rows of one query; never raises from data())."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont

from clienteling.domain.inventory import Availability
from clienteling.ui.inventory.table_base import RIGHT, Index, RowsTableModel
from clienteling.ui.inventory.text import as_of, km



class AvailabilityModel(RowsTableModel[Availability]):
    """This store, other stores by distance, DC, online: on hand, reserved, available, as of."""

    COLUMNS = ("location", "distance", "on_hand", "reserved", "available", "as_of")
    RIGHT_COLUMNS = frozenset({"on_hand", "reserved", "available"})

    def __init__(self, parent=None) -> None:
        super().__init__((self.tr("Location"), self.tr("Distance"), self.tr("On hand"), self.tr("Reserved"),
                          self.tr("Available"), self.tr("As of")), parent)
        self._now: datetime | None = None
        self._kinds = {"here": self.tr("this store"), "store": self.tr("store"),
                       "dc": self.tr("distribution centre"), "online": self.tr("online")}

    def set_rows(self, rows: Sequence[Availability], now: datetime | None = None) -> None:  # type: ignore[override]
        self._now = now
        super().set_rows(rows)

    def _text(self, a: Availability, column: str) -> str:
        if column == "location":
            return a.location_name
        if column == "distance":
            return self.tr("here") if a.kind == "here" else km(a.distance_km) or "—"
        if column == "on_hand":
            return str(a.on_hand)
        if column == "reserved":
            if a.held_locally:
                return self.tr("%1 + %2 pending").replace("%1", str(a.reserved)).replace("%2", str(a.held_locally))
            return str(a.reserved)
        if column == "available":
            return str(a.available)
        return as_of(a.as_of, self._now)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        a = self.row(index.row())
        column = self.column_name(index.column())
        if a is None or column is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(a, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in ("on_hand", "reserved", "available"):
            return RIGHT
        if role == Qt.ItemDataRole.FontRole and (a.kind == "here" or column == "available"):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and column == "available":
            return QColor("#15803d") if a.available > 0 else QColor("#9ca3af")
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == "reserved" and a.held_locally:
                return self.tr("%n held at this terminal, waiting for the central service", "", a.held_locally)
            if column in ("location", "distance"):
                return f"{a.location_id} · {self._kinds.get(a.kind, '')}"
            if column == "as_of":
                return a.as_of or ""
        return None
