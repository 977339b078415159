"""Associates' notes on customers, items held for customers, and client-book follow-ups and
contacts, a few per store."""

from __future__ import annotations

import random
from array import array

from sync.pins import badge_hash, hash_pin
from sync.policy import DEFAULT_POLICY, POLICY_SETTING
from sync.scopes import CATALOG, location_scope, region_scope

from . import names
from .catalog import Catalog
from .codes import Clock
from .places import Associate, Location

HOUR, DAY = 3600, 86400
HOLD_HOURS = 48
"""An active hold expires this long after it was created."""


def _regular(rng: random.Random, customers: list[int], created: array, before: int) -> int | None:
    """A customer of the list who joined before ``before`` (a few tries), or None."""
    for _ in range(20):
        c = customers[int(rng.random() * len(customers))] if customers else None
        if c is not None and created[c] < before:
            return c
    return None


# `staff` holds the active associates of each location.


def note_rows(rng: random.Random, clock: Clock, locations: list[Location], staff: list[list[Associate]],
              by_store: list[list[int]], created: array, cust_ids: list[str], cat: Catalog, per_store: int):
    """``per_store`` notes per store from its associates about its customers, within the last 6 months."""
    n = 0
    for li, loc in enumerate(locations):
        if loc.kind != "store" or not staff[li]:
            continue
        for _ in range(per_store):
            when = clock.now - int(rng.random() * 180 * DAY)
            c = _regular(rng, by_store[li], created, when)
            if c is None:
                continue
            c_cat = rng.choice(names.CATEGORIES)
            body = rng.choice(names.NOTE_TEMPLATES).format(
                colour=rng.choice(names.COLOURS).lower(), noun=rng.choice(c_cat.nouns).lower(),
                noun2=rng.choice(rng.choice(names.CATEGORIES).nouns).lower(),
                size=rng.choice(c_cat.sizes[next(iter(c_cat.sizes))]), brand=rng.choice(names.BRANDS),
                month=rng.choice(names.MONTHS), budget=rng.randrange(100, 600, 50),
                season=rng.choice(("spring", "summer", "autumn", "holiday")), look=rng.choice(names.LOOKS))
            n += 1
            yield (region_scope(loc.region), f"N-{n:06d}", cust_ids[c], rng.choice(staff[li]).id, loc.id,
                   clock.ts(when), body)


