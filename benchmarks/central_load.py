"""Benchmark: many simulated terminals against one central service process on PostgreSQL.

    .venv/bin/python benchmarks/central_load.py --terminals 200 --duration 60 --json [--db URL] [--reuse]

Seeds a PostgreSQL database (default ``bench_load`` on the test server, created if missing),
starts ``clienteling-central serve`` on loopback as a separate process and enrols ``--terminals``
devices over HTTP, spread over the seed's stores. Each simulated terminal then does what the
protocol asks of a live terminal, with its own HTTP client (one connection pool per terminal;
``sim_http.SimClient``, a lean HTTP/1.1 client, unless ``--client httpx``: 2,000 httpx clients
took half of the machine's 2 cores and fell seconds behind):

- the change-feed long-poll (``/v1/changes`` with ``wait_s`` = 25 s), again as soon as it returns;
- a pull every 30 s (``/v1/changes`` with ``wait_s`` = 0);
- a push every 60 s (``/v1/mutations``, one ``note.add`` on a customer of its region; ``--push
  none`` leaves writes out). A note lands in the region scope, so it wakes every long-poll of
  that region: the wake-ups are part of the load, and counted. ``--coalesce-s`` makes a
  terminal wait that long after a long-poll that brought changes (a what-if: the app does not).

Terminal starts are spread over ``--ramp`` seconds; the figures cover the ``--duration`` seconds
after the ramp. Prints one JSON object: terminals, p50_ms, p99_ms (pulls and pushes; a long-poll's
time is mostly waiting), errors, cpu_ms_per_terminal_minute (the API process: utime + stime from
/proc), db_cpu_ms_per_terminal_minute (every ``postgres`` process on the machine: the server is
local, and other jobs' queries count too), per-kind figures, request rates and the machine load.
The load generator shares the machine's cores with the server and PostgreSQL.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import ssl
import statistics
import subprocess
import sys
import time
import uuid
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx  # noqa: E402
import orjson  # noqa: E402
import psycopg  # noqa: E402
from psycopg import sql  # noqa: E402
from sqlalchemy import text  # noqa: E402

from _common import central, has_data, load_average, logger, seed_db  # noqa: E402
from sim_http import HttpError, SimClient  # noqa: E402
from sync import protocol as p  # noqa: E402
from sync.server import admin  # noqa: E402
from sync.server.cursors import END, ChangesPos, CursorCodec  # noqa: E402
from sync.server.db import open_engine, read_meta, read_tx  # noqa: E402
from sync.server.gc_policy import settle_heap  # noqa: E402
from sync.server.versions import read_heads  # noqa: E402

PG = {"host": os.environ.get("CLIENTELING_TEST_PGHOST", "127.0.0.1"),
      "port": int(os.environ.get("CLIENTELING_TEST_PGPORT", "5432")),
      "user": os.environ.get("CLIENTELING_TEST_PGUSER", "postgres")}
BENCH_DB = "bench_load"
TICK_S = os.sysconf("SC_CLK_TCK")


_log = logger("central-load")
_SSL_CONTEXT = ssl.create_default_context()
"""Shared by the simulated terminals' clients (plain HTTP here; building one each costs ~10 ms)."""


def bench_db_url(name: str = BENCH_DB) -> str:
    """URL of the benchmark's own database on the test server (created empty if missing)."""
    with psycopg.connect(dbname="test", autocommit=True, connect_timeout=3, **PG) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return f"postgresql+psycopg://{PG['user']}@{PG['host']}:{PG['port']}/{name}"


def _server_pid() -> int:
    """The ``serve`` process this one started (``_common.central`` keeps its Popen to itself)."""
    me = str(os.getpid()).encode()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                ppid = f.read().rsplit(b")", 1)[1].split()[1]
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                cmdline = f.read().split(b"\0")
        except OSError:
            continue
        if ppid == me and b"serve" in cmdline:
            return int(entry)
    raise RuntimeError("the central server process was not found")


# ----- CPU accounting from /proc ------------------------------------------------------------------

