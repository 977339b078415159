"""Recommendation quality and latency on a store terminal's cache.

    .venv/bin/python benchmarks/recommendations.py --size large --json [--customers N] [--keep DIR]

Builds the data straight from ``sync.datagen`` (no server): a real encrypted cache holding the
scopes of the first store's terminal. For a sample of that region's customers with >= 2 orders it
holds out each one's last order (removed from the cache), computes affinity with
``sync.affinity.compute`` from every other order's basket, writes it to the cache and asks
``RecommendationService.for_customer`` for 10 products. Hit = a recommended style is in the
held-out order. Baseline: the 10 best-selling styles (training orders) in stock here that the
customer does not own. ``--keep DIR`` saves the built cache there (and reuses it next time: the
large one takes ~12 min to build) so ranking changes can be measured in a minute. Prints one JSON object: hit_rate_at_10, popularity_hit_rate_at_10, ratio,
ms_per_customer_p50/p95, customers, size and build figures. Goals: ratio >= 2, p95 <= 30 ms.
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from clienteling.cache import fts, open_cache, rows as cache_rows  # noqa: E402
from clienteling.cache.schema import create_secondary_indexes, drop_secondary_indexes  # noqa: E402
from clienteling.cache.state import save_device  # noqa: E402
from clienteling.security import new_cache_key  # noqa: E402
from clienteling.services.recommendations import RecommendationService  # noqa: E402
from sync import affinity  # noqa: E402
from sync.datagen import generate  # noqa: E402
from sync.entities import ENTITIES, ORDERS, PRODUCTS, STORES  # noqa: E402
from sync.scopes import CATALOG, StoreRef, scopes_for_store  # noqa: E402

NOW = datetime(2026, 11, 1, tzinfo=UTC)
TOP_K = 10


def _log(msg: str) -> None:
    print(f"[reco-bench] {msg}", file=sys.stderr, flush=True)


class World:
    """What the evaluation needs from the generated data, collected while the cache is filled."""

    def __init__(self) -> None:
        self.style_of: dict[str, str] = {}
        self.orders: dict[str, tuple[str, str]] = {}  # non-cancelled order -> (customer, placed_at)
        self.baskets: dict[str, frozenset[str]] = {}  # order -> distinct styles
        self.units: dict[str, Counter[str]] = {}  # order -> style -> units
        self.region_customers: set[str] = set()


def build(path: Path, size: str, seed: int, store_id: str | None, key: str
          ) -> tuple[object, str, World, dict]:
    """Fill a fresh cache with the store terminal's scopes; returns (cache, store, world, figures)."""
    started = time.perf_counter()
    cache = open_cache(path, key)
    world = World()
    scopes: set[str] = set()
    store = store_id
    region_scope = ""
    with cache.write() as conn:
        fts.set_mode(conn, "bulk")
        drop_secondary_indexes(conn, list(ENTITIES))
    o_id, o_cust, o_status, o_placed = (ORDERS.column_names.index(c) for c in
                                        ("id", "customer_id", "status", "placed_at"))
    written = 0
    for batch in generate(size, seed, NOW):
        if batch.entity == "stores" and not scopes:
            refs = [StoreRef(r[1], *(r[1 + STORES.column_names.index(c)] for c in ("kind", "region", "lat", "lon")))
                    for r in batch.rows]
            me = next(s for s in refs if (s.id == store if store else s.kind == "store"))
            store = me.id
            scopes = set(scopes_for_store(me, refs))
            region_scope = f"region:{me.region}"
        if batch.entity == "products":
            i = PRODUCTS.column_names.index("style_id")
            world.style_of.update((r[1], r[1 + i]) for r in batch.rows)
        elif batch.entity == "orders":
            for r in batch.rows:
                v = r[1:]
                if v[o_status] != "cancelled":
                    world.orders[v[o_id]] = (v[o_cust], v[o_placed])
        elif batch.entity == "order_lines":
            for r in batch.rows:
                oid, sku, qty = r[2], r[3], r[4] or 0
                if oid not in world.orders:
                    continue
                units = world.units.setdefault(oid, Counter())
                units[world.style_of[sku]] += qty
        elif batch.entity == "customers":
            world.region_customers.update(r[1] for r in batch.rows if r[0] == region_scope)
        by_scope: dict[str, list[list]] = {}
        for r in batch.rows:
            if r[0] in scopes:
                by_scope.setdefault(r[0], []).append([*r[1:], 1])
        with cache.write() as conn:
            for scope, data in by_scope.items():
                written += cache_rows.bulk_replace(conn, batch.entity, scope, data)
    world.baskets = {oid: frozenset(u) for oid, u in world.units.items()}
    with cache.write() as conn:
        create_secondary_indexes(conn, list(ENTITIES))
        save_device(conn, store_id=store)
    return cache, store, world, {"rows_in_cache": written, "build_s": round(time.perf_counter() - started, 1)}


def holdout(world: World, sample: int, seed: int) -> dict[str, str]:
    """customer -> held-out (last) order, for a sample of the region's customers with >= 2 orders."""
    last: dict[str, tuple[str, str]] = {}
    count: Counter[str] = Counter()
    for oid, (cust, placed) in world.orders.items():
        if cust in world.region_customers and oid in world.baskets:
            count[cust] += 1
            if cust not in last or (placed, oid) > last[cust]:
                last[cust] = (placed, oid)
    eligible = sorted(c for c, n in count.items() if n >= 2)
    picked = random.Random(seed).sample(eligible, min(sample, len(eligible)))
    return {c: last[c][1] for c in picked}


