"""GUI tests: offscreen, marked ``gui``, Qt warnings fail the test, async tests run on qasync."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")

import gc  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QCoreApplication, QEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

import qasync  # noqa: E402

from clienteling.resources import stylesheet  # noqa: E402


def pytest_collection_modifyitems(items):
    for item in items:
        if "/gui/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.gui)


def pytest_asyncio_loop_factories(config, item):
    """Async GUI tests run on a qasync loop, so awaiting and Qt events mix as in the app."""

    def qasync_loop():
        app = QApplication.instance() or QApplication([])
        app.setQuitOnLastWindowClosed(False)  # as in the app: closing a dialog must not stop the loop
        return qasync.QEventLoop(app)

    return {"qasync": qasync_loop}


@pytest.fixture(autouse=True)
def _free_qt_objects_on_the_main_thread(qapp):
    """Collect a GUI test's widgets here and now: left to Python's cyclic GC they could be freed
    later on a server or DB worker thread, which Qt refuses (timers) or crashes on."""
    yield
    gc.collect()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


@pytest.fixture
def themed_app(qapp):
    qapp.setStyleSheet(stylesheet())
    return qapp
