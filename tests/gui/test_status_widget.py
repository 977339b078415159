"""The status bar tells online/offline, freshness, the outbox and the initial download."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from clienteling.replication.status import ScopeProgress, SyncStatus
from clienteling.ui.sync.status_widget import SyncStatusWidget


def test_status_texts(qtbot):
    widget = SyncStatusWidget()
    qtbot.addWidget(widget)
    assert "Connecting" in widget.online.text()

    ten_s_ago = (datetime.now(timezone.utc) - timedelta(seconds=10)).strftime("%Y-%m-%dT%H:%M:%SZ")
    widget.set_status(SyncStatus(online=True, last_sync_at=ten_s_ago, pending=0))
    assert "Online" in widget.online.text()
    assert widget.last_sync.text().startswith("Synced 1")  # 10 or 11 s ago
    assert widget.pending.text() == "All changes sent"
    assert widget.progress.isHidden()

    widget.set_status(SyncStatus(online=False, pending=3, rejected=1, last_error="connection refused"))
    assert "Offline" in widget.online.text()
    assert widget.online.toolTip() == "connection refused"
    assert "3 waiting to send" in widget.pending.text() and "1 need attention" in widget.pending.text()
    assert widget.last_sync.text() == "Not synced yet"


def test_bootstrap_progress(qtbot):
    widget = SyncStatusWidget()
    qtbot.addWidget(widget)
    widget.show()
    progress = {"region:west": ScopeProgress("region:west", 300, 1000, 30.0, 12.0),
                "catalog": ScopeProgress("catalog", 0, 1000, 0.0, None)}
    widget.set_status(SyncStatus(online=True, bootstrapping=True, progress=progress))
    assert widget.progress.isVisible() and widget.progress.value() == 15
    assert "300 of 2,000 rows" in widget.progress_label.text()
    assert "12 s left" in widget.progress_label.text()
    widget.set_status(SyncStatus(online=True, bootstrapping=False, progress=progress))
    assert widget.progress.isHidden()


def test_following_the_feed_reads_up_to_date(qtbot):
    widget = SyncStatusWidget()
    qtbot.addWidget(widget)
    widget.set_status(SyncStatus(online=True, live=True, last_sync_at="2026-11-22T10:00:00Z"))
    assert widget.last_sync.text() == "Up to date"
    widget.set_status(SyncStatus(online=False, live=True, last_sync_at="2026-11-22T10:00:00Z"))
    assert widget.last_sync.text().startswith("Synced ")
