"""The audit table: one row per action, newest first (when, who, what, on what, outcome)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from clienteling.domain.audit import AuditEntry, local_text
from clienteling.ui.audit.text import action_text, outcome_text
from clienteling.ui.inventory.table_base import RowsTableModel

Index = QModelIndex | QPersistentModelIndex
REFUSED = QColor("#b42318")


def _tr(text: str) -> str:
    return QCoreApplication.translate("Audit", text)


class AuditModel(RowsTableModel[AuditEntry]):
    """Entries as the service reads them; times in the store's zone (``set_rows(entries, tz)``)."""

    COLUMNS = ("at", "who", "what", "target", "outcome")

    def __init__(self, parent=None) -> None:
        super().__init__((_tr("When"), _tr("Who"), _tr("What"), _tr("On what"), _tr("Outcome")), parent)
        self.tz = "UTC"

    def set_entries(self, entries: list[AuditEntry], tz: str) -> None:
        self.tz = tz
        self.set_rows(entries)

    def text(self, entry: AuditEntry, name: str) -> str:
        """The cell text of ``entry`` in column ``name``."""
        if name == "at":
            return local_text(entry.at, self.tz)
        if name == "who":
            return entry.associate_name or entry.associate_id or _tr("Nobody signed in")
        if name == "what":
            return action_text(entry.action)
        if name == "target":
            return entry.target_text
        return outcome_text(entry.status, entry.code)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        entry = self.row(index.row()) if index.isValid() else None
        name = self.column_name(index.column())
        if entry is None or name is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(entry, name)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(entry, name)
        if role == Qt.ItemDataRole.ForegroundRole and name == "outcome" and entry.status != "applied":
            return REFUSED
        if role == Qt.ItemDataRole.UserRole:
            return entry.id
        return None

    def _tooltip(self, entry: AuditEntry, name: str) -> str | None:
        if name == "at" and entry.applied_at:
            return _tr("Recorded by the central service at %1").replace("%1", local_text(entry.applied_at, self.tz))
        if name == "who" and entry.associate_id:
            return entry.associate_id
        if name == "target" and entry.target:
            return entry.target
        if name == "outcome" and entry.code:
            return entry.code
        return None
