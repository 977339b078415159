"""The sign-in screen of the shared terminal: pick your name and type your PIN, or scan your badge.

Shown at start, after the idle lock and when someone switches; while it shows, nothing else of the
window is reachable. PINs are checked on the DB worker (``SessionService``); a wrong PIN, a locked
associate or an unknown badge is said inline.
"""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, QSize, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QPushButton, QVBoxLayout, QWidget)

from clienteling.domain.rules import DomainError
from clienteling.services.sessions import Session
from clienteling.ui.card import centre, message_label
from clienteling.ui.context import ScreenContext

_ID = Qt.ItemDataRole.UserRole


class SignInScreen(QWidget):
    """``signed_in(Session)`` once a PIN or badge checks out."""

    signed_in = Signal(object)

    def __init__(self, ctx: ScreenContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signInScreen")
        self.ctx = ctx
        self._busy = False
        card = QFrame(self)
        card.setObjectName("signInCard")
        title = QLabel(self.tr("Sign in"), card)
        title.setObjectName("gateTitle")
        self.where = QLabel(ctx.store_name or ctx.store_id, card)
        self.where.setObjectName("signInStore")
        self.where.setTextFormat(Qt.TextFormat.PlainText)
        self.notice = QLabel(card)
        self.notice.setObjectName("signInNotice")
        self.notice.setWordWrap(True)
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.hide()
        self.people = QListWidget(card)
        self.people.setObjectName("signInPeople")
        self.people.setAccessibleName(self.tr("Who is signing in"))
        self.people.setIconSize(QSize(0, 0))
        self.people.currentItemChanged.connect(lambda *_: self._person_changed())
        self.people.itemActivated.connect(lambda _item: self.pin.setFocus())
        self.who = QLabel(card)
        self.who.setObjectName("signInWho")
        self.who.setTextFormat(Qt.TextFormat.PlainText)
        self.pin = QLineEdit(card)
        self.pin.setObjectName("pinField")
        self.pin.setAccessibleName(self.tr("PIN"))
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(12)
        self.pin.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,12}"), self.pin))
        self.pin.setPlaceholderText(self.tr("Your PIN"))
        self.pin.setMinimumWidth(300)  # the PIN style spaces letters out: room for the placeholder
        self.pin.textChanged.connect(self._update)
        self.pin.returnPressed.connect(self.submit)
        self.button = QPushButton(self.tr("Sign in"), card)
        self.button.setObjectName("primaryButton")
        self.button.clicked.connect(self.submit)
        self.message = message_label(card)
        hint = QLabel(self.tr("Or scan your badge."), card)
        hint.setObjectName("signInHint")

        form = QVBoxLayout()
        form.setSpacing(10)
        form.addWidget(self.who)
        form.addWidget(self.pin)
        form.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)
        form.addWidget(self.message)
        form.addStretch(1)
        form.addWidget(hint)
        columns = QHBoxLayout()
        columns.setSpacing(24)
        columns.addWidget(self.people, 1)
        columns.addLayout(form, 1)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(32, 28, 32, 28)
        inner.setSpacing(12)
        inner.addWidget(title)
        inner.addWidget(self.where)
        inner.addWidget(self.notice)
        inner.addLayout(columns, 1)
        card.setFixedSize(720, 460)
        centre(self, card)
        self._update()

    # ----- what shows ----------------------------------------------------------------------------

    def reset(self, notice: str = "", current: str | None = None) -> None:
        """Ready for the next person: PIN cleared, ``notice`` on top (why it locked), the roster
        re-read with ``current`` (who was signed in) selected."""
        self.pin.clear()
        self._say("")
        self.notice.setText(notice)
        self.notice.setVisible(bool(notice))
        if current is None:
            self.people.setCurrentRow(-1)  # the next person picks their own name
        self.ctx.ops.run(self.ctx.db(self.ctx.services.sessions.roster), lambda staff: self.set_roster(staff, current))
        self.pin.setFocus()

    def set_roster(self, staff: list[Session], current: str | None = None) -> None:
        """The people who can sign in, ``current`` selected (None: nobody). The same people again
        (a sync while the screen shows) changes nothing: a PIN being typed stays."""
        ids = [s.associate_id for s in staff]
        if current is None and ids == [self.people.item(i).data(_ID) for i in range(self.people.count())]:
            return
        keep = current
        self.people.blockSignals(True)
        self.people.clear()
        manager = self.tr("Manager")
        for person in staff:
            label = person.name + (f"  ·  {manager}" if person.is_manager else "")
            item = QListWidgetItem(label)
            item.setData(_ID, person.associate_id)
            self.people.addItem(item)
            if person.associate_id == keep:
                self.people.setCurrentItem(item)
        self.people.blockSignals(False)
        self._person_changed()
        if not staff:
            self._say(self.tr("Nobody can sign in yet: the staff list arrives with the first sync."))
        self._update()

    def _person_changed(self) -> None:
        item = self.people.currentItem()
        self.who.setText(item.text().split("  ·  ")[0] if item else self.tr("Choose your name"))
        self.pin.clear()
        self._say("")
        self._update()

    def _update(self) -> None:
        chosen = self.people.currentItem() is not None
        if not chosen:
            self.who.setText(self.tr("Choose your name"))
        self.button.setEnabled(chosen and len(self.pin.text()) >= 4 and not self._busy)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # ----- signing in ----------------------------------------------------------------------------

    def submit(self) -> None:
        item = self.people.currentItem()
        if item is None or self._busy or len(self.pin.text()) < 4:
            return
        self._check(self.ctx.db(self.ctx.services.sessions.sign_in, item.data(_ID), self.pin.text()))

    def badge(self, code: str) -> None:
        """A badge was scanned while this screen shows."""
        if not self._busy:
            self._check(self.ctx.db(self.ctx.services.sessions.sign_in_badge, code))

    def _check(self, work) -> None:  # type: ignore[no-untyped-def]
        self._busy = True
        self._update()
        self.ctx.ops.run(work, self._done, self._failed)

    def _done(self, session: Session) -> None:
        self._busy = False
        self.pin.clear()
        self._update()
        self.signed_in.emit(session)

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self.pin.clear()
        self._update()
        self._say(exc.message if isinstance(exc, DomainError)
                  else self.tr("Could not check the sign-in on this terminal; try again."))
