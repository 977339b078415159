"""The pickup queue table: order, customer, items, placed, and the SLA as a badge (red when overdue)."""

from __future__ import annotations

from datetime import datetime, timezone

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from clienteling.domain.pickups import PickupSummary
from clienteling.ui.formatting import parse_time
from clienteling.ui.pickups.text import aging_text, placed_ago, status_label
from clienteling.ui.profile.rows_model import Col, RowsModel

AGING_COLUMN = 4
OVERDUE_ROLE = Qt.ItemDataRole.UserRole + 7


def _tr(text: str) -> str:
    return QCoreApplication.translate("Pickups", text)


def _placed(s: PickupSummary) -> str:
    when = parse_time(s.order.placed_at)
    if when is None:
        return ""
    return placed_ago((datetime.now(timezone.utc) - when).total_seconds())


def _items(s: PickupSummary) -> str:
    units = sum(line.qty for line in s.order.lines) or s.order.item_count
    return str(units)


def _aging(s: PickupSummary) -> str:
    """The SLA for open orders; for closed ones what happened (the Done tab mixes them)."""
    if s.order.status in ("collected", "cancelled", "expired"):
        return status_label(s.order.status)
    return aging_text(s.order.status, s.aging) or status_label(s.order.status)


class QueueModel(RowsModel):
    """Pickup summaries; ``OVERDUE_ROLE`` on the SLA column says whether to paint it red."""

    def __init__(self, parent=None) -> None:
        super().__init__((
            Col(_tr("Order"), lambda s: s.order.order_number or s.order.id[:8]),
            Col(_tr("Customer"), lambda s: s.customer_name or _tr("Guest"),
                tooltip=lambda s: s.customer_name or _tr("Guest")),  # the column may be too narrow
            Col(_tr("Items"), _items, align_right=True),
            Col(_tr("Placed"), _placed, sort_key=lambda s: s.order.placed_at or ""),
            Col(_tr("Due"), _aging, sort_key=lambda s: s.aging.due_at or "",
                tone=lambda s: "bad" if s.aging.overdue else None),
        ), parent)

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):
        if role == OVERDUE_ROLE:
            row = self.row_at(index.row()) if index.isValid() else None
            return bool(row is not None and row.aging.overdue and row.order.status in ("placed", "picking", "ready"))
        return super().data(index, role)

    def summary(self, row: int) -> PickupSummary | None:
        return self.row_at(row)

    def row_of(self, order_id: str) -> int:
        return next((i for i, s in enumerate(self.rows()) if s.order.id == order_id), -1)


class AgingDelegate(QStyledItemDelegate):
    """Overdue rows' SLA cell as a red pill ("Overdue 35 min"); other cells as usual."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        if not index.data(OVERDUE_ROLE):
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        widget: QWidget | None = option.widget  # type: ignore[attr-defined]
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = opt.font
        font.setBold(True)
        font.setPixelSize(13)
        painter.setFont(font)
        metrics = painter.fontMetrics()
        width = metrics.horizontalAdvance(text) + 20
        height = metrics.height() + 8
        rect = QRectF(option.rect.left() + 8, option.rect.center().y() - height / 2 + 1, width, height)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#dc2626"))
        painter.drawRoundedRect(rect, height / 2, height / 2)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), text)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex):  # noqa: N802
        hint = super().sizeHint(option, index)
        if index.data(OVERDUE_ROLE):  # room for the pill's padding and bold text; plain cells need none
            hint.setWidth(hint.width() + 56)
        return hint
