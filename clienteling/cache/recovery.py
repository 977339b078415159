"""A damaged cache file: keep what was not sent yet, set the file aside, start a new one.

Everything in the cache but the outbox is a copy of the central service's data, so a damaged file
is rebuilt by downloading it again. What only this terminal holds is its unsent outbox (and the
device record). They live in their own tables of the same encrypted file, and damage is nearly
always a few pages (a torn write, a bad sector), so :func:`salvage` reads them from the damaged
file with its key, table by table and, when the outbox table itself is damaged, row by row. That
is simpler and harder to get wrong than a second, append-only outbox journal kept in step with
every write transaction (a journal entry whose transaction rolled back would be sent anyway).

Sequence numbers are never used twice: the new outbox continues above the highest seq the old
file handed out (its ``sqlite_sequence``), and above the server's ``last_seq`` when the terminal
can ask (the caller's job: :class:`~clienteling.terminal.Terminal` does it when the salvage was
not complete). The damaged file is renamed ``<name>.damaged-<UTC time>`` with its ``-wal`` and
``-shm`` beside it: never deleted, IT can hand it to support.

What cannot be saved: entries whose own pages are unreadable. They are logged by seq, and the
server then reports a sequence gap for them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson
import sqlcipher3.dbapi2 as sqlcipher

from clienteling.cache import outbox, state
from clienteling.cache.engine import Cache, damaged_marker, open_cache
from clienteling.cache.schema import outbox as outbox_table

log = logging.getLogger(__name__)

_FILE_SUFFIXES = ("", "-wal", "-shm", "-journal")


@dataclass
class Salvage:
    """What could be read from a damaged cache file."""

    device: dict[str, str | None] = field(default_factory=dict)  # raw rows of the device table
    outbox: list[dict[str, Any]] = field(default_factory=list)   # every readable outbox row
    seq_floor: int = 0       # the highest seq the file handed out, as far as it tells
    complete: bool = True    # the outbox and its sequence were read without an error
    lost_seqs: list[int] = field(default_factory=list)

    @property
    def pending(self) -> int:
        return sum(1 for r in self.outbox if r["status"] == "pending")


@dataclass(frozen=True)
class Recovery:
    """What setting a damaged cache aside did (shown to the associate, logged for IT)."""

    set_aside: Path
    kept_pending: int
    kept_entries: int
    complete: bool


def _connect(path: Path, key_hex: str) -> sqlcipher.Connection:
    conn = sqlcipher.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = \"x'{key_hex}'\"")
    conn.execute("PRAGMA query_only = 1")
    return conn


def _scalar(conn: sqlcipher.Connection, sql: str) -> Any:
    try:
        row = conn.execute(sql).fetchone()
    except sqlcipher.Error:
        return None
    return row[0] if row else None


def _read_outbox(conn: sqlcipher.Connection, out: Salvage) -> None:
    names = [c.name for c in outbox_table.columns]
    select = f"SELECT {', '.join(names)} FROM outbox"
    try:
        out.outbox = [dict(zip(names, r)) for r in conn.execute(select + " ORDER BY seq")]
        return
    except sqlcipher.Error:
        out.complete = False
    # The table's pages are partly unreadable: probe every seq the file may have handed out.
    last = max(out.seq_floor, _scalar(conn, "SELECT max(seq) FROM outbox") or 0)
    for seq in range(1, last + 1):
        try:
            row = conn.execute(select + " WHERE seq = ?", (seq,)).fetchone()
        except sqlcipher.Error:
            out.lost_seqs.append(seq)
            continue
        if row is not None:
            out.outbox.append(dict(zip(names, row)))


def salvage(path: Path, key_hex: str) -> Salvage:
    """Read the device record and the outbox from a damaged cache (never raises: what cannot be
    read is left out and ``complete`` is False)."""
    out = Salvage()
    try:
        conn = _connect(path, key_hex)
    except sqlcipher.Error:
        out.complete = False
        return out
    try:
        try:
            out.device = {k: v for k, v in conn.execute("SELECT key, value FROM device")}
        except sqlcipher.Error:
            pass
        floor = _scalar(conn, "SELECT seq FROM sqlite_sequence WHERE name = 'outbox'")
        if floor is None:
            out.complete = False
        out.seq_floor = int(floor or 0)
        _read_outbox(conn, out)
        out.seq_floor = max([out.seq_floor, *(r["seq"] for r in out.outbox)])
    finally:
        conn.close()
    if out.lost_seqs:
        log.error("damaged cache %s: outbox entries %s could not be read", path, out.lost_seqs)
    return out


def set_aside(path: Path, now: datetime) -> Path:
    """Rename the cache file (and its -wal/-shm) to ``<name>.damaged-<UTC time>``; returns the new path."""
    target = path.with_name(f"{path.name}.damaged-{now.strftime('%Y%m%dT%H%M%SZ')}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.damaged-{now.strftime('%Y%m%dT%H%M%SZ')}-{n}")
    for suffix in _FILE_SUFFIXES:
        source = path.with_name(path.name + suffix)
        if source.exists():
            source.rename(target.with_name(target.name + suffix))
    damaged_marker(path).unlink(missing_ok=True)
    log.warning("damaged cache %s set aside as %s", path, target.name)
    return target


def rebuild(path: Path, key_hex: str, saved: Salvage, device: dict[str, Any], seq_floor: int) -> Cache:
    """A new cache at ``path`` holding the device record and the saved outbox; every scope is
    downloaded again by the replicator. ``device`` (from the server) overrides the saved record."""
    cache = open_cache(path, key_hex)
    try:
        with cache.write() as conn:
            for key, value in saved.device.items():
                conn.exec_driver_sql("INSERT OR REPLACE INTO device(key, value) VALUES (?, ?)", (key, value))
            if device:
                state.save_device(conn, **{k: v for k, v in device.items() if k in state.DEVICE_KEYS})
            scopes = state.load_device(conn).get("scopes") or []
            state.ensure_scopes(conn, list(scopes))
            outbox.restore(conn, saved.outbox, max(seq_floor, saved.seq_floor))
    except BaseException:
        cache.close()
        raise
    return cache


def describe(saved: Salvage) -> str:
    """One log line about a salvage (counts and seqs only: no customer data)."""
    return orjson.dumps({"entries": len(saved.outbox), "pending": saved.pending, "seq_floor": saved.seq_floor,
                         "complete": saved.complete, "lost_seqs": saved.lost_seqs[:20]}).decode()
