"""What the dashboard shows until a manager signs in: a prompt and the sign-in button."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

from clienteling.ui.card import centre, message_label


class ManagerGate(QWidget):
    """``sign_in()`` when the button is pressed; the screen opens the PIN dialog. ``text`` says what
    is behind the gate (%1: the store's name); the dashboard's words by default."""

    sign_in = Signal()

    def __init__(self, store_name: str, parent: QWidget | None = None, text: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboardGate")
        card = QFrame(self)
        card.setObjectName("gateCard")
        title = QLabel(self.tr("Manager sign-in"), card)
        title.setObjectName("gateTitle")
        if text is None:
            text = self.tr("The store dashboard shows the sales, returns, pickups and team figures of %1. "
                           "A manager of this store signs in with their PIN to see it.")
        prompt = QLabel(text.replace("%1", store_name or self.tr("this store")), card)
        prompt.setObjectName("gateText")
        prompt.setWordWrap(True)
        prompt.setTextFormat(Qt.TextFormat.PlainText)
        self.button = QPushButton(self.tr("Sign in with manager PIN"), card)
        self.button.setObjectName("primaryButton")
        self.button.clicked.connect(self.sign_in)
        self.message = message_label(card)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(32, 28, 32, 28)
        inner.setSpacing(12)
        inner.addWidget(title)
        inner.addWidget(prompt)
        inner.addSpacing(6)
        inner.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)
        inner.addWidget(self.message)
        card.setFixedWidth(560)  # a fixed width lets the wrapped text take the height it needs
        centre(self, card)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
