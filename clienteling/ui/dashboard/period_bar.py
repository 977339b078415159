"""Period selector: today, this week, this month or a custom range of local dates."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QButtonGroup, QDateEdit, QHBoxLayout, QLabel, QPushButton, QWidget


def period_buttons(owner: QWidget, layout: QHBoxLayout, kinds: dict[str, str]
                   ) -> tuple[QButtonGroup, dict[str, QPushButton]]:
    """Exclusive checkable buttons (``periodButton``), one per kind -> label, the first checked."""
    group = QButtonGroup(owner)
    group.setExclusive(True)
    buttons: dict[str, QPushButton] = {}
    for kind, text in kinds.items():
        button = QPushButton(text, owner)
        button.setObjectName("periodButton")
        button.setCheckable(True)
        button.setProperty("kind", kind)
        group.addButton(button)
        buttons[kind] = button
        layout.addWidget(button)
    next(iter(buttons.values())).setChecked(True)
    return group, buttons


class PeriodBar(QWidget):
    """``changed()`` when the period changes; read ``kind`` and ``dates()``."""

    changed = Signal()

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("periodBar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.group, self.buttons = period_buttons(self, layout, {
            "today": self.tr("Today"), "week": self.tr("This week"), "month": self.tr("This month"),
            "custom": self.tr("Custom range")})
        self.group.buttonClicked.connect(self._on_kind)

        self.start = self._date_edit(today - timedelta(days=29), self.tr("From"))
        self.end = self._date_edit(today, self.tr("To"))
        self.dash = QLabel("–", self)
        self.apply = QPushButton(self.tr("Show"), self)
        self.apply.setObjectName("periodApply")
        self.apply.clicked.connect(self.changed)
        layout.addSpacing(8)
        for w in (self.start, self.dash, self.end, self.apply):
            layout.addWidget(w)
        layout.addStretch(1)
        self._custom_visible(False)

    def _date_edit(self, value: date, name: str) -> QDateEdit:
        edit = QDateEdit(QDate(value.year, value.month, value.day), self)
        edit.setObjectName("periodDate")
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setAccessibleName(name)
        return edit

    def _custom_visible(self, visible: bool) -> None:
        for w in (self.start, self.dash, self.end, self.apply):
            w.setVisible(visible)

    def _on_kind(self) -> None:
        self._custom_visible(self.kind == "custom")
        self.changed.emit()

    @property
    def kind(self) -> str:
        button = self.group.checkedButton()
        return str(button.property("kind")) if button else "today"

    def select(self, kind: str, start: date | None = None, end: date | None = None) -> None:
        """Choose a period as a click would (custom: with its dates)."""
        if start is not None:
            self.start.setDate(QDate(start.year, start.month, start.day))
        if end is not None:
            self.end.setDate(QDate(end.year, end.month, end.day))
        self.buttons[kind].setChecked(True)
        self._on_kind()

    def dates(self) -> tuple[date | None, date | None]:
        """(from, to) local dates of a custom range; (None, None) otherwise."""
        if self.kind != "custom":
            return None, None
        return self.start.date().toPython(), self.end.date().toPython()
