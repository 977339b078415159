"""Inventory across channels: products, a style's size x colour grid, stock per location, holds.

Pure dataclasses and rules (no Qt, no SQL). Available stock is what can still be promised:
``on_hand - reserved - holds made here that the central service has not confirmed yet`` (the
server's ``reserved`` already counts confirmed holds, so local ones are subtracted only until
their result arrives).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from sync.scopes import StoreRef, distance_km

from clienteling.domain.rules import DomainError

MatchKind = Literal["sku", "barcode", "style", "name"]
LocationKind = Literal["here", "store", "dc", "online"]
CellStatus = Literal["here", "elsewhere", "none", "missing"]
HoldState = Literal["pending", "applied", "rejected", "unknown"]

MAX_HOLD_QTY = 10
"""The central service refuses holds of more units than this (sync.server.mutations.holds)."""
MAX_HOLD_DAYS = 14

_ALPHA_ORDER = ("XXXS", "XXS", "XS", "S", "M", "L", "XL", "XXL", "XXXL")
_ALPHA_ALIASES = {"2XS": "XXS", "2XL": "XXL", "3XL": "XXXL", "3XS": "XXXS"}
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")
_ONE_SIZE = {"one size", "onesize", "os"}


@dataclass(frozen=True)
class Product:
    """One SKU: a colour and size of a style."""

    sku: str
    style_id: str | None
    name: str
    brand: str | None
    category: str | None
    colour: str | None
    size: str | None
    price_cents: int
    barcode: str | None
    final_sale: bool = False
    active: bool = True


@dataclass(frozen=True)
class ProductHit:
    """A search result: a style (name search) or one SKU (SKU or barcode match)."""

    style_id: str | None
    name: str
    brand: str | None
    category: str | None
    matched_on: MatchKind
    sku: str | None = None
    colour: str | None = None
    size: str | None = None
    barcode: str | None = None
    price_cents: int | None = None
    colours: int = 0
    sizes: int = 0
    available_here: int = 0


@dataclass(frozen=True)
class Style:
    id: str
    name: str
    brand: str | None
    category: str | None
    gender: str | None
    season: str | None
    description: str | None


@dataclass(frozen=True)
class StockRow:
    """One inventory row as the cache holds it, with its location's facts."""

    location_id: str
    location_name: str | None
    kind: str | None  # store | dc | online
    lat: float | None
    lon: float | None
    sku: str
    on_hand: int
    reserved: int
    held_locally: int = 0
    updated_at: str | None = None
    as_of: str | None = None  # when this terminal last synced the row's scope


@dataclass(frozen=True)
class Availability:
    """Stock of one SKU at one location, as shown to the associate."""

    location_id: str
    location_name: str
    kind: LocationKind
    distance_km: float | None
    on_hand: int
    reserved: int
    held_locally: int
    as_of: str | None

    @property
    def available(self) -> int:
        return max(self.on_hand - self.reserved - self.held_locally, 0)


def units_available(row: StockRow) -> int:
    """Units of a stock row that can still be promised (never negative)."""
    return max(row.on_hand - row.reserved - row.held_locally, 0)


@dataclass(frozen=True)
class GridCell:
    """One colour x size of a style."""

    sku: str
    colour: str
    size: str
    available_here: int
    available_elsewhere: int
    active: bool = True

    @property
    def status(self) -> CellStatus:
        if self.available_here > 0:
            return "here"
        if self.available_elsewhere > 0:
            return "elsewhere"
        return "none"


@dataclass(frozen=True)
class StyleGrid:
    """A style's products laid out as colours (rows) x sizes (columns)."""

    style: Style
    colours: tuple[str, ...]
    sizes: tuple[str, ...]
    cells: Mapping[tuple[str, str], GridCell] = field(default_factory=dict)
    price_cents: tuple[int, int] | None = None  # lowest, highest

    def cell(self, colour: str, size: str) -> GridCell | None:
        """The cell, or None where the style has no such product."""
        return self.cells.get((colour, size))

    def cell_of(self, sku: str) -> GridCell | None:
        """The cell of a SKU, or None."""
        return next((c for c in self.cells.values() if c.sku == sku), None)

    def status(self, colour: str, size: str) -> CellStatus:
        cell = self.cell(colour, size)
        return "missing" if cell is None else cell.status


