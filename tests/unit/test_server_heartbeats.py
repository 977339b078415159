"""Batched last-seen times (sync.server.heartbeats) on a throw-away SQLite database."""

from __future__ import annotations

import pytest
from sqlalchemy import insert, select, update

from sync.server.db import open_engine, read_tx, upgrade, write_tx
from sync.server.heartbeats import Heartbeats
from sync.server.models import devices

COLUMNS = ("last_sync_at", "outbox_pending")


@pytest.fixture
def engine(tmp_path):
    eng = open_engine(str(tmp_path / "h.db"))
    upgrade(eng)
    with write_tx(eng) as conn:
        for d in ("D1", "D2"):
            conn.execute(insert(devices).values(id=d, store_id="S001", token_hash=d, enrolled_at="2026-01-01T00:00:00Z",
                                                last_seen_at="2026-01-01T00:00:00Z", last_seq=0))
    yield eng
    eng.dispose()


def _seen(engine) -> dict[str, tuple]:
    with read_tx(engine) as conn:
        return {r.id: (r.last_seen_at, r.last_sync_at, r.outbox_pending)
                for r in conn.execute(select(devices.c.id, devices.c.last_seen_at, devices.c.last_sync_at,
                                             devices.c.outbox_pending))}


def test_newest_time_per_device_written_in_one_flush(engine):
    beats = Heartbeats(COLUMNS)
    beats.seen("D1", "2026-02-01T00:00:02Z", {"last_sync_at": "2026-02-01T00:00:01Z", "outbox_pending": 1})
    beats.seen("D1", "2026-02-01T00:00:01Z", {"last_sync_at": "older", "outbox_pending": 9})  # older: ignored
    beats.seen("D2", "2026-02-01T00:00:03Z", {"last_sync_at": None, "outbox_pending": 0})
    assert beats.pending() == 2
    assert beats.flush(engine) == 2 and beats.pending() == 0
    assert _seen(engine) == {"D1": ("2026-02-01T00:00:02Z", "2026-02-01T00:00:01Z", 1),
                             "D2": ("2026-02-01T00:00:03Z", None, 0)}
    assert beats.flush(engine) == 0


def test_a_time_never_moves_backwards(engine):
    with write_tx(engine) as conn:  # written at once by a newer request meanwhile
        conn.execute(update(devices).where(devices.c.id == "D1").values(last_seen_at="2026-03-01T00:00:00Z"))
    beats = Heartbeats(COLUMNS)
    beats.seen("D1", "2026-02-01T00:00:00Z", {"last_sync_at": "x", "outbox_pending": 5})
    beats.flush(engine)
    assert _seen(engine)["D1"] == ("2026-03-01T00:00:00Z", None, None)


def test_a_failed_flush_keeps_the_times(engine, tmp_path):
    beats = Heartbeats(COLUMNS)
    beats.seen("D1", "2026-02-01T00:00:00Z", {"last_sync_at": None, "outbox_pending": 0})
    broken = open_engine(str(tmp_path / "empty.db"))  # no devices table
    with pytest.raises(Exception):
        beats.flush(broken)
    broken.dispose()
    assert beats.pending() == 1
    assert beats.flush(engine) == 1 and _seen(engine)["D1"][0] == "2026-02-01T00:00:00Z"


def test_a_report_names_every_column():
    with pytest.raises(ValueError):
        Heartbeats(COLUMNS).seen("D1", "t", {"last_sync_at": None})
