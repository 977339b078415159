"""Concurrent terminals: row locks keep the business rules true (run on PostgreSQL and SQLite)."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from sync import protocol as p
from sync.entities import ENTITIES
from sync.server.db import read_tx
from sync.server.models import ENTITY_TABLES
from tests.integration.conftest import enroll_device
from tests.integration.test_central_mutations import make_customer, make_order, row

THREADS = 8


def _race(central, make_args, name: str) -> list[dict]:
    """THREADS devices push one mutation each at the same moment; returns their results."""
    devices = [enroll_device(central) for _ in range(THREADS)]
    barrier = threading.Barrier(THREADS)

    def go(i: int) -> dict:
        m = {"id": str(uuid.uuid4()), "seq": 1, "name": name, "associate_id": f"A-{i}",
             "local_time": "2026-11-22T10:00:00Z", "args": make_args(i)}
        barrier.wait()
        r = devices[i].http.post("/v1/mutations", json={"mutations": [m]})
        assert r.status_code == 200, r.text
        return r.json()["results"][0]

    try:
        with ThreadPoolExecutor(THREADS) as pool:
            return list(pool.map(go, range(THREADS)))
    finally:
        for d in devices:
            d.http.close()


def test_one_pickup_collected_at_once_by_many_terminals(central):
    region = central.enroll("S001")["scopes"][0]
    oid = make_order(central.engine(), region)
    results = _race(central, lambda i: {"order_id": oid, "verification": {"method": "id_document"}}, p.PICKUP_COLLECT)
    statuses = sorted((r["status"], r["code"]) for r in results)
    assert statuses == [("applied", None)] + [("rejected", p.REJECT_ALREADY_COLLECTED)] * (THREADS - 1)
    winner = next(r for r in results if r["status"] == "applied")
    order = row(central.engine(), "orders", oid)
    assert order["status"] == "collected"
    assert winner["state"]["upserts"][0]["rows"][0][-1] == order["version"]


def test_concurrent_redemptions_never_go_below_zero(central):
    region = central.enroll("S001")["scopes"][0]
    cid = make_customer(central.engine(), region, points=100)
    results = _race(central, lambda i: {"ledger_id": f"L-race-{cid}-{i}", "customer_id": cid, "points": 30},
                    p.LOYALTY_REDEEM)
    applied = [r for r in results if r["status"] == "applied"]
    assert len(applied) == 3
    assert all(r["code"] == p.REJECT_INSUFFICIENT_POINTS for r in results if r["status"] == "rejected")
    assert row(central.engine(), "customers", cid)["points"] == 10
    ledger = ENTITY_TABLES["loyalty_ledger"]
    with read_tx(central.engine()) as conn:
        spent = conn.execute(select(func.sum(ledger.c.points)).where(ledger.c.customer_id == cid)).scalar_one()
    assert spent == -90
    # Each applied result reports the balance right after it: they really were serialised.
    points_col = [*ENTITIES["customers"].column_names].index("points")
    balances = {g["rows"][0][points_col] for r in applied for g in r["state"]["upserts"] if g["entity"] == "customers"}
    assert balances == {70, 40, 10}
