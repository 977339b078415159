"""Idle lock: the shared terminal locks itself after a while without anyone touching it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

_ACTIVITY = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
                       QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate})


class IdleLock(QObject):
    """``idle()`` after ``minutes`` without a key, click, wheel or touch anywhere in the app
    (0 minutes: never). ``install()`` watches the application; ``restart()`` starts counting anew."""

    idle = Signal()

    def __init__(self, minutes: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.minutes = max(0.0, float(minutes))
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(max(1, int(self.minutes * 60_000)))
        self.timer.timeout.connect(self.idle)
        self._app: QApplication | None = None

    @property
    def enabled(self) -> bool:
        return self.minutes > 0

    def install(self, app: QApplication | None = None) -> None:
        self._app = app or QApplication.instance()  # type: ignore[assignment]
        self._app.installEventFilter(self)
        self.restart()

    def uninstall(self) -> None:
        if self._app is not None:
            self._app.removeEventFilter(self)
            self._app = None
        self.timer.stop()

    def restart(self) -> None:
        if self.enabled:
            self.timer.start()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() in _ACTIVITY and self.timer.isActive():
            self.timer.start()  # restarts the countdown
        return False