def _tree_ticks(pid: int) -> int:
    """CPU ticks of ``pid`` and every live process below it (``serve --workers``)."""
    parent: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    parent[int(entry)] = int(f.read().rsplit(b")", 1)[1].split()[1])
            except OSError:
                continue
    tree, todo = {pid}, [pid]
    while todo:
        p = todo.pop()
        kids = [c for c, pp in parent.items() if pp == p and c not in tree]
        tree.update(kids)
        todo.extend(kids)
    return sum(_cpu_ticks(p) for p in tree)


def _cpu_ticks(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)


def _postgres_ticks() -> dict[int, int]:
    out = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/comm", "rb") as f:
                    if f.read().strip() != b"postgres":
                        continue
            except OSError:
                continue
            out[int(entry)] = _cpu_ticks(int(entry))
    return out


def cpu_probe_ms() -> float:
    """CPU time of a fixed pure-Python loop: tells how fast this machine ran (the project's
    2-core VM has measured 0.26 to 0.65 s for this loop on different hours of one day)."""
    started = time.process_time()
    total = 0
    for i in range(5_000_000):
        total += i
    return round((time.process_time() - started) * 1000, 1)


def _ms(ticks: int) -> float:
    return ticks * 1000.0 / TICK_S


# ----- the simulated fleet ----------------------------------------------------------------------

class Stats:
    """Everything the terminals record; only what completes inside the window counts."""

    def __init__(self) -> None:
        self.window: tuple[float, float] = (float("inf"), float("inf"))
        self.latency: dict[str, list[float]] = {"pull": [], "push": []}
        self.counts: Counter[str] = Counter()
        self.errors: Counter[str] = Counter()
        self.loop_lag: list[float] = []

    def inside(self, t: float) -> bool:
        return self.window[0] <= t <= self.window[1]

    def record(self, kind: str, started: float, ended: float) -> None:
        if self.inside(ended):
            self.counts[kind] += 1
            if kind in self.latency:
                self.latency[kind].append((ended - started) * 1000)

    def error(self, kind: str, reason: str) -> None:
        if self.inside(time.monotonic()):
            self.errors[f"{kind}:{reason}"] += 1


class HttpxClient:
    """``SimClient``'s interface on an ``httpx.AsyncClient`` (``--client httpx``), to compare."""

    def __init__(self, base: str, headers: dict[str, str], timeout: float) -> None:
        self.http = httpx.AsyncClient(
            base_url=base, verify=_SSL_CONTEXT, timeout=httpx.Timeout(timeout, connect=30),
            limits=httpx.Limits(max_connections=4, max_keepalive_connections=4, keepalive_expiry=60),
            headers=headers)

    async def post(self, path: str, body: bytes) -> tuple[int, bytes]:
        try:
            r = await self.http.post(path, content=body)
        except httpx.HTTPError as exc:
            raise HttpError(type(exc).__name__) from None
        return r.status_code, r.content

    async def aclose(self) -> None:
        await self.http.aclose()


def _client(base: str, token: str, args: argparse.Namespace) -> SimClient | HttpxClient:
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json", "User-Agent": "central-load"}
    if args.client == "httpx":
        return HttpxClient(base, headers, args.long_poll_s + 30)
    url = httpx.URL(base)
    return SimClient(url.host, url.port or 80, headers, timeout=args.long_poll_s + 30)


