"""Long-polls of a busy process are paced by the wake budget and share their pages.

A real server on loopback with a small wake budget (2 wake-ups per second: four waiting
long-polls make a 2 s beat) while notes are committed every 50 ms.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from sync.server.db import write_tx
from sync.server.versions import upsert_rows
from tests.helpers.central import RunningCentral, seeded_db_url, start_central
from tests.integration.conftest import Device, enroll_device

WAKE_BUDGET = 2.0
TERMINALS = 4


@pytest.fixture
def paced_central(db_kind: str, tmp_path) -> Iterator[RunningCentral]:
    server = start_central(seeded_db_url(db_kind, tmp_path), wake_budget=WAKE_BUDGET)
    yield server
    server.stop()


def _region(dev: Device) -> str:
    return next(s for s in dev.scopes if s.startswith("region:"))


def _note_ids(body: dict, scope: str) -> list[str]:
    return [row[0] for g in body["scopes"][scope]["upserts"] if g["entity"] == "notes" for row in g["rows"]]


def test_busy_scope_wakes_each_long_poll_once_per_beat_with_shared_pages(paced_central):
    devices = [enroll_device(paced_central) for _ in range(TERMINALS)]
    scope = _region(devices[0])
    start = devices[0].http.post("/v1/snapshot", json={"scope": scope, "page_rows": 1}).json()["changes_cursor"]
    stop = threading.Event()
    written: list[str] = []
    received: dict[int, list[str]] = {n: [] for n in range(TERMINALS)}
    wakes: dict[int, int] = dict.fromkeys(range(TERMINALS), 0)
    errors: list[str] = []

    def writer() -> None:
        n = 0
        while not stop.is_set():
            note_id = f"N-PACE-{n:04d}"
            with write_tx(paced_central.engine()) as conn:
                upsert_rows(conn, "notes", scope, [{"id": note_id, "customer_id": "C-x", "body": "busy"}])
            written.append(note_id)
            n += 1
            time.sleep(0.05)

    def terminal(n: int, dev: Device) -> None:
        cursor = start
        while not stop.is_set():
            r = dev.http.post("/v1/changes", json={"cursors": {scope: cursor}, "wait_s": 3})
            if r.status_code != 200:
                errors.append(r.text)
                return
            body = r.json()
            ids = _note_ids(body, scope)
            received[n] += ids
            wakes[n] += bool(ids)
            cursor = body["scopes"][scope]["cursor"]

    threads = [threading.Thread(target=writer)] + [
        threading.Thread(target=terminal, args=(n, d)) for n, d in enumerate(devices)]
    for t in threads:
        t.start()
    try:
        time.sleep(1.0)
        # A pull in the middle of it reads up to a published head too (maybe still the one from
        # before the first note): a prefix of what was written, in commit order.
        pulled = devices[0].http.post("/v1/changes", json={"cursors": {scope: start}, "wait_s": 0}).json()
        pulled_ids = _note_ids(pulled, scope)
        assert pulled_ids == written[:len(pulled_ids)]
        time.sleep(5.0)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=15)
        for d in devices:
            d.http.close()
    assert not errors
    beat = TERMINALS / WAKE_BUDGET
    # ~120 notes in 6 s; unpaced, each long-poll returned 14-37 times (it did before the watcher
    # paced them). Paced: one wake-up per publication, plus at most one early answer when a
    # request finds a publication due (it reads the real head and has it published).
    assert all(1 <= wakes[n] <= 2 * 6.0 / beat + 2 for n in range(TERMINALS)), (wakes, len(written))
    for n in range(TERMINALS):
        assert received[n] == written[:len(received[n])]  # in commit order, none skipped or repeated
        assert len(received[n]) >= len(written) // 3
    pages = paced_central.app.state.central.pages
    assert pages.hits >= TERMINALS  # woken together from the same cursor: one read, shared
