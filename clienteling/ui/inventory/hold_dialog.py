"""The small dialog that asks how many items to hold and for how long (touch-size steppers)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractSpinBox, QDialog, QDialogButtonBox, QGridLayout, QHBoxLayout, QLabel,
                               QPushButton, QSpinBox, QVBoxLayout, QWidget)

from clienteling.domain.inventory import MAX_HOLD_DAYS, MAX_HOLD_QTY
from clienteling.services.clock import iso
from clienteling.ui.inventory.text import until


class Stepper(QWidget):
    """A number with large − and + buttons either side (a spin box's arrows are too small to tap)."""

    def __init__(self, low: int, high: int, value: int, unit: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QSpinBox(self)
        self.box.setObjectName("stepperValue")
        self.box.setRange(low, high)
        self.box.setValue(min(max(value, low), high))
        self.box.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
        self.box.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.box.setAccessibleName(name)
        self.minus = QPushButton("−", self)
        self.plus = QPushButton("+", self)
        for button, step, what in ((self.minus, -1, self.tr("Fewer")), (self.plus, 1, self.tr("More"))):
            button.setObjectName("stepperButton")
            button.setAccessibleName(f"{what}: {name}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the box takes keys; the buttons are for touch
            button.setAutoRepeat(True)
            button.clicked.connect(lambda _checked=False, s=step: self.box.stepBy(s))
        self.box.valueChanged.connect(self._sync)
        unit_label = QLabel(unit, self)
        unit_label.setObjectName("stepperUnit")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(self.minus)
        row.addWidget(self.box)
        row.addWidget(self.plus)
        row.addWidget(unit_label)
        row.addStretch(1)
        self.setFocusProxy(self.box)
        self._sync(self.box.value())

    def _sync(self, value: int) -> None:
        self.minus.setEnabled(value > self.box.minimum())
        self.plus.setEnabled(value < self.box.maximum())

    def value(self) -> int:
        return self.box.value()

    def setValue(self, value: int) -> None:  # noqa: N802 (Qt naming, like QSpinBox)
        self.box.setValue(value)


class HoldDialog(QDialog):
    """Quantity (up to what is available here) and days; the screen performs the hold on accept."""

    def __init__(self, product: str, variant: str, customer: str, available: int, days: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("holdDialog")
        self.setWindowTitle(self.tr("Put on hold"))
        self.setModal(True)
        self.setMinimumWidth(460)

        title = QLabel(self.tr("Hold for %1").replace("%1", customer), self)
        title.setObjectName("dialogTitle")
        title.setWordWrap(True)
        item = QLabel(product, self)
        item.setObjectName("holdItem")
        item.setTextFormat(Qt.TextFormat.PlainText)
        item.setWordWrap(True)
        variant_label = QLabel(variant, self)
        variant_label.setObjectName("holdVariant")
        variant_label.setTextFormat(Qt.TextFormat.PlainText)

        self.qty = Stepper(1, max(1, min(MAX_HOLD_QTY, available)), 1, self.tr("items"),
                           self.tr("Quantity to hold"), self)
        self.days = Stepper(1, MAX_HOLD_DAYS, days, self.tr("days"), self.tr("Days to hold"), self)
        self.expiry = QLabel(self)
        self.expiry.setObjectName("holdExpiry")
        self.days.box.valueChanged.connect(self._show_expiry)
        hint = QLabel(self.tr("%1 available in this store").replace("%1", str(available)), self)
        hint.setObjectName("holdHint")

        form = QGridLayout()
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(8)
        for row, (label, field) in enumerate(((self.tr("Quantity"), self.qty), ("", hint),
                                              (self.tr("Keep for"), self.days),
                                              (self.tr("Reserved until"), self.expiry))):
            caption = QLabel(label, self)
            caption.setBuddy(field)
            form.addWidget(caption, row, 0, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            form.addWidget(field, row, 1, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        form.setColumnStretch(1, 1)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.confirm = self.buttons.addButton(self.tr("Put on hold"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.confirm.setObjectName("primaryButton")
        self.confirm.setDefault(True)
        self.confirm.setAccessibleName(self.tr("Put on hold"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(6)
        layout.addWidget(title)
        layout.addSpacing(4)
        layout.addWidget(item)
        layout.addWidget(variant_label)
        layout.addSpacing(14)
        layout.addLayout(form)
        layout.addSpacing(14)
        layout.addWidget(self.buttons)
        self._show_expiry(self.days.value())
        self.qty.setFocus()

    def _show_expiry(self, days: int) -> None:
        self.expiry.setText(until(iso(datetime.now(timezone.utc) + timedelta(days=days))))

    def values(self) -> tuple[int, int]:
        """(quantity, days) as chosen."""
        return self.qty.value(), self.days.value()