class SimTerminal:
    """One enrolled device: long-poll, periodic pull and push, one HTTP client of its own."""

    def __init__(self, base: str, token: str, cursors: dict[str, str], customers: list[str],
                 stats: Stats, args: argparse.Namespace, rng: random.Random) -> None:
        self.cursors = dict(cursors)
        self.customers = customers
        self.stats = stats
        self.args = args
        self.rng = rng
        self.seq = 0
        self.unsent: dict | None = None
        self.http = _client(base, token, args)

    async def _post(self, kind: str, path: str, body: dict) -> dict | None:
        started = time.monotonic()
        try:
            status, content = await self.http.post(path, orjson.dumps(body))
        except HttpError as exc:
            self.stats.error(kind, str(exc))
            return None
        ended = time.monotonic()
        if status != 200:
            self.stats.error(kind, f"http_{status}")
            return None
        self.stats.record(kind, started, ended)
        return orjson.loads(content)

    def _take(self, resp: dict) -> bool:
        """Move the cursors on; True if anything arrived."""
        changed = False
        for scope, sc in resp["scopes"].items():
            self.cursors[scope] = sc["cursor"]
            changed = changed or bool(sc["upserts"] or sc["deletes"] or sc["more"])
            if sc["reset"]:
                self.stats.error("changes", "reset")
        return changed

    async def long_poll(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            resp = await self._post("long_poll", "/v1/changes",
                                    {"cursors": self.cursors, "wait_s": self.args.long_poll_s})
            if resp is None:
                await asyncio.sleep(1 + self.rng.random())  # back off as the app does
            elif self._take(resp):
                if self.stats.inside(time.monotonic()):
                    self.stats.counts["long_poll_wakes"] += 1
                if self.args.coalesce_s:  # not what the app does today: what-if for SCALING.md
                    await asyncio.sleep(self.args.coalesce_s)

    async def _every(self, stop: asyncio.Event, interval: float, action) -> None:
        due = time.monotonic() + self.rng.uniform(0, interval)
        while True:
            try:
                await asyncio.wait_for(stop.wait(), max(0.0, due - time.monotonic()))
                return
            except TimeoutError:
                pass
            await action()
            due += interval

    async def pull(self) -> None:
        resp = await self._post("pull", "/v1/changes", {"cursors": self.cursors, "wait_s": 0})
        if resp is not None:
            self._take(resp)

    async def push(self) -> None:
        if self.unsent is None:  # a push that failed is sent again as it was, as the outbox does
            self.seq += 1
            self.unsent = {
                "id": str(uuid.uuid4()), "seq": self.seq, "name": p.NOTE_ADD, "associate_id": None,
                "local_time": datetime.now(UTC).isoformat(timespec="seconds"),
                "args": {"note_id": str(uuid.uuid4()), "customer_id": self.rng.choice(self.customers),
                         "body": "Asked for the new season's boots in 38; call when they arrive."}}
        resp = await self._post("push", "/v1/mutations", {"mutations": [self.unsent]})
        if resp is None:
            return
        self.unsent = None
        if any(r["status"] != "applied" for r in resp["results"]):
            self.stats.counts["push_rejected"] += 1

    async def run(self, start_at: float, stop: asyncio.Event) -> None:
        try:
            await asyncio.wait_for(stop.wait(), max(0.0, start_at - time.monotonic()))
            return
        except TimeoutError:
            pass
        tasks = [asyncio.ensure_future(self.long_poll(stop)),
                 asyncio.ensure_future(self._every(stop, self.args.pull_every, self.pull))]
        if self.args.push == "note":
            tasks.append(asyncio.ensure_future(self._every(stop, self.args.push_every, self.push)))
        try:
            await stop.wait()
        finally:
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await self.http.aclose()


async def _enrol_all(base: str, codes: list[tuple[str, str]]) -> list[dict]:
    """Enrol every device over HTTP (a few at a time: enrolment is not what is measured)."""
    sem = asyncio.Semaphore(8)
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        async def one(store: str, code: str) -> dict:
            async with sem:
                r = await http.post("/v1/enroll", json={"code": code, "hostname": f"load-{store}"})
                r.raise_for_status()
                return r.json()
        return await asyncio.gather(*(one(s, c) for s, c in codes))


def _head_cursors(url: str, scopes: set[str]) -> dict[str, str]:
    """Change-feed cursors at today's head of ``scopes``, signed with the server's secret (what a
    finished snapshot hands over): a simulated terminal is one that finished its bootstrap.
    Read from the database: asking the server would count every row of each scope (seconds per
    region scope of the large seed)."""
    engine = open_engine(url)
    try:
        with read_tx(engine) as conn:
            meta = read_meta(conn)
            heads = read_heads(conn, sorted(scopes))
    finally:
        engine.dispose()
    codec = CursorCodec(meta["secret"])
    return {s: codec.changes(ChangesPos(meta["epoch"], s, heads[s].version if s in heads else 0, END, ""))
            for s in scopes}


async def _loop_lag(stats: Stats, stop: asyncio.Event) -> None:
    """How late this process's own event loop runs a 50 ms sleep (a busy load generator inflates
    the latencies it measures)."""
    while not stop.is_set():
        started = time.monotonic()
        await asyncio.sleep(0.05)
        ended = time.monotonic()
        if stats.inside(ended):
            stats.loop_lag.append((ended - started - 0.05) * 1000)


def _percentile(ordered: list[float], q: float) -> float | None:
    if not ordered:
        return None
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * q))], 2)