def prepare(cache, world: World, held: dict[str, str]) -> int:  # type: ignore[no-untyped-def]
    """Remove the held-out orders from the cache; write affinity computed from every other basket."""
    out = set(held.values())
    table = affinity.compute((b for oid, b in world.baskets.items() if oid not in out), top_k=20, min_support=3)
    rows = [[r[c] for c in ENTITIES["affinity"].column_names] + [1] for r in affinity.affinity_rows(table)]
    with cache.write() as conn:
        ids = [(oid,) for oid in out]
        conn.exec_driver_sql("DELETE FROM order_lines WHERE order_id = ?", ids)
        conn.exec_driver_sql("DELETE FROM orders WHERE id = ?", ids)
        cache_rows.bulk_replace(conn, "affinity", CATALOG, rows)
    return len(rows)


def popular_in_stock(cache, world: World, held: dict[str, str]) -> list[str]:  # type: ignore[no-untyped-def]
    """Styles by units sold in training orders, best first, keeping those with stock here."""
    out = set(held.values())
    sold: Counter[str] = Counter()
    for oid, units in world.units.items():
        if oid not in out:
            sold.update(units)
    with cache.read() as conn:
        store = conn.exec_driver_sql("SELECT value FROM device WHERE key = 'store_id'").scalar()
        here = {world.style_of[sku] for (sku,) in conn.exec_driver_sql(
            "SELECT sku FROM inventory WHERE location_id = ? AND on_hand - reserved > 0", (store,))}
    return [s for s, _ in sorted(sold.items(), key=lambda kv: (-kv[1], kv[0])) if s in here]


def evaluate(cache, world: World, held: dict[str, str]) -> dict:  # type: ignore[no-untyped-def]
    """Hit rates of the engine and of the popularity baseline, and the engine's latency."""
    service = RecommendationService(cache, clock=lambda: NOW)
    popular = popular_in_stock(cache, world, held)
    owned: dict[str, set[str]] = {c: set() for c in held}
    out = set(held.values())
    for oid, (cust, _) in world.orders.items():
        if cust in owned and oid not in out and oid in world.baskets:
            owned[cust] |= world.baskets[oid]
    for cid in list(held)[:20]:
        service.for_customer(cid, TOP_K)  # warm the page cache and statement cache
    hits = base_hits = empty = 0
    times = []
    for cid, oid in held.items():
        started = time.perf_counter()
        recs = service.for_customer(cid, TOP_K)
        times.append((time.perf_counter() - started) * 1000)
        truth = world.baskets[oid]
        hits += any(r.style_id in truth for r in recs)
        empty += not recs
        base = [s for s in popular if s not in owned[cid]][:TOP_K]
        base_hits += any(s in truth for s in base)
    n = len(held)
    times.sort()
    hit, base_rate = hits / n if n else 0.0, base_hits / n if n else 0.0
    return {"hit_rate_at_10": round(hit, 4), "popularity_hit_rate_at_10": round(base_rate, 4),
            "ratio": round(hit / base_rate, 2) if base_rate else None,
            "ms_per_customer_p50": round(statistics.median(times), 2) if times else None,
            "ms_per_customer_p95": round(times[min(n - 1, int(n * 0.95))], 2) if times else None,
            "ms_per_customer_max": round(times[-1], 2) if times else None,
            "customers": n, "customers_without_recommendations": empty}


def built(keep: Path | None, workdir: Path, size: str, seed: int, store_id: str | None
          ) -> tuple[object, str, World, dict]:
    """The built cache, from ``keep`` when it holds one for these arguments (copied: evaluation edits it)."""
    saved = keep / f"{size}-{seed}-{store_id or 'first'}" if keep else None
    if saved is not None and (saved / "world.pickle").exists():
        shutil.copyfile(saved / "cache.db", workdir / "cache.db")
        with open(saved / "world.pickle", "rb") as f:
            key, store, world, figures = pickle.load(f)
        return open_cache(workdir / "cache.db", key), store, world, {**figures, "reused": str(saved)}
    key = new_cache_key()
    cache, store, world, figures = build(workdir / "cache.db", size, seed, store_id, key)
    if saved is not None:
        saved.mkdir(parents=True, exist_ok=True)
        cache.close()  # type: ignore[attr-defined]  (checkpoints the WAL into the file)
        shutil.copyfile(workdir / "cache.db", saved / "cache.db")
        with open(saved / "world.pickle", "wb") as f:
            pickle.dump((key, store, world, figures), f)
        cache = open_cache(workdir / "cache.db", key)
    return cache, store, world, figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=("tiny", "demo", "large"), default="demo")
    parser.add_argument("--customers", type=int, default=6000, help="customers evaluated (a sample; fewer when fewer qualify)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--store", help="the terminal's store (default: the first store)")
    parser.add_argument("--json", action="store_true", help="print one JSON object (always on)")
    parser.add_argument("--keep", type=Path, help="directory to save the built cache in and reuse it from")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="reco-bench-"))
    try:
        _log(f"generating {args.size} and filling the cache ...")
        cache, store, world, figures = built(args.keep, workdir, args.size, args.seed, args.store)
        _log(f"cache built in {figures['build_s']}s; computing affinity ...")
        held = holdout(world, args.customers, args.seed)
        started = time.perf_counter()
        figures["affinity_rows"] = prepare(cache, world, held)
        figures["affinity_s"] = round(time.perf_counter() - started, 1)
        _log(f"evaluating {len(held)} customers ...")
        result = evaluate(cache, world, held)
        cache.close()  # type: ignore[attr-defined]
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(json.dumps({"size": args.size, "store": store, **result, **figures}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
