"""Concurrent terminals: row locks keep the business rules true (run on PostgreSQL and SQLite;
SQLite serialises writers anyway, PostgreSQL is where the row locks are tested)."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from sync import protocol as p
from sync.entities import ENTITIES
from sync.server import clock
from sync.server.db import read_tx, write_tx
from sync.server.models import ENTITY_TABLES, scope_heads
from sync.server.versions import upsert_rows
from tests.helpers import databases
from tests.integration.conftest import ASSOCIATE, enroll_device
from tests.integration.test_central_mutations import Pusher, make_customer, make_order, row

THREADS = 8


def _race(central, make_args, name: str) -> list[dict]:
    """THREADS devices push one mutation each at the same moment; returns their results."""
    devices = [enroll_device(central) for _ in range(THREADS)]
    barrier = threading.Barrier(THREADS)

    def go(i: int) -> dict:
        m = {"id": str(uuid.uuid4()), "seq": 1, "name": name, "associate_id": ASSOCIATE,
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
    checked_id = {"method": "id_document", "id_type": "passport", "id_last4": "1234"}
    results = _race(central, lambda i: {"order_id": oid, "verification": checked_id}, p.PICKUP_COLLECT)
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
    assert all(" by Léa Adams" in r["message"] for r in refused)  # the winner's associate (A0002) by name
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


# ----- sweeps and first restocks against live mutations (row locks: PostgreSQL) ----------------

def _postgres_only(central) -> None:
    if not central.db_url.startswith("postgresql"):
        pytest.skip("row locks: SQLite runs one writer at a time")


def test_two_first_restocks_of_a_sku_add_up(central):
    """Two returns restock a SKU the store has no stock row for, at the same moment (both held at
    the region head until both have looked at the stock): both units count."""
    from tests.integration.test_central_returns import line, make_product, make_sale, receipted

    _postgres_only(central)
    engine = central.engine()
    region = central.enroll("S001")["scopes"][0]
    sku = make_product(engine, price=1500)
    sales = [make_sale(engine, region, None, [(sku, 1, 1500)]) for _ in range(2)]  # guests: no customer lock
    pushers = [Pusher(enroll_device(central)) for _ in sales]
    try:
        with engine.connect() as blocker, ThreadPoolExecutor(2) as pool:
            held = blocker.begin()
            blocker.execute(select(scope_heads.c.scope).where(scope_heads.c.scope == region).with_for_update())
            futures = [pool.submit(pu.one, p.RETURN_CREATE, receipted(oid, line(l1)))
                       for pu, (oid, (l1,)) in zip(pushers, sales)]
            databases.wait_until(lambda: databases.lock_waiters(engine) >= 2, "both returns wait for a lock")
            held.rollback()
            results = [f.result(timeout=60) for f in futures]
    finally:
        for pu in pushers:
            pu.dev.http.close()
    assert [r["status"] for r in results] == ["applied", "applied"], results
    assert row(engine, "inventory", f"S001:{sku}")["on_hand"] == 2


def test_the_expiry_sweep_skips_an_order_a_terminal_holds(central):
    """A live mutation holds order B and will write its region head next; the sweep must not hold
    that head while it waits for B (a deadlock): it skips B, closes A, and B goes next time."""
    from sync.server.app import _expire_once
    from tests.integration.test_central_pickups import make_pickup

    _postgres_only(central)
    engine = central.engine()
    region = central.enroll("S001")["scopes"][0]
    stale = clock.iso_in(timedelta(days=-8))
    first, _ = make_pickup(engine, region, ready_at=stale)
    second, _ = make_pickup(engine, region, ready_at=stale)  # ids sort in creation order
    orders = ENTITY_TABLES["orders"]
    with engine.connect() as live, ThreadPoolExecutor(1) as pool:
        tx = live.begin()
        live.execute(select(orders.c.id).where(orders.c.id == second).with_for_update())
        sweep = pool.submit(_expire_once, engine)
        databases.wait_until(lambda: sweep.done() or databases.lock_waiters(engine) > 0,
                             "the sweep finished or waits for a lock")
        upsert_rows(live, "orders", region, [{"id": second, "ready_at": stale}])  # the live mutation's write
        tx.commit()
        assert sweep.result(timeout=60) >= 1
    assert row(engine, "orders", first)["status"] == "expired"
    assert row(engine, "orders", second)["status"] == "ready"
    assert _expire_once(engine) >= 1
    assert row(engine, "orders", second)["status"] == "expired"


def test_the_hold_sweep_waits_for_a_stock_row_before_it_takes_a_scope_head(central):
    """hold.create locks a stock row and then writes the location and stock heads; the sweep
    releasing lapsed holds of that SKU and another one must wait for the row without holding those
    heads, or the two deadlock."""
    from sync.server.app import _sweep_once
    from sync.scopes import location_scope, stock_scope
    from tests.integration.test_central_holds import set_stock
    from tests.integration.test_central_returns import make_product

    _postgres_only(central)
    engine = central.engine()
    customer = make_customer(engine, central.enroll("S001")["scopes"][0])
    skus = [make_product(engine) for _ in range(2)]  # ids sort in creation order
    stock = [set_stock(engine, sku, on_hand=5, reserved=2) for sku in skus]
    lapsed = clock.iso_in(timedelta(hours=-1))
    holds = [f"H-lapsed-{sku}" for sku in skus]
    with write_tx(engine) as conn:
        upsert_rows(conn, "holds", location_scope("S001"), [
            {"id": hold, "customer_id": customer, "sku": sku, "location_id": "S001", "qty": 2, "status": "active",
             "created_at": lapsed, "expires_at": lapsed} for hold, sku in zip(holds, skus)])
    inventory = ENTITY_TABLES["inventory"]
    with engine.connect() as live, ThreadPoolExecutor(1) as pool:
        tx = live.begin()
        live.execute(select(inventory.c.id).where(inventory.c.id == stock[1]).with_for_update())
        sweep = pool.submit(_sweep_once, engine)
        databases.wait_until(lambda: databases.lock_waiters(engine) > 0, "the sweep waits for the stock row")
        # What hold.create writes next: its hold (location head), then the stock row (stock head).
        upsert_rows(live, "holds", location_scope("S001"), [
            {"id": f"H-live-{skus[1]}", "customer_id": customer, "sku": skus[1], "location_id": "S001", "qty": 1,
             "status": "active", "created_at": clock.now_iso(), "expires_at": clock.iso_in(timedelta(days=1))}])
        upsert_rows(live, "inventory", stock_scope("S001"), [{"id": stock[1], "reserved": 3}])
        tx.commit()
        assert sweep.result(timeout=60) >= 2
    assert [row(engine, "holds", h)["status"] for h in holds] == ["expired", "expired"]
    assert [row(engine, "inventory", s)["reserved"] for s in stock] == [0, 1]  # 2 - 2; 2 + 1 (live) - 2
