"""Synthetic client-book rows (``sync.datagen.extras.task_rows``): deterministic, in the customer's
region, from the store's staff, and contacts only on channels the customer opted in to."""

from __future__ import annotations

from datetime import UTC, datetime

from sync.datagen import SIZES
from sync.datagen import extras
from sync.datagen.world import World, sub_rng
from sync.entities import ENTITIES

NOW = datetime(2025, 6, 15, 14, 30, tzinfo=UTC)
COLS = ("scope", *ENTITIES["tasks"].column_names)


def _world_and_tasks(seed: int = 7):
    world = World(SIZES["tiny"], seed, NOW)
    customers = {}
    for entity, rows in world.streams():
        if entity == "customers":
            customers = {r[1]: r for r in rows}  # also fills world.created and world.consent
            break
    tasks = [dict(zip(COLS, r)) for r in extras.task_rows(
        sub_rng(seed, "tasks"), world.clock, world.locations, world.active_staff, world.by_store, world.created,
        world.cust_ids, world.consent, 6)]
    return world, customers, tasks


def test_task_rows_are_deterministic_and_have_the_entity_columns():
    _, _, first = _world_and_tasks()
    _, _, again = _world_and_tasks()
    assert first == again and first
    assert len({t["id"] for t in first}) == len(first)
    assert all(len(t) == len(COLS) for t in first)


def test_follow_ups_and_contacts_are_realistic():
    world, customers, tasks = _world_and_tasks()
    staff = {a.id: a for s in world.active_staff for a in s}
    today = NOW.date().isoformat()
    follow_ups = [t for t in tasks if t["kind"] == "follow_up"]
    contacts = [t for t in tasks if t["kind"] == "outreach"]
    assert follow_ups and contacts
    for t in tasks:
        customer = customers[t["customer_id"]]
        assert t["scope"] == customer[0]  # the customer's region
        assert staff[t["associate_id"]].store == world.loc_ids.index(t["store_id"])
        assert t["created_at"] <= "2025-06-15T14:30:00Z"
    assert {t["status"] for t in follow_ups} == {"open", "done"}
    assert any(t["status"] == "open" and t["due_on"] < today for t in follow_ups)  # something overdue
    assert any(t["status"] == "open" and t["due_on"] >= today for t in follow_ups)  # something coming up
    assert all(t["done_at"] is None for t in follow_ups if t["status"] == "open")
    consent_at = 1 + ENTITIES["customers"].column_names.index("consent")
    for t in contacts:
        assert t["status"] == "done" and t["due_on"] is None and t["done_at"] == t["created_at"]
        assert customers[t["customer_id"]][consent_at][t["channel"]]["opt_in"] is True
