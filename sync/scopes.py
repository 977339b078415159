"""Scopes: which slice of central data a terminal receives, derived from its store.

- ``catalog``: stores, styles, products, affinity, DC and online stock.
- ``region:R``: customers of region R, their loyalty ledger, orders and lines, notes; associates.
- ``location:L``: data private to store L (holds; later returns, PIN hashes).
- ``stock:L``: the stock of store L; a terminal gets its own store's and its nearby stores'.

A terminal of store S receives ``catalog``, ``region:<S.region>``, ``location:S``, ``stock:S``
and ``stock:N`` for the ``NEARBY_STORES`` nearest other stores.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

CATALOG = "catalog"
NEARBY_STORES = 3


def region_scope(region: str) -> str:
    return f"region:{region}"


def location_scope(store_id: str) -> str:
    return f"location:{store_id}"


def stock_scope(store_id: str) -> str:
    return f"stock:{store_id}"


@dataclass(frozen=True)
class StoreRef:
    """The few facts about a location that scope decisions need."""

    id: str
    kind: str
    region: str
    lat: float
    lon: float


def distance_km(a: StoreRef, b: StoreRef) -> float:
    """Great-circle distance between two locations."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def nearby_stores(store: StoreRef, all_locations: list[StoreRef], n: int = NEARBY_STORES) -> list[StoreRef]:
    """The ``n`` nearest other stores (kind ``store``), nearest first."""
    others = [s for s in all_locations if s.kind == "store" and s.id != store.id]
    others.sort(key=lambda s: (distance_km(store, s), s.id))
    return others[:n]


def scopes_for_store(store: StoreRef, all_locations: list[StoreRef]) -> list[str]:
    """The scopes a terminal of ``store`` receives, in bootstrap order (customers first)."""
    scopes = [region_scope(store.region), CATALOG, location_scope(store.id), stock_scope(store.id)]
    scopes += [stock_scope(s.id) for s in nearby_stores(store, all_locations)]
    return scopes


def inventory_scope(location: StoreRef) -> str:
    """Store stock goes to ``stock:L``; DC and online stock to the catalog."""
    return stock_scope(location.id) if location.kind == "store" else CATALOG
