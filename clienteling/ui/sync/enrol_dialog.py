"""First-run enrolment: the central service URL and the one-time code from IT."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QVBoxLayout, QWidget)

from clienteling.ui.ops import Ops

EnrolFn = Callable[[str, str], Awaitable[Any]]


class EnrolDialog(QDialog):
    """Asks for URL + code, runs ``enrol(url, code)`` and stays open with the reason on failure."""

    def __init__(self, enrol: EnrolFn, ops: Ops, server_url: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._enrol = enrol
        self._ops = ops
        self.result_value: Any = None
        self.setWindowTitle(self.tr("Enrol this terminal"))
        self.setMinimumWidth(480)

        intro = QLabel(self.tr("Enter the central service address and the one-time enrolment code "
                               "IT gave you for this store."), self)
        intro.setWordWrap(True)
        self.url = QLineEdit(server_url, self)
        self.url.setAccessibleName(self.tr("Central service address"))
        self.url.setPlaceholderText("https://central.example.com")
        self.code = QLineEdit(self)
        self.code.setAccessibleName(self.tr("Enrolment code"))
        self.code.setPlaceholderText(self.tr("e.g. 7KQ2-M9XD"))
        self.error = QLabel(self)
        self.error.setObjectName("formError")
        self.error.setWordWrap(True)
        self.error.hide()

        form = QFormLayout()
        form.addRow(self.tr("Central service"), self.url)
        form.addRow(self.tr("Enrolment code"), self.code)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Enrol"))
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        (self.code if server_url else self.url).setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        self.buttons.setEnabled(True)

    def _submit(self) -> None:
        url, code = self.url.text().strip(), self.code.text().strip()
        if not url.startswith(("http://", "https://")):
            self._show_error(self.tr("The address must start with https:// (or http:// on this machine)."))
            return
        if len(code) < 4:
            self._show_error(self.tr("Enter the enrolment code."))
            return
        self.buttons.setEnabled(False)
        self.error.hide()
        self._ops.run(self._enrol(url, code), self._done, lambda exc: self._show_error(str(exc)))

    def _done(self, value: Any) -> None:
        self.result_value = value
        self.accept()
