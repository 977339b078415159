"""Handing over a ready pickup order: verify the collector, choose the units, confirm, and only
then tell the associate whether to give the goods (the central service's verdict when online)."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QComboBox, QDialog, QGridLayout, QHBoxLayout, QLabel,
                               QLineEdit, QPushButton, QRadioButton, QSizePolicy, QStackedWidget, QVBoxLayout,
                               QWidget)

from clienteling.domain.models import Order, Outcome, Verification, WriteResult
from clienteling.domain.pickups import Handover
from clienteling.domain.rules import DomainError
from clienteling.ui.context import ScreenContext
from clienteling.ui.incidents.details import sentence
from clienteling.ui.inventory.hold_dialog import Stepper
from clienteling.ui.pickups.outcome import manager_notified, wait_for_outcome
from clienteling.ui.pickups.pick_editor import describe
from clienteling.ui.pickups.text import ID_TYPES, id_type_label
from clienteling.ui.receipts import ReceiptActions, handover_html


def _repolish(widget: QWidget) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class _CheckText(QLabel):
    """A check box's wrapped caption (plain text): clicking it toggles the box."""

    def __init__(self, text: str, check: QCheckBox, parent: QWidget) -> None:
        super().__init__(text, parent)
        self.setObjectName("handoverItem")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setBuddy(check)
        self._check = check

    def mousePressEvent(self, event) -> None:  # noqa: N802  (Qt's name)
        if self._check.isEnabled():
            self._check.toggle()
        super().mousePressEvent(event)


