"""The associates' leaderboard: one row per active associate of the store, best first."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt

from clienteling.domain.kpis import LeaderRow
from clienteling.ui.inventory.table_base import RIGHT, RowsTableModel
from clienteling.ui.profile.fmt import money

Index = QModelIndex | QPersistentModelIndex


def _tr(text: str) -> str:
    return QCoreApplication.translate("Dashboard", text)


class LeaderboardModel(RowsTableModel[LeaderRow]):
    """Rows as the service ranks them (client sales, then activity); numbers right-aligned."""

    COLUMNS = ("name", "client_sales_cents", "signups", "notes", "tasks_done", "outreach", "handovers",
               "returns_taken")
    RIGHT_COLUMNS = frozenset(COLUMNS[1:])

    def __init__(self, parent=None) -> None:
        super().__init__((_tr("Associate"), _tr("Client sales"), _tr("Sign-ups"), _tr("Notes"),
                          _tr("Follow-ups done"), _tr("Outreach"), _tr("Handovers"), _tr("Returns taken")),
                         parent)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row(index.row()) if index.isValid() else None
        name = self.column_name(index.column())
        if row is None or name is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            value = getattr(row, name)
            if name == "client_sales_cents":
                return money(value)
            return value if name == "name" else f"{value:,}"
        if role == Qt.ItemDataRole.TextAlignmentRole and name in self.RIGHT_COLUMNS:
            return RIGHT
        if role == Qt.ItemDataRole.UserRole:
            return row.associate_id
        return None
