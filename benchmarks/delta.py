"""Benchmark: how soon a change committed on the central service is in a connected terminal's cache.

    .venv/bin/python benchmarks/delta.py [--size tiny|demo|large] [--changes 100] --json

Seeds (or reuses) the shared central database of the size, starts ``clienteling-central serve``
on loopback, enrols the first store's terminal in a temporary folder and downloads its scopes.
With the terminal's sync loop running as in the app (``Replicator.running()``: long-poll on the
change feed), it then commits ``--changes`` changes one at a time in this process, straight into
the central database with ``sync.server.versions.upsert_rows`` in a write transaction (as an
import or another API replica would: the server notices through its head watcher), alternating a
customer update (region scope) and a stock move of one unit (the store's stock scope, +1 then -1
on the same row later). A thread polls the terminal's cache file through its own connection
every 2 ms for the changed row. Changes are spaced by a random 50-300 ms so they don't keep
step with the server's head watcher (every 200 ms).

Then, with the loop stopped, ``--noop`` no-op round trips: a pull with nothing new plus a push
with an empty outbox.

Prints one JSON object: p50_ms, p95_ms, max_ms (commit returned -> row in the cache), missed
(not seen within 10 s), per kind, noop_ms (median round trip) with pull/push medians, and the
machine's load. Goals: p50 <= 500 ms, p95 <= 1,000 ms, noop <= 15 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common as c  # noqa: E402
from sqlalchemy import text  # noqa: E402

from clienteling.cache import open_cache  # noqa: E402
from clienteling.security.credentials import CACHE_KEY  # noqa: E402
from sync.server.db import open_engine, read_tx, write_tx  # noqa: E402
from sync.server.versions import upsert_rows  # noqa: E402

log = c.logger("delta-bench")
SEEN_TIMEOUT_S = 10.0
POLL_S = 0.002


def _targets(url: str, store: str, changes: int) -> tuple[str, list[str], list[tuple[str, int]]]:
    """(region scope, customer ids, (inventory id, on_hand)) of ``store`` to change."""
    engine = open_engine(url)
    try:
        with read_tx(engine) as conn:
            region = conn.execute(text("SELECT region FROM stores WHERE id = :s"), {"s": store}).scalar()
            customers = list(conn.execute(text(
                "SELECT id FROM customers WHERE scope = :sc ORDER BY id LIMIT :n"),
                {"sc": f"region:{region}", "n": changes}).scalars())
            stock = [(r[0], r[1] or 0) for r in conn.execute(text(
                "SELECT id, on_hand FROM inventory WHERE scope = :sc ORDER BY id LIMIT :n"),
                {"sc": f"stock:{store}", "n": max(1, changes // 4 + 1)})]
    finally:
        engine.dispose()
    if not customers or not stock:
        raise RuntimeError(f"no customers or stock to change for {store}")
    return f"region:{region}", customers, stock


def _plan(region: str, store: str, customers: list[str], stock: list[tuple[str, int]], n: int) -> list[dict]:
    """``n`` changes: customers and stock alternately; each stock row moves +1, later -1."""
    plan = []
    moves = [(inv, on_hand, +1) for inv, on_hand in stock] + [(inv, on_hand, -1) for inv, on_hand in stock]
    for i in range(n):
        if i % 2 == 0:
            plan.append({"kind": "customer", "entity": "customers", "scope": region,
                         "id": customers[(i // 2) % len(customers)], "on_hand": None})
        else:
            inv, on_hand, delta = moves[(i // 2) % len(moves)]
            plan.append({"kind": "stock", "entity": "inventory", "scope": f"stock:{store}", "id": inv,
                         "on_hand": on_hand + (1 if delta > 0 else 0)})
    return plan


def _commit(engine, change: dict, stamp: str) -> float:  # type: ignore[no-untyped-def]
    """Commit one change; returns perf_counter() when the commit returned."""
    row = {"id": change["id"], "updated_at": stamp}
    if change["on_hand"] is not None:
        row["on_hand"] = change["on_hand"]
    with write_tx(engine) as conn:
        upsert_rows(conn, change["entity"], change["scope"], [row])
    return time.perf_counter()


class CacheWatch:
    """Polls the terminal's cache through a connection of its own (not the terminal's DB worker)."""

    def __init__(self, path: Path, key: str) -> None:
        self.cache = open_cache(path, key)

    def wait(self, entity: str, row_id: str, stamp: str, timeout_s: float) -> float | None:
        """perf_counter() when ``row_id`` carries ``stamp`` (None after ``timeout_s``)."""
        deadline = time.perf_counter() + timeout_s
        sql = f'SELECT updated_at FROM "{entity}" WHERE id = ?'
        while True:
            with self.cache.read() as conn:
                value = conn.exec_driver_sql(sql, (row_id,)).scalar()
            now = time.perf_counter()
            if value == stamp:
                return now
            if now > deadline:
                return None
            time.sleep(POLL_S)

    def close(self) -> None:
        self.cache.close()


async def _wait_live(rep, timeout_s: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_s
    while not (rep.status.live and rep.status.searchable):
        if time.monotonic() > deadline:
            raise RuntimeError(f"the terminal never followed the change feed: {rep.status}")
        await asyncio.sleep(0.02)
    await asyncio.sleep(0.3)  # the long-poll request is on the wire


async def _measure(url: str, base: str, store: str, plan: list[dict], noops: int, workdir: Path,
                   seed: int) -> dict:
    started = time.monotonic()
    terminal = await c.enroll(base, c.enroll_code(url, store), workdir)
    rep = terminal.replicator
    watch: CacheWatch | None = None
    engine = open_engine(url)
    try:
        await rep.refresh_device()
        rows = await rep.bootstrap()
        log(f"bootstrapped {rows} rows in {time.monotonic() - started:.1f}s; "
            f"committing {len(plan)} changes ...")
        watch = CacheWatch(workdir / "cache.db", c.credentials(workdir).get(CACHE_KEY))
        rng = random.Random(seed)
        latencies: dict[str, list[float]] = {"customer": [], "stock": []}
        missed = 0
        async with rep.running():
            await _wait_live(rep)
            for i, change in enumerate(plan):
                await asyncio.sleep(rng.uniform(0.05, 0.3))
                stamp = datetime.now(UTC).isoformat(timespec="microseconds")
                committed = await asyncio.to_thread(_commit, engine, change, stamp)
                seen = await asyncio.to_thread(watch.wait, change["entity"], change["id"], stamp, SEEN_TIMEOUT_S)
                if seen is None:
                    missed += 1
                else:
                    latencies[change["kind"]].append((seen - committed) * 1000)
                if (i + 1) % 20 == 0:
                    log(f"{i + 1}/{len(plan)} changes")
        noop = await _noops(rep, noops)
    finally:
        engine.dispose()
        if watch is not None:
            watch.close()
        await terminal.aclose()
    every = latencies["customer"] + latencies["stock"]
    return {**c.percentiles(every), "missed": missed, "bootstrap_rows": rows,
            "kinds": {k: c.percentiles(v) for k, v in latencies.items()}, **noop}


async def _noops(rep, count: int) -> dict:  # type: ignore[no-untyped-def]
    """Median no-op round trip (pull with nothing new + push of an empty outbox) and its parts."""
    pulls, pushes, rounds = [], [], []
    for i in range(count + 5):
        t0 = time.perf_counter()
        changed = await rep.pull(0.0)
        t1 = time.perf_counter()
        pushed = await rep.push()
        t2 = time.perf_counter()
        if i < 5 or changed or pushed["pushed"]:
            continue  # warm-up, or something did arrive: not a no-op
        pulls.append((t1 - t0) * 1000)
        pushes.append((t2 - t1) * 1000)
        rounds.append((t2 - t0) * 1000)
    med = lambda xs: round(statistics.median(xs), 2) if xs else None  # noqa: E731
    return {"noop_ms": med(rounds), "noop_pull_ms": med(pulls), "noop_push_ms": med(pushes),
            "noop_p95_ms": c.percentiles(rounds)["p95_ms"], "noops": len(rounds)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=("tiny", "demo", "large"), default="tiny")
    parser.add_argument("--db", help="central database URL (default: the shared seeded one of --size)")
    parser.add_argument("--changes", type=int, default=100, help="changes committed on the server")
    parser.add_argument("--noop", type=int, default=50, help="no-op round trips measured")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--json", action="store_true", help="print one JSON object (always on)")
    args = parser.parse_args(argv)

    url = args.db or c.seeded_db(args.size, args.seed)
    store = c.first_store(url)
    region, customers, stock = _targets(url, store, args.changes)
    plan = _plan(region, store, customers, stock, args.changes)
    load_before = c.load_average()
    workdir = Path(tempfile.mkdtemp(prefix="delta-bench-"))
    try:
        with c.central(url) as base:
            result = asyncio.run(_measure(url, base, store, plan, args.noop, workdir / "terminal", args.seed))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    out = {"size": args.size, "store": store, "changes": args.changes, **result,
           "server_head_poll_ms": 200, "cpu_count": os.cpu_count(),
           "load_before": load_before, "load_after": c.load_average()}
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
