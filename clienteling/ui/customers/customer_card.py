"""A compact card of the selected customer (the full 360 view comes with its own screen)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from clienteling.ui.formatting import relative_day


class CustomerCard(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("customerCard")
        self.setMinimumWidth(340)
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.title.setObjectName("cardTitle")
        self.tier = QLabel(self)
        self.tier.setObjectName("tierBadge")
        self.details = QLabel(self)
        self.details.setObjectName("cardDetails")
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 20, 20, 20)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(self.tier, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.details)
        layout.addStretch(1)
        self.show_customer(None)

    def show_customer(self, customer: Any | None) -> None:
        if customer is None:
            self.title.setText(self.tr("No customer selected"))
            self.tier.hide()
            self.details.setText(self.tr("Search above, then press Enter or double-click a result."))
            return
        self.title.setText(f"{customer.first_name} {customer.last_name}")
        self.tier.setText((customer.tier or "member").upper())
        self.tier.setProperty("tier", customer.tier or "member")
        self.tier.style().unpolish(self.tier)
        self.tier.style().polish(self.tier)
        self.tier.show()
        lines = [
            self.tr("Loyalty card: %1").replace("%1", customer.loyalty_number or self.tr("pending")),
            self.tr("Email: %1").replace("%1", customer.email or "—"),
            self.tr("Phone: %1").replace("%1", customer.phone or "—"),
            self.tr("Home store: %1").replace("%1", customer.home_store_name or customer.home_store_id or "—"),
            self.tr("Last visit: %1").replace("%1", relative_day(customer.last_visit_at) or self.tr("never")),
        ]
        self.details.setText("\n".join(lines))
