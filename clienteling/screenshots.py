"""``clienteling screenshots --out DIR``: render every main screen with demo data to PNG files.

Runs the demo central service, enrols a fresh terminal, and captures the real widgets as the
associate sees them: enrolment, the initial download, search results with the customer card,
no match, offline with writes waiting to be sent, inventory, the customer profile, and the
counter: pickups (queue, picking, handover, a handover refused because another counter collected
the order), returns (find, lines, manager approval, summary) and the flags that refusal raised.
Reviewers run this and look at the files.

The counter shots place orders and a purchase in the central database and push writes to it, so
the central service runs on a scratch copy of the demo database (the demo's own stays as seeded).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import sqlite3
from pathlib import Path

from clienteling.demo import DemoCentral, demo_central, demo_dir, terminal_config


def _save(widget, out: Path, name: str, saved: list[Path]) -> None:
    path = out / name
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    saved.append(path)


def _save_over(window, dialog, out: Path, name: str, saved: list[Path]) -> None:
    """The window, dimmed, with ``dialog`` centred on it (as the associate sees a modal dialog)."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QColor, QPainter

    image = window.grab()
    top = dialog.grab()
    painter = QPainter(image)
    painter.fillRect(image.rect(), QColor(15, 23, 42, 110))
    painter.drawPixmap(QPoint((image.width() - top.width()) // 2, max(0, (image.height() - top.height()) // 2)), top)
    painter.end()
    path = out / name
    if not image.save(str(path)):
        raise OSError(f"could not write {path}")
    saved.append(path)


async def _settle() -> None:
    await asyncio.sleep(0.15)  # let layouts and the status bar repaint


async def _search(window, text: str) -> None:
    shown = asyncio.get_running_loop().create_future()
    window.search.results_shown.connect(lambda n: shown.done() or shown.set_result(n))
    window.search.box.setText(text)
    await asyncio.wait_for(shown, timeout=10)
    await _settle()


async def _render(out: Path, central: DemoCentral, terminal_dir: Path) -> list[Path]:
    from sync.client import SyncError

    from clienteling.app import build_window
    from clienteling.security.credentials import MemoryCredentialStore
    from clienteling.terminal import Terminal
    from clienteling.ui.messages import MessageBridge
    from clienteling.ui.ops import Ops
    from clienteling.ui.sync.enrol_dialog import EnrolDialog

    saved: list[Path] = []
    config = terminal_config(terminal_dir, central.url)
    ops = Ops(MessageBridge())

    dialog = EnrolDialog(lambda url, code: asyncio.sleep(0), ops, server_url=central.url)
    dialog.code.setText("7KQ2-M9XD-4HNP")
    dialog.show()
    await _settle()
    _save(dialog, out, "01-enrol.png", saved)
    dialog.close()

    terminal = await Terminal.enroll(config, MemoryCredentialStore(), central.url, central.enroll_code())
    try:
        async def search(text: str):
            return await terminal.worker.run(terminal.customers.search, text)

        messages = MessageBridge()
        window, ctx = build_window(terminal, Ops(messages), messages)
        window.show()
        captured = []

        def on_status(status) -> None:
            window.set_sync_status(status)
            if status.bootstrapping and status.progress and not captured:
                captured.append(True)
                _save(window, out, "02-initial-download.png", saved)

        terminal.replicator.on_status = on_status
        await terminal.replicator.sync_once()
        await _settle()
        await _sign_in(terminal, window, out, saved)

        await _search(window, "mar")
        _save(window, out, "03-search-results.png", saved)
        await _search_kinds(terminal, window, central, out, saved)
        await _search(window, "zzqx")
        _save(window, out, "04-search-no-match.png", saved)

        hit = (await search("a"))[0]
        await terminal.worker.run(terminal.notes.add, hit.id, "Wants the linen shirt in M", "A0001")
        await terminal.replicator.refresh_counts()
        terminal.replicator.set_online(False, SyncError("offline", "the central service cannot be reached"))
        await _search(window, f"{hit.first_name} {hit.last_name}")
        _save(window, out, "05-offline-pending.png", saved)
        terminal.replicator.set_online(True)
        await _signup(window, out, saved)
        await _inventory(window, hit.id, out, saved)
        await _profile_and_clients(terminal, window, ctx.associate_id, out, saved)
        await _counter(terminal, window, central, out, saved)
        await _dashboard(window, out, saved)
        await terminal.replicator.sync_once()  # the audit rows of what the screenshots did
        await _audit(window, out, saved)
        window.close()
    finally:
        await terminal.aclose()
    return saved


async def _sign_in(terminal, window, out: Path, saved: list[Path]) -> None:
    """The sign-in screen with the store's staff, a wrong PIN, then the demo associate signs in
    through it (demo PINs: extras.MANAGER_PIN / ASSOCIATE_PIN)."""
    from sync.datagen.extras import ASSOCIATE_PIN, MANAGER_PIN

    signin = window.signin
    staff = await terminal.worker.run(terminal.sessions.roster)
    me = await terminal.default_session()
    if me is None or me.is_manager:  # an associate, so the dashboard shows its manager gate
        me = next((s for s in staff if not s.is_manager), me)
    if me is None:
        raise RuntimeError("the demo data has nobody who can sign in at this store")
    signin.set_roster(staff, me.associate_id)
    await _settle()
    _save(window, out, "02b-sign-in.png", saved)
    signin.pin.setText("0000")
    signin.submit()
    for _ in range(100):
        if signin.message.isVisible():
            break
        await asyncio.sleep(0.05)
    _save(window, out, "02c-sign-in-wrong-pin.png", saved)
    signin.pin.setText(MANAGER_PIN if me.is_manager else ASSOCIATE_PIN)
    signin.submit()
    for _ in range(100):
        if not window.locked:
            break
        await asyncio.sleep(0.05)
    if window.locked:
        raise RuntimeError("the demo associate could not sign in")
    await _settle()


async def _search_kinds(terminal, window, central: DemoCentral, out: Path, saved: list[Path]) -> None:
    """A typo, the last four digits of a phone, and a customer of another region (online)."""
    hits = await terminal.worker.run(terminal.customers.search, "an")
    hit = next((h for h in hits if len(h.last_name or "") >= 5 and (h.last_name or "").isalpha() and h.phone), None)
    if hit is not None:
        name = hit.last_name
        await _search(window, f"{hit.first_name} {name[0]}{name[2]}{name[1]}{name[3:]}")
        _save(window, out, "03b-search-typo.png", saved)
        digits = "".join(c for c in hit.phone if c.isdigit())
        await _search(window, digits[-4:])
        _save(window, out, "03c-search-phone-last4.png", saved)
    far = _customer_of_another_region(central, terminal.device.region)
    if far:
        terminal.replicator.set_online(True)
        await _search(window, far)
        for _ in range(100):  # the online fallback answers after the local search
            if window.search.model.rowCount():
                break
            await asyncio.sleep(0.05)
        await _settle()
        _save(window, out, "03d-search-other-region.png", saved)


def _customer_of_another_region(central: DemoCentral, region: str) -> str | None:
    """A full name only another region has (read from the demo database, read-only)."""
    import sqlite3

    path = central.db_url.removeprefix("sqlite:///")
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        row = db.execute(
            "SELECT first_name || ' ' || last_name FROM customers c WHERE scope != ? AND NOT EXISTS "
            "(SELECT 1 FROM customers d WHERE d.scope = ? AND d.last_name = c.last_name "
            "AND d.first_name = c.first_name) ORDER BY id LIMIT 1",
            (f"region:{region}", f"region:{region}")).fetchone()
    return row[0] if row else None


async def _signup(window, out: Path, saved: list[Path]) -> None:
    """The sign-up dialog warning about a likely duplicate (same phone, same name)."""
    from clienteling.ui.customers.create_dialog import CreateCustomerDialog

    model = window.search.model
    hit = model.hit(0) if model.rowCount() else None
    window.create_customer(f"{hit.first_name} {hit.last_name}" if hit else "")
    dialogs = window.findChildren(CreateCustomerDialog)
    if not dialogs:
        return
    dialog = dialogs[-1]
    if hit is not None and hit.phone:
        dialog.inputs["phone"].setText(hit.phone)
        dialog.inputs["email"].setText("new.address@example.com")
        for _ in range(100):
            if dialog.duplicate_box.isVisible():
                break
            await asyncio.sleep(0.05)
    await _settle()
    _save(dialog, out, "06-create-customer.png", saved)
    dialog.reject()


async def _inventory(window, customer_id: str, out: Path, saved: list[Path]) -> None:
    """Product search, a style's size x colour grid with availability, and a hold for a customer."""
    from clienteling.ui.inventory.shots import capture

    inventory = window.screens["inventory"]
    window.show_page(inventory)
    await capture(inventory, lambda name, w: _save(w or window, out, f"07-{name}.png", saved),
                  query="shirt", customer_id=customer_id)


async def _profile_and_clients(terminal, window, associate: str | None, out: Path, saved: list[Path]) -> None:
    """Customer 360 tabs and My clients, for a customer of the associate the terminal records."""
    from clienteling.ui.profile.shots import capture, seed_activity

    profile, clients = window.screens["profile"], window.screens["clients"]

    def assigned() -> list[str]:
        with terminal.cache.read() as conn:
            return [r[0] for r in conn.exec_driver_sql(
                "SELECT id FROM customers WHERE assigned_associate_id = ? ORDER BY lifetime_value_cents DESC "
                "LIMIT 6", (associate,))]

    ids = await terminal.worker.run(assigned)
    if not ids:
        return
    await seed_activity(terminal, ids[0], associate, ids[1:5])
    window.open_customer(ids[0])

    def save(name: str, widget) -> None:
        if widget is clients:
            window.show_page(clients)
        _save(window, out, f"{name}.png", saved)

    await capture(profile, clients, ids[0], save)


COUNTER_FILES = {"pickups-queue": "08-pickups-queue.png", "pickup-detail": "08b-pickup-detail.png",
                 "handover": "08c-handover.png", "handover-refused": "08d-handover-refused.png",
                 "return-find": "09-return-find.png", "return-lines": "09b-return-lines.png",
                 "return-approval": "09c-return-approval.png", "return-summary": "09d-return-summary.png",
                 "flags": "10-flags.png"}


async def _dashboard(window, out: Path, saved: list[Path]) -> None:
    """The manager dashboard: the sign-in gate, the PIN, then today, month and a custom range."""
    from clienteling.ui.dashboard.shots import capture

    await _manager_screen(window, "dashboard", capture, out, saved)  # signs in with the demo manager PIN


async def _audit(window, out: Path, saved: list[Path]) -> None:
    """The audit trail: the manager gate, then the last 7 days after the manager's PIN."""
    from clienteling.ui.audit.shots import capture

    await _manager_screen(window, "audit", capture, out, saved)


async def _manager_screen(window, name: str, capture, out: Path, saved: list[Path]) -> None:
    """Show the screen ``name`` and let its ``capture(screen, save)`` take its shots."""
    screen = window.screens[name]
    window.show_page(screen)

    def save(shot: str, widget) -> None:
        if widget is None:
            _save(window, out, f"{shot}.png", saved)
        else:
            _save_over(window, widget, out, f"{shot}.png", saved)

    await capture(screen, save)


async def _counter(terminal, window, central: DemoCentral, out: Path, saved: list[Path]) -> None:
    """Pickups, returns and flags: orders and a purchase placed in the central database reach the
    terminal with a sync; a handover of an order another counter collected first is refused by
    the central service, which raises the flag shown last."""
    from clienteling.app import PickupArrivals
    from clienteling.ui.incidents import shots as incident_shots
    from clienteling.ui.pickups import shots as pickup_shots
    from clienteling.ui.returns import shots as return_shots

    store = terminal.device.store_id
    arrivals = PickupArrivals(terminal, window)
    await arrivals.check()  # the watermark: what is already there is not news
    orders = pickup_shots.place_orders(central.db_url, store)
    purchase = return_shots.place_purchase(central.db_url, store)
    await terminal.replicator.sync_once()
    await arrivals.check()  # the banner and status message the counter gets for new orders

    def save(name: str, widget) -> None:
        file = COUNTER_FILES[name]
        if widget is None:
            _save(window, out, file, saved)
        elif name == "return-approval":
            _save_over(window, widget, out, file, saved)
        else:
            _save(widget, out, file, saved)

    def replicating():
        return terminal.replicator.running()

    pickups, returns, flags = (window.screens[n] for n in ("pickups", "returns", "incidents"))
    window.show_page(pickups)
    await pickup_shots.capture(pickups, orders, save, lambda order_id: pickup_shots.collect_elsewhere(
        central.db_url, order_id), replicating)
    window.show_page(returns)
    await return_shots.capture(returns, purchase, save, replicating)
    window.show_page(flags)
    await incident_shots.capture(flags, save, replicating, order_id=orders["handover"])


def _scratch_copy(base: Path, size: str) -> Path:
    """A folder holding a copy of the demo's central database (seeded first if need be)."""
    source = base / f"central-{size}.db"
    if not source.exists():
        with demo_central(base, size):
            pass  # seeds it
    scratch = base / "screenshots-central"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    with contextlib.closing(sqlite3.connect(source)) as src, \
            contextlib.closing(sqlite3.connect(scratch / source.name)) as dst:
        src.backup(dst)  # consistent, WAL included
    return scratch


def run_screenshots(out: Path, size: str = "demo", data_dir: str | None = None) -> int:
    """Render the screens into ``out``; prints the files written."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import qasync

    from clienteling.app import make_qapplication

    out.mkdir(parents=True, exist_ok=True)
    base = demo_dir(data_dir)
    terminal_dir = base / "screenshots-terminal"
    shutil.rmtree(terminal_dir, ignore_errors=True)  # a fresh terminal, to capture the download
    make_qapplication("en")  # the reference screenshots are in English, whatever the machine's locale
    scratch = _scratch_copy(base, size)
    try:
        with demo_central(scratch, size) as central:
            saved = qasync.run(_render(out, central, terminal_dir))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    shutil.rmtree(terminal_dir, ignore_errors=True)
    for path in saved:
        print(path)
    return 0
