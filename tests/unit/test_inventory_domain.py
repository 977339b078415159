"""Inventory rules: size order, the style grid, availability order and hold checks (pure)."""

from __future__ import annotations

import pytest

from sync.scopes import StoreRef

from clienteling.domain import DomainError
from clienteling.domain.inventory import (Product, StockRow, Style, availability, build_grid, check_hold,
                                          sort_sizes)

STYLE = Style("ST-1", "Linen Shirt", "Aster", "tops", "women", "SS26", "")


def product(sku: str, colour: str, size: str, price: int = 4900) -> Product:
    return Product(sku, "ST-1", f"Linen Shirt, {colour}, {size}", "Aster", "tops", colour, size, price, None)


def test_sizes_sort_letters_then_numbers_then_one_size():
    assert sort_sizes(["XL", "S", "XXL", "M", "XS", "L", "S"]) == ["XS", "S", "M", "L", "XL", "XXL"]
    assert sort_sizes(["10", "8.5", "9", "11", "7", "6.5"]) == ["6.5", "7", "8.5", "9", "10", "11"]
    assert sort_sizes(["One Size", "32", "M", "Petite"]) == ["M", "32", "One Size", "Petite"]


def test_grid_lays_out_colours_by_sizes_with_status_per_cell():
    products = [product("A", "Navy", "M"), product("B", "Navy", "S"), product("C", "Sand", "S", 5900)]
    grid = build_grid(STYLE, products, here={"A": 2}, elsewhere={"B": 5, "A": 1})
    assert grid.colours == ("Navy", "Sand") and grid.sizes == ("S", "M")
    assert grid.status("Navy", "M") == "here"
    assert grid.status("Navy", "S") == "elsewhere"
    assert grid.status("Sand", "S") == "none"
    assert grid.status("Sand", "M") == "missing"
    assert grid.cell_of("C").colour == "Sand"
    assert grid.price_cents == (4900, 5900)


def test_availability_is_here_then_nearest_stores_then_dc_then_online():
    here = StoreRef("S1", "store", "bay", 37.77, -122.42)  # San Francisco
    rows = [
        StockRow("ONLINE", "Online", "online", None, None, "A", 50, 3),
        StockRow("S3", "San Jose", "store", 37.34, -121.89, "A", 4, 0),
        StockRow("DC1", "Distribution centre", "dc", 37.0, -121.0, "A", 300, 10),
        StockRow("S2", "Oakland", "store", 37.80, -122.27, "A", 2, 1),
        StockRow("S1", "Market St", "store", 37.77, -122.42, "A", 3, 1, held_locally=1),
    ]
    out = availability(rows, here)
    assert [a.location_id for a in out] == ["S1", "S2", "S3", "DC1", "ONLINE"]
    assert [a.kind for a in out] == ["here", "store", "store", "dc", "online"]
    assert out[0].available == 1  # 3 on hand - 1 reserved - 1 held here, unconfirmed
    assert 10 < out[1].distance_km < 20 < out[2].distance_km < 80
    assert out[3].distance_km is None


def test_available_never_negative():
    out = availability([StockRow("S1", "A", "store", 0, 0, "A", 1, 3)], None)
    assert out[0].available == 0


@pytest.mark.parametrize("qty, available, days, code", [
    (0, 5, 2, "invalid_arguments"), (11, 20, 2, "invalid_arguments"), (1, 5, 0, "invalid_arguments"),
    (1, 5, 15, "invalid_arguments"), (3, 2, 2, "insufficient_stock"), (1, 0, 2, "insufficient_stock"),
])
def test_hold_checks(qty, available, days, code):
    with pytest.raises(DomainError) as err:
        check_hold(qty, available, days)
    assert err.value.code == code


def test_hold_within_stock_passes():
    check_hold(2, 2, 2)
