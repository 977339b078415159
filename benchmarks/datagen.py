"""Benchmark: how fast ``sync.datagen`` produces a whole dataset (rows are discarded).

    .venv/bin/python benchmarks/datagen.py --size large --json

Prints one JSON object: size, seed, rows, seconds, rows_per_s, cpu_seconds and rows_per_cpu_s
(single-threaded, so CPU time is the fair figure on a busy machine), per_entity {entity: {rows,
seconds}} (wall time producing that entity's batches; customers include simulating the whole
order history), and peak_rss_mb.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sync.datagen import SIZES, generate  # noqa: E402


def run(size: str, seed: int, now: datetime | None) -> dict:
    per_entity: dict[str, dict] = {}
    cpu = time.process_time()
    start = last = time.perf_counter()
    for batch in generate(size, seed=seed, now=now):
        t = time.perf_counter()
        entry = per_entity.setdefault(batch.entity, {"rows": 0, "seconds": 0.0})
        entry["rows"] += len(batch.rows)
        entry["seconds"] += t - last
        last = t
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu
    rows = sum(e["rows"] for e in per_entity.values())
    for e in per_entity.values():
        e["seconds"] = round(e["seconds"], 3)
    return {"size": size, "seed": seed, "rows": rows, "seconds": round(seconds, 3),
            "rows_per_s": round(rows / seconds), "cpu_seconds": round(cpu, 3),
            "rows_per_cpu_s": round(rows / cpu), "per_entity": per_entity,
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="demo")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--now", type=datetime.fromisoformat, default=None,
                        help="aware ISO time anchoring the data (default: today's UTC midnight)")
    parser.add_argument("--json", action="store_true", help="one compact line instead of indented JSON")
    args = parser.parse_args(argv)
    result = run(args.size, args.seed, args.now)
    print(json.dumps(result) if args.json else json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
