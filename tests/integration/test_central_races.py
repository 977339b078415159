"""Concurrent terminals: row locks keep the business rules true (run on PostgreSQL and SQLite;
SQLite serialises writers anyway, PostgreSQL is where the row locks are tested)."""

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


def test_one_handover_wins_the_others_become_incidents(central):
    """THREADS terminals (offline until now) hand over the same order at once: one handover is
    recorded, every other one is refused with the winner's name and kept as an incident."""
    from tests.integration.test_central_pickups import collect_args, make_pickup

    region = central.enroll("S001")["scopes"][0]
    oid, lines = make_pickup(central.engine(), region)
    results = _race(central, lambda i: collect_args(oid, f"H-race-{oid}-{i}"), p.PICKUP_COLLECT)
    assert sorted(r["status"] for r in results) == ["applied"] + ["rejected"] * (THREADS - 1)
    refused = [r for r in results if r["status"] == "rejected"]
    assert {r["code"] for r in refused} == {p.REJECT_ALREADY_COLLECTED}
    winner = next(r for r in results if r["status"] == "applied")
    (handover_id,) = [r[0] for g in winner["state"]["upserts"] if g["entity"] == "handovers" for r in g["rows"]]
    handovers, incidents = ENTITY_TABLES["handovers"], ENTITY_TABLES["incidents"]
    with read_tx(central.engine()) as conn:
        assert conn.execute(select(handovers.c.id).where(handovers.c.order_id == oid)).scalars().all() == [handover_id]
        recorded = conn.execute(select(incidents.c.id, incidents.c.details).where(incidents.c.order_id == oid)).all()
    assert sorted(i for i, _ in recorded) == sorted(r["id"] for r in refused)
    assert all([h["id"] for h in d["server"]["handovers"]] == [handover_id] for _, d in recorded)
    assert all(" by A-" in r["message"] for r in refused)  # the winner's associate (ids: not seeded staff)
    for line_id in lines:
        line = row(central.engine(), "order_lines", line_id)
        assert line["collected_qty"] == line["picked_qty"]
    assert row(central.engine(), "orders", oid)["status"] == "collected"


def test_returns_of_one_line_at_once_never_exceed_what_was_bought(central):
    """THREADS terminals each take back 1 unit of a line of 3 at the same moment: exactly 3 are
    accepted, every other one is refused (and recorded); nothing is lost or counted twice."""
    from tests.integration.test_central_returns import line, make_product, make_sale, receipted

    region = central.enroll("S001")["scopes"][0]
    engine = central.engine()
    customer = make_customer(engine, region, points=1000)
    sku = make_product(engine, price=2000)
    oid, (l1,) = make_sale(engine, region, customer, [(sku, 3, 2000)])
    results = _race(central, lambda i: receipted(oid, line(l1, 1)), p.RETURN_CREATE)
    assert len(results) == THREADS and all(r["status"] in ("applied", "rejected") for r in results)
    applied = [r for r in results if r["status"] == "applied"]
    assert len(applied) == 3
    assert {r["code"] for r in results if r["status"] == "rejected"} == {p.REJECT_EXCEEDS_PURCHASED}
    assert row(engine, "order_lines", l1)["returned_qty"] == 3
    returns, incidents = ENTITY_TABLES["returns"], ENTITY_TABLES["incidents"]
    with read_tx(engine) as conn:
        accepted = conn.execute(select(func.count()).where(returns.c.order_id == oid)).scalar_one()
        refused = conn.execute(select(func.count()).where(incidents.c.order_id == oid)).scalar_one()
    assert (accepted, refused) == (3, THREADS - 3)
    assert row(engine, "customers", customer)["points"] == 1000 - 3 * 20
