"""Step 3 of a return: what was recorded (number, lines, refund, points) and the central
service's verdict, with the receipt buttons."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from clienteling.domain.models import Outcome
from clienteling.domain.pickups import receipt_number
from clienteling.domain.returns import ReturnRecord
from clienteling.ui.context import ScreenContext
from clienteling.ui.incidents.details import sentence
from clienteling.ui.pickups.outcome import manager_notified
from clienteling.ui.profile.fmt import money
from clienteling.ui.profile.rows_model import Col, RowsModel
from clienteling.ui.profile.widgets import panel, table
from clienteling.ui.receipts import ReceiptActions, return_html
from clienteling.ui.returns.text import condition_label, reason_label, refund_method_label


def _repolish(widget: QWidget) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class SummaryStep(QWidget):
    """Shows a :class:`ReturnRecord` and its outcome; ``new_return()`` when the associate is done."""

    new_return = Signal()

    def __init__(self, ctx: ScreenContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.record: ReturnRecord | None = None
        self.outcome: Outcome | None = None
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setObjectName("screenTitle")
        self.status = QLabel(self)
        self.status.setObjectName("returnStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)

        self.lines = RowsModel((
            Col(self.tr("Product"), lambda line: line.product_name or line.sku or ""),
            Col(self.tr("Units"), lambda line: str(line.qty), align_right=True),
            Col(self.tr("Reason"), lambda line: reason_label(line.reason)),
            Col(self.tr("Condition"), lambda line: condition_label(line.condition)),
            Col(self.tr("Refund"), lambda line: money(line.refund_cents), align_right=True),
        ), self)
        self.lines_table = table(self.lines, self.tr("Returned lines"), self, stretch=0)
        self.lines_table.setObjectName("returnSummaryLines")

        side, side_layout = panel(self, self.tr("Totals"), "returnTotals")
        self.facts: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(6)
        for row, (key, caption) in enumerate((("refund", self.tr("Refund")), ("method", self.tr("Refund to")),
                                              ("points", self.tr("Points reversed")),
                                              ("approved", self.tr("Approved by")))):
            label = QLabel(caption, side)
            label.setObjectName("fieldLabel")
            value = QLabel(side)
            value.setObjectName("previewRefund" if key == "refund" else "previewValue")
            value.setTextFormat(Qt.TextFormat.PlainText)
            grid.addWidget(label, row, 0)
            grid.addWidget(value, row, 1)
            self.facts[key] = value
        grid.setColumnStretch(1, 1)
        side_layout.addLayout(grid)
        self.receipt = ReceiptActions(ctx, "return", return_html, side)
        side_layout.addSpacing(8)
        side_layout.addWidget(self.receipt)
        side_layout.addStretch(1)
        side.setMinimumWidth(360)

        self.next = QPushButton(self.tr("Next return"), self)
        self.next.setObjectName("primaryButton")
        self.next.clicked.connect(self.new_return)
        body = QHBoxLayout()
        body.setSpacing(16)
        body.addWidget(self.lines_table, 1)
        body.addWidget(side)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.next)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.title)
        layout.addWidget(self.status)
        layout.addLayout(body, 1)
        layout.addLayout(buttons)

    def show_record(self, record: ReturnRecord, approved_by: str | None = None) -> None:
        """The recorded return (``approved_by``: the approving manager's name, when known here)."""
        self.record = record
        self.title.setText(self.tr("Return no. %1").replace("%1", receipt_number(record.id)))
        self.lines.set_rows(record.lines)
        self.facts["refund"].setText(money(record.refund_cents))
        self.facts["method"].setText(refund_method_label(record.refund_method))
        self.facts["points"].setText(f"{record.points_reversed:,}" if record.points_reversed else self.tr("None"))
        self.facts["approved"].setText(approved_by or record.approved_by or self.tr("Not needed"))
        return_id = record.id
        self.receipt.set_source(lambda: self.ctx.services.returns.receipt(return_id))

    def show_outcome(self, outcome: Outcome, checking: bool = False) -> None:
        """Pending, accepted or refused (with the central service's reason)."""
        self.outcome = outcome
        if checking:
            state, text = "checking", self.tr("Checking with the central service…")
        elif outcome.state == "applied":
            state, text = "applied", self.tr("Accepted by the central service. Give the refund.")
        elif outcome.state == "rejected":
            state = "rejected"
            text = self.tr("Refused by the central service: %1 Do not give the refund.").replace(
                "%1", sentence(outcome.message or outcome.code) or self.tr("no reason given."))
            if manager_notified(outcome):
                text += " " + self.tr("The store manager has been notified (see Flags).")
        else:
            state, text = "pending", self.tr("Recorded on this terminal; the central service has not confirmed it "
                                             "yet. Give the refund; the return will sync.")
        self.status.setText(text)
        self.status.setProperty("state", state)
        _repolish(self.status)
        self.receipt.setVisible(outcome.state != "rejected" and not checking)
        if outcome.state != "rejected" and not checking and self.record is not None:
            self.receipt.auto_print(self.record.id)  # accepted, or recorded here: once per return
