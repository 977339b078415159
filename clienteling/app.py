"""Wiring only: builds the Qt application, the terminal core and the window; no globals.

The asyncio loop runs inside Qt through qasync: network work is awaited on it, database work goes
to the terminal's single DB worker thread.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_API", "pyside6")  # qasync looks for PyQt first otherwise

from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402  (PySide6 before qasync)

import qasync  # noqa: E402

from clienteling.cache import CacheError  # noqa: E402
from clienteling.config import Config  # noqa: E402
from clienteling.i18n import install_translator  # noqa: E402
from clienteling.resources import stylesheet  # noqa: E402
from clienteling.security.credentials import CredentialStore, credential_store_for  # noqa: E402
from clienteling.terminal import NotEnrolled, Terminal  # noqa: E402
from clienteling.ui.audit import AuditScreen  # noqa: E402
from clienteling.ui.clientbook import MyClientsScreen  # noqa: E402
from clienteling.ui.context import ScreenContext  # noqa: E402
from clienteling.ui.customers.create_dialog import CreateCustomerDialog  # noqa: E402
from clienteling.ui.main_window import MainWindow  # noqa: E402
from clienteling.ui.inventory import InventoryScreen  # noqa: E402
from clienteling.ui.dashboard import DashboardScreen  # noqa: E402
from clienteling.ui.incidents import IncidentsPanel  # noqa: E402
from clienteling.ui.pickups import PickupsScreen  # noqa: E402
from clienteling.ui.profile import CustomerProfileScreen  # noqa: E402
from clienteling.ui.returns import ReturnsScreen  # noqa: E402
from clienteling.ui.scanner import ScannerFilter  # noqa: E402
from clienteling.ui.signin import IdleLock, SignInScreen  # noqa: E402
from clienteling.ui.messages import MessageBridge  # noqa: E402
from clienteling.ui.ops import Ops, cache_problem_text  # noqa: E402
from clienteling.ui.sync.enrol_dialog import EnrolDialog  # noqa: E402

log = logging.getLogger(__name__)


def make_qapplication(language: str = "") -> QApplication:
    """The application with its style and, before any widget exists (widgets take their text when
    built), the translation for ``language`` ("" = the system's)."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Clienteling")
    app.setOrganizationName("Clienteling")
    app.setStyleSheet(stylesheet())
    # The enrolment dialog closes before the main window opens: quitting is decided by run_window.
    app.setQuitOnLastWindowClosed(False)
    log.info("window language: %s", install_translator(app, language))
    return app


async def _wait_for_dialog(dialog) -> int:
    done: asyncio.Future[int] = asyncio.get_running_loop().create_future()
    dialog.finished.connect(lambda code: done.done() or done.set_result(code))
    dialog.open()
    return await done


def recovery_text(kept: int) -> str:
    """Said once after a damaged cache was set aside and a new one started."""
    return QApplication.translate("app", "The local data file was damaged: it was set aside and everything is "
                                         "being downloaded again. %n change(s) not sent yet were kept.", "", kept)


async def _open_terminal(config: Config, credentials: CredentialStore, ops: Ops) -> Terminal | None:
    try:
        terminal = await Terminal.open_or_recover(config, credentials)
    except NotEnrolled:
        pass
    except CacheError as exc:
        log.error("the local cache cannot be used: %s (%s)", exc.kind, exc.detail)
        box = QMessageBox(QMessageBox.Icon.Critical, QApplication.translate("app", "Local data"),
                          cache_problem_text(exc))
        await _wait_for_dialog(box)
        return None
    else:
        return terminal

    async def enrol(url: str, code: str) -> Terminal:
        return await Terminal.enroll(config, credentials, url, code)

    dialog = EnrolDialog(enrol, ops, server_url=config.server_url)
    if await _wait_for_dialog(dialog) != EnrolDialog.DialogCode.Accepted:
        return None
    return dialog.result_value


async def run_window(config: Config, credentials: CredentialStore, *, screenshot: Path | None = None,
                     query: str | None = None) -> int:
    """Open the terminal and its window; return when the window closes (or the screenshot is
    saved). A terminal revoked by IT is wiped and the enrolment dialog comes back."""
    while True:
        messages = MessageBridge()
        ops = Ops(messages)
        terminal = await _open_terminal(config, credentials, ops)
        if terminal is None:
            return 1
        outcome = await _run_terminal(terminal, ops, messages, screenshot, query)
        if outcome != "revoked":
            return outcome
        await terminal.wipe()
        box = QMessageBox(QMessageBox.Icon.Warning, QApplication.translate("app", "Terminal revoked"),
                          QApplication.translate("app", "IT has revoked this terminal. Its local data and "
                                                        "credentials have been removed. Enrol it again with "
                                                        "a new code to continue."))
        await _wait_for_dialog(box)


def build_window(terminal: Terminal, ops: Ops, messages: MessageBridge, session: Any = None
                 ) -> tuple[MainWindow, ScreenContext]:
    """The main window with every screen, each built from one ScreenContext (returned too). It
    starts on the sign-in screen, or signed in as ``session`` when given (screenshots, tests)."""
    status = terminal.replicator.status
    config = terminal.config
    ctx = ScreenContext(ops=ops, messages=messages, db=terminal.worker.run, perform=terminal.perform,
                        services=terminal, store_id=terminal.device.store_id,
                        store_name=terminal.device.store_name, is_online=lambda: status.online,
                        receipts_dir=str(config.receipts_path), receipt_printer=config.receipt_printer)

    async def search(text: str):
        return await terminal.worker.run(terminal.customers.search, text)

    screens = {"profile": CustomerProfileScreen(ctx), "clients": MyClientsScreen(ctx),
               "inventory": InventoryScreen(ctx), "pickups": PickupsScreen(ctx), "returns": ReturnsScreen(ctx),
               "incidents": IncidentsPanel(ctx), "dashboard": DashboardScreen(ctx),
               "audit": AuditScreen(ctx)}
    signin = SignInScreen(ctx)
    window = MainWindow(search, ops, messages, store_name=terminal.device.store_name, screens=screens,
                        store_id=terminal.device.store_id, signin=signin,
                        create_dialog=lambda prefill, parent: CreateCustomerDialog(ctx, prefill, parent),
                        find_order=lambda code: terminal.worker.run(terminal.pickups.find, code),
                        remote=terminal.remote_search, is_online=ctx.is_online)
    window.session_changed.connect(ctx.sign)
    if session is not None:
        window.unlock(session)
    else:
        signin.reset()
    return window, ctx


class PickupArrivals:
    """Announces pickup orders placed for this store since the last look (the first look only
    sets the watermark: orders already in the cache at start-up are not news)."""

    def __init__(self, terminal: Terminal, window: MainWindow) -> None:
        self.terminal = terminal
        self.window = window
        self.after: int | None = None
        self._checking = False
        self._again = False

    async def check(self) -> None:
        if self._checking:
            self._again = True  # rows landed during this look: look once more when it ends
            return
        self._checking = True
        try:
            while True:
                self._again = False
                found, self.after = await self.terminal.worker.run(self.terminal.pickups.arrivals, self.after)
                if found:
                    self.window.notify_pickups(found)
                if not self._again:
                    break
        finally:
            self._checking = False


def watch_status(terminal: Terminal, window: MainWindow, ctx: ScreenContext, ops: Ops) -> None:
    """Route replication status to the window: the status bar, refreshed screens when new rows
    arrived (the sign-in roster too: staff arrive with the first download), and new pickup orders
    announced."""
    seen = [None]
    arrivals = PickupArrivals(terminal, window)

    def on_status(status) -> None:
        window.set_sync_status(status)
        key = (status.last_sync_at, status.generation, status.searchable, status.bootstrapping)
        if key != seen[0]:
            seen[0] = key
            if window.locked and window.signin is not None:
                ops.run(terminal.worker.run(terminal.sessions.roster), window.signin.set_roster)
            window.on_data_changed()  # new rows may change what the search shows
            if status.last_sync_at and not status.bootstrapping:
                ops.run(arrivals.check())  # orders already there after the download are not news

    terminal.replicator.on_status = on_status


def watch_idle(window: MainWindow, minutes: float) -> IdleLock:
    """Lock the window after ``minutes`` without use while someone is signed in (0: never)."""
    idle = IdleLock(minutes, window)
    idle.idle.connect(lambda: window.lock(QApplication.translate(
        "app", "Locked after %n minute(s) without use. Sign in again to go on.", "", int(minutes))))
    window.session_changed.connect(lambda session: idle.restart() if session is not None else idle.timer.stop())
    idle.install(QApplication.instance())
    if window.locked:
        idle.timer.stop()
    return idle


async def _run_terminal(terminal: Terminal, ops: Ops, messages: MessageBridge, screenshot: Path | None,
                        query: str | None) -> int | str:
    """Show the window for one terminal until it closes (an exit code) or is revoked ("revoked")."""
    window, ctx = build_window(terminal, ops, messages)
    scanner = ScannerFilter(window)
    scanner.install(QApplication.instance())
    scanner.scanned.connect(window.on_scanned)
    idle = watch_idle(window, terminal.config.idle_lock_minutes)
    watch_status(terminal, window, ctx, ops)
    closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    QApplication.instance().lastWindowClosed.connect(lambda: closed.done() or closed.set_result(None))
    stop = asyncio.Event()
    window.show()
    if terminal.recovery is not None:  # rare and important: a dialog, not a passing status-bar line
        notice = QMessageBox(QMessageBox.Icon.Information, QApplication.translate("app", "Local data"),
                             recovery_text(terminal.recovery.kept_pending), parent=window)
        notice.open()
    try:
        if screenshot is not None:
            return await _screenshot(terminal, window, screenshot, query)
        sync_task = asyncio.ensure_future(terminal.replicator.run(stop))
        await asyncio.wait([closed, sync_task], return_when=asyncio.FIRST_COMPLETED)
        if terminal.revoked:
            window.hide()
            return "revoked"
        stop.set()
        await asyncio.wait_for(asyncio.shield(sync_task), timeout=5)
        return 0
    except asyncio.TimeoutError:
        log.warning("sync loop did not stop within 5 s")
        return 0
    finally:
        scanner.uninstall()
        idle.uninstall()
        stop.set()
        await ops.drain()
        if not terminal.revoked:
            await terminal.aclose()


async def _screenshot(terminal: Terminal, window: MainWindow, path: Path, query: str | None) -> int:
    await terminal.replicator.sync_once()
    if query:
        shown = asyncio.get_running_loop().create_future()
        window.search.results_shown.connect(lambda n: shown.done() or shown.set_result(n))
        window.search.box.setText(query)
        await asyncio.wait_for(shown, timeout=10)
    await asyncio.sleep(0.2)  # let the status bar and layout settle
    path.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    print(f"screenshot saved to {path}")
    return 0


def run_app(config: Config, *, screenshot: Path | None = None, query: str | None = None) -> int:
    """Entry point of the GUI: QApplication first, then the qasync loop."""
    make_qapplication(config.language)
    credentials = credential_store_for(config)
    return qasync.run(run_window(config, credentials, screenshot=screenshot, query=query))
