"""What a manager-only screen shares (the audit trail; the dashboard can use it too): the manager
gate until a manager of this store signs in, the content after; a read that a newer one replaces;
the top bar (title, who is signed in, Refresh, Export, Lock) and the status line.

Unlocking is :meth:`ManagerScreen.unlock` (an approval: a manager's PIN, or a signed-in manager at
the next refresh), locking :meth:`ManagerScreen.lock` (the Lock button, the idle lock, leaving the
screen): the only places that decide who may look.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from clienteling.domain.models import Approval
from clienteling.domain.rules import DomainError
from clienteling.ui.context import ScreenContext
from clienteling.ui.manager_gate import ManagerGate
from clienteling.ui.pin_dialog import PinDialog
from clienteling.ui.profile.fmt import moment


class ManagerScreen(QWidget):
    """``loaded(result)`` after each read; ``unlock_changed(bool)`` on sign-in and ``lock()``.

    ``gate_text`` says what is behind the gate (%1: the store; None: the dashboard's words), ``why``
    is the reason the PIN dialog shows. A subclass builds its page with :meth:`top_bar` and
    :meth:`plain`, hands it to :meth:`set_content` and answers :meth:`read` (the work of one
    refresh), :meth:`show_result`, :meth:`clear` and :meth:`export_csv`."""

    loaded = Signal(object)
    unlock_changed = Signal(bool)

    def __init__(self, ctx: ScreenContext, gate_text: str | None, why: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.why = why
        self.manager: Approval | None = None
        self.pin_dialog: PinDialog | None = None
        self._task: asyncio.Task | None = None
        self.read_error = self.tr("The figures could not be read: %1")
        """What a failed read says (%1: why); subclasses name what they read."""
        self.gate = ManagerGate(ctx.store_name, self, gate_text)
        self.gate.sign_in.connect(self.ask_pin)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.gate)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    @property
    def unlocked(self) -> bool:
        return self.manager is not None

    # ----- for subclasses --------------------------------------------------------------------

    def read(self) -> Awaitable[Any]:
        """The work of one refresh (``self.ctx.db(...)``)."""
        raise NotImplementedError

    def show_result(self, result: Any) -> None:
        """Show what :meth:`read` returned."""
        raise NotImplementedError

    def clear(self) -> None:
        """Forget what is shown (the screen locks)."""
        raise NotImplementedError

    def on_unlocked(self) -> None:
        """A manager just signed in (before the first read)."""

    def set_content(self, content: QWidget) -> None:
        self.content = content
        self.stack.addWidget(content)

    def top_bar(self, page: QWidget, title: str, name: str) -> QHBoxLayout:
        """Title, the signed-in manager, Refresh, Export CSV… and Lock (object names ``<name>Export``
        and ``<name>Lock``); Export calls ``self.export_csv()``."""
        self.title = self.plain(page, "screenTitle", wrap=False)
        self.title.setText(title)
        self.signed_in = self.plain(page, "dashboardManager", wrap=False)
        self.refresh_button = QPushButton(self.tr("Refresh"), page)
        self.refresh_button.clicked.connect(self.refresh)
        self.export_button = QPushButton(self.tr("Export CSV…"), page)
        self.export_button.setObjectName(f"{name}Export")
        self.export_button.clicked.connect(lambda: self.export_csv())
        self.export_button.setEnabled(False)
        self.lock_button = QPushButton(self.tr("Lock"), page)
        self.lock_button.setObjectName(f"{name}Lock")
        self.lock_button.clicked.connect(self.lock)
        self.status = self.plain(page, "dashboardStatus")
        self.status.hide()
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.signed_in)
        for button in (self.refresh_button, self.export_button, self.lock_button):
            top.addWidget(button)
        return top

    def plain(self, parent: QWidget, name: str, wrap: bool = True) -> QLabel:
        """A plain-text label (names typed by people are never read as markup)."""
        label = QLabel(parent)
        label.setObjectName(name)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(wrap)
        return label

    def export_csv(self, folder: str | None = None) -> Any:
        """Write what is shown as CSV into ``folder`` (a folder dialog asks when None)."""
        raise NotImplementedError

    # ----- the manager gate ------------------------------------------------------------------

    def ask_pin(self) -> None:
        """Open the manager PIN dialog; an approval unlocks the screen."""
        if self.pin_dialog is not None:
            return
        dialog = PinDialog(self.ctx, self.why, self)
        dialog.approved.connect(self.unlock)
        dialog.finished.connect(lambda _code: self._dialog_closed(dialog))
        self.pin_dialog = dialog
        dialog.open()

    def _dialog_closed(self, dialog: PinDialog) -> None:
        if self.pin_dialog is dialog:
            self.pin_dialog = None
        dialog.deleteLater()

    def unlock(self, approval: Approval) -> None:
        """Show the content to the manager who approved, and read it."""
        self.manager = approval
        self.signed_in.setText(self.tr("Manager: %1").replace("%1", approval.manager_name))
        self.gate.show_message("")
        self.stack.setCurrentWidget(self.content)
        self.unlock_changed.emit(True)
        self.on_unlocked()
        self.refresh()

    def lock(self) -> None:
        """Hide the content again until a manager signs in (idle lock, the Lock button)."""
        if self._task is not None and not self._task.done():
            self._task.cancel()
        self._task = None
        was = self.unlocked
        self.manager = None
        self.clear()
        self.export_button.setEnabled(False)
        if self.pin_dialog is not None:
            self.pin_dialog.reject()
        self.stack.setCurrentWidget(self.gate)
        if was:
            self.unlock_changed.emit(False)

    def hideEvent(self, event: QHideEvent) -> None:
        """Leaving the screen (another page, not a minimised window) locks it: the next person at
        this shared terminal does not find it open."""
        if not event.spontaneous():
            self.lock()
        super().hideEvent(event)

    # ----- reading ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read again (a newer read replaces a running one); nothing is read while locked. A
        signed-in manager needs no PIN."""
        if not self.unlocked and self.ctx.is_manager:
            session = self.ctx.session
            self.unlock(Approval(manager_id=session.associate_id, manager_name=session.name, reason="signed in"))
            return  # unlock() reads
        if not self.unlocked:
            return
        if self._task is not None and not self._task.done():
            self._task.cancel()
        self.refresh_button.setEnabled(False)
        self._task = self.ctx.ops.run(self.read(), self._on_loaded, self._on_error)

    def _on_loaded(self, result: Any) -> None:
        self.refresh_button.setEnabled(True)
        if not self.unlocked:
            return
        self.show_status("")
        self.show_result(result)
        self.loaded.emit(result)

    def _on_error(self, exc: BaseException) -> None:
        self.refresh_button.setEnabled(True)
        text = exc.message if isinstance(exc, DomainError) else str(exc) or type(exc).__name__
        self.show_status(self.read_error.replace("%1", text))

    def show_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def freshness_text(self, as_of: str | None) -> str:
        """'Data as of today 14:02' (with 'Offline · ' when the central service did not answer)."""
        when = moment(as_of)
        text = self.tr("Data as of %1").replace("%1", when) if when else self.tr("Not synced yet")
        if self.ctx.is_online() is False:
            text = self.tr("Offline · %1").replace("%1", text)
        return text
