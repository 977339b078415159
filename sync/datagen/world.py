"""Builds one synthetic world and streams its entities in dependency order."""

from __future__ import annotations

import random
from array import array
from collections.abc import Iterable, Iterator
from datetime import datetime

from sync.entities import ENTITIES
from sync.scopes import region_scope

from . import emit, extras
from .catalog import Catalog, build_catalog, inventory_rows
from .codes import PICKUP_ALPHABET, Clock, Permutation, loyalty_numbers
from .orders import PLANTED, OrderSimulator
from .people import PeopleFactory
from .places import ONLINE_ID, Location, associate_rows, build_associates, build_locations
from .sizes import SizeSpec

BACK_DAYS = 3660
"""How far the clock reaches back: the oldest customers joined 10 years before ``now``."""


def sub_rng(seed: int, part: str) -> random.Random:
    """An independent stream per part, so adding draws to one part leaves the others unchanged."""
    return random.Random(f"sync.datagen/{seed}/{part}")


def catalog_for(spec: SizeSpec, seed: int, year: int) -> Catalog:
    return build_catalog(spec.skus, sub_rng(seed, "catalog"), year)


class World:
    """What is drawn up front (locations, staff, catalogue, every customer's home store, the planted
    pickups), then :meth:`streams` draws the rest lazily, entity by entity."""

    def __init__(self, spec: SizeSpec, seed: int, now: datetime) -> None:
        self.spec, self.seed = spec, seed
        self.clock = clock = Clock(now, BACK_DAYS)
        self.locations: list[Location] = build_locations(spec.regions, spec.stores, sub_rng(seed, "stores"), clock)
        self.loc_ids = [loc.id for loc in self.locations]
        self.associates = build_associates(self.locations, spec.associates_per_store, sub_rng(seed, "associates"))
        self.active_staff: list[list] = [[] for _ in self.locations]
        for a in self.associates:
            if a.active:
                self.active_staff[a.store].append(a)
        self.catalog = catalog_for(spec, seed, clock.year)
        stores = [i for i, loc in enumerate(self.locations) if loc.kind == "store"]
        rng = sub_rng(seed, "homes")
        weights = {i: 6 + int(rng.random() * 10) for i in stores}  # store size
        table = [i for i in stores for _ in range(weights[i])]
        self.homes = array("h", (table[int(rng.random() * len(table))] for _ in range(spec.customers)))
        self.by_store: list[list[int]] = [[] for _ in self.locations]
        for c, home in enumerate(self.homes):
            self.by_store[home].append(c)
        self.planted: dict[int, list[tuple[int, str]]] = {}
        for li in stores:
            for status in PLANTED * spec.planted_pickups:
                if self.by_store[li]:
                    c = self.by_store[li][int(rng.random() * len(self.by_store[li]))]
                    self.planted.setdefault(c, []).append((li, status))
        self.cust_ids = [f"C{i + 1:07d}" for i in range(spec.customers)]
        loc_scope = [region_scope(loc.region) for loc in self.locations]
        self.cust_scope = [loc_scope[h] for h in self.homes]
        self.created = array("i")
        self.consent = array("b")
        """Per customer, the channels they opted in to (bit i = extras.CHANNELS[i]), for outreach rows."""

    def streams(self) -> Iterator[tuple[str, Iterable[tuple]]]:
        """(entity, rows) in yield order; each stream is lazy and may rely on the ones before."""
        w, seed, clock, cat = self, self.seed, self.clock, self.catalog
        yield "stores", [loc.row() for loc in w.locations]
        yield "associates", associate_rows(w.associates, w.locations)
        region_of = {}
        for i, loc in enumerate(w.locations):
            region_of.setdefault(loc.region, []).append(i)
        region_stores = [[s for s in region_of[loc.region] if w.locations[s].kind == "store"] for loc in w.locations]
        assoc_index = {a.id: i for i, a in enumerate(w.associates)}
        sim = OrderSimulator(sub_rng(seed, "orders"), clock, cat, w.spec.days, w.spec.orders_per_year,
                             region_stores, [[assoc_index[a.id] for a in s] for s in w.active_staff],
                             w.loc_ids.index(ONLINE_ID), [loc.utc_offset_h for loc in w.locations])
        yield "customers", self._customers(sim)
        h = sim.h
        yield "loyalty_ledger", emit.ledger_rows(h, clock, w.cust_ids, w.cust_scope, w.loc_ids)
        yield "styles", cat.style_rows
        yield "products", cat.product_rows
        holds_rng = sub_rng(seed, "holds")
        plan: list = []

        def inventory():
            holds, held = extras.plan_holds(holds_rng, clock, w.locations, w.active_staff, w.by_store,
                                            w.created, cat, w.spec.holds_per_store)
            plan.append(holds)
            yield from inventory_rows(cat, w.locations, held, w.spec.store_coverage, sub_rng(seed, "stock"), clock)

        yield "inventory", inventory()
        yield "orders", emit.order_rows(h, clock, w.cust_ids, w.cust_scope, w.loc_ids,
                                        [a.id for a in w.associates],
                                        Permutation(len(PICKUP_ALPHABET) ** 6, sub_rng(seed, "codes").randrange(10**9)))
        yield "order_lines", emit.line_rows(h, w.cust_scope, cat.sku_ids)
        yield "notes", extras.note_rows(sub_rng(seed, "notes"), clock, w.locations, w.active_staff, w.by_store,
                                        w.created, w.cust_ids, cat, w.spec.notes_per_store)
        yield "holds", extras.hold_rows(plan[0], clock, w.locations, w.cust_ids, cat)
        yield "tasks", extras.task_rows(sub_rng(seed, "tasks"), clock, w.locations, w.active_staff, w.by_store,
                                        w.created, w.cust_ids, w.consent, w.spec.notes_per_store // 2 + 2)
        yield "handovers", emit.handover_rows(h, clock, w.cust_ids, w.cust_scope, w.loc_ids,
                                              [a.id for a in w.associates])
        yield "returns", emit.return_rows(h, clock, w.cust_ids, w.cust_scope, w.loc_ids, [a.id for a in w.associates],
                                          sim.store_staff)
        yield "return_lines", emit.return_line_rows(h, w.cust_scope, cat.sku_ids)
        yield "settings", extras.settings_rows(clock)
        yield "pins", extras.pin_rows(sub_rng(seed, "pins"), clock, w.locations, w.associates)

    def _customers(self, sim: OrderSimulator) -> Iterator[tuple]:
        w = self
        people = PeopleFactory(sub_rng(w.seed, "people"), w.clock, w.catalog, sim.period_start,
                               [loc.area_codes for loc in w.locations], [[a.id for a in s] for s in w.active_staff])
        loyalty = loyalty_numbers(w.spec.customers, sub_rng(w.seed, "loyalty").randrange(10**9))
        homes, planted, cust_ids, cust_scope, loc_ids = w.homes, w.planted, w.cust_ids, w.cust_scope, w.loc_ids
        created, consent = w.created, w.consent
        draw, simulate, row = people.draw, sim.simulate, people.row
        at = 1 + ENTITIES["customers"].column_names.index("consent")  # rows start with the scope
        for i in range(w.spec.customers):
            home = homes[i]
            mine = planted.get(i, ())
            p = draw(i, home, bool(mine))
            created.append(p.created)
            points, ltv, last_visit, last_activity, bought, brands = simulate(
                i, home, p.women, p.sizes, p.looks, p.colours, p.activity, p.created, mine)
            r = row(p, cust_scope[i], cust_ids[i], loyalty[i], loc_ids[home], points, ltv, last_visit,
                    last_activity, bought, brands)
            consent.append(sum(1 << b for b, ch in enumerate(extras.CHANNELS) if r[at].get(ch, {}).get("opt_in")))
            yield r
