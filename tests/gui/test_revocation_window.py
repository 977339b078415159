"""The window of a terminal revoked by IT: at its next contact it closes, the cache and
credentials are wiped, the associate is told, and the enrolment dialog comes back."""

from __future__ import annotations

import asyncio

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from sync.server import admin

from clienteling.app import run_window
from clienteling.config import Config
from clienteling.security.credentials import CACHE_KEY, DEVICE_TOKEN, MemoryCredentialStore
from clienteling.terminal import Terminal
from clienteling.ui.main_window import MainWindow
from clienteling.ui.sync.enrol_dialog import EnrolDialog
from tests.gui.test_main_window_routes import _until, central  # noqa: F401  (module fixture)

pytestmark = pytest.mark.asyncio


def _shown(kind):
    return next((w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()), None)


async def test_a_revoked_terminal_is_wiped_and_goes_back_to_enrolment(qtbot, tmp_path, central):
    config = Config(data_dir=tmp_path / "t", sync_interval_s=1)
    credentials = MemoryCredentialStore()
    terminal = await Terminal.enroll(config, credentials, central.url, central.enroll_code("S001"))
    device = terminal.device.device_id
    await terminal.aclose()
    running = asyncio.ensure_future(run_window(config, credentials))
    try:
        await _until(lambda: _shown(MainWindow) is not None, timeout_s=20)
        assert admin.revoke_device(central.engine(), device)
        await _until(lambda: _shown(QMessageBox) is not None, timeout_s=30)
        box = _shown(QMessageBox)
        assert "revoked" in box.text() and _shown(MainWindow) is None
        assert credentials.get(DEVICE_TOKEN) is None and credentials.get(CACHE_KEY) is None
        assert not [p for p in config.cache_path.parent.glob(config.cache_path.name + "*")]
        box.accept()
        await _until(lambda: _shown(EnrolDialog) is not None)
        _shown(EnrolDialog).reject()  # nobody enrols it again now: the app ends
        assert await asyncio.wait_for(running, timeout=10) == 1
    finally:
        if not running.done():
            running.cancel()
