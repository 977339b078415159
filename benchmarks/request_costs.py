"""Benchmark: the central service's CPU per request kind, one request at a time.

    .venv/bin/python benchmarks/request_costs.py --json [--requests 300] [--database bench_micro]

Seeds (once) a tiny PostgreSQL database on the test server, starts ``clienteling-central serve``
on loopback, enrols one device and sends ``--requests`` sequential requests of each kind:
a quiet pull (cursors at the head), a note push, a pull one note behind (the same cursor each
time: after the first, a shared page) and ``/v1/health``. The server's CPU comes from /proc
(utime + stime), so other jobs on the machine change it less than wall time. Prints one JSON
object: per kind ``server_cpu_ms`` and ``wall_ms`` per request, plus ``cpu_probe_ms``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx  # noqa: E402
import orjson  # noqa: E402

from _common import central, has_data, seed_db  # noqa: E402
from central_load import _cpu_ticks, _fleet_setup, _ms, _server_pid, bench_db_url, cpu_probe_ms  # noqa: E402
from sync import protocol as p  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=300, help="requests per kind")
    parser.add_argument("--database", default="bench_micro", help="database name on the test server")
    parser.add_argument("--json", action="store_true", help="print one JSON object (always on)")
    args = parser.parse_args(argv)
    url = bench_db_url(args.database)
    if not has_data(url):
        seed_db(url, "tiny", 42)
    codes, customers = _fleet_setup(url, 1)
    out: dict = {"requests_per_kind": args.requests, "cpu_probe_ms": cpu_probe_ms()}
    with central(url) as base:
        pid = _server_pid()
        dev = httpx.post(base + "/v1/enroll", json={"code": codes[0][1], "hostname": "costs"}).json()
        http = httpx.Client(base_url=base, timeout=60, headers={
            "Authorization": f"Bearer {dev['token']}", "Content-Type": "application/json"})
        cursors = {s: http.post("/v1/snapshot", json={"scope": s, "page_rows": 1}).json()["changes_cursor"]
                   for s in dev["scopes"]}
        region = customers[dev["region"]]
        seq = 0

        def push() -> None:
            nonlocal seq
            seq += 1
            m = {"id": str(uuid.uuid4()), "seq": seq, "name": p.NOTE_ADD, "associate_id": None,
                 "local_time": datetime.now(UTC).isoformat(timespec="seconds"),
                 "args": {"note_id": str(uuid.uuid4()), "customer_id": region[seq % len(region)],
                          "body": "Call when the boots arrive in 38."}}
            http.post("/v1/mutations", content=orjson.dumps({"mutations": [m]})).raise_for_status()

        def measure(kind: str, request) -> None:
            request()
            ticks, started = _cpu_ticks(pid), time.perf_counter()
            for _ in range(args.requests):
                request()
            out[kind] = {"server_cpu_ms": round(_ms(_cpu_ticks(pid) - ticks) / args.requests, 3),
                         "wall_ms": round((time.perf_counter() - started) * 1000 / args.requests, 3)}

        quiet = orjson.dumps({"cursors": cursors, "wait_s": 0})
        measure("quiet_pull", lambda: http.post("/v1/changes", content=quiet).raise_for_status())
        measure("push_note", push)
        at_head = {s: sc["cursor"] for s, sc in http.post("/v1/changes", content=quiet).json()["scopes"].items()}
        push()
        behind = orjson.dumps({"cursors": at_head, "wait_s": 0})
        measure("one_behind_pull", lambda: http.post("/v1/changes", content=behind).raise_for_status())
        measure("health", lambda: http.get("/v1/health").raise_for_status())
        http.close()
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
