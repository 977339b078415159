"""The Qt binding must not lose references to None/True/False (PySide6 6.12.0 on Python 3.11 did:
every void call and signal emission dropped one, and a long session aborted with
"Fatal Python error: none_dealloc"). pyproject.toml pins a version without the bug."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    fired = Signal(bool)


def test_void_calls_and_signals_keep_none_and_bools_alive(qapp):
    emitter = _Emitter()
    got = [0]

    def slot(value: bool) -> None:  # keeps no reference to the value it gets
        got[0] += value

    emitter.fired.connect(slot)
    before = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(2000):
        emitter.setObjectName("x")  # returns None
        emitter.fired.emit(True)
        emitter.blockSignals(False)  # returns a bool
    after = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
    assert got[0] == 2000
    assert all(a >= b - 50 for a, b in zip(after, before)), (before, after)
