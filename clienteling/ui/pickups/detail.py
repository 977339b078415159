"""One pickup order in full: header, lines, handovers so far, and the actions its state allows.

The detail only shows and asks; the screen performs the writes (signals ``pick_requested``,
``ready_requested``, ``cancel_requested``, ``handover_requested``, ``customer_requested``)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout,
                               QWidget)

from clienteling.domain.models import Order, OrderLine
from clienteling.domain.pickups import Handover, PickupSummary
from clienteling.ui.pickups.pick_editor import PickEditor, describe
from clienteling.ui.pickups.text import aging_text, channel_label, short_reason_label, status_label, \
    verification_label
from clienteling.ui.profile.fmt import moment
from clienteling.ui.profile.rows_model import Col, RowsModel
from clienteling.ui.profile.widgets import EmptyOr, section, table

OPEN_STATES = ("placed", "picking", "ready")


def _repolish(widget: QWidget) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def _remaining(line: OrderLine) -> int:
    """Picked units not yet handed over (counting this terminal's unconfirmed handovers)."""
    return max(0, (line.picked_qty or 0) - line.collected_now)


class OrderDetail(QFrame):
    """Shows one order (:meth:`show_order`); emits what the associate asks for."""

    pick_requested = Signal(object)      # list[(line_id, picked_qty, short_reason)]
    ready_requested = Signal(object)     # the picks to save first (None: nothing changed)
    cancel_requested = Signal()
    handover_requested = Signal()
    customer_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pickupDetail")
        self.order: Order | None = None
        self.customer_name: str | None = None
        self._busy = False

        self.placeholder = QLabel(self.tr("Pick an order from the queue, or find one by its number, "
                                          "pickup code or the customer's name."), self)
        self.placeholder.setObjectName("emptyState")
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.body = QWidget(self)
        self.body.setObjectName("pickupDetailBody")
        self.title = QLabel(self.body)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setObjectName("pickupTitle")
        self.status = QLabel(self.body)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setObjectName("pickupStatus")
        self.customer = QPushButton(self.body)
        self.customer.setObjectName("pickupCustomer")
        self.customer.setAccessibleName(self.tr("Open the customer's profile"))
        self.customer.clicked.connect(self._open_customer)
        title_row = QHBoxLayout()
        title_row.setSpacing(10)
        title_row.addWidget(self.title)
        title_row.addWidget(self.status)
        title_row.addStretch(1)
        title_row.addWidget(self.customer)

        self.facts: dict[str, QLabel] = {}
        facts = QGridLayout()
        facts.setHorizontalSpacing(18)
        facts.setVerticalSpacing(2)
        for column, (key, caption) in enumerate((("code", self.tr("Pickup code")), ("channel", self.tr("Channel")),
                                                 ("placed", self.tr("Placed")), ("ready", self.tr("Ready")),
                                                 ("due", self.tr("Due")))):
            label = QLabel(caption, self.body)
            label.setObjectName("fieldLabel")
            value = QLabel(self.body)
            value.setObjectName("factValue")
            value.setTextFormat(Qt.TextFormat.PlainText)
            facts.addWidget(label, 0, column)
            facts.addWidget(value, 1, column)
            self.facts[key] = value
        facts.setColumnStretch(4, 1)

        self.banner = QLabel(self.body)
        self.banner.setObjectName("pickupBanner")
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.hide()

        self.lines = RowsModel((
            Col(self.tr("Product"), self._product, tooltip=self._product),
            Col(self.tr("Ordered"), lambda line: str(line.qty), align_right=True),
            Col(self.tr("Picked"), lambda line: str(line.picked_qty or 0), align_right=True,
                tone=lambda line: "warn" if (line.picked_qty or 0) < line.qty else None),
            Col(self.tr("Short"), lambda line: short_reason_label(line.short_reason) if line.short_reason else ""),
            Col(self.tr("Handed over"), self._collected, align_right=True),
        ), self)
        self.lines_table = table(self.lines, self.tr("Order lines"), self.body, stretch=0)
        self.lines_table.setObjectName("pickupLines")

        self.pick_title = section(self.tr("Pick the items"), self.body)
        self.editor = PickEditor(self.body)
        self.editor.changed.connect(self._update_actions)

        self.handovers = RowsModel((
            Col(self.tr("When"), lambda h: moment(h.collected_at)),
            Col(self.tr("By"), lambda h: h.associate_name or h.associate_id or ""),
            Col(self.tr("Collected by"), lambda h: h.collector_name or self.tr("The customer")),
            Col(self.tr("Checked"), lambda h: verification_label(h.method, (h.details or {}).get("id_type"))),
            Col(self.tr("Units"), lambda h: str(sum(q for _lid, q in h.lines)), align_right=True),
            Col(self.tr("State"), lambda h: self.tr("Not yet confirmed") if h.pending else self.tr("Confirmed"),
                tone=lambda h: "warn" if h.pending else "good"),
        ), self)
        self.handovers_table = table(self.handovers, self.tr("Handovers"), self.body, stretch=2)
        self.handovers_table.setObjectName("pickupHandovers")
        self.handovers_box = EmptyOr(self.handovers_table, self.tr("Nothing handed over yet."), self.body)
        self.handovers_title = section(self.tr("Handovers"), self.body)

        self.hint = QLabel(self.body)
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setObjectName("mutedText")
        self.hint.setWordWrap(False)
        self.save_picks = QPushButton(self.tr("Save picks"), self.body)
        self.save_picks.setObjectName("savePicks")
        self.save_picks.clicked.connect(lambda: self.pick_requested.emit(self.editor.picks()))
        self.mark_ready = QPushButton(self.tr("Mark ready"), self.body)
        self.mark_ready.setObjectName("primaryButton")
        self.mark_ready.setAccessibleName(self.tr("Mark the order ready for pickup"))
        self.mark_ready.clicked.connect(
            lambda: self.ready_requested.emit(self.editor.picks() if self.editor.dirty() else None))
        self.hand_over = QPushButton(self.tr("Hand over…"), self.body)
        self.hand_over.setObjectName("primaryButton")
        self.hand_over.clicked.connect(self.handover_requested)
        self.cancel = QPushButton(self.tr("Cancel order…"), self.body)
        self.cancel.setObjectName("dangerButton")
        self.cancel.clicked.connect(self.cancel_requested)
        buttons = QHBoxLayout()
        buttons.setSpacing(10)
        buttons.addWidget(self.cancel)
        buttons.addStretch(1)
        for button in (self.save_picks, self.mark_ready, self.hand_over):
            buttons.addWidget(button)
        actions = QVBoxLayout()
        actions.setSpacing(8)
        actions.addWidget(self.hint)
        actions.addLayout(buttons)

        inner = QVBoxLayout(self.body)
        inner.setContentsMargins(20, 16, 20, 16)
        inner.setSpacing(10)
        inner.addLayout(title_row)
        inner.addLayout(facts)
        inner.addWidget(self.banner)
        self.items_title = section(self.tr("Items"), self.body)
        inner.addWidget(self.items_title)
        inner.addWidget(self.lines_table)
        inner.addWidget(self.pick_title)
        inner.addWidget(self.editor)
        inner.addWidget(self.handovers_title)
        inner.addWidget(self.handovers_box)
        inner.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setObjectName("pickupScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.body)
        self.scroll = scroll

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.placeholder, 1)
        layout.addWidget(scroll, 1)
        footer = QFrame(self)
        footer.setObjectName("pickupActions")
        footer.setLayout(actions)
        actions.setContentsMargins(20, 10, 20, 12)
        self.footer = footer
        layout.addWidget(footer)
        self.show_order(None)

    # ----- showing ------------------------------------------------------------------------------

    def show_order(self, order: Order | None, customer_name: str | None = None,
                   handovers: list[Handover] | None = None, summary: PickupSummary | None = None) -> None:
        """Show ``order`` (None: the placeholder); keeps the picks being edited when the same
        order is shown again unchanged."""
        same = order is not None and self.order is not None and order.id == self.order.id
        keep_edits = same and self.editor.dirty() and order.lines == self.order.lines  # type: ignore[union-attr]
        self.order = order
        self.customer_name = customer_name
        self.placeholder.setVisible(order is None)
        self.scroll.setVisible(order is not None)
        self.footer.setVisible(order is not None)
        if order is None:
            return
        if not same:
            self.set_banner("", "")
        self.title.setText(self.tr("Order %1").replace("%1", order.order_number or order.id[:8]))
        self.status.setText(status_label(order.status) + (self.tr(" · not yet confirmed") if order.pending else ""))
        self.status.setProperty("status", order.status or "")
        _repolish(self.status)
        self.customer.setText(customer_name or self.tr("Guest"))
        self.customer.setEnabled(bool(order.customer_id))
        self.facts["code"].setText(order.pickup_code or "—")
        self.facts["channel"].setText(channel_label(order.channel))
        self.facts["placed"].setText(moment(order.placed_at))
        self.facts["ready"].setText(moment(order.ready_at) or "—")
        if order.status == "collected":
            self.facts["due"].setText(self.tr("Collected %1").replace("%1", moment(order.collected_at)))
        elif order.status in ("cancelled", "expired"):
            self.facts["due"].setText(status_label(order.status) + " " + moment(order.closed_at))
        else:
            self.facts["due"].setText(aging_text(order.status, summary.aging if summary else None) or "—")
        overdue = bool(summary and summary.aging.overdue and order.status in OPEN_STATES)
        self.facts["due"].setProperty("overdue", overdue)
        _repolish(self.facts["due"])
        self.lines.set_rows(order.lines)
        rows = max(1, len(order.lines))
        self.lines_table.setFixedHeight(self.lines_table.horizontalHeader().height() + 44 * rows + 4)
        picking = order.status in ("placed", "picking")
        self.pick_title.setVisible(picking)
        self.editor.setVisible(picking)
        self.lines_table.setVisible(not picking)
        self.items_title.setVisible(not picking)
        if picking and not keep_edits:
            self.editor.set_order(order)
        rows_h = handovers or []
        self.handovers.set_rows(rows_h)
        self.handovers_box.set_empty(not rows_h)
        self.handovers_table.setFixedHeight(self.handovers_table.horizontalHeader().height() + 44 * max(1, len(rows_h)) + 4)
        self.handovers_box.setFixedHeight(self.handovers_table.height() if rows_h else 64)
        show_handovers = bool(rows_h) or order.status in ("ready", "collected")
        self.handovers_title.setVisible(show_handovers)
        self.handovers_box.setVisible(show_handovers)
        self._update_actions()

    def set_banner(self, text: str, state: str) -> None:
        """A line under the header: the result of the last action (pending | applied | rejected | error)."""
        self.banner.setText(text)
        self.banner.setProperty("state", state)
        _repolish(self.banner)
        self.banner.setVisible(bool(text))

    def set_busy(self, busy: bool) -> None:
        for button in (self.save_picks, self.mark_ready, self.hand_over, self.cancel):
            button.setProperty("busy", busy)
        self._busy = busy
        self._update_actions()

    def _update_actions(self) -> None:
        order = self.order
        if order is None:
            return
        status = order.status or ""
        picking = status in ("placed", "picking")
        left = sum(_remaining(line) for line in order.lines)
        nothing_handed = all(line.collected_now == 0 for line in order.lines)
        self.save_picks.setVisible(picking)
        self.mark_ready.setVisible(picking)
        self.hand_over.setVisible(status == "ready")
        self.cancel.setVisible(status in OPEN_STATES and nothing_handed)
        problem = self.editor.problem() if picking else None
        self.save_picks.setEnabled(picking and self.editor.dirty() and not self._busy)
        self.mark_ready.setEnabled(picking and problem is None and not self._busy)
        self.hand_over.setEnabled(status == "ready" and left > 0 and not self._busy)
        self.cancel.setEnabled(not self._busy)
        if picking:
            self.hint.setText(problem or self.tr("Put the items aside, then mark the order ready: the customer is told."))
        elif status == "ready":
            self.hint.setText(self.tr("%1 units to hand over.").replace("%1", str(left)) if left else
                              self.tr("Everything is handed over; waiting for confirmation."))
        else:
            self.hint.setText(self.tr("This order is closed: %1.").replace("%1", status_label(status).lower()))

    def _product(self, line: OrderLine) -> str:
        return describe(line, " — ")

    def _collected(self, line: OrderLine) -> str:
        if line.pending_collected:
            return self.tr("%1 (%2 not yet confirmed)").replace("%1", str(line.collected_now)) \
                .replace("%2", str(line.pending_collected))
        return str(line.collected_qty or 0)

    def _open_customer(self) -> None:
        if self.order is not None and self.order.customer_id:
            self.customer_requested.emit(self.order.customer_id)
