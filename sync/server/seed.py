"""Fill the central database with synthetic data from ``sync.datagen`` (demo, tests, benchmarks).

A seed replaces everything: replicated rows, devices, codes, mutations, heads, tombstones; it
keeps the cursor-signing secret but makes a new epoch, so terminals of the previous data set get
``reset`` on their cursors. All rows get version 1 and every scope seen gets head 1.
AFFINITY is computed from the loaded orders at the end (as ``recompute-affinity`` would).
Bulk paths: ``executemany`` of plain tuples in large transactions on SQLite, ``COPY`` on
PostgreSQL.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any, Protocol

import orjson
from sqlalchemy import Connection, Engine, delete, insert, text, update

from sync.entities import ENTITIES
from sync.scopes import CATALOG
from sync.server.db import WRITE_OPTION, is_sqlite, new_epoch, open_engine, upgrade, write_tx
from sync.server.models import ENTITY_TABLES, PRIVATE_TABLES, scope_heads, server_meta

log = logging.getLogger(__name__)

COMMIT_EVERY_ROWS = 200_000
SEED_VERSION = 1


class BatchLike(Protocol):
    """What ``sync.datagen.generate`` yields: rows of ``(scope, *values)`` for one entity."""

    entity: str
    rows: list[tuple]


def generate_batches(size: str, seed: int, now: datetime | None) -> Iterator[BatchLike]:
    """Batches from ``sync.datagen.generate`` (imported lazily: the server runs without it)."""
    from sync.datagen import generate

    return generate(size=size, seed=seed, now=now)


def seed(url: str, size: str = "demo", seed: int = 42, now: datetime | None = None, *,
         batches: Iterable[BatchLike] | None = None) -> dict[str, int]:
    """Migrate, wipe and fill the database at ``url``; returns rows inserted per entity.

    ``batches`` overrides the generator (tests feed hand-made rows through it).
    """
    engine = open_engine(url)
    try:
        upgrade(engine)
        started = time.perf_counter()
        wipe(engine)
        counts, scopes = _load(engine, batches if batches is not None else generate_batches(size, seed, now))
        if counts.get("order_lines") and (pairs := _load_affinity(engine)):
            counts["affinity"] = pairs
            scopes.add(CATALOG)
        with write_tx(engine) as conn:
            if scopes:
                conn.execute(insert(scope_heads), [{"scope": s, "version": SEED_VERSION, "floor_version": 0}
                                                   for s in sorted(scopes)])
        analyze(engine)
        log.info("seeded %s rows in %.1f s", sum(counts.values()), time.perf_counter() - started)
        return dict(counts)
    finally:
        engine.dispose()


def wipe(engine: Engine) -> None:
    """Delete all replicated and private rows and start a new epoch (the secret survives)."""
    tables = [*ENTITY_TABLES.values(), *PRIVATE_TABLES]
    with write_tx(engine) as conn:
        if is_sqlite(conn):
            for t in tables:
                conn.execute(delete(t))
        else:
            conn.execute(text("TRUNCATE " + ", ".join(t.name for t in tables)))
        conn.execute(update(server_meta).where(server_meta.c.key == "epoch").values(value=new_epoch()))


def _encoder(entity: str):
    """Row tuple (scope, *values) -> insert tuple (scope, *values with JSON as text, version)."""
    json_pos = [i + 1 for i, c in enumerate(ENTITIES[entity].columns) if c.type == "json"]
    if not json_pos:
        return lambda row: (*row, SEED_VERSION)

    def encode(row: tuple) -> tuple:
        values = list(row)
        for i in json_pos:
            if values[i] is not None:
                values[i] = orjson.dumps(values[i]).decode()
        values.append(SEED_VERSION)
        return tuple(values)

    return encode


def _columns(entity: str) -> list[str]:
    return ["scope", *ENTITIES[entity].column_names, "version"]


def _load(engine: Engine, batches: Iterable[BatchLike]) -> tuple[Counter, set[str]]:
    counts: Counter = Counter()
    scopes: set[str] = set()
    encoders: dict[str, Any] = {}
    pending = 0
    with engine.connect() as conn:
        conn.execution_options(**{WRITE_OPTION: True})
        tx = conn.begin()
        for batch in batches:
            if batch.entity not in encoders:
                encoders[batch.entity] = _encoder(batch.entity)
            rows = [encoders[batch.entity](r) for r in batch.rows]
            if not rows:
                continue
            _insert(conn, batch.entity, rows)
            counts[batch.entity] += len(rows)
            scopes.update(r[0] for r in rows)
            pending += len(rows)
            if pending >= COMMIT_EVERY_ROWS:
                tx.commit()
                tx = conn.begin()
                pending = 0
        tx.commit()
    return counts, scopes


def _insert(conn: Connection, entity: str, rows: list[tuple]) -> None:
    cols = _columns(entity)
    if is_sqlite(conn):
        sql = f"INSERT INTO {entity} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
        conn.exec_driver_sql(sql, rows)
        return
    dbapi = conn.connection.driver_connection
    with dbapi.cursor() as cur:
        with cur.copy(f"COPY {entity} ({', '.join(cols)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def _load_affinity(engine: Engine) -> int:
    """Compute AFFINITY from the loaded orders and insert it at the seed version (like ``recompute-affinity``)."""
    from sync.server.affinity import compute_rows

    with engine.connect() as conn:
        rows = compute_rows(conn)
    cols = ENTITIES["affinity"].column_names
    if rows:
        with write_tx(engine) as conn:
            _insert(conn, "affinity", [(CATALOG, *(r[c] for c in cols), SEED_VERSION) for r in rows])
    return len(rows)


def analyze(engine: Engine) -> None:
    """Refresh planner statistics so keyset queries pick the (scope, id) / (scope, version) indexes."""
    if is_sqlite(engine):
        with write_tx(engine) as conn:
            conn.exec_driver_sql("ANALYZE")
        return
    with engine.connect() as conn:
        # VACUUM too: COPY leaves the visibility map empty, which rules out index-only counts.
        conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")


__all__ = ["seed", "wipe", "analyze", "generate_batches"]
