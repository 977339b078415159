"""The audit filters: period (today, 7 or 30 days), associate and action."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from clienteling.domain.audit import ACTION_LABELS
from clienteling.ui.audit.text import action_text, period_names
from clienteling.ui.dashboard.period_bar import period_buttons


class AuditFilters(QWidget):
    """``changed()`` when any filter changes; read ``kind``, ``associate_id`` and ``action``."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("auditFilters")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.group, self.buttons = period_buttons(self, layout, period_names())
        self.group.buttonClicked.connect(self.changed)

        self.who = self._combo("auditAssociate", self.tr("Associate"))
        self.who.addItem(self.tr("Everyone"), None)
        self.what = self._combo("auditAction", self.tr("Action"))
        self.what.addItem(self.tr("Every action"), None)
        for action in sorted(ACTION_LABELS, key=action_text):
            self.what.addItem(action_text(action), action)
        layout.addSpacing(16)
        for label, combo in ((self.tr("Who"), self.who), (self.tr("What"), self.what)):
            caption = QLabel(label, self)
            caption.setObjectName("mutedText")
            caption.setBuddy(combo)
            layout.addWidget(caption)
            layout.addWidget(combo)
        layout.addStretch(1)

    def _combo(self, name: str, accessible: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.setAccessibleName(accessible)
        combo.setMinimumWidth(200)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        return combo

    @property
    def kind(self) -> str:
        button = self.group.checkedButton()
        return str(button.property("kind")) if button else "today"

    @property
    def associate_id(self) -> str | None:
        return self.who.currentData()

    @property
    def action(self) -> str | None:
        return self.what.currentData()

    def select(self, kind: str | None = None, associate_id: str | None = None, action: str | None = None) -> None:
        """Choose filters as clicks would (None leaves a filter as it is)."""
        if kind is not None:
            self.buttons[kind].setChecked(True)
            self.changed.emit()
        for combo, value in ((self.who, associate_id), (self.what, action)):
            if value is not None:
                combo.setCurrentIndex(max(0, combo.findData(value)))

    def set_associates(self, people: list[tuple[str, str]]) -> None:
        """Fill the associate filter (keeps the current choice when that person is still listed)."""
        current = self.who.currentData()
        self.who.blockSignals(True)
        try:
            self.who.clear()
            self.who.addItem(self.tr("Everyone"), None)
            for associate_id, name in people:
                self.who.addItem(name, associate_id)
            self.who.setCurrentIndex(max(0, self.who.findData(current)) if current else 0)
        finally:
            self.who.blockSignals(False)
