"""The world of the convergence test (tests/integration/test_convergence.py) and its end checks.

- :func:`template`: once per session, a seeded PostgreSQL central database with three terminals
  enrolled and bootstrapped (two of S001, one of S002, same region); each example clones the
  database and copies the data folders, so it starts in about a second instead of six.
- :class:`Node`: one real terminal (encrypted cache, DbWorker, SyncClient through a
  :class:`~tests.helpers.faults.FaultyTransport`) as the test drives it.
- :data:`SUMS`: central sums that hold in the seed and after every step (a write applied twice or
  half breaks one); :func:`check_converged` and :func:`check_exactly_once`: the end state.
"""

from __future__ import annotations

import asyncio
import atexit
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, text

from clienteling.config import Config
from clienteling.security import MemoryCredentialStore
from clienteling.terminal import Terminal
from sync.protocol import REJECT_ERASED
from sync.server import admin
from sync.server.db import read_tx, write_tx
from sync.server.versions import delete_rows, upsert_rows
from tests.helpers.central import seeded_db_url, start_central
from tests.helpers.faults import FaultyTransport

TERMINALS = (("T1", "S001", "A0002"), ("T2", "S001", "A0003"), ("T3", "S002", "A0007"))
"""(name, store, associate): two terminals of one store (they race for its pickups) and one of
another store of the same region (they share customers and their points)."""

SUMS = {
    "loyalty balance = ledger sum": (
        "SELECT c.id, c.points, s.total FROM customers c LEFT JOIN (SELECT customer_id, sum(points) AS total "
        "FROM loyalty_ledger GROUP BY customer_id) s ON s.customer_id = c.id "
        "WHERE coalesce(c.points, 0) <> coalesce(s.total, 0)"),
    "collected = units in handovers": (
        "SELECT l.id, l.collected_qty, s.total FROM order_lines l LEFT JOIN (SELECT e->>'line_id' AS line_id, "
        "sum((e->>'qty')::int) AS total FROM handovers h, json_array_elements(h.lines) e GROUP BY 1) s "
        "ON s.line_id = l.id WHERE coalesce(l.collected_qty, 0) <> coalesce(s.total, 0)"),
    "returned = units in return lines": (
        "SELECT l.id, l.returned_qty, s.total FROM order_lines l LEFT JOIN (SELECT order_line_id, sum(qty) AS total "
        "FROM return_lines GROUP BY order_line_id) s ON s.order_line_id = l.id "
        "WHERE coalesce(l.returned_qty, 0) <> coalesce(s.total, 0)"),
    "a line handed over or returned beyond its quantity": (
        "SELECT id, qty, picked_qty, collected_qty, returned_qty FROM order_lines WHERE coalesce(collected_qty, 0) "
        "> coalesce(picked_qty, 0) OR coalesce(picked_qty, 0) > qty OR coalesce(returned_qty, 0) > qty"),
}


def sql(engine: Engine, query: str, **params) -> list:
    """Rows of a read on the central database."""
    with read_tx(engine) as conn:
        return conn.execute(text(query), params).all()


def quick_retries(terminal: Terminal) -> None:
    """The client's own retries stay (a fault may be mended inside one call), without real waits."""
    terminal.client.attempts, terminal.client.backoff_base_s, terminal.client.backoff_cap_s = 2, 0.005, 0.02


@dataclass
class Template:
    """A seeded central database (its server stopped) and the enrolled, bootstrapped terminals'
    data folders and secrets."""

    db_url: str
    dirs: dict[str, Path]
    secrets: dict[str, dict[str, str]]


_TEMPLATE: list[Template] = []


