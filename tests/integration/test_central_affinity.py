"""Central AFFINITY: seeded with the data, recomputed idempotently, and changes reach terminals as
upserts and tombstones (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections import defaultdict

import pytest
from sqlalchemy import delete, select

from sync.datagen import clusters
from sync.scopes import CATALOG
from sync.server import affinity
from sync.server.db import open_engine, read_tx, write_tx
from sync.server.models import ENTITY_TABLES, tombstones
from sync.server.versions import read_heads, upsert_rows
from tests.helpers.central import apply_changes, download_snapshot, seeded_db_url, server_rows, start_central
from tests.integration.conftest import enroll_device

AFF = ENTITY_TABLES["affinity"]


def _affinity(engine) -> dict[str, tuple]:
    with read_tx(engine) as conn:
        return {r.id: (r.style_id, r.related_style_id, r.score, r.rank, r.version)
                for r in conn.execute(select(AFF).where(AFF.c.scope == CATALOG))}


def _catalog_head(engine) -> int:
    with read_tx(engine) as conn:
        return read_heads(conn, [CATALOG])[CATALOG].version


@pytest.fixture
def engine(db_kind, tmp_path):
    eng = open_engine(seeded_db_url(db_kind, tmp_path))
    yield eng
    eng.dispose()


def test_seed_fills_affinity_that_recovers_the_planted_looks(engine):
    rows = _affinity(engine)
    assert rows and {v[4] for v in rows.values()} == {1}
    assert _catalog_head(engine) == 1
    top = defaultdict(list)
    for style, related, score, rank, _ in sorted(rows.values(), key=lambda v: (v[0], v[3])):
        assert 0 < score <= 1 and style != related
        top[style].append(related)
    assert all(len(related) <= affinity.TOP_K for related in top.values())
    inside = total = 0
    for look in clusters("tiny", 7):
        members, n = set(look), min(5, len(look) - 1)
        for style in look:
            inside += sum(r in members for r in top[style][:n])
            total += n
    assert inside / total >= 0.6


def test_recompute_is_idempotent_and_rebuilds_the_same_rows(engine):
    seeded = _affinity(engine)
    assert affinity.recompute(engine) == {"rows": len(seeded), "upserted": 0, "deleted": 0}
    assert _affinity(engine) == seeded and _catalog_head(engine) == 1  # nothing changed, no version bump
    with write_tx(engine) as conn:
        conn.execute(delete(AFF))
    assert affinity.recompute(engine) == {"rows": len(seeded), "upserted": len(seeded), "deleted": 0}
    again = _affinity(engine)
    assert {k: v[:4] for k, v in again.items()} == {k: v[:4] for k, v in seeded.items()}
    assert affinity.recompute(engine)["upserted"] == 0


def test_changed_history_reaches_a_terminal_as_upserts_and_tombstones(db_kind, tmp_path):
    server = start_central(seeded_db_url(db_kind, tmp_path))
    dev = enroll_device(server)
    try:
        engine = server.engine()
        snap = download_snapshot(dev.http, CATALOG)
        before = _affinity(engine)
        # Cancel half the orders: many pairs fall below the support threshold, others change score.
        orders = ENTITY_TABLES["orders"]
        with read_tx(engine) as conn:
            picked = conn.execute(select(orders.c.id, orders.c.scope).order_by(orders.c.id)).all()[::2]
        with write_tx(engine) as conn:
            for scope in {s for _, s in picked}:
                upsert_rows(conn, "orders", scope, [{"id": i, "status": "cancelled"} for i, s in picked if s == scope])
        counts = affinity.recompute(engine)
        after = _affinity(engine)
        gone = before.keys() - after.keys()
        assert gone and counts["deleted"] == len(gone) and counts["upserted"] > 0
        with read_tx(engine) as conn:
            dead = set(conn.execute(select(tombstones.c.row_id).where(
                tombstones.c.scope == CATALOG, tombstones.c.entity == "affinity")).scalars())
        assert dead == gone
        apply_changes(snap.rows, dev.http, CATALOG, snap.changes_cursor)
        assert snap.rows == server_rows(engine, CATALOG)
        assert {i for (e, i) in snap.rows if e == "affinity"} == set(after)
    finally:
        dev.http.close()
        server.stop()
