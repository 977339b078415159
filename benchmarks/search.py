"""Customer search latency on a large encrypted cache.

``python benchmarks/search.py --customers 1000000 --json`` builds a synthetic SQLCipher cache of
that many customers (bulk path: executemany with the search index in bulk mode, then one
rebuild), runs a fixed mix of query kinds against it the way the counter does
(``search_customers``, 50 results) and prints one JSON object: ``p50_ms``, ``p95_ms``,
``max_ms`` over all queries and the same per kind. Goals: p95 <= 20 ms, p50 <= 5 ms.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from clienteling.cache import fts, open_cache, rows  # noqa: E402
from clienteling.cache.search import search_customers  # noqa: E402
from clienteling.security import new_cache_key  # noqa: E402
from sync.datagen import names  # noqa: E402
from sync.datagen.codes import loyalty_numbers  # noqa: E402
from sync.entities import CUSTOMERS  # noqa: E402

SCOPE = "region:bench"
BATCH = 50_000
PHONE_FORMATS = ("+1 {a}-{b}-{c}", "({a}) {b} {c}", "{a}{b}{c}", "{a}.{b}.{c}")
KINDS = ("name_prefix", "full_name_any_order", "typo", "phone_formatted", "phone_last4",
         "email_prefix", "loyalty")


def _customer_rows(count: int, rng: random.Random):
    """Yield batches of wire rows (entity columns + version)."""
    firsts = names.WOMEN_FIRST + names.MEN_FIRST
    numbers = loyalty_numbers(count, salt=17)
    columns = CUSTOMERS.column_names
    batch = []
    for i in range(count):
        first, last = rng.choice(firsts), rng.choice(names.LAST)
        local = f"{names.ascii_fold(first).lower()}.{names.ascii_fold(last).lower()}{i}".replace(" ", "")
        digits = f"{rng.randint(200, 989)}{rng.randint(200, 999)}{rng.randint(0, 9999):04d}"
        phone = rng.choice(PHONE_FORMATS).format(a=digits[:3], b=digits[3:6], c=digits[6:])
        values = {"id": f"C{i:08d}", "loyalty_number": numbers[i], "first_name": first, "last_name": last,
                  "email": f"{local}@{rng.choice(names.EMAIL_DOMAINS)}", "phone": phone, "tier": "member",
                  "points": 0, "lifetime_value_cents": 0, "home_store_id": "S001",
                  "last_visit_at": "2026-11-01T10:00:00Z"}
        batch.append([values.get(c) for c in columns] + [1])
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def build(path: Path, count: int, seed: int) -> tuple[object, float]:
    """A fresh encrypted cache with ``count`` customers; returns (cache, seconds)."""
    started = time.perf_counter()
    cache = open_cache(path, new_cache_key())
    rng = random.Random(seed)
    with cache.write() as conn:
        fts.set_mode(conn, "bulk")
        rows.bulk_replace(conn, "stores", "catalog", [["S001", "Downtown"] + [None] * 9 + [1]])
    for batch in _customer_rows(count, rng):
        with cache.write() as conn:
            rows.bulk_replace(conn, "customers", SCOPE, batch)
    with cache.write() as conn:
        fts.rebuild(conn)
    return cache, time.perf_counter() - started


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]  # two letters swapped


def queries(cache, per_kind: int, seed: int) -> list[tuple[str, str]]:
    """A fixed mix: ``per_kind`` queries of each kind, drawn from existing customers."""
    rng = random.Random(seed)
    with cache.read() as conn:
        total = conn.exec_driver_sql("SELECT count(*) FROM customers").scalar()
        picks = [conn.exec_driver_sql(
            "SELECT first_name, last_name, email, phone, loyalty_number FROM customers WHERE rowid = ?",
            (rng.randint(1, total),)).first() for _ in range(per_kind)]
    out = []
    for first, last, email, phone, loyalty in picks:
        digits = re.sub(r"\D", "", phone)
        last_word = names.ascii_fold(last).split()[-1]
        out += [("name_prefix", names.ascii_fold(last)[:3]),
                ("full_name_any_order", f"{last} {first}"),
                ("typo", f"{names.ascii_fold(first)} {_typo(last_word, rng)}"),
                ("phone_formatted", f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"),
                ("phone_last4", digits[-4:]),
                ("email_prefix", email[:8]),
                ("loyalty", loyalty)]
    return out


def _figures(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {"p50_ms": round(statistics.median(ordered), 3),
            "p95_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 3),
            "max_ms": round(ordered[-1], 3), "queries": len(ordered)}


def run(count: int, per_kind: int, seed: int, keep: Path | None) -> dict:
    """Build, warm up, measure; returns the JSON-ready figures."""
    workdir = Path(tempfile.mkdtemp(prefix="search-bench-"))
    path = (keep or workdir) / "cache.db"
    try:
        cache, build_s = build(path, count, seed)
        mix = queries(cache, per_kind, seed + 1)
        by_kind: dict[str, list[float]] = {k: [] for k in KINDS}
        misses = 0
        with cache.read() as conn:
            for _kind, q in mix[: len(KINDS) * 3]:
                search_customers(conn, q)  # warm the page cache as a running terminal would be
            for kind, q in mix:
                started = time.perf_counter()
                found = search_customers(conn, q)
                by_kind[kind].append((time.perf_counter() - started) * 1000)
                misses += not found
        cache.close()
        all_times = [t for ts in by_kind.values() for t in ts]
        return {"customers": count, "build_s": round(build_s, 1), **_figures(all_times),
                "queries_without_hits": misses, "kinds": {k: _figures(v) for k, v in by_kind.items()}}
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--queries-per-kind", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    result = run(args.customers, args.queries_per_kind, args.seed, None)
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{result['customers']} customers: p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, "
              f"max {result['max_ms']} ms")
        for kind, figures in result["kinds"].items():
            print(f"  {kind:22s} p50 {figures['p50_ms']:7.2f}  p95 {figures['p95_ms']:7.2f}  max {figures['max_ms']:7.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
