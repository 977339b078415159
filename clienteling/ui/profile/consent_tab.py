"""Consent per channel (opt in / opt out, timestamped) and outreach: Email / SMS / Call log a
contact, and are disabled on channels the customer has not opted in to."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from clienteling.domain.models import CustomerProfile
from clienteling.domain.rules import CONSENT_CHANNELS, has_consent
from clienteling.ui.profile.fmt import moment
from clienteling.ui.profile.rows_model import Col, RowsModel
from clienteling.ui.profile.widgets import EmptyOr, panel, section, tab_columns, table


class ConsentTab(QWidget):
    """Signals: ``consent_requested(channel, opt_in)``, ``outreach_requested(channel, body)``."""

    consent_requested = Signal(str, bool)
    outreach_requested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._people: dict[str, str] = {}
        self.names = {"email": self.tr("Email"), "sms": self.tr("SMS"), "phone": self.tr("Phone")}
        consent, consent_layout = panel(self, self.tr("Contact permissions"))
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(10)
        self.state: dict[str, QLabel] = {}
        self.opt_in: dict[str, QPushButton] = {}
        self.opt_out: dict[str, QPushButton] = {}
        for row, channel in enumerate(CONSENT_CHANNELS):
            name = QLabel(self.names[channel], consent)
            name.setObjectName("fieldLabel")
            state = QLabel(consent)
            state.setObjectName("consentState")
            opt_in = QPushButton(self.tr("Opt in"), consent)
            opt_in.setAccessibleName(self.tr("Record opt-in for %1").replace("%1", self.names[channel]))
            opt_in.clicked.connect(lambda _=False, ch=channel: self.consent_requested.emit(ch, True))
            opt_out = QPushButton(self.tr("Opt out"), consent)
            opt_out.setAccessibleName(self.tr("Record opt-out for %1").replace("%1", self.names[channel]))
            opt_out.clicked.connect(lambda _=False, ch=channel: self.consent_requested.emit(ch, False))
            self.state[channel], self.opt_in[channel], self.opt_out[channel] = state, opt_in, opt_out
            grid.addWidget(name, row, 0)
            grid.addWidget(state, row, 1)
            grid.addWidget(opt_in, row, 2)
            grid.addWidget(opt_out, row, 3)
        grid.setColumnStretch(1, 1)
        hint = QLabel(self.tr("Record what the customer tells you; the time is saved with it."), consent)
        hint.setObjectName("mutedText")
        consent_layout.addWidget(hint)
        consent_layout.addLayout(grid)
        consent_layout.addStretch(1)

        outreach, out_layout = panel(self, self.tr("Reach out"))
        self.body = QLineEdit(outreach)
        self.body.setPlaceholderText(self.tr("What is the contact about? e.g. your size M is back"))
        self.body.setAccessibleName(self.tr("Outreach message summary"))
        self.buttons: dict[str, QPushButton] = {}
        buttons = QHBoxLayout()
        for channel, label in (("email", self.tr("Email")), ("sms", self.tr("SMS")), ("phone", self.tr("Call"))):
            button = QPushButton(label, outreach)
            button.setObjectName("outreachButton")
            button.setAccessibleName(self.tr("Log a contact by %1").replace("%1", self.names[channel]))
            button.clicked.connect(lambda _=False, ch=channel: self._outreach(ch))
            self.buttons[channel] = button
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.history = RowsModel([
            Col(self.tr("When"), lambda t: moment(t.created_at), sort_key=lambda t: t.created_at),
            Col(self.tr("Channel"), lambda t: self.names.get(t.channel or "", t.channel or "")),
            Col(self.tr("About"), lambda t: t.title, tooltip=lambda t: t.title),
            Col(self.tr("By"), lambda t: self._people.get(t.associate_id or "", t.associate_id or "")),
        ], self)
        self.history_table = table(self.history, self.tr("Contacts made"), outreach, stretch=2,
                                   widths={0: 150, 1: 100, 3: 130})
        self.history_list = EmptyOr(self.history_table, self.tr("No contacts logged yet."), outreach)
        out_layout.addWidget(self.body)
        out_layout.addLayout(buttons)
        out_layout.addWidget(section(self.tr("Contacts made"), outreach))
        out_layout.addWidget(self.history_list, 1)

        tab_columns(self, (consent, 2), (outreach, 3))

    def show_profile(self, profile: CustomerProfile) -> None:
        self._people = dict(profile.associate_names)
        consent = profile.customer.consent or {}
        for channel in CONSENT_CHANNELS:
            entry = consent.get(channel) if isinstance(consent.get(channel), dict) else None
            opted = has_consent(consent, channel)
            when = moment(entry.get("at")) if entry else ""
            if entry is None:
                text = self.tr("not asked yet")
            elif opted:
                text = self.tr("opted in %1").replace("%1", when).strip()
            else:
                text = self.tr("opted out %1").replace("%1", when).strip()
            self.state[channel].setText(text)
            self.state[channel].setProperty("optin", "true" if opted else "false")
            self.state[channel].style().unpolish(self.state[channel])
            self.state[channel].style().polish(self.state[channel])
            self.opt_in[channel].setEnabled(not opted)
            self.opt_out[channel].setEnabled(entry is None or opted)
            button = self.buttons[channel]
            button.setEnabled(opted)
            button.setToolTip(self.tr("Log a contact by %1").replace("%1", self.names[channel]) if opted else
                              self.tr("Disabled: the customer has not opted in to %1 contact.")
                              .replace("%1", self.names[channel]))
        contacts = [t for t in profile.tasks if t.kind == "outreach"]
        self.history.set_rows(contacts)
        self.history_list.set_empty(not contacts)

    def _outreach(self, channel: str) -> None:
        body = self.body.text().strip() or self.tr("Contacted by %1").replace("%1", self.names[channel].lower())
        self.outreach_requested.emit(channel, body)

    def clear_body(self) -> None:
        self.body.clear()
