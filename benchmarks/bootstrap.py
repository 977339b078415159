"""Benchmark: a new terminal's initial download, end to end, against the real central service.

    .venv/bin/python benchmarks/bootstrap.py --size large --json [--db URL] [--reuse]

Seeds a central database (or reuses one with ``--reuse``), starts ``clienteling-central serve``
as a separate process on loopback, enrols a terminal in a temporary folder (file credential
store), and times ``Replicator.bootstrap()`` for every scope of the store's terminal. Then writes
the very same rows straight into a fresh encrypted cache with executemany (same schema, same
page-sized transactions, no network, no FTS) to get the floor this machine allows.

Prints one JSON object: rows, seconds, rows_per_s, seconds_to_searchable (start -> every customer
of the region in the search index), floor_rows_per_s, ratio_to_floor (floor / achieved), plus
store, scopes, per_scope rows and the server/seed details. Needs an otherwise idle machine: the
server process and the terminal share the cores.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sqlalchemy import text  # noqa: E402

from _common import central, has_data, seed_db  # noqa: E402
from clienteling.cache import open_cache, rows as cache_rows  # noqa: E402
from clienteling.cache.schema import create_secondary_indexes, drop_secondary_indexes  # noqa: E402
from clienteling.config import Config  # noqa: E402
from clienteling.security import FileCredentialStore, new_cache_key  # noqa: E402
from clienteling.terminal import Terminal  # noqa: E402
from sync.entities import ENTITIES  # noqa: E402
from sync.server import admin  # noqa: E402
from sync.server.db import open_engine, read_tx  # noqa: E402

PAGE = 10_000


def _log(msg: str) -> None:
    print(f"[bootstrap-bench] {msg}", file=sys.stderr, flush=True)


def _pick_store(url: str) -> str:
    engine = open_engine(url)
    with read_tx(engine) as conn:
        store = conn.execute(text("SELECT id FROM stores WHERE kind = 'store' ORDER BY id LIMIT 1")).scalar()
    engine.dispose()
    return store


async def _bootstrap(base: str, code: str, data_dir: Path) -> dict:
    config = Config(data_dir=data_dir, credential_store="file")
    creds = FileCredentialStore(data_dir / "credentials.json")
    terminal = await Terminal.enroll(config, creds, base, code, hostname="bench")
    rep = terminal.replicator
    try:
        await rep.refresh_device()
        started = time.monotonic()
        rows = await rep.bootstrap()
        seconds = time.monotonic() - started
        searchable = (rep.searchable_at - started) if rep.searchable_at else None
        per_scope = {s: p.rows_received for s, p in rep.status.progress.items()}
        dump = await terminal.worker.run(_dump_rows, terminal)
        return {"rows": rows, "seconds": seconds, "searchable": searchable, "per_scope": per_scope,
                "scopes": list(terminal.device.scopes), "dump": dump}
    finally:
        await terminal.aclose()


def _dump_rows(terminal: Terminal) -> list[tuple[str, str, list[list]]]:
    """Every replicated row, grouped per (entity, scope), in wire form (outside any timing)."""
    out = []
    with terminal.cache.read() as conn:
        for name, entity in ENTITIES.items():
            cols = ", ".join(f'"{c}"' for c in entity.column_names)
            for (scope,) in conn.exec_driver_sql(f'SELECT DISTINCT _scope FROM "{name}"').all():
                data = [list(r) for r in conn.exec_driver_sql(
                    f'SELECT {cols}, _version FROM "{name}" WHERE _scope = ?', (scope,))]
                out.append((name, scope, data))
    return out


def _floor(dump: list[tuple[str, str, list[list]]], path: Path) -> tuple[int, float]:
    """Same rows, same schema, same physical strategy as the bootstrap (lookup indexes dropped,
    page-sized executemany transactions, indexes built at the end), minus network, parsing,
    validation and the search index."""
    cache = open_cache(path, new_cache_key())
    total = 0
    started = time.monotonic()
    with cache.write() as conn:
        drop_secondary_indexes(conn, list(ENTITIES))
    for entity, scope, data in dump:
        for start in range(0, len(data), PAGE):
            chunk = data[start:start + PAGE]
            with cache.write() as conn:
                cache_rows.bulk_replace(conn, entity, scope, chunk)
            total += len(chunk)
    with cache.write() as conn:
        create_secondary_indexes(conn, list(ENTITIES))
    seconds = time.monotonic() - started
    cache.close()
    return total, seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=("tiny", "demo", "large"), default="demo")
    parser.add_argument("--db", help="central database URL (default: a SQLite file in a temp folder)")
    parser.add_argument("--reuse", action="store_true", help="reuse the database if it already has data")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--store", help="store whose terminal is bootstrapped (default: the first)")
    parser.add_argument("--json", action="store_true", help="print one JSON object (always on)")
    parser.add_argument("--keep", action="store_true", help="keep the terminal's temporary folder")
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="clienteling-bootstrap-"))
    url = args.db or f"sqlite:///{Path(tempfile.gettempdir()) / f'clienteling-bench-{args.size}.db'}"
    if not (args.reuse and has_data(url)):
        seed_db(url, args.size, args.seed)
    store = args.store or _pick_store(url)
    with central(url) as base:
        engine = open_engine(url)
        code = admin.create_enroll_code(engine, store)
        engine.dispose()
        _log(f"bootstrapping a terminal of {store} from {base} ...")
        result = asyncio.run(_bootstrap(base, code, workdir / "terminal"))
    _log(f"bootstrap: {result['rows']} rows in {result['seconds']:.2f}s; measuring the floor ...")
    try:
        floor_rows, floor_s = _floor(result.pop("dump"), workdir / "floor.db")
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    rows_per_s = result["rows"] / result["seconds"] if result["seconds"] else 0.0
    floor_rps = floor_rows / floor_s if floor_s else 0.0
    out = {
        "size": args.size, "store": store, "rows": result["rows"], "seconds": round(result["seconds"], 3),
        "rows_per_s": round(rows_per_s), "seconds_to_searchable":
            None if result["searchable"] is None else round(result["searchable"], 3),
        "floor_rows_per_s": round(floor_rps), "ratio_to_floor": round(floor_rps / rows_per_s, 2) if rows_per_s else None,
        "floor_rows": floor_rows, "scopes": result["scopes"], "per_scope": result["per_scope"],
        "cpu_count": os.cpu_count(),
    }
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
