"""When each device was last seen (and the health it last reported), written in batches.

Every authenticated request moves a device's ``last_seen_at`` and the times its health headers
report (last sync, cache age) on, at most once a minute per device (``context.LAST_SEEN_EVERY``). Written one transaction per device, 2,000 terminals made 33 write
transactions a second on their own, as many as their pushes (``benchmarks/central_load.py``).
:class:`Heartbeats` keeps the newest time per device and :meth:`Heartbeats.flush` writes them in
one transaction, every ``FLUSH_S`` from the app's lifespan and once more at shutdown. A health
report that *changed* is not batched: ``context.authenticate`` writes it at once.

What a crash loses: up to ``FLUSH_S`` of last-seen times (the next request of each device
writes its own again). A time never moves backwards: the ``UPDATE`` only raises it.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine, bindparam, or_, update

from sync.server.db import write_tx
from sync.server.models import devices

FLUSH_S = 5.0



def _raise(columns: tuple[str, ...]):
    """UPDATE of one device's last-seen time (only ever raised) and the given health columns."""
    return (update(devices)
            .where(devices.c.id == bindparam("device_id"),
                   or_(devices.c.last_seen_at.is_(None), devices.c.last_seen_at < bindparam("seen")))
            .values(last_seen_at=bindparam("seen"), **{c: bindparam(f"v_{c}") for c in columns}))


class Heartbeats:
    """Last-seen times waiting to be written, with the ``columns`` of ``devices`` each report sets
    (every report names all of them). Thread-safe: requests run in the threadpool."""

    def __init__(self, columns: Sequence[str]) -> None:
        self._columns = tuple(columns)
        self._statement = _raise(self._columns)
        self._lock = threading.Lock()
        self._due: dict[str, tuple[str, dict[str, Any]]] = {}

    def seen(self, device_id: str, when: str, report: dict[str, Any]) -> None:
        """Record that ``device_id`` was seen at ``when`` (ISO time) reporting ``report`` (a value
        for each of the columns); the newest time wins."""
        if set(report) != set(self._columns):
            raise ValueError(f"a report sets exactly {self._columns}, not {sorted(report)}")
        with self._lock:
            self._keep(device_id, when, report)

    def _keep(self, device_id: str, when: str, report: dict[str, Any]) -> None:
        if device_id not in self._due or self._due[device_id][0] < when:
            self._due[device_id] = (when, report)

    def pending(self) -> int:
        return len(self._due)

    def flush(self, engine: Engine) -> int:
        """Write every recorded time in one transaction, one statement run for each device in id
        order (two processes flushing at once lock rows in the same order); returns how many.
        On failure the times are kept for the next flush."""
        with self._lock:
            due, self._due = self._due, {}
        if not due:
            return 0
        params = [{"device_id": device_id, "seen": due[device_id][0],
                   **{f"v_{c}": v for c, v in due[device_id][1].items()}} for device_id in sorted(due)]
        try:
            with write_tx(engine) as conn:
                conn.execute(self._statement, params)
        except Exception:
            with self._lock:
                for device_id, (when, report) in due.items():
                    self._keep(device_id, when, report)
            raise
        return len(due)
