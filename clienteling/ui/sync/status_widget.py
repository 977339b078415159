"""Status bar pieces: online/offline, last sync, pending outbox, initial-download progress."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from clienteling.ui.formatting import ago, duration, parse_time

NEEDS_ATTENTION = ("protocol", "auth", "forbidden", "corrupt", "disk_full", "readonly", "io", "incompatible",
                   "internal")
"""Failure kinds that do not clear by waiting (unlike offline, timeout, server): shown, not only tooltipped."""


def _timestamp(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.timestamp()
    if isinstance(value, str):
        parsed = parse_time(value)
        return parsed.timestamp() if parsed else None
    return float(value)


class SyncStatusWidget(QWidget):
    """Shows the replicator's latest status; refreshes "synced N s ago" every second."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.online = QLabel(self)
        self.online.setObjectName("onlinePill")
        self.online.setAccessibleName(self.tr("Connection"))
        self.last_sync = QLabel(self)
        self.last_sync.setObjectName("lastSync")
        self.pending = QLabel(self)
        self.pending.setObjectName("pendingOutbox")
        self.progress = QProgressBar(self)
        self.progress.setObjectName("bootstrapProgress")
        self.progress.setAccessibleName(self.tr("Initial download"))
        self.progress.setFixedWidth(160)
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.progress_label = QLabel(self)
        self.progress_label.setObjectName("bootstrapLabel")
        self.progress_label.hide()

        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 0, 8, 0)
        layout.setSpacing(16)
        layout.addWidget(self.progress)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.pending)
        layout.addWidget(self.last_sync)
        layout.addWidget(self.online)

        self._status: Any = None
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._render)
        self._tick.start()
        self._render()

    def set_status(self, status: Any) -> None:
        self._status = status
        self._render()

    def _render(self) -> None:
        s = self._status
        online = getattr(s, "online", None)
        if online is None:
            self.online.setText(self.tr("○ Connecting…"))
            self.online.setProperty("state", "unknown")
        elif getattr(s, "last_error_kind", None) in NEEDS_ATTENTION:
            self.online.setText(self.tr("● Sync problem"))
            self.online.setProperty("state", "offline")
        else:
            self.online.setText(self.tr("● Online") if online else self.tr("● Offline"))
            self.online.setProperty("state", "online" if online else "offline")
        self.online.style().unpolish(self.online)
        self.online.style().polish(self.online)
        error = getattr(s, "last_error", None)
        self.online.setToolTip(error or "")

        last = _timestamp(getattr(s, "last_sync_at", None))
        if online and getattr(s, "live", False):
            self.last_sync.setText(self.tr("Up to date"))
        else:
            self.last_sync.setText(self.tr("Synced %1").replace("%1", ago(time.time() - last)) if last
                                   else self.tr("Not synced yet"))
        pending = int(getattr(s, "pending", 0) or 0)
        rejected = int(getattr(s, "rejected", 0) or 0)
        text = self.tr("%1 waiting to send").replace("%1", str(pending)) if pending else self.tr("All changes sent")
        if rejected:
            text += "  ·  " + self.tr("%1 need attention").replace("%1", str(rejected))
        self.pending.setText(text)
        self.pending.setProperty("attention", bool(rejected))
        self.pending.style().unpolish(self.pending)
        self.pending.style().polish(self.pending)

        self._render_progress(s)

    def _render_progress(self, s: Any) -> None:
        progress = getattr(s, "progress", None) or {}
        if not getattr(s, "bootstrapping", False) or not progress:
            self.progress.hide()
            self.progress_label.hide()
            return
        rows = sum(int(getattr(p, "rows_received", 0) or 0) for p in progress.values())
        total = sum(int(getattr(p, "total_rows", 0) or 0) for p in progress.values())
        eta = max((getattr(p, "eta_s", None) or 0) for p in progress.values())
        percent = int(100 * rows / total) if total else 0
        self.progress.setRange(0, 100)
        self.progress.setValue(percent)
        self.progress.setFormat("%p%")
        label = self.tr("Downloading %1 of %2 rows").replace("%1", f"{rows:,}").replace("%2", f"{total:,}")
        if eta:
            label += self.tr(", about %1 left").replace("%1", duration(eta))
        self.progress_label.setText(label)
        self.progress.show()
        self.progress_label.show()
