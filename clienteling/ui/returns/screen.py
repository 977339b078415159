"""The returns screen: find the purchase (or take a return without a receipt), choose the lines
with a live preview of the refund and the rules, get a manager's approval when a limit needs it,
then the summary with the central service's verdict and the receipt."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from clienteling.domain.models import Approval, Outcome, WriteResult
from clienteling.domain.returns import ReturnDraft, ReturnQuote, ReturnRecord
from clienteling.domain.rules import DomainError
from clienteling.ui.context import ScreenContext
from clienteling.ui.pickups.outcome import wait_for_outcome
from clienteling.ui.pin_dialog import PinDialog
from clienteling.ui.returns.find_step import FindStep
from clienteling.ui.returns.lines_step import LinesStep
from clienteling.ui.returns.summary_step import SummaryStep


class ReturnsScreen(QWidget):
    """Signals: ``customer_activated(customer_id)``; ``step_changed(name)`` (find | lines | summary);
    ``outcome_shown(state)`` once the verdict on a submitted return is on screen."""

    customer_activated = Signal(str)
    step_changed = Signal(str)
    outcome_shown = Signal(str)

    def __init__(self, ctx: ScreenContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("returnsScreen")
        self.ctx = ctx
        self.pin_dialog: PinDialog | None = None
        self._last: WriteResult[ReturnRecord] | None = None
        self._approver: str | None = None

        self.find_step = FindStep(ctx, self)
        self.lines_step = LinesStep(ctx, self)
        self.summary_step = SummaryStep(ctx, self)
        self.steps = QStackedWidget(self)
        for step in (self.find_step, self.lines_step, self.summary_step):
            self.steps.addWidget(step)
        self.error = QLabel(self)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setObjectName("formError")
        self.error.setWordWrap(True)
        self.error.hide()

        self.find_step.order_chosen.connect(self.open_order)
        self.find_step.receiptless_chosen.connect(self.open_receiptless)
        self.lines_step.back.connect(lambda: self._go(self.find_step))
        self.lines_step.approval_requested.connect(self.ask_approval)
        self.lines_step.submit_requested.connect(self._submit)
        self.summary_step.new_return.connect(self.reset)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(10)
        layout.addWidget(self.error)
        layout.addWidget(self.steps, 1)

    @property
    def service(self) -> Any:
        return self.ctx.services.returns

    # ----- public API (the main window calls these) ---------------------------------------------

    def refresh(self) -> None:
        """New data arrived: a submitted return's verdict, or fresh quantities for the lines."""
        if self.steps.currentWidget() is self.summary_step and self._last is not None:
            self._check_outcome(self._last, wait=False)

    def find(self, text: str) -> None:
        """A scanned receipt or order number: start (or restart) a return from it."""
        self._go(self.find_step)
        self.find_step.find(text)

    def scan_product(self, code: str) -> bool:
        """A product scanned while adding items to a receipt-less return; False when not in that step
        (the caller then handles the scan as usual)."""
        if self.steps.currentWidget() is self.find_step and self.find_step.receiptless():
            self.find_step.add_item(code)
            return True
        return False

    def reset(self) -> None:
        """Start the next return."""
        self._last = None
        self._approver = None
        self.find_step.reset()
        self._go(self.find_step)

    def reset_for_new_session(self) -> None:
        """Another associate signed in: the previous one's draft and manager approval are dropped."""
        self.reset()

    def open_order(self, order_id: str) -> None:
        """Go to the lines of ``order_id``."""
        self._quote(self.ctx.db(self.service.quote, order_id))

    def open_receiptless(self, customer_id: str, skus: list[str]) -> None:
        self._quote(self.ctx.db(self.service.receiptless_quote, customer_id, skus))

    # ----- steps --------------------------------------------------------------------------------

    def _go(self, step: QWidget) -> None:
        self.error.hide()
        self.steps.setCurrentWidget(step)
        self.step_changed.emit({self.find_step: "find", self.lines_step: "lines"}.get(step, "summary"))

    def _quote(self, work) -> None:
        self.ctx.ops.run(work, self._on_quote, self._on_error)

    def _on_quote(self, quote: ReturnQuote) -> None:
        self._approver = None
        self.lines_step.set_quote(quote)
        self._go(self.lines_step)

    def _on_error(self, exc: BaseException) -> None:
        text = exc.message if isinstance(exc, DomainError) else str(exc) or type(exc).__name__
        self.error.setText(text)
        self.error.show()

    def ask_approval(self, why: str) -> None:
        """Open the manager PIN dialog; an approval goes to the lines step."""
        preview = self.lines_step.preview
        dialog = PinDialog(self.ctx, why, self, preview.refund_cents if preview else 0,
                           preview.approval_codes if preview else ())
        dialog.approved.connect(self._on_approved)
        dialog.finished.connect(lambda _code: self._dialog_closed(dialog))
        self.pin_dialog = dialog
        dialog.open()

    def _on_approved(self, approval: Approval) -> None:
        self._approver = approval.manager_name
        self.lines_step.set_approval(approval)

    def _dialog_closed(self, dialog: PinDialog) -> None:
        if self.pin_dialog is dialog:
            self.pin_dialog = None
        dialog.deleteLater()

    def _submit(self, draft: ReturnDraft, approval: Approval | None) -> None:
        self.lines_step.set_busy(True)
        self.lines_step.show_error("")
        work = self.ctx.perform(self.service.submit, draft, self.ctx.associate_id, self.ctx.is_online(), approval)
        self.ctx.ops.run(work, self._on_submitted, self._on_refused)

    def _on_refused(self, exc: BaseException) -> None:
        self.lines_step.set_busy(False)
        if isinstance(exc, DomainError) and exc.code == "manager_required":
            self.lines_step.show_error(exc.message)
            self.ask_approval(exc.message)
        elif isinstance(exc, DomainError):
            self.lines_step.show_error(exc.message)
        else:
            self.lines_step.show_error(self.tr("The return could not be recorded: %1").replace("%1", str(exc)))

    def _on_submitted(self, result: WriteResult[ReturnRecord]) -> None:
        self.lines_step.set_busy(False)
        self._last = result
        self.summary_step.show_record(result.value, self._approver)
        self.summary_step.show_outcome(Outcome("pending"), checking=bool(self.ctx.is_online()))
        self._go(self.summary_step)
        self._check_outcome(result, wait=True)

    def _check_outcome(self, result: WriteResult[ReturnRecord], wait: bool) -> None:
        service, outbox = self.service, self.ctx.services.outbox
        return_id, mutation_id = result.value.id, result.mutation_id

        async def work() -> tuple[Outcome, ReturnRecord | None]:
            outcome = (await wait_for_outcome(self.ctx, mutation_id) if wait
                       else await self.ctx.db(outbox.outcome, mutation_id))
            return outcome, await self.ctx.db(service.get, return_id)

        self.ctx.ops.run(work(), lambda r: self._on_outcome(result, *r),
                         lambda _exc: self._on_outcome(result, Outcome("pending"), None))

    def _on_outcome(self, result: WriteResult[ReturnRecord], outcome: Outcome, record: ReturnRecord | None) -> None:
        if self._last is not result:
            return
        if record is not None:
            self.summary_step.show_record(record, self._approver)
        self.summary_step.show_outcome(outcome)
        self.outcome_shown.emit(outcome.state)