@dataclass(frozen=True)
class Hold:
    id: str
    customer_id: str
    sku: str
    location_id: str
    qty: int
    status: str
    created_at: str | None
    expires_at: str | None
    associate_id: str | None
    pending: bool = False  # made here, not confirmed by the central service yet
    customer_name: str | None = None


@dataclass(frozen=True)
class HoldOutcome:
    """What became of a hold made here: its outbox entry's verdict."""

    hold_id: str
    state: HoldState
    code: str | None = None
    message: str | None = None


def size_sort_key(size: str | None) -> tuple[int, float, str]:
    """Letter sizes XS < S < M < L < XL < XXL, then numeric sizes by value, then "One Size",
    then anything else alphabetically."""
    text = (size or "").strip()
    upper = _ALPHA_ALIASES.get(text.upper(), text.upper())
    if upper in _ALPHA_ORDER:
        return (0, float(_ALPHA_ORDER.index(upper)), "")
    if _NUMBER.match(text):
        return (1, float(text.replace(",", ".")), "")
    if text.lower() in _ONE_SIZE:
        return (2, 0.0, "")
    return (3, 0.0, text.lower())


def sort_sizes(sizes: Iterable[str]) -> list[str]:
    """Distinct sizes in shop order (see :func:`size_sort_key`)."""
    return sorted(set(sizes), key=lambda s: (size_sort_key(s), s))


def build_grid(style: Style, products: Iterable[Product], here: Mapping[str, int],
               elsewhere: Mapping[str, int]) -> StyleGrid:
    """Lay out a style's products; ``here`` / ``elsewhere``: available units per SKU at this
    store and at every other location the terminal knows."""
    products = list(products)
    colours = sorted({p.colour or "—" for p in products}, key=str.lower)
    sizes = sort_sizes(p.size or "—" for p in products)
    cells = {}
    for p in products:
        key = (p.colour or "—", p.size or "—")
        cells[key] = GridCell(p.sku, key[0], key[1], max(here.get(p.sku, 0), 0),
                              max(elsewhere.get(p.sku, 0), 0), p.active)
    prices = [p.price_cents for p in products]
    return StyleGrid(style, tuple(colours), tuple(sizes), cells,
                     (min(prices), max(prices)) if prices else None)


def _kind(row: StockRow, store_id: str) -> LocationKind:
    if row.location_id == store_id:
        return "here"
    if row.kind == "dc":
        return "dc"
    if row.kind == "online":
        return "online"
    return "store"


_KIND_ORDER = {"here": 0, "store": 1, "dc": 2, "online": 3}


def availability(rows: Iterable[StockRow], here: StoreRef | None) -> list[Availability]:
    """Stock rows as availability: this store first, then other stores nearest first, then the
    DC, then online."""
    store_id = here.id if here is not None else ""
    out = []
    for row in rows:
        kind = _kind(row, store_id)
        distance = None
        if kind == "store" and here is not None and row.lat is not None and row.lon is not None:
            distance = distance_km(here, StoreRef(row.location_id, "store", "", row.lat, row.lon))
        elif kind == "here":
            distance = 0.0
        out.append(Availability(row.location_id, row.location_name or row.location_id, kind, distance,
                                max(row.on_hand, 0), max(row.reserved, 0), max(row.held_locally, 0),
                                row.as_of))
    out.sort(key=lambda a: (_KIND_ORDER[a.kind], a.distance_km if a.distance_km is not None else float("inf"),
                            a.location_name.lower(), a.location_id))
    return out


def check_hold(qty: int, available: int, days: int) -> None:
    """A hold of 1..MAX_HOLD_QTY units for 1..MAX_HOLD_DAYS days within what is available here."""
    if not isinstance(qty, int) or isinstance(qty, bool) or not 1 <= qty <= MAX_HOLD_QTY:
        raise DomainError("invalid_arguments", f"Hold between 1 and {MAX_HOLD_QTY} items.")
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= MAX_HOLD_DAYS:
        raise DomainError("invalid_arguments", f"A hold lasts between 1 and {MAX_HOLD_DAYS} days.")
    if available < qty:
        if available <= 0:
            raise DomainError("insufficient_stock", "None available in this store to put on hold.")
        raise DomainError("insufficient_stock",
                          f"Only {available} available in this store; {qty} requested.")
