"""Barcode scanner as a keyboard wedge, anywhere in the app.

A scanner "types" its code far faster than a person and ends it with Enter. An application-wide
event filter watches key presses: a burst of at least ``min_length`` printable characters, each
within ``max_gap_ms`` of the previous one, ending in Enter, is a scan. The Enter is swallowed
and, when the characters landed in a line edit, that edit gets back the text it had before the
burst, so a scan never leaves digits in a random field. Only codes that ``domain.scan.classify``
recognises count; anything else (fast typing that happens to end in Enter) passes untouched.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QWidget

from clienteling.domain.scan import classify

MAX_GAP_MS = 30.0
MIN_LENGTH = 6
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class ScannerFilter(QObject):
    """Install with :meth:`install` on the QApplication; emits ``scanned(kind, value)`` and
    ``scanned_code(raw)``. ``clock`` returns milliseconds (injectable for tests)."""

    scanned = Signal(str, str)
    scanned_code = Signal(str)

    def __init__(self, parent: QObject | None = None, *, max_gap_ms: float = MAX_GAP_MS,
                 min_length: int = MIN_LENGTH, clock: Callable[[], float] | None = None) -> None:
        super().__init__(parent)
        self.max_gap_ms = max_gap_ms
        self.min_length = min_length
        self._clock = clock or (lambda: time.monotonic() * 1000.0)
        self._buffer: list[str] = []
        self._last_ms = -1e9
        self._target: QLineEdit | QPlainTextEdit | None = None
        self._target_text = ""
        self._target_cursor = 0
        self._installed: QApplication | None = None

    def install(self, app: QApplication | None = None) -> None:
        """Start watching every key press of the application."""
        app = app or QApplication.instance()  # type: ignore[assignment]
        if app is not None and self._installed is None:
            app.installEventFilter(self)
            self._installed = app

    def uninstall(self) -> None:
        """Stop watching (tests, shutdown)."""
        if self._installed is not None:
            self._installed.removeEventFilter(self)
            self._installed = None

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() != QEvent.Type.KeyPress or not isinstance(obj, QWidget):
            return False
        focus = QApplication.focusWidget()
        if focus is not None and obj is not focus:
            return False  # the same key travelling up to a parent: counted once, at the target
        return self._on_key(obj, event)  # type: ignore[arg-type]

    def _on_key(self, target: QWidget, event: QKeyEvent) -> bool:
        now = self._clock()
        gap = now - self._last_ms
        self._last_ms = now
        if event.key() in _ENTER:
            code = "".join(self._buffer)
            burst = gap <= self.max_gap_ms and len(code) >= self.min_length
            restore = (self._target, self._target_text, self._target_cursor)
            self._reset()
            return burst and self._finish(code, *restore)
        text = event.text()
        if not text or not text.isprintable() or event.modifiers() & (
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            self._reset()
            return False
        if gap > self.max_gap_ms or not self._buffer:
            # A new burst may start here: remember what the field held before it.
            self._reset()
            if isinstance(target, (QLineEdit, QPlainTextEdit)):
                self._target = target
                self._target_text, self._target_cursor = _text_and_cursor(target)
        self._buffer.append(text)
        return False

    def _reset(self) -> None:
        self._buffer = []
        self._target = None

    def _finish(self, code: str, target: QLineEdit | QPlainTextEdit | None, before: str, cursor: int) -> bool:
        kind, value = classify(code)
        if kind == "unknown":
            return False
        if target is not None and _text_and_cursor(target)[0] != before:
            _restore(target, before, cursor)  # the burst's characters must not stay in the field
        self.scanned_code.emit(code)
        self.scanned.emit(kind, value)
        return True


def _text_and_cursor(field: QLineEdit | QPlainTextEdit) -> tuple[str, int]:
    if isinstance(field, QLineEdit):
        return field.text(), field.cursorPosition()
    return field.toPlainText(), field.textCursor().position()


def _restore(field: QLineEdit | QPlainTextEdit, text: str, cursor: int) -> None:
    if isinstance(field, QLineEdit):
        field.setText(text)
        field.setCursorPosition(min(cursor, len(text)))
        return
    field.setPlainText(text)
    moved = field.textCursor()
    moved.setPosition(min(cursor, len(text)))
    field.setTextCursor(moved)
