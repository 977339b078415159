"""The window after a damaged cache was set aside (the associate is told, the download runs), and
the dialog when the cache cannot be used at all (a read-only file): proposed for tests/gui/."""

from __future__ import annotations

import asyncio
import subprocess
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from clienteling.app import run_window
from clienteling.config import Config
from clienteling.ui.main_window import MainWindow
from tests.gui.test_main_window_routes import _until, central  # noqa: F401  (module fixture)
from tests.integration.test_cache_recovery import damaged_terminal
from tests.unit.test_cache_recovery import _make_read_only

pytestmark = pytest.mark.asyncio


def _shown(kind):
    return next((w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()), None)


async def test_the_window_says_a_damaged_cache_was_set_aside(qtbot, tmp_path, central, themed_app):  # noqa: F811
    old, _notes = await damaged_terminal(central, tmp_path)
    config = Config(data_dir=old.config.data_dir, sync_interval_s=1)
    running = asyncio.ensure_future(run_window(config, old.credentials))
    try:
        await _until(lambda: _shown(MainWindow) is not None, timeout_s=20)
        window = _shown(MainWindow)
        await _until(lambda: _shown(QMessageBox) is not None, timeout_s=10)
        notice = _shown(QMessageBox)
        assert "set aside" in notice.text() and "1 change(s) not sent yet were kept" in notice.text()
        await asyncio.sleep(0.5)
        window.grab().save("/tmp/issue9/recovered-window.png")
        notice.grab().save("/tmp/issue9/recovered-notice.png")
        notice.accept()
        window.close()
        assert await asyncio.wait_for(running, timeout=20) == 0
    finally:
        if not running.done():
            running.cancel()


async def test_a_read_only_cache_gets_a_dialog_not_a_crash(qtbot, tmp_path, central):  # noqa: F811
    old, _notes = await damaged_terminal(central, tmp_path)
    path = Path(old.config.cache_path)
    for leftover in path.parent.glob("cache.db.damaged"):
        leftover.unlink()
    undo = _make_read_only(path)
    if undo is None:
        pytest.skip("cannot make a file read-only here")
    try:
        running = asyncio.ensure_future(run_window(Config(data_dir=old.config.data_dir), old.credentials))
        await _until(lambda: _shown(QMessageBox) is not None, timeout_s=20)
        box = _shown(QMessageBox)
        assert "cannot write its local data" in box.text()
        box.grab().save("/tmp/issue9/readonly-dialog.png")
        box.accept()
        assert await asyncio.wait_for(running, timeout=10) == 1
    finally:
        subprocess.run(undo, check=True)
