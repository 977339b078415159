"""The Customer 360 screen: a header and tabs (overview and preferences, suggestions, purchases,
loyalty, notes and follow-ups, consent and outreach), all read from the cache; writes go through
``ctx.perform``."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from clienteling.domain.models import Approval, CustomerProfile, RedeemAllowance
from clienteling.domain.recommend import Recommendation
from clienteling.domain.rules import DomainError
from clienteling.services.loyalty import OFFLINE_CAP
from clienteling.ui.context import ScreenContext
from clienteling.ui.pin_dialog import PinDialog
from clienteling.ui.profile.consent_tab import ConsentTab
from clienteling.ui.profile.header import ProfileHeader
from clienteling.ui.profile.loyalty_tab import LoyaltyTab
from clienteling.ui.profile.notes_tab import NotesTab
from clienteling.ui.profile.overview_tab import OverviewTab
from clienteling.ui.profile.purchases_tab import PurchasesTab
from clienteling.ui.profile.reco_tab import RecommendationsTab

FOLLOW_UP_DAYS = 2
"""A suggestion's follow-up is due this many days ahead (time to check in with the customer)."""


class CustomerProfileScreen(QWidget):
    """Signals: ``back_requested()`` (Esc or the back button), ``product_requested(sku)``.
    The main window calls ``show_customer(id)`` and, on new data, ``refresh()``."""

    back_requested = Signal()
    product_requested = Signal(str)
    loaded = Signal()
    """Emitted after each (re)load has been shown (tests and screenshots wait for it)."""
    recommendations_loaded = Signal()
    """Emitted after the suggestions (or their unavailable state) have been shown."""

    def __init__(self, ctx: ScreenContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pending_order: str | None = None
        self._writing = False
        self.pin_dialog: PinDialog | None = None
        self.setObjectName("profileScreen")
        self.ctx = ctx
        self.customer_id: str | None = None
        self.profile: CustomerProfile | None = None
        self._generation = 0

        self.header = ProfileHeader(self)
        self.header.back_clicked.connect(self.back_requested)
        self.error = QLabel(self)
        self.error.setObjectName("profileError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.empty = QLabel(self.tr("This customer is not in this terminal's data."), self)
        self.empty.setObjectName("emptyState")
        self.empty.hide()

        self.overview = OverviewTab(self)
        self.for_them = RecommendationsTab(self)
        self.purchases = PurchasesTab(self)
        self.loyalty = LoyaltyTab(self)
        self.notes = NotesTab(self)
        self.consent = ConsentTab(self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("profileTabs")
        self.tabs.setDocumentMode(True)
        for tab, label in ((self.overview, self.tr("Overview")), (self.for_them, self.tr("For them")),
                           (self.purchases, self.tr("Purchases")),
                           (self.loyalty, self.tr("Loyalty")), (self.notes, self.tr("Notes && follow-ups")),
                           (self.consent, self.tr("Consent && outreach"))):
            self.tabs.addTab(tab, label)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 16)
        layout.setSpacing(8)
        layout.addWidget(self.header)
        layout.addWidget(self.error)
        layout.addWidget(self.empty)
        layout.addWidget(self.tabs, 1)

        self.purchases.product_requested.connect(self.product_requested)
        self.for_them.product_requested.connect(self.product_requested)
        self.for_them.hold_requested.connect(self._hold)
        self.for_them.follow_up_requested.connect(self._suggest_follow_up)
        self.overview.save_requested.connect(self._save_preferences)
        self.loyalty.redeem_requested.connect(self._redeem)
        self.notes.note_requested.connect(self._add_note)
        self.notes.task_requested.connect(self._add_task)
        self.notes.complete_requested.connect(self._complete_task)
        self.consent.consent_requested.connect(self._set_consent)
        self.consent.outreach_requested.connect(self._outreach)
        back = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.activated.connect(self.back_requested)

    # ----- reading ------------------------------------------------------------------------------

    def show_order(self, customer_id: str, order_id: str) -> None:
        """Open a customer's profile on the Purchases tab with one order selected (a scan)."""
        self._pending_order = order_id
        self.show_customer(customer_id)

    def reset_for_new_session(self) -> None:
        """Another associate signed in: forget the customer the previous one had open."""
        self._generation += 1  # a read still running for them is ignored
        self.customer_id = None
        self.profile = None
        self._pending_order = None
        self.error.hide()

    def show_customer(self, customer_id: str) -> None:
        """Open a customer's profile (on the Overview tab) and load it from the cache."""
        if customer_id != self.customer_id:
            self.tabs.setCurrentWidget(self.overview)
            self.profile = None
            self.for_them.show_loading(keep=False)
        self.customer_id = customer_id
        self.error.hide()
        self.refresh()

    def refresh(self) -> None:
        """Re-read the customer from the cache (after a write, or when new data arrived)."""
        if self.customer_id is None:
            return
        self._generation += 1
        generation, customer_id = self._generation, self.customer_id
        services = self.ctx.services
        online = self.ctx.is_online() is True  # online, the central service checks at once: no cap

        def read() -> tuple[CustomerProfile | None, RedeemAllowance | None]:
            profile = services.customers.profile(customer_id)
            return profile, services.loyalty.allowance(customer_id, online) if profile is not None else None

        self.ctx.ops.run(self.ctx.db(read), on_success=lambda result: self._show(generation, *result))

    def _show(self, generation: int, profile: CustomerProfile | None, allowance: RedeemAllowance | None) -> None:
        if generation != self._generation:
            return  # a newer read is on its way
        self.profile = profile
        found = profile is not None and allowance is not None
        self.empty.setVisible(not found)
        self.header.setVisible(found)
        self.tabs.setVisible(found)
        if found:
            self.header.show_profile(profile)  # type: ignore[arg-type]
            self.overview.show_profile(profile)  # type: ignore[arg-type]
            self.purchases.show_profile(profile)  # type: ignore[arg-type]
            self.loyalty.show_profile(profile, allowance)  # type: ignore[arg-type]
            self.notes.show_profile(profile)  # type: ignore[arg-type]
            self.consent.show_profile(profile)  # type: ignore[arg-type]
            self._load_recommendations(generation, profile)  # type: ignore[arg-type]
            order_id, self._pending_order = self._pending_order, None
            ids = [o.id for o in profile.orders]  # type: ignore[union-attr]
            if order_id in ids:
                self.tabs.setCurrentWidget(self.purchases)
                self.purchases.select_order(ids.index(order_id))
        self.loaded.emit()

    def _load_recommendations(self, generation: int, profile: CustomerProfile) -> None:
        """Rank suggestions after the profile is shown (a slow ranking never holds the profile up)."""
        service = getattr(self.ctx.services, "recommendations", None)
        if service is None:
            self.for_them.show_unavailable()
            self.recommendations_loaded.emit()
            return
        self.for_them.show_loading()
        customer = profile.customer

        def shown(items: list[Recommendation]) -> None:
            if generation == self._generation:
                self.for_them.show_items(items, customer.first_name, profile.data_as_of, self.ctx.is_online())
                self.recommendations_loaded.emit()

        def failed(_exc: BaseException) -> None:
            if generation == self._generation:
                self.for_them.show_unavailable()
                self.recommendations_loaded.emit()

        self.ctx.ops.run(self.ctx.db(service.for_customer, customer.id), on_success=shown, on_error=failed)

    # ----- writing ------------------------------------------------------------------------------

    def _write(self, fn: Callable[..., Any], *args: Any, done: str = "",
               after: Callable[[], None] | None = None,
               failed: Callable[[BaseException], None] | None = None) -> None:
        if self._writing:
            return  # one change at a time: a double tap must not queue a redemption twice
        self._writing = True
        self.for_them.set_busy(True)
        self.error.hide()

        def succeeded(_result: Any) -> None:
            self._writing = False
            self.for_them.set_busy(False)
            if done:
                self.ctx.messages.info(done)
            if after is not None:
                after()
            self.refresh()

        self.ctx.ops.run(self.ctx.perform(fn, *args), on_success=succeeded, on_error=failed or self._failed)

    def _failed(self, exc: BaseException) -> None:
        self._writing = False
        self.for_them.set_busy(False)
        if isinstance(exc, DomainError):
            self.error.setText(exc.message)
            self.error.show()
            self.ctx.messages.warning(exc.message)
        else:
            reason = str(exc) or type(exc).__name__
            self.ctx.messages.error(self.tr("The change could not be saved: %1").replace("%1", reason))

    def _save_preferences(self, prefs: dict, base: dict) -> None:
        self._write(self.ctx.services.customers.set_preferences, self.customer_id, prefs,
                    self.ctx.associate_id, base, done=self.tr("Preferences saved"), after=self.overview.mark_saved)

    def _redeem(self, points: int, description: str, approval: Approval | None = None) -> None:
        """Redeem; over this terminal's offline limit a manager may approve with their PIN."""
        def refused(exc: BaseException) -> None:
            self._failed(exc)
            if isinstance(exc, DomainError) and exc.code == "offline_cap" and approval is None:
                self._ask_manager(points, description)

        self._write(self.ctx.services.loyalty.redeem, self.customer_id, points, description,
                    self.ctx.associate_id, self.ctx.is_online() is True, approval,
                    done=self.tr("%1 points redeemed").replace("%1", f"{points:,}"),
                    after=self.loyalty.clear_points, failed=refused)

    def _ask_manager(self, points: int, description: str) -> None:
        why = self.tr("Redeem %1 points, over this terminal's offline limit.").replace("%1", f"{points:,}")
        dialog = PinDialog(self.ctx, why, self, refund_cents=points, needs=(OFFLINE_CAP,))
        dialog.approved.connect(lambda approval: self._redeem(points, description, approval))
        dialog.finished.connect(lambda _code: dialog.deleteLater())
        self.pin_dialog = dialog
        dialog.open()

    def _add_note(self, body: str) -> None:
        self._write(self.ctx.services.notes.add, self.customer_id, body, self.ctx.associate_id,
                    done=self.tr("Note added"), after=self.notes.clear_note)

    def _add_task(self, title: str, due_on: str) -> None:
        self._write(self.ctx.services.tasks.add, self.customer_id, title, due_on, self.ctx.associate_id,
                    done=self.tr("Follow-up added"), after=self.notes.clear_task)

    def _complete_task(self, task_id: str) -> None:
        self._write(self.ctx.services.tasks.complete, task_id, self.ctx.associate_id,
                    done=self.tr("Follow-up done"))

    def _set_consent(self, channel: str, opt_in: bool) -> None:
        self._write(self.ctx.services.customers.set_consent, self.customer_id, channel, opt_in,
                    self.ctx.associate_id, done=self.tr("Consent recorded"))

    def _outreach(self, channel: str, body: str) -> None:
        self._write(self.ctx.services.tasks.log_outreach, self.customer_id, channel, body,
                    self.ctx.associate_id, done=self.tr("Contact logged"), after=self.consent.clear_body)

    def _hold(self, reco: Recommendation) -> None:
        label = f"{reco.name} ({reco.size})" if reco.size else reco.name
        self._write(self.ctx.services.inventory.hold, self.customer_id, reco.sku, 1, self.ctx.associate_id,
                    done=self.tr("%1 put on hold").replace("%1", label))

    def _suggest_follow_up(self, reco: Recommendation) -> None:
        variant = ", ".join(p for p in (reco.colour, reco.size and self.tr("size %1").replace("%1", reco.size)) if p)
        title = self.tr("Suggest the %1").replace("%1", f"{reco.name} ({variant})" if variant else reco.name)
        due = (date.today() + timedelta(days=FOLLOW_UP_DAYS)).isoformat()
        self._write(self.ctx.services.tasks.add, self.customer_id, title, due, self.ctx.associate_id,
                    done=self.tr("Follow-up added"))
