"""The dataset sizes: how many of everything, and over how long a history."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SizeSpec:
    regions: tuple[str, ...]  # keys of names.METROS; the first gets the most stores
    stores: int  # locations of kind "store" (DC1 and ONLINE come on top)
    customers: int
    skus: int  # styles are added until their size x colour variants reach this
    days: int  # length of the order history before `now`
    orders_per_year: float  # per customer, before per-customer activity (mean ~1)
    associates_per_store: tuple[int, int]
    store_coverage: float  # share of active SKUs a store stocks
    notes_per_store: int
    holds_per_store: int  # active holds; about half as many released/sold ones come on top
    planted_pickups: int  # per store and pickup state, on top of organic orders


SIZES: dict[str, SizeSpec] = {
    "tiny": SizeSpec(("bay-area",), 3, 300, 200, 183, 3.0, (4, 6), 0.8, 4, 3, 1),
    "demo": SizeSpec(("bay-area", "socal"), 8, 20_000, 3_000, 365, 2.5, (6, 12), 0.8, 15, 5, 2),
    "large": SizeSpec(("bay-area", "socal", "northeast", "midwest", "texas"), 50, 500_000, 20_000, 730, 2.2,
                      (8, 16), 0.75, 20, 6, 2),
}
"""tiny: unit tests (3 stores, 1 region, ~300 customers, ~200 SKUs, 6 months);
demo: the local demo (8 stores, 2 regions, 20k customers, ~3k SKUs, 1 year);
large: benchmarks (50 stores, 5 regions, 500k customers, ~20k SKUs, 2 years)."""
