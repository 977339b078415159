"""Overview: contact details and preferences (sizes per category, brands, styles, colours),
edited in place and saved as one ``customer.update``."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from clienteling.domain.models import CustomerProfile
from clienteling.domain.rules import SIZE_CATEGORIES
from clienteling.ui.profile.fmt import day
from clienteling.ui.profile.widgets import panel, section, tab_columns


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


class OverviewTab(QWidget):
    """``save_requested(preferences, base)`` when the associate saves changed preferences (``base``:
    the preferences the form was filled with)."""

    save_requested = Signal(object, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._saved: dict[str, Any] = {}
        self._refill = False
        self._latest: dict[str, Any] = {}
        self._categories: list[str] = list(SIZE_CATEGORIES)

        contact, contact_layout = panel(self, self.tr("Contact"))
        contact_layout.setContentsMargins(20, 16, 20, 16)
        form = QFormLayout()
        form.setVerticalSpacing(12)
        form.setHorizontalSpacing(16)
        self.contact: dict[str, QLabel] = {}
        for key, label in (("email", self.tr("Email")), ("phone", self.tr("Phone")),
                           ("birthday", self.tr("Birthday")), ("last_visit", self.tr("Last visit")),
                           ("since", self.tr("Customer since"))):
            name = QLabel(label, contact)
            name.setObjectName("fieldLabel")
            value = QLabel(contact)
            value.setObjectName("contactValue")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.contact[key] = value
            form.addRow(name, value)
        contact_layout.addLayout(form)
        contact_layout.addStretch(1)

        prefs, prefs_layout = panel(self, self.tr("Sizes"))
        prefs_layout.setContentsMargins(20, 16, 20, 16)
        self.size_edits: dict[str, QLineEdit] = {}
        self.sizes_grid = QGridLayout()
        self.sizes_grid.setHorizontalSpacing(12)
        self.sizes_grid.setVerticalSpacing(8)
        self.brands = self._line(prefs, self.tr("Brands"), self.tr("e.g. Arket, COS"))
        self.styles = self._line(prefs, self.tr("Styles"), self.tr("e.g. minimal, smart casual"))
        self.colours = self._line(prefs, self.tr("Colours"), self.tr("e.g. navy, camel"))
        lists = QFormLayout()
        lists.setVerticalSpacing(8)
        lists.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        lists.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for text, edit in ((self.tr("Brands"), self.brands), (self.tr("Styles"), self.styles),
                           (self.tr("Colours"), self.colours)):
            label = QLabel(text, prefs)
            label.setObjectName("fieldLabel")
            label.setMinimumWidth(64)
            label.setMinimumHeight(44)  # as tall as the field, so the text sits level with it
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            label.setBuddy(edit)
            lists.addRow(label, edit)
        self.save = QPushButton(self.tr("Save preferences"), prefs)
        self.save.setObjectName("primaryButton")
        self.save.setAccessibleName(self.tr("Save preferences"))
        self.save.clicked.connect(self._save)
        self.revert = QPushButton(self.tr("Undo changes"), prefs)
        self.revert.setAccessibleName(self.tr("Undo preference changes"))
        self.revert.clicked.connect(lambda: self._show_preferences(self._latest))  # the newest, not the typed
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert)
        buttons.addWidget(self.save)
        prefs_layout.addLayout(self.sizes_grid)
        prefs_layout.addSpacing(6)
        prefs_layout.addWidget(section(self.tr("Tastes"), prefs))
        prefs_layout.addLayout(lists)
        prefs_layout.addStretch(1)
        prefs_layout.addLayout(buttons)

        tab_columns(self, (contact, 2), (prefs, 3))
        self._build_sizes()
        self._update_buttons()

    def _line(self, parent: QWidget, name: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit(parent)
        edit.setAccessibleName(name)
        edit.setPlaceholderText(placeholder)
        edit.textEdited.connect(self._update_buttons)
        return edit

    def _build_sizes(self) -> None:
        while self.sizes_grid.count():
            item = self.sizes_grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.size_edits = {}
        for i, category in enumerate(self._categories):
            label = QLabel(category.capitalize(), self)
            label.setObjectName("fieldLabel")
            edit = self._line(self, self.tr("Size for %1").replace("%1", category), self.tr("size"))
            edit.setMaxLength(20)
            label.setBuddy(edit)
            self.size_edits[category] = edit
            row, col = divmod(i, 3)
            self.sizes_grid.addWidget(label, row * 2, col)
            self.sizes_grid.addWidget(edit, row * 2 + 1, col)

    def show_profile(self, profile: CustomerProfile) -> None:
        c = profile.customer
        values = {"email": c.email or "—", "phone": c.phone or "—", "birthday": day(c.birthday) or "—",
                  "last_visit": day(c.last_visit_at) or self.tr("never"), "since": day(c.member_since) or "—"}
        for key, value in values.items():
            self.contact[key].setText(value)
        self._latest = c.preferences or {}
        if self._dirty() and not self._refill:
            # The associate is typing: a refresh must not wipe it, even one that brings another
            # terminal's change; saving sends only the changes from what the form was filled
            # with, which the server applies to what it holds (protocol.merge_preferences).
            return
        self._refill = False
        self._show_preferences(self._latest)

    def _show_preferences(self, prefs: dict[str, Any]) -> None:
        categories = list(SIZE_CATEGORIES) + sorted(set(prefs.get("sizes") or {}) - set(SIZE_CATEGORIES))
        if categories != self._categories:
            self._categories = categories
            self._build_sizes()
        self._fill(prefs)

    def mark_saved(self) -> None:
        """The save went through: the next profile shown fills the form (with the merged result)."""
        self._refill = True

    def _fill(self, prefs: dict[str, Any]) -> None:
        self._saved = dict(prefs)
        sizes = prefs.get("sizes") or {}
        for category, edit in self.size_edits.items():
            edit.setText(str(sizes.get(category) or ""))
        self.brands.setText(", ".join(prefs.get("brands") or []))
        self.styles.setText(", ".join(prefs.get("styles") or []))
        self.colours.setText(", ".join(prefs.get("colours") or []))
        self._update_buttons()

    def current(self) -> dict[str, Any]:
        """The preferences as the form shows them now."""
        return {"sizes": {k: e.text().strip() for k, e in self.size_edits.items() if e.text().strip()},
                "brands": _split(self.brands.text()), "styles": _split(self.styles.text()),
                "colours": _split(self.colours.text())}

    def _dirty(self) -> bool:
        saved = {"sizes": self._saved.get("sizes") or {}, "brands": self._saved.get("brands") or [],
                 "styles": self._saved.get("styles") or [], "colours": self._saved.get("colours") or []}
        return self.current() != saved

    def _update_buttons(self, *_: Any) -> None:
        dirty = self._dirty()
        self.save.setEnabled(dirty)
        self.revert.setEnabled(dirty)

    def _save(self) -> None:
        self.save_requested.emit(self.current(), dict(self._saved))  # the edit, and what it was made from