async def _fleet(base: str, url: str, server_pid: int, enrolled: list[dict], customers: dict[str, list[str]],
                 args: argparse.Namespace) -> dict:
    stats = Stats()
    rng = random.Random(args.seed)
    cursors = _head_cursors(url, {s for d in enrolled for s in d["scopes"]})
    fleet = [SimTerminal(base, d["token"], {s: cursors[s] for s in d["scopes"]}, customers[d["region"]], stats,
                         args, random.Random(rng.random())) for d in enrolled]
    stop = asyncio.Event()
    t0 = time.monotonic()
    n = len(fleet)
    runs = [asyncio.ensure_future(t.run(t0 + args.ramp * i / n, stop)) for i, t in enumerate(fleet)]
    runs.append(asyncio.ensure_future(_loop_lag(stats, stop)))
    _log(f"{n} terminals starting over {args.ramp:g}s, then measuring {args.duration:g}s ...")
    await asyncio.sleep(args.ramp + 1)
    stats.window = (time.monotonic(), time.monotonic() + args.duration)
    cpu0, pg0, me0 = _tree_ticks(server_pid), _postgres_ticks(), resource.getrusage(resource.RUSAGE_SELF)
    await asyncio.sleep(args.duration)
    cpu1, pg1, me1 = _tree_ticks(server_pid), _postgres_ticks(), resource.getrusage(resource.RUSAGE_SELF)
    stop.set()
    await asyncio.gather(*runs, return_exceptions=True)

    minutes = n * args.duration / 60
    server_ms = _ms(cpu1 - cpu0)
    db_ms = _ms(sum(t - pg0.get(pid, 0) for pid, t in pg1.items()))
    both = sorted(stats.latency["pull"] + stats.latency["push"])
    kinds = {k: {"count": len(v), "p50_ms": _percentile(sorted(v), 0.5), "p99_ms": _percentile(sorted(v), 0.99),
                 "max_ms": round(max(v), 2) if v else None} for k, v in stats.latency.items()}
    requests = stats.counts["pull"] + stats.counts["push"] + stats.counts["long_poll"]
    return {
        "terminals": n, "duration_s": args.duration,
        "p50_ms": round(statistics.median(both), 2) if both else None, "p99_ms": _percentile(both, 0.99),
        "max_ms": round(both[-1], 2) if both else None,
        "errors": sum(stats.errors.values()), "error_kinds": dict(stats.errors),
        "cpu_ms_per_terminal_minute": round(server_ms / minutes, 2),
        "db_cpu_ms_per_terminal_minute": round(db_ms / minutes, 2),
        "server_cpu_share": round(server_ms / (args.duration * 1000), 3),
        "db_cpu_share": round(db_ms / (args.duration * 1000), 3),
        "loadgen_loop_lag_p99_ms": _percentile(sorted(stats.loop_lag), 0.99),
        "loadgen_loop_lag_max_ms": round(max(stats.loop_lag), 1) if stats.loop_lag else None,
        "loadgen_cpu_share": round((me1.ru_utime + me1.ru_stime - me0.ru_utime - me0.ru_stime) / args.duration, 3),
        "requests": requests, "requests_per_s": round(requests / args.duration, 1),
        "server_cpu_ms_per_request": round(server_ms / requests, 2) if requests else None,
        "kinds": kinds, "long_polls_returned": stats.counts["long_poll"],
        "long_poll_wakes": stats.counts["long_poll_wakes"],
        "long_poll_wakes_per_terminal_minute": round(stats.counts["long_poll_wakes"] / minutes, 2),
        "push_rejected": stats.counts["push_rejected"],
    }


