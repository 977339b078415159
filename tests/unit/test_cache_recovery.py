"""Storage failures of the encrypted cache: a damaged file (found, checked, salvaged, set aside,
rebuilt with its outbox), a full disk (SQLite's own page limit) and a read-only folder or file
(an injected OS error, and a real one: chmod, or as root the immutable attribute)."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import event

from clienteling.cache import CacheError, open_cache, outbox, recovery
from clienteling.cache.engine import damaged_marker
from tests.unit.test_cache_engine import KEY, REGION, fetch, load, make_cache, row

NOW = datetime(2026, 11, 22, 23, 0, 5, tzinfo=timezone.utc)
PAGE = 4096


def queue_notes(cache, n: int, first: int = 0) -> None:
    with cache.write() as conn:
        for i in range(first, first + n):
            outbox.enqueue(conn, "note.add", {"customer_id": f"C{i}", "body": "kept"}, associate_id="A1",
                           local_time="2026-11-22T10:00:00Z", touched=[("notes", f"N{i}")])


def damaged_cache(tmp_path: Path, table: str = "customers") -> Path:
    """A closed cache with 3,000 customers and 5 outbox entries (the first applied), then the root
    page of ``table`` overwritten as a torn write would."""
    cache = make_cache(tmp_path)
    load(cache, "customers", REGION, *[row("customers", f"C{i}", first_name="N" * 60) for i in range(3000)])
    queue_notes(cache, 5)
    with cache.write() as conn:
        outbox.mark_done(conn, 1, "applied", None, None, "2026-11-22T10:01:00Z")
        root = conn.exec_driver_sql("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).scalar()
    cache.close()
    path = tmp_path / "cache.db"
    data = bytearray(path.read_bytes())
    start = (root - 1) * PAGE
    data[start + 64:start + 512] = os.urandom(448)
    path.write_bytes(bytes(data))
    return path


def test_a_damaged_page_is_found_checked_and_the_file_set_aside_with_its_outbox(tmp_path):
    path = damaged_cache(tmp_path)
    cache = open_cache(path, KEY)  # the damage is not on the pages an open reads
    with pytest.raises(CacheError) as err:
        fetch(cache, "SELECT * FROM customers ORDER BY first_name, id")
    cache.close()
    assert err.value.kind == "corrupt" and "Start the app again" in err.value.message
    assert damaged_marker(path).exists()  # the next open checks every page
    with pytest.raises(CacheError) as err:
        open_cache(path, KEY)
    assert err.value.kind == "corrupt"

    saved = recovery.salvage(path, KEY)
    assert saved.complete and (len(saved.outbox), saved.pending, saved.seq_floor) == (5, 4, 5)
    assert saved.device["device_id"] == "D1"
    original = path.read_bytes()
    aside = recovery.set_aside(path, NOW)
    assert aside.name == "cache.db.damaged-20261122T230005Z" and aside.read_bytes() == original
    assert not path.exists() and not damaged_marker(path).exists()

    fresh = recovery.rebuild(path, KEY, saved, {}, seq_floor=0)
    try:
        with fresh.read() as conn:
            counts = outbox.counts(conn)
            assert (counts.pending, counts.applied) == (4, 1)
            assert [e.args["customer_id"] for e in outbox.pending(conn)] == ["C1", "C2", "C3", "C4"]
            assert [e.seq for e in outbox.pending_touching(conn, {("notes", "N3")})] == [4]
            assert fetch(fresh, "SELECT count(*) FROM customers") == [(0,)]  # downloaded again
        queue_notes(fresh, 1, first=9)
        with fresh.read() as conn:
            assert outbox.pending(conn)[-1].seq == 6  # continues, never reuses a seq
    finally:
        fresh.close()
    assert recovery.set_aside(path, NOW).name.endswith("-2")  # a second one in the same second


def test_an_unreadable_outbox_page_is_reported_and_the_sequence_still_continues(tmp_path):
    path = damaged_cache(tmp_path, table="outbox")
    saved = recovery.salvage(path, KEY)
    assert not saved.complete
    assert saved.lost_seqs or len(saved.outbox) < 5
    assert saved.seq_floor == 5  # from sqlite_sequence, which lives on another page
    assert "pending" in recovery.describe(saved)


def test_salvage_of_a_file_that_does_not_open_at_all(tmp_path):
    path = tmp_path / "cache.db"
    path.write_bytes(os.urandom(3 * PAGE))
    saved = recovery.salvage(path, KEY)
    assert (saved.complete, saved.outbox, saved.device) == (False, [], {})


def test_disk_full_is_a_clear_error_and_loses_nothing(tmp_path):
    cache = make_cache(tmp_path)
    queue_notes(cache, 1)
    cache.engine.dispose()

    @event.listens_for(cache.engine, "connect")
    def _full(dbapi_conn, _record):  # SQLite's own limit: the file cannot grow by one page
        pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")

    with pytest.raises(CacheError) as err:
        load(cache, "customers", REGION, *[row("customers", f"C{i}", first_name="N" * 200) for i in range(2000)])
    assert err.value.kind == "disk_full" and "disk is full" in err.value.message
    assert fetch(cache, "SELECT count(*) FROM customers") == [(0,)]  # rolled back whole
    with cache.read() as conn:
        assert outbox.counts(conn).pending == 1
    cache.close()
    event.remove(cache.engine, "connect", _full)
    again = open_cache(tmp_path / "cache.db", KEY)  # space again: it works
    queue_notes(again, 1, first=1)
    again.close()


@pytest.mark.parametrize("code, kind", [(errno.EROFS, "readonly"), (errno.EACCES, "readonly"),
                                        (errno.ENOSPC, "disk_full"), (errno.EIO, "io")])
def test_a_folder_that_cannot_be_created_says_why(tmp_path, monkeypatch, code, kind):
    def refuse(self, *a, **k):
        raise OSError(code, os.strerror(code))
    monkeypatch.setattr(Path, "mkdir", refuse)
    with pytest.raises(CacheError) as err:
        open_cache(tmp_path / "data" / "cache.db", KEY)
    assert err.value.kind == kind and "data" in err.value.detail


def test_a_data_folder_under_a_file_is_refused_clearly(tmp_path):
    (tmp_path / "afile").write_text("x")
    with pytest.raises(CacheError) as err:
        open_cache(tmp_path / "afile" / "data" / "cache.db", KEY)
    assert err.value.kind == "readonly" and "afile" in err.value.detail


def _make_read_only(path: Path) -> list[str] | None:
    """Really read-only for this process: chmod for a user, the immutable attribute for root
    (which ignores permissions). Returns the command that undoes it, or None if neither works."""
    if os.geteuid() != 0:
        os.chmod(path, 0o500 if path.is_dir() else 0o400)
        return ["chmod", "700" if path.is_dir() else "600", str(path)]
    if shutil.which("chattr") and subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode == 0:
        return ["chattr", "-i", str(path)]
    return None


@pytest.mark.parametrize("what", ["folder", "file"])
def test_a_really_read_only_folder_or_file(tmp_path, what):
    folder = tmp_path / "data"
    folder.mkdir()
    if what == "file":
        make_cache(folder).close()
    target = folder if what == "folder" else folder / "cache.db"
    undo = _make_read_only(target)
    if undo is None:
        pytest.skip("cannot make a path read-only here (root without chattr)")
    try:
        with pytest.raises(CacheError) as err:
            open_cache(folder / "cache.db", KEY)
    finally:
        subprocess.run(undo, check=True)
    assert err.value.kind == "readonly", err.value
    assert "read-only" in err.value.message
