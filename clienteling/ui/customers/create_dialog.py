"""Loyalty sign-up at the counter: a form with validation and duplicate detection before saving.

As the associate types, likely duplicates (same email or phone, a similar name) are listed, each
with an "Open" button; saving creates the customer in the cache at once (offline too) and the
dialog then shows the loyalty number as pending until the central service confirms it, or the
server's reason when it refuses (``duplicate``).
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (QCheckBox, QDialog, QFormLayout, QFrame, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QVBoxLayout, QWidget)

from clienteling.ui.context import ScreenContext

CHECK_DEBOUNCE_MS = 250
STATUS_POLL_MS = 500
_FIELDS = (("first_name", "First name", ""), ("last_name", "Last name", ""),
           ("email", "Email", "name@example.com"), ("phone", "Phone", "+1 415 555 0100"),
           ("birthday", "Birthday", "YYYY-MM-DD (optional)"))
_REASONS = {"email": "same email", "phone": "same phone", "name": "similar name"}


class CreateCustomerDialog(QDialog):
    """``created(customer_id)`` when the associate opens the new customer; ``open_existing``
    when they pick a listed duplicate instead."""

    created = Signal(str)
    open_existing = Signal(str)

    def __init__(self, ctx: ScreenContext, prefill: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.customer_id: str | None = None
        self.setObjectName("createCustomerDialog")
        self.setWindowTitle(self.tr("New customer — loyalty sign-up"))
        self.setMinimumWidth(680)
        self._confirm_duplicates = False
        self.duplicates: list[Any] = []

        title = QLabel(self.tr("Sign up a new loyalty member"), self)
        title.setObjectName("dialogTitle")
        form = QFormLayout()
        form.setVerticalSpacing(4)
        form.setHorizontalSpacing(16)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.inputs: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        for key, label, hint in _FIELDS:
            edit = QLineEdit(self)
            edit.setPlaceholderText(self.tr(hint) if hint else "")
            edit.setObjectName(f"signup_{key}")
            edit.setAccessibleName(self.tr(label))
            edit.setMinimumHeight(40)
            edit.textChanged.connect(self._schedule_check)
            error = QLabel(self)
            error.setObjectName("fieldError")
            error.hide()
            column = QVBoxLayout()
            column.setSpacing(2)
            column.addWidget(edit)
            column.addWidget(error)
            caption = QLabel(self.tr(label), self)
            caption.setMinimumHeight(40)  # level with the edit, not with the edit + its error line
            caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            caption.setBuddy(edit)
            form.addRow(caption, column)
            self.inputs[key], self.errors[key] = edit, error
        self.inputs["phone"].setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
        self.inputs["email"].setInputMethodHints(Qt.InputMethodHint.ImhEmailCharactersOnly)

        consent_row = QHBoxLayout()
        self.consent: dict[str, QCheckBox] = {}
        for channel, label in (("email", "Email offers"), ("sms", "Text messages"), ("phone", "Phone calls")):
            box = QCheckBox(self.tr(label), self)
            box.setAccessibleName(self.tr("Consent: %1").replace("%1", self.tr(label)))
            consent_row.addWidget(box)
            self.consent[channel] = box
        consent_row.addStretch(1)
        form.addRow(self.tr("Agrees to"), consent_row)

        self.duplicate_box = QFrame(self)
        self.duplicate_box.setObjectName("duplicateBox")
        self.duplicate_layout = QVBoxLayout(self.duplicate_box)
        self.duplicate_layout.setContentsMargins(12, 10, 12, 10)
        self.duplicate_title = QLabel(self.duplicate_box)
        self.duplicate_title.setObjectName("duplicateTitle")
        self.duplicate_title.setWordWrap(True)
        self.duplicate_layout.addWidget(self.duplicate_title)
        self.duplicate_box.hide()

        self.status = QLabel(self)
        self.status.setObjectName("signupStatus")
        self.status.setWordWrap(True)
        self.status.hide()

        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.clicked.connect(self.reject)
        self.save_button = QPushButton(self.tr("Create customer"), self)
        self.save_button.setObjectName("primaryButton")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self._save)
        self.open_button = QPushButton(self.tr("Open customer"), self)
        self.open_button.setObjectName("primaryButton")
        self.open_button.clicked.connect(self._open_created)
        self.open_button.hide()
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.cancel_button, self.save_button, self.open_button):
            button.setMinimumHeight(40)
            buttons.addWidget(button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.duplicate_box)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_DEBOUNCE_MS)
        self._check_timer.timeout.connect(self._check)
        self._poll = QTimer(self)
        self._poll.setInterval(STATUS_POLL_MS)
        self._poll.timeout.connect(self._poll_status)
        self._prefill(prefill)
        self.inputs["first_name"].setFocus()

    # ----- form ---------------------------------------------------------------------------------

    def _prefill(self, text: str) -> None:
        text = (text or "").strip()
        if "@" in text:
            self.inputs["email"].setText(text)
        elif text and sum(ch.isdigit() for ch in text) >= 7:
            self.inputs["phone"].setText(text)
        elif text:
            words = text.split()
            self.inputs["first_name"].setText(_initial_capital(words[0]))
            if len(words) > 1:
                self.inputs["last_name"].setText(" ".join(_initial_capital(w) for w in words[1:]))

    def fields(self) -> dict[str, Any]:
        """The form's values as ``customer.create`` arguments (without the id)."""
        out: dict[str, Any] = {key: edit.text() for key, edit in self.inputs.items()}
        out["consent"] = {ch: {"opt_in": box.isChecked()} for ch, box in self.consent.items()}
        return out

    def _schedule_check(self) -> None:
        self._confirm_duplicates = False
        self.save_button.setText(self.tr("Create customer"))
        self._check_timer.start()

    def _check(self, then_save: bool = False) -> None:
        self.ctx.ops.run(self.ctx.db(self.ctx.services.signup.check, self.fields()),
                         lambda result: self._show_check(result, then_save))

    def _show_check(self, result: Any, then_save: bool) -> None:
        if self.customer_id is not None:
            return  # already saved
        shown = {e.field for e in result.errors} if then_save else set()
        for key, label in self.errors.items():
            messages = [self.tr(e.message) for e in result.errors if e.field == key]
            touched = bool(self.inputs[key].text().strip())
            visible = bool(messages) and (key in shown or touched)
            label.setText(" ".join(messages))
            label.setVisible(visible)
        self._show_duplicates(result.duplicates)
        if not then_save:
            return
        if result.errors:
            self.save_button.setEnabled(True)
            return
        if result.duplicates and not self._confirm_duplicates:
            self._confirm_duplicates = True
            self.save_button.setText(self.tr("Create anyway"))
            self.save_button.setEnabled(True)
            return
        self.ctx.ops.run(self.ctx.perform(self.ctx.services.signup.create, self.fields(), self.ctx.associate_id),
                         self._created, self._failed)

    def _show_duplicates(self, duplicates: list[Any]) -> None:
        self.duplicates = list(duplicates)
        while self.duplicate_layout.count() > 1:
            item = self.duplicate_layout.takeAt(1)
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()
        if not duplicates:
            self.duplicate_box.hide()
            return
        self.duplicate_title.setText(self.tr("This may be someone who is already a member:"))
        for candidate in duplicates[:5]:
            row = QWidget(self.duplicate_box)
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            reasons = ", ".join(self.tr(_REASONS[r]) for r in candidate.reasons)
            card = candidate.loyalty_number or self.tr("card pending")
            text = QLabel(f"<b>{html.escape(candidate.display_name)}</b> · {html.escape(card)} · "
                          f"{html.escape(candidate.home_store_name or '')} — <i>{html.escape(reasons)}</i>", row)
            text.setTextFormat(Qt.TextFormat.RichText)
            text.setWordWrap(True)
            open_button = QPushButton(self.tr("Open"), row)
            open_button.setMinimumHeight(40)
            open_button.setAccessibleName(self.tr("Open %1").replace("%1", candidate.display_name))
            open_button.clicked.connect(lambda _=False, cid=candidate.customer_id: self._open_duplicate(cid))
            line.addWidget(text, 1)
            line.addWidget(open_button)
            self.duplicate_layout.addWidget(row)
        self.duplicate_box.show()

    def _open_duplicate(self, customer_id: str) -> None:
        self.open_existing.emit(customer_id)
        self.accept()

    # ----- saving and the server's verdict --------------------------------------------------------

    def _save(self) -> None:
        if not self.save_button.isEnabled():
            return  # a save is already on its way (double click, double Enter)
        self.save_button.setEnabled(False)
        self._check_timer.stop()
        self._check(then_save=True)

    def _created(self, customer: Any) -> None:
        self.customer_id = customer.id
        self._set_editable(False)
        self.save_button.hide()
        self.cancel_button.setText(self.tr("Close"))
        self.open_button.show()
        self.open_button.setFocus()
        self.duplicate_box.hide()
        self._show_status("pending", None, None)
        self._poll.start()

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.status.setProperty("state", "rejected")
        self.status.setText(str(getattr(exc, "message", None) or exc))
        self.status.show()

    def _poll_status(self) -> None:
        if self.customer_id is None:
            return
        self.ctx.ops.run(self.ctx.db(self.ctx.services.signup.status, self.customer_id),
                         lambda st: self._show_status(st.state, st.loyalty_number, st.message))

    def _show_status(self, state: str, number: str | None, message: str | None) -> None:
        if state == "applied" and number:
            self._poll.stop()
            text = self.tr("Signed up. Loyalty number: %1").replace("%1", number)
        elif state == "rejected":
            self._poll.stop()
            text = self.tr("The central service refused this sign-up: %1").replace("%1", message or "")
            self._reopen_form()
            self._check()  # list the existing customer it collided with
        else:
            online = self.ctx.is_online()
            text = self.tr("Saved. Loyalty number: pending — ") + (
                self.tr("it is assigned when this terminal is back online.") if online is False
                else self.tr("waiting for the central service…"))
        self.status.setProperty("state", state)
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        self.status.setText(text)
        self.status.show()

    def _reopen_form(self) -> None:
        """After a refusal: the local customer is gone; let the associate fix or open the other."""
        self.customer_id = None
        self._set_editable(True)
        self.open_button.hide()
        self.save_button.show()
        self.cancel_button.setText(self.tr("Cancel"))

    def _set_editable(self, editable: bool) -> None:
        for edit in self.inputs.values():
            edit.setReadOnly(not editable)
            edit.style().unpolish(edit)
            edit.style().polish(edit)
        for box in self.consent.values():
            box.setEnabled(editable)

    def _open_created(self) -> None:
        if self.customer_id is not None:
            self.created.emit(self.customer_id)
        self.accept()

    def done(self, result: int) -> None:  # noqa: D102 (QDialog)
        self._poll.stop()
        self._check_timer.stop()
        super().done(result)


def _initial_capital(word: str) -> str:
    """Capitalise what was typed in lower case, keep what the associate capitalised ("Al-Masri")."""
    return word[:1].upper() + word[1:]
