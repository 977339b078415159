"""The message bridge: deep code reports to the user through this one object, never a QMessageBox.

Messages sent before a window is listening are buffered and replayed when one connects.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal


@dataclass(frozen=True)
class Message:
    level: str  # info | warning | error
    text: str


class MessageBridge(QObject):
    message = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self._buffer: list[Message] = []
        self._listening = False

    def listen(self, slot) -> None:
        """Connect the UI's display slot and replay what was said before."""
        self.message.connect(slot)
        self._listening = True
        for msg in self._buffer:
            self.message.emit(msg)
        self._buffer.clear()

    def _say(self, level: str, text: str) -> None:
        msg = Message(level, text)
        if self._listening:
            self.message.emit(msg)
        else:
            self._buffer.append(msg)

    def info(self, text: str) -> None:
        self._say("info", text)

    def warning(self, text: str) -> None:
        self._say("warning", text)

    def error(self, text: str) -> None:
        self._say("error", text)