def _fleet_setup(url: str, terminals: int) -> tuple[list[tuple[str, str]], dict[str, list[str]]]:
    """Enrolment codes spread round-robin over the stores, and sample customers per region."""
    engine = open_engine(url)
    try:
        with read_tx(engine) as conn:
            stores = [r[0] for r in conn.execute(text("SELECT id FROM stores WHERE kind = 'store' ORDER BY id"))]
            customers: dict[str, list[str]] = {}
            for scope, cid in conn.execute(text(
                    "SELECT scope, id FROM (SELECT scope, id, row_number() OVER (PARTITION BY scope ORDER BY id) AS n "
                    "FROM customers WHERE scope LIKE 'region:%') s WHERE n <= 500")):
                customers.setdefault(scope.split(":", 1)[1], []).append(cid)
        codes = [(stores[i % len(stores)], admin.create_enroll_code(engine, stores[i % len(stores)]))
                 for i in range(terminals)]
    finally:
        engine.dispose()
    return codes, customers


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--terminals", type=int, default=200)
    parser.add_argument("--duration", type=float, default=60.0, help="measured seconds, after the ramp")
    parser.add_argument("--ramp", type=float, default=30.0, help="seconds over which terminals start")
    parser.add_argument("--size", choices=("tiny", "demo", "large"), default="tiny", help="seed size")
    parser.add_argument("--db", help="central database URL (default: --database on the test server)")
    parser.add_argument("--database", default=BENCH_DB, help=f"database name on the test server (default {BENCH_DB})")
    parser.add_argument("--reuse", action="store_true", help="reuse the database if it already has data")
    parser.add_argument("--long-poll-s", type=float, default=25.0)
    parser.add_argument("--pull-every", type=float, default=30.0)
    parser.add_argument("--push-every", type=float, default=60.0)
    parser.add_argument("--push", choices=("note", "none"), default="note")
    parser.add_argument("--coalesce-s", type=float, default=0.0,
                        help="wait this long after a long-poll brought changes before the next one "
                             "(0, the default, is what the app does)")
    parser.add_argument("--workers", type=int, default=1, help="server worker processes (serve --workers)")
    parser.add_argument("--wake-budget", type=float, help="serve --wake-budget (default: the server's)")
    parser.add_argument("--client", choices=("lean", "httpx"), default="lean",
                        help="the simulated terminals' HTTP client (lean: sim_http.SimClient)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--json", action="store_true", help="print one JSON object (always on)")
    args = parser.parse_args(argv)

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # the server inherits it too
    url = args.db or bench_db_url(args.database)
    if not (args.reuse and has_data(url)):
        seed_db(url, args.size, args.seed)
    codes, customers = _fleet_setup(url, args.terminals)
    load0, probe = load_average(), cpu_probe_ms()
    serve_args = ["--workers", str(args.workers)]
    if args.wake_budget:
        serve_args += ["--wake-budget", repr(args.wake_budget)]
    with central(url, *serve_args) as base:
        _log(f"enrolling {len(codes)} terminals ...")
        enrolled = asyncio.run(_enrol_all(base, codes))
        # 2,000 terminals' parsed pages churn the generator's heap: its full collections paused its
        # loop for up to 1.7 s (the latencies included them) and cost half its CPU.
        settle_heap()
        result = asyncio.run(_fleet(base, url, _server_pid(), enrolled, customers, args))
    out = {**result, "size": args.size, "push": args.push, "coalesce_s": args.coalesce_s, "client": args.client, "server_processes": args.workers, "wake_budget": args.wake_budget,
           "cpu_count": os.cpu_count(), "cpu_probe_ms": probe, "loadavg_before": load0, "loadavg_after": load_average()}
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
