"""Recompute the AFFINITY rows (co-purchased styles) from the central order history.

Baskets are read in streamed chunks (one basket = the distinct styles of one non-cancelled order),
scored by :func:`sync.affinity.compute`, and written to the catalog scope through
:mod:`sync.server.versions`: changed pairs are upserted, dropped pairs deleted with tombstones, so
terminals receive only the difference.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from itertools import groupby

from sqlalchemy import Connection, Engine, select

from sync import affinity
from sync.scopes import CATALOG
from sync.server.db import read_tx, write_tx
from sync.server.models import ENTITY_TABLES
from sync.server.versions import delete_rows, upsert_rows

CHUNK_ROWS = 20_000
TOP_K = 20
MIN_SUPPORT = 3
_COLUMNS = ("style_id", "related_style_id", "score", "rank")


def baskets(conn: Connection, chunk_rows: int = CHUNK_ROWS) -> Iterator[set[str]]:
    """The style sets of non-cancelled orders, streamed ``chunk_rows`` lines at a time."""
    lines, products, orders = ENTITY_TABLES["order_lines"], ENTITY_TABLES["products"], ENTITY_TABLES["orders"]
    stmt = (select(lines.c.order_id, products.c.style_id)
            .join(products, products.c.id == lines.c.sku)
            .join(orders, orders.c.id == lines.c.order_id)
            .where(orders.c.status != "cancelled", products.c.style_id.is_not(None))
            .order_by(lines.c.order_id))
    result = conn.execution_options(stream_results=True, yield_per=chunk_rows).execute(stmt)
    for _, rows in groupby(result, key=lambda r: r[0]):
        yield {style for _, style in rows}


def compute_rows(conn: Connection, top_k: int = TOP_K, min_support: int = MIN_SUPPORT) -> list[dict]:
    """AFFINITY rows (without scope) for the order history visible on ``conn``."""
    return affinity.affinity_rows(affinity.compute(baskets(conn), top_k=top_k, min_support=min_support))


def _same(old: dict, new: dict) -> bool:
    return (old["style_id"] == new["style_id"] and old["related_style_id"] == new["related_style_id"]
            and old["rank"] == new["rank"] and old["score"] is not None
            and math.isclose(old["score"], new["score"], rel_tol=0, abs_tol=1e-9))


def recompute(engine: Engine, top_k: int = TOP_K, min_support: int = MIN_SUPPORT) -> dict[str, int]:
    """Replace the catalog scope's AFFINITY rows; returns counts of rows, upserted and deleted."""
    with read_tx(engine, consistent=True) as conn:
        rows = compute_rows(conn, top_k, min_support)
    table = ENTITY_TABLES["affinity"]
    with write_tx(engine) as conn:
        old = {r["id"]: dict(r) for r in conn.execute(
            select(table.c.id, *(table.c[c] for c in _COLUMNS)).where(table.c.scope == CATALOG)).mappings()}
        changed = [r for r in rows if r["id"] not in old or not _same(old[r["id"]], r)]
        gone = sorted(old.keys() - {r["id"] for r in rows})
        if changed:
            upsert_rows(conn, "affinity", CATALOG, changed)
        if gone:
            delete_rows(conn, "affinity", CATALOG, gone)
    return {"rows": len(rows), "upserted": len(changed), "deleted": len(gone)}


__all__ = ["baskets", "compute_rows", "recompute", "TOP_K", "MIN_SUPPORT"]
