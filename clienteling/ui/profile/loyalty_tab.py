"""Loyalty: rewards to redeem within the balance and the offline cap, refusals from the central
service with their reason, and the ledger."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from clienteling.domain.models import CustomerProfile, RedeemAllowance, Reward
from clienteling.domain.rules import REWARDS
from clienteling.ui.profile.fmt import moment
from clienteling.ui.profile.rows_model import Col, RowsModel
from clienteling.ui.profile.widgets import EmptyOr, panel, section, table, wrap_rows

class LoyaltyTab(QWidget):
    """``redeem_requested(points, description)`` when the associate redeems."""

    redeem_requested = Signal(int, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._allowance = RedeemAllowance(0, 0, 0)
        self._change_names = {"loyalty.redeem": self.tr("Redemption"), "note.add": self.tr("Note"),
                              "customer.update": self.tr("Profile change"), "task.add": self.tr("Follow-up"),
                              "task.complete": self.tr("Follow-up done"), "outreach.log": self.tr("Contact")}
        kinds = {"earn": self.tr("Earned"), "redeem": self.tr("Redeemed"), "reverse": self.tr("Reversed"),
                 "adjust": self.tr("Adjustment")}

        rewards, rewards_layout = panel(self, self.tr("Rewards"))
        self.cap = QLabel(rewards)
        self.cap.setObjectName("capNotice")
        self.cap.setWordWrap(True)
        self.reward_buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        grid.setSpacing(8)
        for i, reward in enumerate(REWARDS):
            button = QPushButton(self.tr("%1  ·  %2 pts").replace("%1", reward.label)
                                 .replace("%2", f"{reward.points:,}"), rewards)
            button.setObjectName("rewardButton")
            button.setAccessibleName(self.tr("Redeem %1 for %2 points").replace("%1", reward.label)
                                     .replace("%2", str(reward.points)))
            button.clicked.connect(lambda _=False, r=reward: self._redeem_reward(r))
            self.reward_buttons[reward.id] = button
            grid.addWidget(button, i // 2, i % 2)
        # A typed number rather than a spin box: its arrows are too small to touch.
        self.points = QLineEdit(rewards)
        self.points.setValidator(QIntValidator(1, 10_000_000, self.points))
        self.points.setPlaceholderText(self.tr("Other amount (points)"))
        self.points.setAccessibleName(self.tr("Points to redeem"))
        self.points.textChanged.connect(lambda _: self._update_custom())
        self.points.returnPressed.connect(self._redeem_custom)
        self.redeem = QPushButton(self.tr("Redeem points"), rewards)
        self.redeem.setAccessibleName(self.tr("Redeem the points entered"))
        self.redeem.clicked.connect(self._redeem_custom)
        custom = QHBoxLayout()
        custom.addWidget(self.points, 1)
        custom.addWidget(self.redeem)
        rewards_layout.addWidget(self.cap)
        rewards_layout.addLayout(grid)
        rewards_layout.addLayout(custom)

        self.rejected = RowsModel([
            Col(self.tr("When"), lambda e: moment(e.local_time)),
            Col(self.tr("What"), lambda e: self._what(e)),
            Col(self.tr("Why the central service refused it"), lambda e: e.message or e.code or "",
                tone=lambda e: "bad"),
        ], self)
        self.rejected_table = table(self.rejected, self.tr("Refused by the central service"), self, stretch=2,
                                    widths={0: 120, 1: 220})
        wrap_rows(self.rejected_table)
        self.rejected_panel, rejected_layout = panel(self, self.tr("Refused by the central service"), "rejectedPanel")
        rejected_layout.addWidget(self.rejected_table)

        self.ledger = RowsModel([
            Col(self.tr("Date"), lambda e: moment(e.created_at), sort_key=lambda e: e.created_at),
            Col(self.tr("Activity"), lambda e: kinds.get(e.kind, e.kind)),
            Col(self.tr("Points"), lambda e: f"{e.points:+,}", sort_key=lambda e: e.points, align_right=True,
                tone=lambda e: "good" if e.points > 0 else None),
            Col(self.tr("Description"), lambda e: e.description or ""),
            Col(self.tr("Status"), lambda e: self.tr("pending") if e.pending else self.tr("confirmed"),
                tone=lambda e: "warn" if e.pending else "muted",
                tooltip=lambda e: self.tr("Waiting for the central service to confirm") if e.pending else ""),
        ], self)
        self.ledger_table = table(self.ledger, self.tr("Loyalty ledger"), self, stretch=3,
                                  widths={0: 170, 1: 104, 2: 80, 4: 120})
        self.ledger_list = EmptyOr(self.ledger_table, self.tr("No points activity yet."), self)

        right = QVBoxLayout()
        right.setSpacing(12)
        right.addWidget(self.rejected_panel)
        right.addWidget(section(self.tr("Points history"), self))
        right.addWidget(self.ledger_list, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.setSpacing(16)
        left = QVBoxLayout()
        left.addWidget(rewards)
        left.addStretch(1)
        layout.addLayout(left, 2)
        layout.addLayout(right, 3)

    def _what(self, entry) -> str:  # type: ignore[no-untyped-def]
        what = self._change_names.get(entry.name, entry.name)
        if entry.name == "loyalty.redeem":
            return self.tr("%1 of %2 points").replace("%1", what).replace("%2", f"{entry.args.get('points', 0):,}")
        return what

    def show_profile(self, profile: CustomerProfile, allowance: RedeemAllowance) -> None:
        self._allowance = allowance
        if allowance.cap == 0:
            self.cap.setText(self.tr("This terminal may not redeem points before the central service confirms."))
        else:
            self.cap.setText(self.tr("Up to %1 points can be redeemed until the central service confirms "
                                     "(balance %2, offline limit %3 per customer).")
                             .replace("%1", f"{allowance.max_now:,}").replace("%2", f"{allowance.available:,}")
                             .replace("%3", f"{allowance.cap:,}"))
        for reward in REWARDS:  # over the offline limit a manager can approve: only the balance disables
            button = self.reward_buttons[reward.id]
            button.setEnabled(reward.points <= allowance.available)
            button.setToolTip("" if reward.points <= allowance.max_now else self._why_not(reward.points))
        self._update_custom()
        self.rejected.set_rows(profile.rejected)
        self.rejected_panel.setVisible(bool(profile.rejected))
        self.rejected_panel.setMaximumHeight(min(250, 124 + 64 * len(profile.rejected)))
        self.ledger.set_rows(profile.ledger)
        self.ledger_list.set_empty(not profile.ledger)

    def _why_not(self, points: int) -> str:
        if points > self._allowance.available:
            return self.tr("Not enough points: %1 available.").replace("%1", f"{self._allowance.available:,}")
        return self.tr("Over the offline limit: up to %1 points until the central service confirms, "
                       "more with a manager's approval.").replace("%1", f"{self._allowance.cap_left:,}")

    def _typed_points(self) -> int:
        text = self.points.text().strip()
        return int(text) if text.isdigit() else 0

    def _update_custom(self) -> None:
        # Typing more than allowed stays possible: the refusal then says why, instead of a dead button.
        self.redeem.setEnabled(self._typed_points() > 0 and self._allowance.available > 0)
        self.redeem.setToolTip("" if self._allowance.max_now > 0 else self._why_not(1))

    def _redeem_custom(self) -> None:
        points = self._typed_points()
        if points > 0:
            self.redeem_requested.emit(points, self.tr("Points redeemed"))

    def clear_points(self) -> None:
        self.points.clear()

    def _redeem_reward(self, reward: Reward) -> None:
        self.redeem_requested.emit(reward.points, reward.label)
