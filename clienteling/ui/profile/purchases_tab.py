"""Purchases: every order across channels as a timeline, returns marked; the selected order's
lines in a detail pane (double-click a line to see its stock)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QLabel, QWidget

from clienteling.domain.models import CustomerProfile, Order, OrderLine
from clienteling.ui.profile.fmt import day, money
from clienteling.ui.profile.rows_model import Col, RowsModel
from clienteling.ui.profile.widgets import EmptyOr, panel, section, side_by_side, tab_columns, table, wrap_rows


def _returned(order: Order) -> int:
    return sum(line.returned_qty for line in order.lines)


class PurchasesTab(QWidget):
    """``product_requested(sku)`` when the associate opens a line's product."""

    product_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._stores: dict[str, str] = {}
        self._channels = {"online": self.tr("Online"), "app": self.tr("App"), "store": self.tr("In store")}
        # Finished orders (completed, delivered, collected) say nothing: the exceptions stand out.
        self._statuses = {"placed": self.tr("Placed"), "picking": self.tr("Being picked"),
                          "ready": self.tr("Ready for pickup"), "shipped": self.tr("On its way"),
                          "cancelled": self.tr("Cancelled"), "expired": self.tr("Expired (not collected)")}
        self._fulfilment = {"ship": self.tr("Shipped"), "pickup": self.tr("Picked up"),
                            "carry": self.tr("In store")}
        self.orders = RowsModel([
            Col(self.tr("Date"), lambda o: day(o.placed_at), sort_key=lambda o: o.placed_at),
            Col(self.tr("Order"), lambda o: o.order_number or o.id),
            Col(self.tr("Channel"), self._channel),
            Col(self.tr("Where"), lambda o: self._stores.get(o.pickup_store_id or o.store_id or "", ""),
                tooltip=lambda o: self._stores.get(o.pickup_store_id or o.store_id or "", "")),
            Col(self.tr("Total"), lambda o: money(o.total_cents), sort_key=lambda o: o.total_cents,
                align_right=True),
            Col(self.tr("Status"), self._status, tone=self._status_tone),
        ], self)
        self.table = table(self.orders, self.tr("Orders"), self, stretch=3,
                           widths={0: 124, 1: 112, 2: 176, 4: 96, 5: 150})
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._show_lines(cur.row()))
        self.list = EmptyOr(self.table, self.tr("No purchases yet. Orders from every channel show up here."), self)

        self.lines = RowsModel([
            Col(self.tr("Product"), lambda line: line.product_name or line.sku or "",
                tooltip=lambda line: f"{line.product_name or ''} ({line.sku or ''})"),
            Col(self.tr("Qty"), lambda line: str(line.qty), align_right=True),
            Col(self.tr("Price"), lambda line: money(line.price_cents), align_right=True),
            Col(self.tr("Returned"), lambda line: str(line.returned_qty) if line.returned_qty else "",
                tone=lambda line: "warn" if line.returned_qty else None, align_right=True),
        ], self)
        self.line_table = table(self.lines, self.tr("Order lines"), self, stretch=0,
                                widths={1: 48, 2: 76, 3: 96})
        wrap_rows(self.line_table)
        self.line_table.doubleClicked.connect(self._open_product)
        self.line_table.setToolTip(self.tr("Double-click a line to check its stock"))
        detail, detail_layout = panel(self)
        self.detail_title = section(self.tr("Select an order to see its lines"), detail)
        self.detail_facts = QLabel(detail)
        self.detail_facts.setObjectName("mutedText")
        self.detail_facts.setWordWrap(True)
        detail_layout.addWidget(self.detail_title)
        detail_layout.addWidget(self.detail_facts)
        detail_layout.addWidget(self.line_table, 1)

        tab_columns(self, (side_by_side(self, self.list, detail, (820, 410)), 1))

    def _channel(self, o: Order) -> str:
        """"In store", "Online · shipped", "App · picked up": where it was bought and how it left."""
        channel = self._channels.get(o.channel or "", o.channel or "")
        if o.fulfilment in (None, "carry"):
            return channel
        return f"{channel} · {self._how(o).lower()}"

    def _how(self, o: Order) -> str:
        if o.fulfilment == "pickup" and o.status not in ("collected",):
            return self.tr("Pickup")
        return self._fulfilment.get(o.fulfilment or "", o.fulfilment or "")

    def _status(self, o: Order) -> str:
        """Only what needs attention: returns, cancellations, orders still on their way."""
        n = _returned(o)
        if n:
            return self.tr("%1 returned").replace("%1", str(n))
        return self._statuses.get(o.status or "", "")

    @staticmethod
    def _status_tone(o: Order) -> str | None:
        if _returned(o):
            return "warn"
        return "muted" if o.status in ("cancelled", "expired") else None

    def show_profile(self, profile: CustomerProfile) -> None:
        self._stores = dict(profile.store_names)
        selected = self.selected_order()
        self.orders.set_rows(profile.orders)
        self.list.set_empty(not profile.orders)
        ids = [o.id for o in profile.orders]
        row = ids.index(selected.id) if selected is not None and selected.id in ids else -1
        if row >= 0:
            self.table.selectRow(row)
        else:
            self._show_lines(-1)

    def selected_order(self) -> Order | None:
        index = self.table.currentIndex()
        return self.orders.row_at(index.row()) if index.isValid() else None

    def select_order(self, row: int) -> None:
        self.table.selectRow(row)

    def _show_lines(self, row: int) -> None:
        order: Order | None = self.orders.row_at(row)
        if order is None:
            self.detail_title.setText(self.tr("Select an order to see its lines"))
            self.detail_facts.setText("")
            self.lines.set_rows([])
            return
        self.detail_title.setText(self.tr("Order %1").replace("%1", order.order_number or order.id))
        items = self.tr("1 item") if order.item_count == 1 else \
            self.tr("%1 items").replace("%1", str(order.item_count))
        facts = [day(order.placed_at), items, self._channel(order),
                 self._stores.get(order.pickup_store_id or order.store_id or "", ""), money(order.total_cents)]
        if order.pickup_code and order.fulfilment == "pickup":
            facts.append(self.tr("pickup code %1").replace("%1", order.pickup_code))
        self.detail_facts.setText("  ·  ".join(f for f in facts if f))
        self.lines.set_rows(order.lines)

    def _open_product(self, index: QModelIndex) -> None:
        line: OrderLine | None = self.lines.row_at(index.row())
        if line is not None and line.sku:
            self.product_requested.emit(line.sku)
