"""``clienteling screenshots --out DIR``: render every main screen with demo data to PNG files.

Runs the demo central service, enrols a fresh terminal, and captures the real widgets as the
associate sees them: enrolment, the initial download, search results with the customer card,
no match, and offline with writes waiting to be sent. Reviewers run this and look at the files.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path

from clienteling.demo import DemoCentral, demo_central, demo_dir, terminal_config


def _save(widget, out: Path, name: str, saved: list[Path]) -> None:
    path = out / name
    if not widget.grab().save(str(path)):
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

    from clienteling.security.credentials import MemoryCredentialStore
    from clienteling.terminal import Terminal
    from clienteling.ui.main_window import MainWindow
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
        window = MainWindow(search, Ops(messages), messages, store_name=terminal.device.store_name)
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

        await _search(window, "mar")
        _save(window, out, "03-search-results.png", saved)
        await _search(window, "zzqx")
        _save(window, out, "04-search-no-match.png", saved)

        hit = (await search("a"))[0]
        await terminal.worker.run(terminal.notes.add, hit.id, "Wants the linen shirt in M", "A0001")
        await terminal.replicator.refresh_counts()
        terminal.replicator.set_online(False, SyncError("offline", "the central service cannot be reached"))
        await _search(window, f"{hit.first_name} {hit.last_name}")
        _save(window, out, "05-offline-pending.png", saved)
        window.close()
    finally:
        await terminal.aclose()
    return saved


def run_screenshots(out: Path, size: str = "demo", data_dir: str | None = None) -> int:
    """Render the screens into ``out``; prints the files written."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import qasync

    from clienteling.app import make_qapplication

    out.mkdir(parents=True, exist_ok=True)
    base = demo_dir(data_dir)
    terminal_dir = base / "screenshots-terminal"
    shutil.rmtree(terminal_dir, ignore_errors=True)  # a fresh terminal, to capture the download
    make_qapplication()
    with demo_central(base, size) as central:
        saved = qasync.run(_render(out, central, terminal_dir))
    shutil.rmtree(terminal_dir, ignore_errors=True)
    for path in saved:
        print(path)
    return 0