def plan_holds(rng: random.Random, clock: Clock, locations: list[Location], staff: list[list[Associate]],
               by_store: list[list[int]], created: array, cat: Catalog, per_store: int):
    """Holds per store: ``per_store`` active ones (last 40 h) and about half as many released or sold.

    Returns (holds, held) where ``held`` maps (location, SKU) to the quantity on active holds, so
    that stock can be generated to cover it.
    """
    holds: list[tuple] = []
    held: dict[tuple[int, int], int] = {}
    for li, loc in enumerate(locations):
        if loc.kind != "store" or not staff[li]:
            continue
        for j in range(per_store + per_store // 2):
            active = j < per_store
            when = clock.now - (HOUR + int(rng.random() * 39 * HOUR) if active else
                                3 * DAY + int(rng.random() * 27 * DAY))
            c = _regular(rng, by_store[li], created, when)
            if c is None:
                continue
            for _ in range(20):
                s = cat.popular_styles[int(rng.random() * len(cat.popular_styles))]
                sku = cat.style_first[s] + rng.randrange(len(cat.style_colours[s]) * cat.style_nsizes[s])
                if cat.active[sku] and (li, sku) not in held:
                    break
            qty = 2 if rng.random() < 0.1 else 1
            status = "active" if active else rng.choice(("released", "sold"))
            if active:
                held[li, sku] = qty
            holds.append((li, c, sku, qty, status, when, rng.choice(staff[li]).id))
    return holds, held


def hold_rows(holds: list[tuple], clock: Clock, locations: list[Location], cust_ids: list[str], cat: Catalog):
    for n, (li, c, sku, qty, status, when, associate) in enumerate(holds, 1):
        loc = locations[li]
        yield (location_scope(loc.id), f"H-{n:06d}", cust_ids[c], cat.sku_ids[sku], loc.id, qty, status,
               clock.ts(when), clock.ts(when + HOLD_HOURS * HOUR), associate)


CHANNELS = ("email", "sms", "phone")
"""Outreach channels; a customer's consent is kept by the world as a bit mask in this order."""

_FOLLOW_UPS = ("Call when the {noun} is back in size {size}", "Let them know the new {brand} pieces arrived",
               "Invite to the {season} preview evening", "Check how the alterations on the {noun} turned out",
               "Thank-you call after the {noun} purchase", "Put the {colour} {noun} aside when it arrives")
_OUTREACH = ("Sent the new {brand} arrivals", "Told them the {colour} {noun} is back in {size}",
             "Invited them to the {season} preview", "Shared a few {look} looks for the season")


def _fill(rng: random.Random, template: str) -> str:
    cat = rng.choice(names.CATEGORIES)
    return template.format(noun=rng.choice(cat.nouns).lower(), size=rng.choice(cat.sizes[next(iter(cat.sizes))]),
                           brand=rng.choice(names.BRANDS), colour=rng.choice(names.COLOURS).lower(),
                           season=rng.choice(("spring", "summer", "autumn", "holiday")), look=rng.choice(names.LOOKS))


def task_rows(rng: random.Random, clock: Clock, locations: list[Location], staff: list[list[Associate]],
              by_store: list[list[int]], created: array, cust_ids: list[str], consent: array, per_store: int):
    """Client-book rows per store: ``per_store`` follow-ups (due from a week ago to three weeks
    ahead; most past ones done, a few left overdue) and as many contacts logged on a channel the
    customer opted in to (``consent``: per customer, bit i = CHANNELS[i])."""
    n = 0
    for li, loc in enumerate(locations):
        if loc.kind != "store" or not staff[li]:
            continue
        scope = region_scope(loc.region)
        for _ in range(per_store):
            when = clock.now - int(rng.random() * 21 * DAY)
            c = _regular(rng, by_store[li], created, when)
            if c is None:
                continue
            due = when + (2 + int(rng.random() * 20)) * DAY
            done = due < clock.now - 2 * DAY and rng.random() < 0.7
            n += 1
            yield (scope, f"T-{n:06d}", cust_ids[c], rng.choice(staff[li]).id, loc.id, "follow_up", None,
                   _fill(rng, rng.choice(_FOLLOW_UPS)), clock.date(due), "done" if done else "open",
                   clock.ts(when), clock.ts(min(due, clock.now - HOUR)) if done else None)
        for _ in range(per_store):
            when = clock.now - HOUR - int(rng.random() * 90 * DAY)
            c = _regular(rng, by_store[li], created, when)
            allowed = [ch for i, ch in enumerate(CHANNELS) if c is not None and consent[c] >> i & 1]
            if not allowed:
                continue
            n += 1
            yield (scope, f"T-{n:06d}", cust_ids[c], rng.choice(staff[li]).id, loc.id, "outreach",
                   rng.choice(allowed), _fill(rng, rng.choice(_OUTREACH)), None, "done", clock.ts(when), clock.ts(when))


MANAGER_PIN, ASSOCIATE_PIN = "2468", "1357"
"""Demo PINs: every manager signs in and approves with 2468, every other associate with 1357."""
PIN_PARAMS = (2**10, 8, 1)
"""Cheaper scrypt parameters than people's PINs get (sync.pins.STRONG), so seeding stays fast."""


def demo_badge(associate_id: str) -> str:
    """The demo badge code of an associate (what their badge's barcode reads)."""
    return f"BADGE-{associate_id}"


def pin_rows(rng: random.Random, clock: Clock, locations: list[Location], associates: list[Associate]):
    """A PIN hash and a badge per associate (salts from ``rng``: the same seed gives the same rows)."""
    now = clock.ts(clock.now)
    for a in associates:
        pin = MANAGER_PIN if a.role == "manager" else ASSOCIATE_PIN
        store = locations[a.store].id
        yield (location_scope(store), a.id, store, hash_pin(pin, params=PIN_PARAMS, salt=rng.randbytes(16)), now,
               badge_hash(demo_badge(a.id)))


def settings_rows(clock: Clock):
    """The central policy row (the defaults of sync.policy)."""
    yield (CATALOG, POLICY_SETTING, DEFAULT_POLICY.to_dict(), clock.ts(clock.now))