def template() -> Template:
    """The session's template (made on first use)."""
    if _TEMPLATE:
        return _TEMPLATE[0]
    root = Path(tempfile.mkdtemp(prefix="convergence-template-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    central = start_central(seeded_db_url("postgresql", root))
    loop = asyncio.new_event_loop()
    made = Template(central.db_url, {}, {})
    try:
        for name, store, _ in TERMINALS:
            creds = MemoryCredentialStore()
            terminal = loop.run_until_complete(Terminal.enroll(
                Config(data_dir=root / name), creds, central.url, central.enroll_code(store)))
            try:
                loop.run_until_complete(terminal.replicator.sync_once())
            finally:
                loop.run_until_complete(terminal.aclose())
            made.dirs[name], made.secrets[name] = root / name, dict(creds.secrets)
    finally:
        loop.close()
        central.stop()  # a database with open sessions cannot be cloned
    _TEMPLATE.append(made)
    return made


@dataclass(frozen=True)
class Recorded:
    """A mutation a counter write put in a terminal's outbox."""

    terminal: str
    seq: int
    name: str
    customer: str | None  # whom it is about (an erasure may drop it)


class Node:
    """One terminal as the test drives it, opened on a copy of the template's data folder."""

    def __init__(self, spec: tuple[str, str, str], made: Template, data_dir: Path, server_url: str) -> None:
        self.name, self.store, self.associate = spec
        shutil.copytree(made.dirs[self.name], data_dir)
        self.wire = FaultyTransport()
        config = Config(data_dir=data_dir, server_url=server_url, request_timeout_s=5)
        self.terminal = Terminal.open(config, MemoryCredentialStore(made.secrets[self.name]), transport=self.wire)
        quick_retries(self.terminal)

    def query(self, query: str, *params, on_worker: bool = False) -> list:
        """Rows of a read on this terminal's cache (``on_worker``: already on its DB worker)."""
        def read():
            with self.terminal.cache.read() as conn:
                return conn.exec_driver_sql(query, params).all()
        return read() if on_worker else self.terminal.worker.call(read)

    def last_entry(self) -> tuple[str, Recorded]:
        """The newest outbox entry (run on the DB worker) and whom it is about."""
        [(mid, seq, name, customer)] = self.query(
            "SELECT b.id, b.seq, b.name, coalesce(json_extract(b.args, '$.customer_id'), (SELECT o.customer_id "
            "FROM orders o WHERE o.id = json_extract(b.args, '$.order_id'))) FROM outbox b ORDER BY b.seq DESC "
            "LIMIT 1", on_worker=True)
        return mid, Recorded(self.name, seq, name, customer)


def move_stock(engine: Engine, store: str, pick: int, delta: int) -> int:
    """Change the on-hand count of one of ``store``'s SKUs centrally (never below 0)."""
    with write_tx(engine) as conn:
        rows = conn.execute(text("SELECT id, scope, on_hand FROM inventory WHERE location_id = :s ORDER BY id"),
                            {"s": store}).all()
        row = rows[pick % len(rows)]
        upsert_rows(conn, "inventory", row.scope, [{"id": row.id, "on_hand": max(0, (row.on_hand or 0) + delta)}])
    return 1


def delete_a_note(engine: Engine, pick: int) -> int:
    """Delete one of the newest notes centrally (terminals' notes sort first): a tombstone in the feed."""
    with write_tx(engine) as conn:
        rows = conn.execute(text("SELECT id, scope FROM notes ORDER BY id DESC LIMIT 50")).all()
        if not rows:
            return 0
        row = rows[pick % len(rows)]
        delete_rows(conn, "notes", row.scope, [row.id])
    return 1


def check_converged(nodes: list[Node], stats: list[dict], engine: Engine) -> None:
    """Every outbox drained; every cache equals the server, scope by scope (rows and checksums)."""
    for node, mine in zip(nodes, stats):
        assert mine["outbox"]["pending"] == 0, f"{node.name}: outbox not drained: {mine['outbox']}"
        server = admin.scope_stats(engine, node.store)["scopes"]
        assert set(mine["scopes"]) == set(server), f"{node.name}: other scopes than the server's"
        for scope, want in server.items():
            got = mine["scopes"][scope]
            assert (got["entities"], got["checksum"]) == (want["entities"], want["checksum"]), \
                f"{node.name} {scope}: the cache differs from the server"


def check_exactly_once(nodes: list[Node], recorded: dict[str, Recorded], erased: set[str], engine: Engine,
                       figures: Counter[str]) -> None:
    """Each recorded mutation is in the server's log once, from its terminal at its seq, with the
    verdict the terminal shows; none is missing unless an erasure of its customer dropped it; the
    log has nothing else from these terminals."""
    names = {n.terminal.device.device_id: n.name for n in nodes}
    by_name = {n.name: n for n in nodes}
    logged = {r[0]: r[1:] for r in sql(engine, "SELECT id, device_id, seq, status, code FROM mutations")}
    lost = []
    for mid, rec in recorded.items():
        outcome = by_name[rec.terminal].query("SELECT status, code FROM outbox WHERE id = ?", mid)
        # Only a GDPR erasure may drop a write about the erased customer: closed as refused while
        # pending (code "erased"; a push whose answer was lost may have been applied just before
        # the erasure removed its effect too), or deleted from the outbox with the customer.
        dropped = rec.customer in erased and (outcome[0][1] == REJECT_ERASED if outcome else mid not in logged)
        if dropped:
            figures["mutations_dropped_by_erasure" if mid not in logged else "mutations_applied_then_erased"] += 1
            continue
        if mid not in logged:
            lost.append((mid, rec, outcome))
            continue
        device, seq, status, code = logged[mid]
        assert (names.get(device), seq) == (rec.terminal, rec.seq), f"{mid}: {rec} logged as {device} seq {seq}"
        if outcome:
            assert outcome[0][0] == status, f"{mid}: {outcome[0][0]} at {rec.terminal}, {status} on the server"
        figures[f"mutations_{status}"] += 1
        if code:
            figures[f"rejected_{code}"] += 1
    figures["lost"] += len(lost)
    assert not lost, f"recorded at a counter, never applied: {lost[:5]}"
    strangers = [(mid, names[d]) for mid, (d, *_rest) in logged.items() if d in names and mid not in recorded]
    assert not strangers, f"the server logged mutations no counter recorded: {strangers[:5]}"
    for node in nodes:
        [(last_seq,)] = sql(engine, "SELECT last_seq FROM devices WHERE id = :d", d=node.terminal.device.device_id)
        top = max((r.seq for mid, r in recorded.items() if r.terminal == node.name and mid in logged), default=0)
        assert last_seq >= top, f"{node.name}: the server's last seq is {last_seq}, it logged seq {top}"
