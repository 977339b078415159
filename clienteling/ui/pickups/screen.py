"""The pickups screen: this store's BOPIS queue by state (to pick, ready, done today), a find box
(order number, pickup code, scanned QR, customer), and the selected order's detail with the actions
its state allows. Reads go through ``ctx.db``, writes through ``ctx.perform``; the central
service's verdict on the last write is read from the outbox when the order is shown again."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QTabBar, QVBoxLayout,
                               QWidget)

from sync.policy import PickupAging

from clienteling.domain.models import Order, Outcome, WriteResult
from clienteling.domain.pickups import Handover, PickupSummary
from clienteling.domain.rules import DomainError
from clienteling.ui.context import ScreenContext
from clienteling.ui.formatting import parse_time
from clienteling.ui.pickups.cancel_dialog import CancelDialog
from clienteling.ui.pickups.detail import OrderDetail
from clienteling.ui.pickups.handover_dialog import HandoverDialog
from clienteling.ui.pickups.queue import AGING_COLUMN, AgingDelegate, QueueModel
from clienteling.ui.profile.widgets import EmptyOr, side_by_side, table

TABS: dict[str, tuple[str, ...]] = {"todo": ("placed", "picking"), "ready": ("ready",),
                                    "done": ("collected", "cancelled", "expired")}
TAB_ORDER = ("todo", "ready", "done")
NO_AGING = PickupAging(None, False, None)
DEBOUNCE_MS = 250


def tab_of(status: str | None) -> str:
    return next((tab for tab, states in TABS.items() if status in states), "done")


def _closed_today(summary: PickupSummary, today) -> bool:
    order = summary.order
    when = parse_time(order.collected_at if order.status == "collected" else order.closed_at)
    return when is not None and when.astimezone().date() == today


class PickupsScreen(QWidget):
    """Signals: ``customer_activated(customer_id)``; ``badge_changed(n)`` (orders to pick, for the
    navigation); ``loaded()`` after each list or detail (re)load (tests and screenshots wait on it)."""

    customer_activated = Signal(str)
    badge_changed = Signal(int)
    loaded = Signal()

    def __init__(self, ctx: ScreenContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pickupsScreen")
        self.ctx = ctx
        self._tab = "todo"
        self._search = ""
        self.order_id: str | None = None
        self._detail: tuple[Order, str | None, list[Handover]] | None = None
        self._last_write: tuple[str, str, str] | None = None   # (order id, mutation id, what)
        self._arrivals: list[PickupSummary] = []
        self._list_task: asyncio.Task | None = None
        self.handover_dialog: HandoverDialog | None = None
        self.cancel_dialog: CancelDialog | None = None

        self.box = QLineEdit(self)
        self.box.setObjectName("pickupSearch")
        self.box.setPlaceholderText(self.tr("Find a pickup: order number, pickup code, scan, or customer name"))
        self.box.setAccessibleName(self.tr("Find a pickup order"))
        self.box.setClearButtonEnabled(True)
        self.box.textChanged.connect(self._on_text)
        self.box.returnPressed.connect(self._run_search)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self._run_search)

        self.banner = QFrame(self)
        self.banner.setObjectName("arrivalBanner")
        self.banner_text = QLabel(self.banner)
        self.banner_text.setObjectName("arrivalText")
        self.banner_text.setTextFormat(Qt.TextFormat.PlainText)
        self.banner_open = QPushButton(self.tr("Open"), self.banner)
        self.banner_open.setObjectName("arrivalOpen")
        self.banner_open.clicked.connect(self._open_arrival)
        self.banner_close = QPushButton("✕", self.banner)
        self.banner_close.setObjectName("arrivalClose")
        self.banner_close.setAccessibleName(self.tr("Dismiss"))
        self.banner_close.clicked.connect(self.banner.hide)
        row = QHBoxLayout(self.banner)
        row.setContentsMargins(16, 6, 8, 6)
        row.addWidget(self.banner_text, 1)
        row.addWidget(self.banner_open)
        row.addWidget(self.banner_close)
        self.banner.hide()

        self.tabs = QTabBar(self)
        self.tabs.setObjectName("pickupTabs")
        self.tabs.setDrawBase(False)
        self.tabs.setExpanding(False)
        for _ in TAB_ORDER:
            self.tabs.addTab("")
        self.tabs.currentChanged.connect(self._on_tab)
        self.results_label = QLabel(self)
        self.results_label.setTextFormat(Qt.TextFormat.PlainText)
        self.results_label.setObjectName("mutedText")
        self.results_label.hide()

        self.model = QueueModel(self)
        self.table = table(self.model, self.tr("Pickup orders"), self, stretch=1)
        self.table.setObjectName("pickupQueue")
        self.table.setItemDelegateForColumn(AGING_COLUMN, AgingDelegate(self.table))
        self.table.selectionModel().currentRowChanged.connect(self._on_row)
        self.queue = EmptyOr(self.table, "", self)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.setSpacing(8)
        left_layout.addWidget(self.tabs)
        left_layout.addWidget(self.results_label)
        left_layout.addWidget(self.queue, 1)

        self.detail = OrderDetail(self)
        self.detail.pick_requested.connect(self._pick)
        self.detail.ready_requested.connect(self._mark_ready)
        self.detail.cancel_requested.connect(self._ask_cancel)
        self.detail.handover_requested.connect(self._ask_handover)
        self.detail.customer_requested.connect(self.customer_activated)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(12)
        layout.addWidget(self.box)
        layout.addWidget(self.banner)
        layout.addWidget(side_by_side(self, left, self.detail, (630, 600)), 1)
        self._show_counts({})

    @property
    def service(self) -> Any:
        return self.ctx.services.pickups

    # ----- public API (the main window calls these) ---------------------------------------------

    def refresh(self) -> None:
        """Read the queue, the counts and the open order again (new data may have arrived)."""
        if self._search:
            self._run_search()
        else:
            self._load_list()
        if self.order_id:
            self._load_detail(self.order_id)

    def show_order(self, order_id: str) -> None:
        """Open one order (a scan, a click elsewhere in the app); its tab comes along."""
        self.order_id = order_id
        self._load_detail(order_id, follow=True)

    def find(self, text: str) -> None:
        """Search as if typed in the find box (a scanned order number or pickup code)."""
        self.box.setText(text)
        self._run_search()

    def notify_arrivals(self, summaries: list[PickupSummary]) -> None:
        """New pickup orders for this store: a banner here (non-modal) and a fresh queue."""
        if not summaries:
            return
        self._arrivals = list(summaries)
        first = summaries[0]
        number = first.order.order_number or first.order.id[:8]
        who = first.customer_name or self.tr("a guest")
        if len(summaries) == 1:
            text = self.tr("New pickup order #%1 for %2.").replace("%1", number).replace("%2", who)
        else:
            text = self.tr("%1 new pickup orders, the latest #%2 for %3.").replace("%1", str(len(summaries))) \
                .replace("%2", number).replace("%3", who)
        self.banner_text.setText(text)
        self.banner.show()
        if not self._search:
            self._load_list()

    def focus_search(self) -> None:
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()

    # ----- the list -----------------------------------------------------------------------------

    def _on_tab(self, index: int) -> None:
        if 0 <= index < len(TAB_ORDER):
            self._tab = TAB_ORDER[index]
            if self._search:
                self.box.blockSignals(True)
                self.box.clear()
                self.box.blockSignals(False)
                self._search = ""
            self._load_list()

    def _load_list(self) -> None:
        service, tab = self.service, self._tab
        today = datetime.now(timezone.utc).astimezone().date()

        def read() -> tuple[dict[str, int], list[PickupSummary], int]:
            counts = service.counts()
            done = [s for s in service.queue(TABS["done"]) if _closed_today(s, today)]
            rows = done if tab == "done" else service.queue(TABS[tab])
            return counts, rows, len(done)

        self._replace_task(self.ctx.ops.run(self.ctx.db(read), lambda r, t=tab: self._on_list(t, *r)))

    def _replace_task(self, task: asyncio.Task) -> None:
        if self._list_task is not None and not self._list_task.done():
            self._list_task.cancel()
        self._list_task = task

    def _on_list(self, tab: str, counts: dict[str, int], rows: list[PickupSummary], done_today: int) -> None:
        if tab != self._tab or self._search:
            return
        self._show_counts({**counts, "done_today": done_today})
        self.results_label.hide()
        self._set_rows(rows, {"todo": self.tr("Nothing to pick. New orders appear here as they arrive."),
                              "ready": self.tr("No order is waiting to be collected."),
                              "done": self.tr("Nothing collected, cancelled or expired today.")}[tab])

    def _set_rows(self, rows: list[PickupSummary], empty_text: str) -> None:
        self.table.selectionModel().blockSignals(True)
        self.model.set_rows(rows)
        row = self.model.row_of(self.order_id) if self.order_id else -1
        if row >= 0:
            self.table.selectRow(row)
        self.table.selectionModel().blockSignals(False)
        self.queue.empty.setText(empty_text)
        self.queue.set_empty(not rows)
        if self._detail is not None:
            self._show_detail(*self._detail)  # the SLA of the open order comes from its row
        self.loaded.emit()

    def _show_counts(self, counts: dict[str, int]) -> None:
        todo = counts.get("placed", 0) + counts.get("picking", 0)
        labels = (self.tr("To pick (%1)").replace("%1", str(todo)),
                  self.tr("Ready (%1)").replace("%1", str(counts.get("ready", 0))),
                  self.tr("Done today (%1)").replace("%1", str(counts.get("done_today", 0))))
        for index, label in enumerate(labels):
            self.tabs.setTabText(index, label)
        overdue = counts.get("overdue", 0)
        self.tabs.setTabToolTip(0, self.tr("%1 overdue").replace("%1", str(overdue)) if overdue else "")
        self.badge_changed.emit(todo)

    def _on_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        summary = self.model.summary(current.row())
        if summary is not None and summary.order.id != self.order_id:
            self.order_id = summary.order.id
            self._load_detail(summary.order.id)

    # ----- search -------------------------------------------------------------------------------

    def _on_text(self, text: str) -> None:
        if text.strip():
            self._debounce.start()
        else:
            self._debounce.stop()
            self._search = ""
            self._load_list()

    def _run_search(self) -> None:
        self._debounce.stop()
        text = self.box.text().strip()
        if not text:
            return
        self._search = text
        service, customers = self.service, self.ctx.services.customers

        def read() -> list[PickupSummary]:
            out = []
            for order in service.find(text):
                customer = customers.get(order.customer_id) if order.customer_id else None
                out.append(PickupSummary(order, customer.display_name if customer else None, NO_AGING))
            return out

        self._replace_task(self.ctx.ops.run(self.ctx.db(read), lambda rows, q=text: self._on_found(q, rows)))

    def _on_found(self, text: str, rows: list[PickupSummary]) -> None:
        if text != self._search:
            return
        self.results_label.setText(self.tr("%1 orders match “%2”.").replace("%1", str(len(rows))).replace("%2", text)
                                   if len(rows) != 1 else self.tr("1 order matches “%1”.").replace("%1", text))
        self.results_label.show()
        self._set_rows(rows, self.tr("No order matches “%1” in this terminal's data.").replace("%1", text))
        if len(rows) == 1:
            self.order_id = rows[0].order.id
            self._load_detail(self.order_id)
            self.table.selectionModel().blockSignals(True)
            self.table.selectRow(0)
            self.table.selectionModel().blockSignals(False)

    # ----- the detail ---------------------------------------------------------------------------

    def _load_detail(self, order_id: str, follow: bool = False) -> None:
        service, customers, outbox = self.service, self.ctx.services.customers, self.ctx.services.outbox
        last = self._last_write if self._last_write and self._last_write[0] == order_id else None

        def read() -> tuple[Order | None, str | None, list[Handover], Outcome | None]:
            order = service.get(order_id)
            if order is None:
                return None, None, [], None
            customer = customers.get(order.customer_id) if order.customer_id else None
            outcome = outbox.outcome(last[1]) if last else None
            return order, customer.display_name if customer else None, service.handovers(order_id), outcome

        self.ctx.ops.run(self.ctx.db(read), lambda r: self._on_detail(order_id, follow, last, *r))

    def _on_detail(self, order_id: str, follow: bool, last: tuple[str, str, str] | None, order: Order | None,
                   name: str | None, handovers: list[Handover], outcome: Outcome | None) -> None:
        if order_id != self.order_id:
            return
        if order is None:
            self._detail = None
            self.detail.show_order(None)
            self.detail.placeholder.setText(self.tr("This order is not in this terminal's data."))
            self.loaded.emit()
            return
        self._detail = (order, name, handovers)
        self._show_detail(order, name, handovers)
        if last is not None and outcome is not None:
            self._show_outcome(last[2], outcome)
        if follow and not self._search and tab_of(order.status) != self._tab:
            self.tabs.setCurrentIndex(TAB_ORDER.index(tab_of(order.status)))  # reloads the list
        elif follow and not self._search:
            self._load_list()
        self.loaded.emit()

    def _show_detail(self, order: Order, name: str | None, handovers: list[Handover]) -> None:
        row = self.model.row_of(order.id)
        summary = self.model.summary(row) if row >= 0 else None
        self.detail.show_order(order, name, handovers, summary if summary and summary.aging is not NO_AGING else None)

    def _show_outcome(self, what: str, outcome: Outcome) -> None:
        if outcome.state == "rejected":
            self.detail.set_banner(self.tr("The central service refused this (%1): %2").replace("%1", what)
                                   .replace("%2", outcome.message or outcome.code or self.tr("no reason given")),
                                   "rejected")
        elif outcome.state == "applied":
            self.detail.set_banner(self.tr("The central service confirmed: %1.").replace("%1", what), "applied")

    # ----- actions ------------------------------------------------------------------------------

    def _write(self, work, what: str, done_text: str) -> None:
        order_id = self.order_id
        self.detail.set_busy(True)

        def ok(result: WriteResult[Any]) -> None:
            self.detail.set_busy(False)
            if order_id is not None:
                self._last_write = (order_id, result.mutation_id, what)
            self.detail.set_banner(done_text, "pending")
            self.refresh()

        def failed(exc: BaseException) -> None:
            self.detail.set_busy(False)
            text = exc.message if isinstance(exc, DomainError) else \
                self.tr("This could not be saved: %1").replace("%1", str(exc))
            self.detail.set_banner(text, "error")

        self.ctx.ops.run(work, ok, failed)

    def _pick(self, picks: list[tuple[str, int, str | None]]) -> None:
        if self.order_id:
            self._write(self.ctx.perform(self.service.pick, self.order_id, picks, self.ctx.associate_id),
                        self.tr("picks saved"), self.tr("Picks saved."))

    def _mark_ready(self, picks: list[tuple[str, int, str | None]] | None) -> None:
        order_id = self.order_id
        if not order_id:
            return
        service, ctx = self.service, self.ctx

        async def work() -> WriteResult[Order]:
            if picks:
                await ctx.perform(service.pick, order_id, picks, ctx.associate_id)
            return await ctx.perform(service.mark_ready, order_id, ctx.associate_id)

        self._write(work(), self.tr("ready for pickup"),
                    self.tr("Ready for pickup. The customer will be told they can collect it."))

    def _ask_cancel(self) -> None:
        order = self.detail.order
        if order is None:
            return
        dialog = CancelDialog(order.order_number or order.id[:8], self)
        dialog.accepted.connect(lambda: self._write(
            self.ctx.perform(self.service.cancel, order.id, dialog.reason(), self.ctx.associate_id),
            self.tr("order cancelled"), self.tr("Order cancelled.")))
        dialog.finished.connect(lambda _code: self._closed(dialog))
        self.cancel_dialog = dialog
        dialog.open()

    def _ask_handover(self) -> None:
        order = self.detail.order
        if order is None or order.status != "ready":
            return
        dialog = HandoverDialog(self.ctx, order, self.detail.customer_name, self)
        dialog.handed_over.connect(lambda _order_id: self.refresh())
        dialog.finished.connect(lambda _code: self._closed(dialog))
        self.handover_dialog = dialog
        dialog.open()

    def _closed(self, dialog: Any) -> None:
        if self.handover_dialog is dialog:
            self.handover_dialog = None
        if self.cancel_dialog is dialog:
            self.cancel_dialog = None
        dialog.deleteLater()

    def _open_arrival(self) -> None:
        self.banner.hide()
        if self._arrivals:
            self.show_order(self._arrivals[0].order.id)