class HandoverDialog(QDialog):
    """Signals: ``handed_over(order_id)`` once the handover is recorded here, ``outcome_shown(state)``
    when the verdict (applied | rejected | pending) is on screen."""

    handed_over = Signal(str)
    outcome_shown = Signal(str)

    def __init__(self, ctx: ScreenContext, order: Order, customer_name: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("handoverDialog")
        self.setWindowTitle(self.tr("Hand over order %1").replace("%1", order.order_number or ""))
        self.setModal(True)
        self.setMinimumWidth(620)
        self.ctx = ctx
        self.order = order
        self.result_value: WriteResult[Handover] | None = None
        self.outcome: Outcome | None = None

        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._form_page(customer_name))
        self.pages.addWidget(self._result_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 22, 28, 20)
        layout.addWidget(self.pages)
        self._update()

    # ----- the form -----------------------------------------------------------------------------

    def _form_page(self, customer_name: str | None) -> QWidget:
        page = QWidget(self)
        title = QLabel(self.tr("Hand over order %1").replace("%1", self.order.order_number or ""), page)
        title.setTextFormat(Qt.TextFormat.PlainText)
        title.setObjectName("dialogTitle")
        who = QLabel(self.tr("For %1").replace("%1", customer_name or self.tr("a guest")), page)
        who.setTextFormat(Qt.TextFormat.PlainText)
        who.setObjectName("mutedText")

        self.by_code = QRadioButton(self.tr("Pickup code"), page)
        self.by_id = QRadioButton(self.tr("Photo ID checked"), page)
        self.by_code.setChecked(True)
        method = QButtonGroup(page)
        method.addButton(self.by_code)
        method.addButton(self.by_id)
        self.code = QLineEdit(page)
        self.code.setObjectName("handoverCode")
        self.code.setPlaceholderText(self.tr("The code the customer received"))
        self.code.setAccessibleName(self.tr("Pickup code"))
        self.id_type = QComboBox(page)
        self.id_type.setObjectName("handoverIdType")
        for kind in ID_TYPES:
            self.id_type.addItem(id_type_label(kind), kind)
        self.id_last4 = QLineEdit(page)
        self.id_last4.setObjectName("handoverIdLast4")
        self.id_last4.setPlaceholderText(self.tr("Last 4 characters"))
        self.id_last4.setAccessibleName(self.tr("Last 4 characters of the ID number"))
        self.id_last4.setMaxLength(4)
        self.id_last4.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9A-Za-z]{0,4}"), self.id_last4))

        self.collector_customer = QRadioButton(self.tr("The customer"), page)
        self.collector_other = QRadioButton(self.tr("Someone they authorised:"), page)
        self.collector_customer.setChecked(True)
        collector = QButtonGroup(page)
        collector.addButton(self.collector_customer)
        collector.addButton(self.collector_other)
        self.collector_name = QLineEdit(page)
        self.collector_name.setObjectName("handoverCollector")
        self.collector_name.setPlaceholderText(self.tr("Their full name"))
        self.collector_name.setAccessibleName(self.tr("Name of the person collecting"))

        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(8)
        grid.addWidget(self._caption(self.tr("Verified with"), page), 0, 0, 1, 3)
        grid.addWidget(self.by_code, 1, 0)
        grid.addWidget(self.code, 1, 1, 1, 2)
        grid.addWidget(self.by_id, 2, 0)
        grid.addWidget(self.id_type, 2, 1)
        grid.addWidget(self.id_last4, 2, 2)
        grid.addWidget(self._caption(self.tr("Collected by"), page), 3, 0, 1, 3)
        grid.addWidget(self.collector_customer, 4, 0, 1, 3)
        grid.addWidget(self.collector_other, 5, 0)
        grid.addWidget(self.collector_name, 5, 1, 1, 2)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)

        self.line_checks: dict[str, QCheckBox] = {}
        self.line_qty: dict[str, Stepper] = {}
        lines = QGridLayout()
        lines.setHorizontalSpacing(12)
        lines.setVerticalSpacing(6)
        lines.addWidget(self._caption(self.tr("Items handed over"), page), 0, 0, 1, 3)
        row = 1
        for line in self.order.lines:
            left = max(0, (line.picked_qty or 0) - line.collected_now)
            if left <= 0:
                continue
            name = line.product_name or line.sku or ""
            check = QCheckBox(page)
            check.setAccessibleName(self.tr("Hand over %1").replace("%1", name))
            check.setChecked(True)
            text = _CheckText(describe(line, " — "), check, page)  # a check box's own text never wraps
            spin = Stepper(1, left, left, self.tr("of %1").replace("%1", str(left)),
                           self.tr("Units of %1").replace("%1", name), page)
            spin.setObjectName("handoverQty")
            check.toggled.connect(spin.setEnabled)
            check.toggled.connect(self._update)
            lines.addWidget(check, row, 0, Qt.AlignmentFlag.AlignTop)
            lines.addWidget(text, row, 1)
            lines.addWidget(spin, row, 2)
            self.line_checks[line.id] = check
            self.line_qty[line.id] = spin
            row += 1
        lines.setColumnStretch(1, 1)

        self.error = QLabel(page)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setObjectName("formError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.cancel_button = QPushButton(self.tr("Cancel"), page)
        self.cancel_button.clicked.connect(self.reject)
        self.confirm = QPushButton(self.tr("Confirm handover"), page)
        self.confirm.setObjectName("primaryButton")
        self.confirm.setDefault(True)
        self.confirm.clicked.connect(self._confirm)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.confirm)

        for signal in (self.code.textChanged, self.id_last4.textChanged, self.collector_name.textChanged,
                       self.by_code.toggled, self.collector_other.toggled):
            signal.connect(self._update)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(title)
        layout.addWidget(who)
        layout.addSpacing(8)
        layout.addLayout(grid)
        layout.addSpacing(8)
        layout.addLayout(lines)
        layout.addWidget(self.error)
        layout.addSpacing(8)
        layout.addLayout(buttons)
        self.code.setFocus()
        return page

    def _caption(self, text: str, parent: QWidget) -> QLabel:
        label = QLabel(text, parent)
        label.setObjectName("sectionTitle")
        return label

    def _update(self) -> None:
        by_code = self.by_code.isChecked()
        self.code.setEnabled(by_code)
        self.id_type.setEnabled(not by_code)
        self.id_last4.setEnabled(not by_code)
        self.collector_name.setEnabled(self.collector_other.isChecked())
        self.confirm.setEnabled(self._problem() is None)
        self.confirm.setToolTip(self._problem() or "")

    def _problem(self) -> str | None:
        if self.by_code.isChecked() and not self.code.text().strip():
            return self.tr("Type or scan the customer's pickup code.")
        if self.by_id.isChecked() and len(self.id_last4.text().strip()) != 4:
            return self.tr("Type the last 4 characters of the ID number.")
        if self.collector_other.isChecked() and len(self.collector_name.text().strip()) < 2:
            return self.tr("Type the name of the person collecting.")
        if not self.selected_lines():
            return self.tr("Tick at least one item.")
        return None

    def verification(self) -> Verification:
        if self.by_code.isChecked():
            return Verification("pickup_code", code=self.code.text().strip())
        return Verification("id_document", id_type=self.id_type.currentData(),
                            id_last4=self.id_last4.text().strip().upper())

    def selected_lines(self) -> list[tuple[str, int]]:
        return [(line_id, self.line_qty[line_id].value())
                for line_id, check in self.line_checks.items() if check.isChecked()]

    def _confirm(self) -> None:
        if self._problem() is not None:
            return
        self.confirm.setEnabled(False)
        self.cancel_button.setEnabled(False)
        self.error.hide()
        collector = self.collector_name.text().strip() if self.collector_other.isChecked() else None
        work = self.ctx.perform(self.ctx.services.pickups.collect, self.order.id, self.verification(),
                                self.ctx.associate_id, self.selected_lines(), collector)
        self.ctx.ops.run(work, self._on_recorded, self._on_refused)

    def _on_refused(self, exc: BaseException) -> None:
        self.cancel_button.setEnabled(True)
        self._update()
        message = exc.message if isinstance(exc, DomainError) else \
            self.tr("The handover could not be recorded: %1").replace("%1", str(exc))
        self.error.setText(message)
        self.error.show()

    # ----- the verdict --------------------------------------------------------------------------

    def _result_page(self) -> QWidget:
        page = QWidget(self)
        self.verdict_title = QLabel(page)
        self.verdict_title.setTextFormat(Qt.TextFormat.PlainText)
        self.verdict_title.setObjectName("dialogTitle")
        self.verdict = QLabel(page)
        self.verdict.setObjectName("handoverVerdict")
        self.verdict.setWordWrap(True)
        self.verdict.setTextFormat(Qt.TextFormat.PlainText)
        self.receipt = ReceiptActions(self.ctx, "handover", handover_html, page)
        self.done_button = QPushButton(self.tr("Done"), page)
        self.done_button.setObjectName("primaryButton")
        self.done_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.done_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(self.verdict_title)
        layout.addWidget(self.verdict)
        layout.addWidget(self.receipt)
        layout.addSpacing(8)
        layout.addLayout(buttons)
        return page

    def _on_recorded(self, result: WriteResult[Handover]) -> None:
        self.result_value = result
        self.handed_over.emit(self.order.id)
        self._show_page(1)
        self.done_button.setEnabled(False)
        self.receipt.hide()
        self._show_verdict(Outcome("pending"), checking=bool(self.ctx.is_online()))
        self.ctx.ops.run(wait_for_outcome(self.ctx, result.mutation_id), self._on_outcome,
                         lambda _exc: self._on_outcome(Outcome("pending")))

    def _show_page(self, index: int) -> None:
        """Switch pages and fit the dialog to the one shown (a stack sizes to its largest page)."""
        for i in range(self.pages.count()):
            policy = QSizePolicy.Policy.Preferred if i == index else QSizePolicy.Policy.Ignored
            self.pages.widget(i).setSizePolicy(policy, policy)
        self.pages.setCurrentIndex(index)
        self.adjustSize()

    def _on_outcome(self, outcome: Outcome) -> None:
        self.outcome = outcome
        self._show_verdict(outcome)
        self.done_button.setEnabled(True)
        self.done_button.setFocus()
        if outcome.state != "rejected" and self.result_value is not None:
            handover_id = self.result_value.value.id
            self.receipt.set_source(lambda: self.ctx.services.pickups.receipt(handover_id))
            self.receipt.show()
            self.receipt.auto_print(handover_id)
        self.adjustSize()
        self.handed_over.emit(self.order.id)  # the order now shows the verdict
        self.outcome_shown.emit(outcome.state)

    def _show_verdict(self, outcome: Outcome, checking: bool = False) -> None:
        if checking:
            state, title = "checking", self.tr("Checking with the central service…")
            text = self.tr("Keep the items until this answer comes (a few seconds at most).")
        elif outcome.state == "applied":
            state, title = "applied", self.tr("Hand over the items")
            text = self.tr("The central service confirmed the handover of order %1.") \
                .replace("%1", self.order.order_number or "")
        elif outcome.state == "rejected":
            state, title = "rejected", self.tr("Do not hand over these items")
            text = sentence(outcome.message) or self.tr("The central service refused the handover.")
            if manager_notified(outcome):
                text += "\n\n" + self.tr("The store manager has been notified (see Flags).")
        else:
            state, title = "pending", self.tr("Recorded offline — hand over the items")
            text = self.tr("The central service has not answered yet. The handover is saved on this terminal "
                           "and will sync when the connection is back.")
        self.verdict_title.setText(title)
        self.verdict.setText(text)
        for widget in (self.verdict_title, self.verdict):
            widget.setProperty("state", state)
            _repolish(widget)
