"""A card centred on an otherwise empty page (the manager gate, the sign-in screen) and its
inline message line."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget


def message_label(parent: QWidget) -> QLabel:
    """A hidden, wrapping, plain-text line for what went wrong (object name ``gateMessage``)."""
    label = QLabel(parent)
    label.setObjectName("gateMessage")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.hide()
    return label


def centre(page: QWidget, card: QWidget) -> None:
    """Lay ``card`` out in the middle of ``page``, a little above centre. Stretches, not an
    alignment: an aligned card would not grow to fit wrapped text."""
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(card)
    row.addStretch(1)
    layout = QVBoxLayout(page)
    layout.addStretch(1)
    layout.addLayout(row)
    layout.addStretch(2)
