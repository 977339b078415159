"""For them: products to suggest to the customer, ranked offline from the cache, each with why,
where it can be had, and one tap to hold it here or to remember it as a follow-up."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QScrollArea,
                               QSizePolicy, QVBoxLayout, QWidget)

from clienteling.domain.recommend import Recommendation
from clienteling.ui.inventory.text import km
from clienteling.ui.profile.fmt import money, moment
from clienteling.ui.profile.widgets import EmptyOr, section

COLUMNS = 2


def _label(text: str, name: str, parent: QWidget, wrap: bool = True) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName(name)
    label.setWordWrap(wrap)
    return label


def _about_stock(reason: str, reco: Recommendation) -> bool:
    """A secondary reason that only repeats what the availability badge already says."""
    if reco.available_here > 0:
        return reason.endswith("in stock here")
    return reco.nearest is not None and f" at {reco.nearest.store_name} (" in reason


class RecommendationCard(QFrame):
    """One suggestion: name, variant, price, reasons, availability and its two actions."""

    hold_clicked = Signal(object)
    follow_up_clicked = Signal(object)
    stock_clicked = Signal(str)

    def __init__(self, reco: Recommendation, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reco = reco
        self.setObjectName("panel")
        # Columns share the width evenly whatever their text (the labels wrap).
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.name = section(reco.name, self)
        self.name.setWordWrap(True)
        self.price = section(money(reco.price_cents), self)
        self.price.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.variant = _label(self._variant(reco), "mutedText", self)
        self.reason = _label(reco.reasons[0] if reco.reasons else "", "contactValue", self)
        others = [r for r in reco.reasons[1:] if not _about_stock(r, reco)]
        self.more = _label("  ·  ".join(others), "mutedText", self)
        self.more.setVisible(bool(others))
        here = reco.available_here > 0
        self.stock = _label(self._where(reco), "consentBadge", self, wrap=False)
        self.stock.setProperty("optin", "true" if here else "false")
        self.stock.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)

        self.hold = QPushButton(self.tr("Hold"), self)
        self.hold.setObjectName("primaryButton")
        self.hold.setEnabled(here)
        self.hold.setToolTip(self.tr("Put one aside here for this customer") if here
                             else self.tr("Not in stock here: it cannot be held at this store"))
        self.follow_up = QPushButton(self.tr("Follow-up"), self)
        self.follow_up.setObjectName("outreachButton")
        self.follow_up.setToolTip(self.tr("Add a follow-up to suggest this product"))
        self.see_stock = QPushButton(self.tr("Stock"), self)
        self.see_stock.setObjectName("backButton")
        self.see_stock.setToolTip(self.tr("Open this product in Inventory"))
        for button in (self.hold, self.follow_up, self.see_stock):
            button.setMinimumWidth(88)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.hold.clicked.connect(lambda: self.hold_clicked.emit(self.reco))
        self.follow_up.clicked.connect(lambda: self.follow_up_clicked.emit(self.reco))
        self.see_stock.clicked.connect(lambda: self.stock_clicked.emit(self.reco.sku))

        top = QHBoxLayout()
        top.addWidget(self.name, 1)
        top.addWidget(self.price)
        stock = QHBoxLayout()
        stock.addWidget(self.stock)
        stock.addStretch(1)
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addStretch(1)
        buttons.addWidget(self.see_stock)
        buttons.addWidget(self.follow_up)
        buttons.addWidget(self.hold)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.variant)
        layout.addWidget(self.reason)
        layout.addWidget(self.more)
        layout.addLayout(stock)
        layout.addStretch(1)  # cards side by side share a height: actions line up at the bottom
        layout.addSpacing(4)
        layout.addLayout(buttons)

    def _variant(self, reco: Recommendation) -> str:
        parts = [reco.brand, reco.category, reco.colour]
        if reco.size and reco.size.lower() == "one size":
            parts.append(reco.size)
        elif reco.size:
            parts.append(self.tr("size %1").replace("%1", reco.size))
        return "  ·  ".join(p for p in parts if p)

    def _where(self, reco: Recommendation) -> str:
        if reco.available_here > 0:
            return self.tr("%1 in stock here").replace("%1", str(reco.available_here))
        if reco.nearest is not None:
            return (self.tr("Not here · %1 at %2 (%3)").replace("%1", str(reco.nearest.qty))
                    .replace("%2", reco.nearest.store_name).replace("%3", km(reco.nearest.distance_km)))
        return self.tr("Not in stock nearby")


class RecommendationsTab(QWidget):
    """Signals ``hold_requested(rec)``, ``follow_up_requested(rec)``, ``product_requested(sku)``;
    the screen loads the list and calls ``show_loading``, ``show_items``, ``show_unavailable``."""

    hold_requested = Signal(object)
    follow_up_requested = Signal(object)
    product_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards: list[RecommendationCard] = []
        self.title = section(self.tr("Suggestions"), self)
        self.as_of = _label("", "dataAsOf", self, wrap=False)
        self.offline = _label("", "capNotice", self)
        self.offline.hide()

        self.grid_host = QWidget(self)
        self.grid_host.setObjectName("recoGrid")
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 4, 0)
        self.grid.setHorizontalSpacing(16)
        self.grid.setVerticalSpacing(12)
        self.grid.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.grid_host)
        self.scroll.viewport().setAutoFillBackground(False)
        self.grid_host.setAutoFillBackground(False)
        self.list = EmptyOr(self.scroll, "", self)

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.as_of)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self.offline)
        layout.addWidget(self.list, 1)
        self.show_loading()

    # ----- states -------------------------------------------------------------------------------

    def show_loading(self, keep: bool = True) -> None:
        """While the suggestions are being ranked; ``keep`` leaves the current ones up meanwhile
        (a refresh of the same customer), otherwise they go at once (never another customer's)."""
        if not keep:
            self._clear()
            self.title.setText(self.tr("Suggestions"))
            self.as_of.setText("")
            self.offline.hide()
        if not self.cards:
            self._empty(self.tr("Finding suggestions…"))

    def show_unavailable(self) -> None:
        """This terminal has no recommendation service (or the ranking failed)."""
        self.show_loading(keep=False)
        self._empty(self.tr("Suggestions are not available on this terminal right now."))

    def show_items(self, items: Sequence[Recommendation], first_name: str | None, as_of: str | None,
                   online: bool | None) -> None:
        """The ranked suggestions, when the data they rest on was synced, and whether we are online."""
        self._clear()
        who = first_name or self.tr("this customer")
        self.title.setText(self.tr("Suggestions for %1").replace("%1", who))
        when = moment(as_of)
        self.as_of.setText(self.tr("Stock and catalogue as of %1").replace("%1", when) if when
                           else self.tr("Not synced yet"))
        self.offline.setText(self.tr("Offline: suggestions use the stock from the last sync; it may have "
                                     "changed. Holds are sent when the connection is back."))
        self.offline.setVisible(online is False)
        if not items:
            self._empty(self.tr("No suggestions right now: nothing that goes with what %1 bought is in "
                                "stock here or at a nearby store.").replace("%1", who))
            return
        for index, reco in enumerate(items):
            card = RecommendationCard(reco, self.grid_host)
            card.hold_clicked.connect(self.hold_requested)
            card.follow_up_clicked.connect(self.follow_up_requested)
            card.stock_clicked.connect(self.product_requested)
            self.grid.addWidget(card, index // COLUMNS, index % COLUMNS)
            self.cards.append(card)
        for column in range(COLUMNS):
            self.grid.setColumnStretch(column, 1)
        self.list.set_empty(False)

    def set_busy(self, busy: bool) -> None:
        """Disable the actions while a hold or follow-up is being saved (one change at a time)."""
        for card in self.cards:
            card.hold.setEnabled(not busy and card.reco.available_here > 0)
            card.follow_up.setEnabled(not busy)

    def _empty(self, text: str) -> None:
        self.list.empty.setText(text)
        self.list.set_empty(True)

    def _clear(self) -> None:
        for card in self.cards:
            self.grid.removeWidget(card)
            card.deleteLater()
        self.cards = []
