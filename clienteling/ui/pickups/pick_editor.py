"""Picking a pickup order: per line the units put aside, and why when fewer than ordered."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QPushButton, QWidget

from sync.protocol import SHORT_REASONS

from clienteling.domain.models import Order, OrderLine
from clienteling.ui.inventory.hold_dialog import Stepper
from clienteling.ui.inventory.text import variant_label
from clienteling.ui.pickups.text import short_reason_label


def describe_parts(line: OrderLine) -> tuple[str, str]:
    """The product's name, and its SKU and variant (without the colour when the name says it)."""
    name = line.product_name or line.sku or ""
    variant = variant_label(line.colour, line.size)
    if line.colour and line.colour in name:
        variant = ""
    return name, " · ".join(x for x in (line.sku if line.product_name else None, variant) if x)


def describe(line: OrderLine, sep: str) -> str:
    """The product's name, then its SKU and variant (unless the name already says the colour)."""
    name, detail = describe_parts(line)
    return f"{name}{sep}{detail}" if detail else name


class PickEditor(QWidget):
    """One row per line: product, ordered, a picked spin box and a short-pick reason (enabled when
    short). ``changed()`` on any edit; :meth:`picks` gives ``(line_id, picked_qty, short_reason)``."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pickEditor")
        self.spins: dict[str, Stepper] = {}
        self.reasons: dict[str, QComboBox] = {}
        self._lines: list[OrderLine] = []
        self._saved: dict[str, tuple[int, str | None]] = {}
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(14)
        self.grid.setVerticalSpacing(8)
        self.all_picked = QPushButton(self.tr("All picked"), self)
        self.all_picked.setObjectName("allPicked")
        self.all_picked.setToolTip(self.tr("Every line picked in full"))
        self.all_picked.clicked.connect(self._pick_all)

    def set_order(self, order: Order) -> None:
        """Rows for the order's lines, starting from what is recorded."""
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget()
            if widget is not None and widget is not self.all_picked:
                widget.deleteLater()
        self.spins.clear()
        self.reasons.clear()
        self._lines = list(order.lines)
        for column, text in enumerate((self.tr("Product"), self.tr("Ordered"), self.tr("Picked"),
                                       self.tr("Why short"))):
            header = QLabel(text, self)
            header.setObjectName("fieldLabel")
            self.grid.addWidget(header, 0, column)
        for index, line in enumerate(self._lines):
            row = 1 + 2 * index  # the name across the editor, then its details beside the controls
            product, detail = describe_parts(line)
            name = QLabel(product, self)
            name.setObjectName("pickLineName")
            name.setTextFormat(Qt.TextFormat.PlainText)
            name.setWordWrap(True)
            details = QLabel(detail, self)
            details.setObjectName("mutedText")
            details.setTextFormat(Qt.TextFormat.PlainText)
            details.setWordWrap(True)
            ordered = QLabel(str(line.qty), self)
            ordered.setAlignment(Qt.AlignmentFlag.AlignCenter)
            spin = Stepper(0, line.qty, min(line.picked_qty or 0, line.qty), "",
                           self.tr("Units picked of %1").replace("%1", line.product_name or line.sku or ""), self)
            spin.setObjectName("pickSpin")
            reason = QComboBox(self)
            reason.setObjectName("shortReason")
            reason.setAccessibleName(self.tr("Why fewer were picked"))
            reason.addItem(self.tr("Choose why…"), None)
            for code in SHORT_REASONS:
                reason.addItem(short_reason_label(code), code)
            if line.short_reason:
                reason.setCurrentIndex(max(0, reason.findData(line.short_reason)))
            spin.box.valueChanged.connect(self._on_edit)
            reason.currentIndexChanged.connect(self._on_edit)
            self.spins[line.id] = spin
            self.reasons[line.id] = reason
            self.grid.addWidget(name, row, 0, 1, 4)
            self.grid.addWidget(details, row + 1, 0, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(ordered, row + 1, 1)
            self.grid.addWidget(spin, row + 1, 2)
            self.grid.addWidget(reason, row + 1, 3)
        self.grid.addWidget(self.all_picked, 2 * len(self._lines) + 1, 2, 1, 2, Qt.AlignmentFlag.AlignLeft)
        self.grid.setColumnStretch(0, 1)
        self._saved = {lid: self._value(lid) for lid in self.spins}
        self._sync_reasons()

    def _value(self, line_id: str) -> tuple[int, str | None]:
        picked = self.spins[line_id].value()
        line = next(line for line in self._lines if line.id == line_id)
        return picked, (self.reasons[line_id].currentData() if picked < line.qty else None)

    def _pick_all(self) -> None:
        for line in self._lines:
            self.spins[line.id].setValue(line.qty)

    def _on_edit(self) -> None:
        self._sync_reasons()
        self.changed.emit()

    def _sync_reasons(self) -> None:
        for line in self._lines:
            short = self.spins[line.id].value() < line.qty
            self.reasons[line.id].setEnabled(short)
            self.reasons[line.id].setProperty("missing", short and self.reasons[line.id].currentData() is None)
            self.reasons[line.id].style().unpolish(self.reasons[line.id])
            self.reasons[line.id].style().polish(self.reasons[line.id])

    def picks(self) -> list[tuple[str, int, str | None]]:
        """Every line as ``(line_id, picked_qty, short_reason)``."""
        return [(line.id, *self._value(line.id)) for line in self._lines]

    def dirty(self) -> bool:
        """Whether anything differs from what was recorded when the order was shown."""
        return any(self._value(lid) != saved for lid, saved in self._saved.items())

    def problem(self) -> str | None:
        """Why the order cannot be marked ready as edited (None: it can)."""
        if not self._lines:
            return self.tr("The order has no lines.")
        if any(picked < line.qty and not reason
               for line, (_lid, picked, reason) in zip(self._lines, self.picks())):
            return self.tr("Say why each short line has fewer units than ordered.")
        if sum(picked for _lid, picked, _reason in self.picks()) == 0:
            return self.tr("Pick at least one unit before marking the order ready.")
        return None
