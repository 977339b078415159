"""Asking why a pickup order is cancelled (the reason goes to the central service and the customer)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget


class CancelDialog(QDialog):
    """A reason from a short list, with an optional note; :meth:`reason` gives the text to record."""

    def __init__(self, order_number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cancelDialog")
        self.setWindowTitle(self.tr("Cancel order %1").replace("%1", order_number))
        self.setModal(True)
        self.setMinimumWidth(460)
        title = QLabel(self.tr("Cancel order %1?").replace("%1", order_number), self)
        title.setTextFormat(Qt.TextFormat.PlainText)
        title.setObjectName("dialogTitle")
        hint = QLabel(self.tr("The order closes and the customer is told. Nothing can be handed over afterwards."), self)
        hint.setObjectName("mutedText")
        hint.setWordWrap(True)
        self.choice = QComboBox(self)
        self.choice.setObjectName("cancelReason")
        for text in (self.tr("The customer asked to cancel"), self.tr("The items are not available"),
                     self.tr("The items are damaged"), self.tr("Other reason")):
            self.choice.addItem(text)
        self.note = QLineEdit(self)
        self.note.setObjectName("cancelNote")
        self.note.setPlaceholderText(self.tr("Note (optional)"))
        self.buttons = QDialogButtonBox(self)
        self.buttons.addButton(self.tr("Keep the order"), QDialogButtonBox.ButtonRole.RejectRole)
        self.confirm = self.buttons.addButton(self.tr("Cancel the order"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.confirm.setObjectName("dangerButton")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 22, 28, 20)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addWidget(self.choice)
        layout.addWidget(self.note)
        layout.addSpacing(6)
        layout.addWidget(self.buttons)

    def reason(self) -> str:
        note = self.note.text().strip()
        return f"{self.choice.currentText()}: {note}" if note else self.choice.currentText()
