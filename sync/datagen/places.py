"""Locations (stores, the DC, the online store) and their associates."""

from __future__ import annotations

import random
from dataclasses import dataclass

from sync.scopes import CATALOG, StoreRef, region_scope

from . import names
from .codes import Clock

DC_ID = "DC1"
ONLINE_ID = "ONLINE"


@dataclass(frozen=True)
class Location:
    id: str
    name: str
    kind: str  # store | dc | online
    region: str
    city: str
    address: str
    lat: float
    lon: float
    timezone: str
    utc_offset_h: int
    phone: str
    opened_on: str
    area_codes: tuple[str, ...]

    @property
    def ref(self) -> StoreRef:
        return StoreRef(self.id, self.kind, self.region, self.lat, self.lon)

    def row(self) -> tuple:
        return (CATALOG, self.id, self.name, self.kind, self.region, self.city, self.address,
                self.lat, self.lon, self.timezone, self.phone, self.opened_on)


@dataclass(frozen=True)
class Associate:
    id: str
    store: int  # location index
    first: str
    last: str
    role: str
    email: str
    active: bool


def _stores_per_region(total: int, regions: tuple[str, ...]) -> list[int]:
    """Split ``total`` stores over regions, the first (biggest metro) getting the most."""
    weights = [1.0 / (1 + 0.15 * i) for i in range(len(regions))]
    counts = [int(total * w / sum(weights)) for w in weights]
    for i in range(total - sum(counts)):
        counts[i % len(counts)] += 1
    return counts


def build_locations(regions: tuple[str, ...], stores: int, rng: random.Random, clock: Clock) -> list[Location]:
    """Stores S001.. spread over the regions' cities, then DC1 and ONLINE (in that order)."""
    out: list[Location] = []
    used_names: set[str] = set()
    n = 0
    for region, count in zip(regions, _stores_per_region(stores, regions), strict=True):
        metro = names.METROS[region]
        for j in range(count):
            city, state, lat, lon, zip3 = metro.cities[j % len(metro.cities)]
            name = f"{city} {rng.choice(names.STORE_SITES)}"
            while name in used_names:
                name = f"{city} {rng.choice(names.STORE_SITES)}"
            used_names.add(name)
            n += 1
            area = rng.choice(metro.area_codes)
            out.append(Location(
                id=f"S{n:03d}", name=name, kind="store", region=region, city=city,
                address=f"{rng.randrange(10, 2999)} {rng.choice(names.STREETS)}, {city}, {state} "
                        f"{zip3}{rng.randrange(100):02d}",
                lat=round(lat + rng.uniform(-0.03, 0.03), 5), lon=round(lon + rng.uniform(-0.03, 0.03), 5),
                timezone=metro.state_tz, utc_offset_h=metro.utc_offset_h,
                phone=f"+1 {area}-555-01{rng.randrange(100):02d}",
                opened_on=clock.days[rng.randrange(0, clock.today - 365)],
                area_codes=metro.area_codes))
    city, state, lat, lon, tz = names.DC_PLACE
    first = names.METROS[regions[0]]
    out.append(Location(DC_ID, "Central Distribution Center", "dc", "", city,
                        f"4100 Logistics Pkwy, {city}, {state} 89502", lat, lon, tz, -8,
                        "+1 775-555-0142", clock.days[0], ("775",)))
    out.append(Location(ONLINE_ID, "Online Store", "online", "", city, "Web and app orders, shipped from DC1",
                        lat, lon, tz, -8, "+1 800-555-0100", clock.days[0], first.area_codes))
    return out


def build_associates(locations: list[Location], per_store: tuple[int, int],
                     rng: random.Random) -> list[Associate]:
    """A0001..: per store one or two managers, the rest associates; ~8 % inactive (former staff)."""
    out: list[Associate] = []
    used: set[str] = set()
    for li, loc in enumerate(locations):
        if loc.kind != "store":
            continue
        count = rng.randint(*per_store)
        managers = 1 if count < 8 else 2
        for j in range(count):
            women = rng.random() < 0.55
            first = rng.choice(names.WOMEN_FIRST if women else names.MEN_FIRST)
            last = rng.choice(names.LAST)
            local = f"{names.ascii_fold(first)}.{names.ascii_fold(last)}"
            email, k = f"{local}@{names.STAFF_DOMAIN}", 2
            while email in used:
                email, k = f"{local}{k}@{names.STAFF_DOMAIN}", k + 1
            used.add(email)
            out.append(Associate(f"A{len(out) + 1:04d}", li, first, last,
                                 "manager" if j < managers else "associate", email,
                                 j < managers or rng.random() > 0.08))
    return out


def associate_rows(associates: list[Associate], locations: list[Location]):
    for a in associates:
        loc = locations[a.store]
        yield (region_scope(loc.region), a.id, loc.id, a.first, a.last, a.role, a.email, a.active)
