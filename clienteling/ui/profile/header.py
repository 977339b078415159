"""The profile header: who the customer is, their tier and progress, points, consent badges and
how fresh the data is."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QFrame, QGridLayout, QHBoxLayout, QLabel, QProgressBar, QPushButton,
                               QVBoxLayout, QWidget)

from clienteling.domain.models import CustomerProfile
from clienteling.domain.rules import CONSENT_CHANNELS, has_consent, tier_progress
from clienteling.ui.profile.fmt import day, money, moment


def _repolish(widget: QWidget) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class _Stat(QFrame):
    """A figure with its caption (points, lifetime value, tier progress)."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("profileStat")
        self.value = QLabel(self)
        self.value.setObjectName("statValue")
        self.caption = QLabel(caption, self)
        self.caption.setObjectName("statCaption")
        self.detail = QLabel(self)
        self.detail.setObjectName("statDetail")
        self.detail.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(2)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)


class ProfileHeader(QFrame):
    """Shows one ``CustomerProfile``; ``back_clicked`` when the associate wants the search back."""

    back_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("profileHeader")
        self.back = QPushButton(self.tr("← Search"), self)
        self.back.setObjectName("backButton")
        self.back.setAccessibleName(self.tr("Back to customer search"))
        self.back.setToolTip(self.tr("Back to customer search (Esc)"))
        self.back.clicked.connect(self.back_clicked)
        self.name = QLabel(self)
        self.name.setObjectName("profileName")
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tier = QLabel(self)
        self.tier.setObjectName("tierBadge")
        self.facts = QLabel(self)
        self.facts.setObjectName("profileFacts")
        self.facts.setWordWrap(True)
        self.freshness = QLabel(self)
        self.freshness.setObjectName("dataAsOf")
        self.waiting = QLabel(self)
        self.waiting.setObjectName("changesWaiting")
        self.consent: dict[str, QLabel] = {}
        consent_row = QHBoxLayout()
        consent_row.setSpacing(6)
        for channel in CONSENT_CHANNELS:
            badge = QLabel(self)
            badge.setObjectName("consentBadge")
            self.consent[channel] = badge
            consent_row.addWidget(badge)
        consent_row.addStretch(1)

        self.points = _Stat(self.tr("Points available"), self)
        self.value = _Stat(self.tr("Lifetime value"), self)
        self.progress_stat = _Stat(self.tr("Tier progress"), self)
        self.progress = QProgressBar(self.progress_stat)
        self.progress.setObjectName("tierProgress")
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName(self.tr("Progress to the next tier"))
        self.progress_stat.layout().insertWidget(2, self.progress)

        title = QHBoxLayout()
        title.setSpacing(12)
        title.addWidget(self.back)
        title.addSpacing(8)
        title.addWidget(self.name)
        title.addWidget(self.tier, 0, Qt.AlignmentFlag.AlignVCenter)
        title.addStretch(1)
        status = QVBoxLayout()
        status.setSpacing(2)
        status.addWidget(self.freshness, 0, Qt.AlignmentFlag.AlignRight)
        status.addWidget(self.waiting, 0, Qt.AlignmentFlag.AlignRight)
        title.addLayout(status)

        stats = QGridLayout()
        stats.setHorizontalSpacing(12)
        for column, widget in enumerate((self.points, self.value, self.progress_stat)):
            stats.addWidget(widget, 0, column)
            stats.setColumnStretch(column, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(10)
        layout.addLayout(title)
        layout.addWidget(self.facts)
        layout.addLayout(consent_row)
        layout.addLayout(stats)

    def show_profile(self, profile: CustomerProfile) -> None:
        c = profile.customer
        self.name.setText(c.display_name or self.tr("(no name)"))
        tier = c.tier or "member"
        self.tier.setText(tier.upper())
        self.tier.setProperty("tier", tier)
        _repolish(self.tier)
        associate = profile.associate_names.get(c.assigned_associate_id or "") or c.assigned_associate_id
        facts = [
            self.tr("Card %1").replace("%1", c.loyalty_number or self.tr("pending")),
            self.tr("Member since %1").replace("%1", day(c.member_since) or "—"),
            self.tr("Home store %1").replace("%1", c.home_store_name or c.home_store_id or "—"),
            self.tr("Associate %1").replace("%1", associate or self.tr("none assigned")),
        ]
        self.facts.setText("   ·   ".join(facts))
        for channel, badge in self.consent.items():
            opted = has_consent(c.consent, channel)
            asked = isinstance((c.consent or {}).get(channel), dict)
            label = {"email": self.tr("Email"), "sms": self.tr("SMS"), "phone": self.tr("Phone")}[channel]
            state = self.tr("opted in") if opted else self.tr("opted out") if asked else self.tr("not asked")
            badge.setText(f"{'✓' if opted else '✕'} {label}: {state}")
            badge.setProperty("optin", "true" if opted else "false")
            _repolish(badge)
        self._show_figures(profile)
        as_of = moment(profile.data_as_of)
        self.freshness.setText(self.tr("Data as of %1").replace("%1", as_of) if as_of
                               else self.tr("Not synced yet"))
        waiting = profile.pending_changes
        self.waiting.setVisible(waiting > 0)
        self.waiting.setText(self.tr("1 change waiting to be sent") if waiting == 1 else
                             self.tr("%1 changes waiting to be sent").replace("%1", str(waiting)))

    def _show_figures(self, profile: CustomerProfile) -> None:
        balance = profile.balance
        self.points.value.setText(f"{balance.available:,}")
        self.points.detail.setText(
            self.tr("%1 waiting for confirmation").replace("%1", f"{balance.pending_redeemed:,}")
            if balance.pending_redeemed else self.tr("confirmed by the central service"))
        self.value.value.setText(money(profile.customer.lifetime_value_cents))
        self.value.detail.setText(self.tr("last visit %1").replace("%1", day(profile.customer.last_visit_at) or "—"))
        progress = tier_progress(profile.customer.lifetime_value_cents)
        self.progress.setValue(int(progress.fraction * 1000))
        if progress.next_tier is None:
            self.progress_stat.value.setText(self.tr("Top tier"))
            self.progress_stat.detail.setText(self.tr("Platinum: the highest tier"))
        else:
            nxt = {"silver": self.tr("Silver"), "gold": self.tr("Gold"),
                   "platinum": self.tr("Platinum")}.get(progress.next_tier, progress.next_tier)
            self.progress_stat.value.setText(
                self.tr("%1 to %2").replace("%1", money(progress.cents_to_next)).replace("%2", nxt))
            self.progress_stat.detail.setText(self.tr("spend that reaches the next tier"))
