"""Step 2 of a return: which units come back, why and in what state, how the money goes back, and
a live preview (refund, points reversed, limits) with what blocks it or needs a manager."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QGridLayout, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from sync.protocol import RETURN_CONDITIONS, RETURN_DISPOSITIONS, RETURN_REASONS

from clienteling.domain.models import Approval
from clienteling.domain.returns import DraftLine, ReturnableLine, ReturnDraft, ReturnPreview, ReturnQuote
from clienteling.ui.context import ScreenContext
from clienteling.ui.inventory.hold_dialog import Stepper
from clienteling.ui.inventory.text import variant_label
from clienteling.ui.pickups.text import channel_label
from clienteling.ui.profile.fmt import day, money
from clienteling.ui.profile.widgets import panel
from clienteling.ui.returns.text import (condition_label, disposition_label, reason_label, refund_method_label,
                                         verdict_text)

PREVIEW_MS = 120
MAX_RECEIPTLESS_UNITS = 99
ROW_HEIGHT = 72
WHY_COLUMN = 4
COLUMNS = ("product", "bought", "returned", "can", "qty", "reason", "condition", "disposition", "refund")


def _combo(codes: tuple[str, ...], label, name: str, parent: QWidget) -> QComboBox:
    box = QComboBox(parent)
    box.setAccessibleName(name)
    for code in codes:
        box.addItem(label(code), code)
    return box


def _repolish(widget: QWidget) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class LinesStep(QWidget):
    """Shows a :class:`ReturnQuote` (:meth:`set_quote`); signals ``back()``,
    ``submit_requested(draft, approval)``, ``approval_requested(why)`` and ``preview_shown()``."""

    back = Signal()
    submit_requested = Signal(object, object)
    approval_requested = Signal(str)
    preview_shown = Signal()

    def __init__(self, ctx: ScreenContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.quote: ReturnQuote | None = None
        self.preview: ReturnPreview | None = None
        self.approval: Approval | None = None
        self.qty: list[Stepper] = []
        self.reasons: list[QComboBox] = []
        self.conditions: list[QComboBox] = []
        self.dispositions: list[QComboBox] = []
        self._task: asyncio.Task | None = None
        self._busy = False

        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setObjectName("screenTitle")
        self.subtitle = QLabel(self)
        self.subtitle.setTextFormat(Qt.TextFormat.PlainText)
        self.subtitle.setObjectName("mutedText")
        self.subtitle.setWordWrap(True)

        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("returnLines")
        self.table.setAccessibleName(self.tr("Lines to return"))
        self.table.setHorizontalHeaderLabels([self.tr("Product"), self.tr("Bought"), self.tr("Returned"),
                                              self.tr("Left"), self.tr("Taking back"), self.tr("Reason"),
                                              self.tr("Condition"), self.tr("Goes to"), self.tr("Each")])
        self.table.horizontalHeaderItem(3).setToolTip(self.tr("Units that can still be returned"))
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setShowGrid(False)
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((5, 170), (6, 165), (7, 150)):  # the choices: fixed, so the product keeps room
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, width)

        figures, figures_layout = panel(self, None, "returnPreview")
        self.method = QComboBox(figures)
        self.method.setObjectName("refundMethod")
        self.method.setAccessibleName(self.tr("Refund method"))
        self.method.currentIndexChanged.connect(self._changed)
        self.figures: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(4)
        method_caption = self._caption(self.tr("Refund to"), figures)
        grid.addWidget(method_caption, 0, 0)
        grid.addWidget(self.method, 1, 0)
        for column, (key, caption) in enumerate((("refund", self.tr("Refund")), ("points", self.tr("Points reversed")),
                                                 ("cap", self.tr("Offline limit left")),
                                                 ("allowance", self.tr("Without receipt, still allowed"))), start=1):
            caption_label = self._caption(caption, figures)
            value = QLabel(figures)
            value.setObjectName("previewValue" if key != "refund" else "previewRefund")
            value.setTextFormat(Qt.TextFormat.PlainText)
            grid.addWidget(caption_label, 0, column)
            grid.addWidget(value, 1, column)
            self.figures[key] = value
            self.figures[key + "_caption"] = caption_label
        grid.setColumnStretch(5, 1)
        figures_layout.addLayout(grid)
        self.problems = QLabel(figures)
        self.problems.setObjectName("returnProblems")
        self.problems.setWordWrap(True)
        self.problems.setTextFormat(Qt.TextFormat.PlainText)
        self.needs = QLabel(figures)
        self.needs.setObjectName("returnNeedsApproval")
        self.needs.setWordWrap(True)
        self.needs.setTextFormat(Qt.TextFormat.PlainText)
        self.approve = QPushButton(self.tr("Manager approval…"), figures)
        self.approve.setObjectName("approvalButton")
        self.approve.clicked.connect(lambda: self.approval_requested.emit(self._approval_reason()))
        self.approved = QLabel(figures)
        self.approved.setTextFormat(Qt.TextFormat.PlainText)
        self.approved.setObjectName("returnApproved")
        self.approved.setWordWrap(True)
        needs_row = QHBoxLayout()
        needs_row.setSpacing(12)
        needs_row.addWidget(self.needs, 1)
        needs_row.addWidget(self.approve, 0, Qt.AlignmentFlag.AlignTop)
        figures_layout.addWidget(self.problems)
        figures_layout.addLayout(needs_row)
        figures_layout.addWidget(self.approved)

        self.error = QLabel(self)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setObjectName("formError")
        self.error.setWordWrap(True)
        self.error.hide()
        back = QPushButton(self.tr("Back"), self)
        back.setObjectName("backButton")
        back.clicked.connect(self.back)
        self.submit = QPushButton(self.tr("Take the return"), self)
        self.submit.setObjectName("primaryButton")
        self.submit.clicked.connect(self._submit)
        buttons = QHBoxLayout()
        buttons.addWidget(back)
        buttons.addWidget(self.error, 1)
        buttons.addStretch(1)
        buttons.addWidget(self.submit)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.table, 1)
        layout.addWidget(figures)
        layout.addLayout(buttons)

        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_MS)
        self._preview_timer.timeout.connect(self._run_preview)

    def _caption(self, text: str, parent: QWidget) -> QLabel:
        label = QLabel(text, parent)
        label.setObjectName("fieldLabel")
        return label

    # ----- the quote ----------------------------------------------------------------------------

    def set_quote(self, quote: ReturnQuote) -> None:
        """Show what can come back; every quantity starts at 0 (one returnable line: 1)."""
        self.quote = quote
        self.approval = None
        self.preview = None
        self.error.hide()
        order, customer = quote.order, quote.customer
        who = customer.display_name if customer is not None else self.tr("a guest")
        if order is not None:
            self.title.setText(self.tr("Return from order %1").replace("%1", order.order_number or order.id[:8]))
            self.subtitle.setText(self.tr("%1 · %2 · bought %3 · %4").replace("%1", who)
                                  .replace("%2", channel_label(order.channel))
                                  .replace("%3", day(order.collected_at or order.placed_at))
                                  .replace("%4", money(order.total_cents)))
        else:
            self.title.setText(self.tr("Return without a receipt"))
            self.subtitle.setText(self.tr("For %1. Refunded at the lowest recent price, as store credit or an "
                                          "exchange; no points are reversed.").replace("%1", who))
        self.method.blockSignals(True)
        self.method.clear()
        for code in quote.refund_methods:
            self.method.addItem(refund_method_label(code), code)
        self.method.blockSignals(False)
        self._fill_table(quote.lines)
        allowance = quote.allowance
        self.figures["allowance"].setVisible(allowance is not None)
        self.figures["allowance_caption"].setVisible(allowance is not None)
        if allowance is not None:
            self.figures["allowance"].setText(
                self.tr("%1 returns, up to %2 (%3 days)").replace("%1", str(allowance.returns_left))
                .replace("%2", money(allowance.cents_left)).replace("%3", str(allowance.period_days)))
        self._changed()

    def _fill_table(self, lines: tuple[ReturnableLine, ...]) -> None:
        self.table.setRowCount(0)
        self.table.clearSpans()
        self.qty.clear()
        self.reasons.clear()
        self.conditions.clear()
        self.dispositions.clear()
        self.table.setRowCount(len(lines))
        receipted = self.quote is not None and self.quote.order is not None
        single = sum(1 for rl in lines if rl.verdict.returnable_qty > 0) == 1
        for row, rl in enumerate(lines):
            line = rl.line
            ok = rl.verdict.returnable_qty > 0
            variant = variant_label(line.colour, line.size)
            name = rl.product_name or line.product_name or line.sku or ""
            why = verdict_text(rl.verdict)
            text = name + "\n" + " · ".join(x for x in (line.sku, variant) if x)
            cells = (text, str(line.qty) if receipted else "—", str(line.returned_now) if receipted else "—",
                     str(rl.verdict.returnable_qty) if receipted else ("—" if ok else "0"), None, None, None, None,
                     money(rl.unit_refund_cents))
            for column, value in enumerate(cells):
                if value is None:
                    continue
                item = QTableWidgetItem(value)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setToolTip(text + ("\n" + why if why else ""))
                if not ok:
                    item.setForeground(QColor("#9ca3af"))
                self.table.setItem(row, column, item)
            top = max(0, rl.verdict.returnable_qty if receipted else min(rl.verdict.returnable_qty,
                                                                         MAX_RECEIPTLESS_UNITS))
            spin = Stepper(0, top, 1 if ok and single else 0, "",
                           self.tr("Units of %1 to return").replace("%1", name), self.table)
            spin.setObjectName("returnQty")
            reason = _combo(RETURN_REASONS, reason_label, self.tr("Reason"), self.table)
            condition = _combo(RETURN_CONDITIONS, condition_label, self.tr("Condition"), self.table)
            disposition = _combo(RETURN_DISPOSITIONS, disposition_label, self.tr("Where it goes"), self.table)
            condition.currentIndexChanged.connect(lambda _i, c=condition, d=disposition: self._on_condition(c, d))
            for widget, column in ((spin, 4), (reason, 5), (condition, 6), (disposition, 7)):
                widget.setEnabled(ok)
                if ok:
                    self.table.setCellWidget(row, column, widget)
                else:
                    widget.hide()  # nothing to choose: the reason takes their place
            if not ok:
                self._why_not(row, why or self.tr("This item cannot be returned."))
            for signal in (spin.box.valueChanged, reason.currentIndexChanged, condition.currentIndexChanged,
                           disposition.currentIndexChanged):
                signal.connect(self._changed)
            self.qty.append(spin)
            self.reasons.append(reason)
            self.conditions.append(condition)
            self.dispositions.append(disposition)

    def _why_not(self, row: int, why: str) -> None:
        """Why a line cannot come back, across the columns its controls would take (read in full)."""
        item = QTableWidgetItem(why)
        item.setToolTip(why)
        item.setForeground(QColor("#92400e"))
        item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.setItem(row, WHY_COLUMN, item)
        self.table.setSpan(row, WHY_COLUMN, 1, 4)

    def _on_condition(self, condition: QComboBox, disposition: QComboBox) -> None:
        """A damaged item does not go back on the shelf (the associate can still change it)."""
        target = "damaged" if condition.currentData() == "damaged" else "restock"
        disposition.setCurrentIndex(max(0, disposition.findData(target)))

    # ----- draft and preview --------------------------------------------------------------------

    def draft(self) -> ReturnDraft:
        """The return as entered (lines with at least one unit)."""
        quote = self.quote
        lines = []
        for row, rl in enumerate(quote.lines if quote else ()):
            qty = self.qty[row].value()
            if qty <= 0:
                continue
            lines.append(DraftLine(sku=rl.line.sku or "", qty=qty, reason=self.reasons[row].currentData(),
                                   condition=self.conditions[row].currentData(),
                                   disposition=self.dispositions[row].currentData(),
                                   line_id=rl.line.id if quote and quote.order is not None else None))
        order = quote.order if quote else None
        customer = quote.customer.id if quote and quote.customer else (order.customer_id if order else None)
        return ReturnDraft(lines=lines, refund_method=self.method.currentData() or "original_tender",
                           order_id=order.id if order else None, customer_id=customer)

    def _changed(self) -> None:
        self._preview_timer.start()
        self._update_buttons()

    def _run_preview(self) -> None:
        draft = self.draft()
        if self._task is not None and not self._task.done():
            self._task.cancel()
        self._task = self.ctx.ops.run(self.ctx.db(self.ctx.services.returns.preview, draft, self.ctx.is_online()),
                                      self._on_preview, self._on_preview_failed)

    def _on_preview(self, preview: ReturnPreview) -> None:
        self.preview = preview
        if self.approval is not None and not self.approval.covers(preview.refund_cents, preview.approval_codes):
            self.approval = None  # the manager approved a smaller refund or other limits: ask again
        self.figures["refund"].setText(money(preview.refund_cents))
        self.figures["points"].setText(f"{preview.points_reversed:,}")
        cap = preview.offline_cap_left_cents
        self.figures["cap"].setVisible(cap is not None)
        self.figures["cap_caption"].setVisible(cap is not None)
        if cap is not None:
            self.figures["cap"].setText(money(cap))
            self.figures["cap"].setToolTip(self.tr("Refunds this terminal may still give before the central "
                                                   "service confirms them."))
        self.problems.setText("\n".join("• " + p for p in preview.problems))
        self.problems.setVisible(bool(preview.problems))
        needs = bool(preview.needs_approval)
        self.needs.setText(self.tr("A manager must approve:") + "\n" + "\n".join("• " + n for n in preview.needs_approval)
                           if needs else "")
        self.needs.setVisible(needs and self.approval is None)
        self.approve.setVisible(needs and self.approval is None)
        self.approved.setVisible(needs and self.approval is not None)
        if self.approval is not None:
            self.approved.setText(self.tr("Approved by %1 for a refund up to %2.")
                                  .replace("%1", self.approval.manager_name)
                                  .replace("%2", money(self.approval.refund_cents)))
        self._update_buttons()
        self.preview_shown.emit()

    def _on_preview_failed(self, exc: BaseException) -> None:
        self.preview = None
        self.problems.setText(str(exc))
        self.problems.show()
        self._update_buttons()
        self.preview_shown.emit()

    def _approval_reason(self) -> str:
        return "; ".join(self.preview.needs_approval) if self.preview else ""

    def set_approval(self, approval: Approval | None) -> None:
        """A manager approved: kept while the refund stays within what they approved and the needs
        stay the ones they saw."""
        self.approval = approval
        if self.preview is not None:
            self._on_preview(self.preview)

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update_buttons()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def _update_buttons(self) -> None:
        preview = self.preview
        draft_lines = any(spin.value() > 0 for spin in self.qty)
        fresh = preview is not None and not self._preview_timer.isActive()
        blocked = bool(preview and preview.problems)
        needs = bool(preview and preview.needs_approval) and self.approval is None
        self.submit.setEnabled(draft_lines and fresh and not blocked and not needs and not self._busy)
        if not draft_lines:
            tip = self.tr("Choose how many units come back.")
        elif blocked:
            tip = self.tr("Fix the problems listed first.")
        elif needs:
            tip = self.tr("A manager must approve this return first.")
        else:
            tip = ""
        self.submit.setToolTip(tip)

    def _submit(self) -> None:
        if self.submit.isEnabled():
            self.submit_requested.emit(self.draft(), self.approval)
