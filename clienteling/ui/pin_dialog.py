"""The manager approval dialog: a manager of this store picks their name and types their PIN.

The PIN is checked on the DB worker against the cached hash (``ApprovalService.approve``); a wrong
PIN, a locked manager or a missing manager role is shown inline and the dialog stays open.
"""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QVBoxLayout, QWidget)

from clienteling.domain.models import Approval
from clienteling.domain.rules import DomainError
from clienteling.ui.context import ScreenContext


class PinDialog(QDialog):
    """``approved(Approval)`` then accept() once a manager's PIN checks out; ``why`` says what needs
    the approval (shown, and recorded as the reason); the approval is bound to ``refund_cents`` and
    ``needs`` (what the manager is shown approving)."""

    approved = Signal(object)

    def __init__(self, ctx: ScreenContext, why: str, parent: QWidget | None = None, refund_cents: int = 0,
                 needs: tuple[str, ...] = ()) -> None:
        super().__init__(parent)
        self.setObjectName("pinDialog")
        self.setWindowTitle(self.tr("Manager approval"))
        self.setModal(True)
        self.setMinimumWidth(480)
        self.ctx = ctx
        self.approval: Approval | None = None
        self.refund_cents = refund_cents
        self.needs = needs
        self._busy = False

        title = QLabel(self.tr("Manager approval"), self)
        title.setObjectName("dialogTitle")
        self.why = QLabel(why, self)
        self.why.setObjectName("pinWhy")
        self.why.setWordWrap(True)
        self.why.setTextFormat(Qt.TextFormat.PlainText)

        self.manager = QComboBox(self)
        self.manager.setObjectName("pinManager")
        self.manager.setAccessibleName(self.tr("Manager"))
        self.pin = QLineEdit(self)
        self.pin.setObjectName("pinField")
        self.pin.setAccessibleName(self.tr("Manager PIN"))
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(12)
        self.pin.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,12}"), self.pin))
        self.pin.setPlaceholderText(self.tr("Digits only"))
        self.pin.textChanged.connect(self._update)
        self.pin.returnPressed.connect(self._approve)
        self.reason = QLineEdit(why, self)
        self.reason.setObjectName("pinReason")
        self.reason.setAccessibleName(self.tr("Reason for the approval"))
        self.reason.setCursorPosition(0)
        self.reason.textChanged.connect(self._update)
        self.error = QLabel(self)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setObjectName("formError")
        self.error.setWordWrap(True)
        self.error.hide()

        form = QFormLayout()
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(10)
        form.addRow(self.tr("Manager"), self.manager)
        form.addRow(self.tr("PIN"), self.pin)
        form.addRow(self.tr("Reason"), self.reason)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.approve_button = self.buttons.addButton(self.tr("Approve"), QDialogButtonBox.ButtonRole.ActionRole)
        self.approve_button.setObjectName("primaryButton")
        self.approve_button.clicked.connect(self._approve)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(self.why)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addSpacing(8)
        layout.addWidget(self.buttons)
        self._update()
        self.ctx.ops.run(self.ctx.db(self.ctx.services.approvals.managers), self._on_managers)

    def _on_managers(self, managers: list[tuple[str, str]]) -> None:
        self.manager.clear()
        for manager_id, name in managers:
            self.manager.addItem(name, manager_id)
        if not managers:
            self._show_error(self.tr("No manager of this store can approve on this terminal yet "
                                     "(managers and their PINs arrive with the next sync)."))
        self._update()
        self.pin.setFocus()

    def _update(self) -> None:
        ready = (self.manager.count() > 0 and len(self.pin.text()) >= 4 and bool(self.reason.text().strip())
                 and not self._busy)
        self.approve_button.setEnabled(ready)

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def _approve(self) -> None:
        if not self.approve_button.isEnabled():
            return
        self._busy = True
        self._update()
        self._show_error("")
        work = self.ctx.db(self.ctx.services.approvals.approve, self.manager.currentData(), self.pin.text(),
                           self.reason.text().strip(), self.refund_cents, self.needs)
        self.ctx.ops.run(work, self._on_approved, self._on_refused)

    def _on_approved(self, approval: Approval) -> None:
        self._busy = False
        self.approval = approval
        self.approved.emit(approval)
        self.accept()

    def _on_refused(self, exc: BaseException) -> None:
        self._busy = False
        self.pin.clear()
        self.pin.setFocus()
        if isinstance(exc, DomainError):
            self._show_error(exc.message)
        else:
            self._show_error(self.tr("The PIN could not be checked: %1").replace("%1", str(exc)))
        self._update()
