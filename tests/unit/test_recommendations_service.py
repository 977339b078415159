"""RecommendationService over a real encrypted cache: candidates, sizes, colours, stock, local holds."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from clienteling.domain.recommend import Nearby
from clienteling.services.recommendations import RecommendationService
from tests.unit.test_cache_engine import REGION, load, make_cache, row

NOW = datetime(2026, 11, 1, tzinfo=UTC)
STYLES = {"A": ("Linen Shirt", "Aster", "tops"), "B": ("Wool Coat", "Northwind", "coats"),
          "C": ("Chino", "Aster", "bottoms"), "D": ("Silk Scarf", "Aster", "accessories"),
          "E": ("Chelsea Boot", "Aster", "shoes"), "G": ("Puffer", "Aster", "coats"),
          "H": ("Cardigan", "Aster", "knits"), "K": ("Tote", "Northwind", "bags")}
# (sku, style, colour, size, stock by store)
PRODUCTS = [("A-NM", "A", "Navy", "M", {}), ("B-NL", "B", "Navy", "L", {"S2": 2, "S3": 4}),
            ("B-SL", "B", "Sand", "L", {"S1": 1}), ("B-NM", "B", "Navy", "M", {"S1": 9}),
            ("C-NM", "C", "Navy", "M", {"S1": 3}), ("C-NL", "C", "Navy", "L", {"S1": 5}),
            ("D-RO", "D", "Rust", "One Size", {}), ("E-B8", "E", "Black", "8", {"S1": 5}),
            ("E-B9", "E", "Black", "9", {"S1": 5}), ("G-NL", "G", "Navy", "L", {"S1": 2}),
            ("H-NM", "H", "Navy", "M", {"S3": 1}), ("K-TO", "K", "Tan", "One Size", {"S1": 1})]
AFFINITY = {"A": [("E", 0.7), ("B", 0.6), ("C", 0.5), ("D", 0.4), ("H", 0.1)], "G": [("K", 0.9)]}


@pytest.fixture
def cache(tmp_path):
    cache = make_cache(tmp_path, store_id="S1")
    load(cache, "stores", "catalog",
         row("stores", "S1", name="Market St", kind="store", lat=37.77, lon=-122.42),
         row("stores", "S2", name="Oakland", kind="store", lat=37.80, lon=-122.27),
         row("stores", "S3", name="San Jose", kind="store", lat=37.34, lon=-121.89),
         row("stores", "DC1", name="Distribution centre", kind="dc", lat=37.0, lon=-121.0))
    load(cache, "styles", "catalog", *(row("styles", s, name=n, brand=b, category=c)
                                       for s, (n, b, c) in STYLES.items()))
    load(cache, "products", "catalog", *(
        row("products", sku, style_id=style, name=f"{STYLES[style][0]}, {colour}, {size}", brand=STYLES[style][1],
            category=STYLES[style][2], colour=colour, size=size, price_cents=9900, active=1)
        for sku, style, colour, size, _ in PRODUCTS))
    for store in ("S1", "S2", "S3"):
        load(cache, "inventory", f"stock:{store}", *(
            row("inventory", f"{store}:{sku}", location_id=store, sku=sku, on_hand=stock[store], reserved=0)
            for sku, _, _, _, stock in PRODUCTS if store in stock))
    load(cache, "inventory", "catalog", row("inventory", "DC1:D-RO", location_id="DC1", sku="D-RO", on_hand=50))
    load(cache, "affinity", "catalog", *(row("affinity", f"{a}:{b}", style_id=a, related_style_id=b, score=s, rank=i)
                                         for a, rel in AFFINITY.items() for i, (b, s) in enumerate(rel, 1)))
    prefs = {"sizes": {"tops": "M", "coats": "L"}, "brands": ["Northwind"], "colours": ["Navy"]}
    load(cache, "customers", REGION, row("customers", "C1", first_name="Ada", preferences=prefs),
         row("customers", "C2", first_name="Bo", preferences={}))
    load(cache, "orders", REGION,
         row("orders", "O1", customer_id="C1", status="completed", placed_at="2026-03-10T10:00:00Z"),
         row("orders", "O2", customer_id="C1", status="completed", placed_at="2026-09-10T10:00:00Z"),
         row("orders", "O3", customer_id="C1", status="cancelled", placed_at="2026-10-10T10:00:00Z"))
    load(cache, "order_lines", REGION, row("order_lines", "O1-1", order_id="O1", sku="A-NM"),
         row("order_lines", "O2-1", order_id="O2", sku="G-NL", qty=1, returned_qty=1),
         row("order_lines", "O3-1", order_id="O3", sku="C-NM"))
    yield cache
    cache.close()


@pytest.fixture
def service(cache):
    return RecommendationService(cache, lambda: NOW)


def test_ranks_related_styles_in_their_size_with_where_to_get_them(service):
    recs = service.for_customer("C1")
    # E: no shoe size known; D: in stock only at the DC; G owned (returned); C: cancelled order, not owned.
    assert [(r.style_id, r.sku) for r in recs] == [("B", "B-SL"), ("K", "K-TO"), ("C", "C-NM"), ("H", "H-NM")]
    coat, tote, chino, cardigan = recs
    assert coat.reasons == ("Goes with the Linen Shirt bought in March", "A brand they like: Northwind",
                            "Size L in stock here")  # Sand here beats Navy at Oakland
    assert (coat.available_here, coat.nearest, coat.size, coat.name) == (1, None, "L", "Wool Coat")
    assert chino.size == "M" and chino.reasons[-1] == "In Navy, a colour they like"  # usual size M
    assert tote.reasons[0] == "Goes with the Puffer bought in September"  # a returned style still seeds
    assert cardigan.available_here == 0 and cardigan.nearest == Nearby("S3", "San Jose", 66.9, 1)
    assert cardigan.reasons[1] == "Size M at San Jose (67 km)"
    assert [r.score for r in recs] == sorted((r.score for r in recs), reverse=True)
    assert len(service.for_customer("C1", limit=2)) == 2


def test_local_holds_count_against_stock_here(cache, service):
    load(cache, "holds", "location:S1", row("holds", "H1", version=None, customer_id="C2", sku="B-SL",
                                            location_id="S1", qty=1, status="active"))
    coat = service.for_customer("C1")[0]
    assert (coat.sku, coat.available_here) == ("B-NL", 0)
    assert coat.nearest == Nearby("S2", "Oakland", 13.6, 2)


def test_customers_without_history_or_unknown_get_nothing(service):
    assert service.for_customer("C2") == []
    assert service.for_customer("nobody") == []
    assert service.for_customer("C1", limit=0) == []


def test_a_receipt_less_return_counts_as_owned(cache, service):
    load(cache, "returns", REGION, row("returns", "R1", order_id=None, customer_id="C1", store_id="S1",
                                       created_at="2026-10-20T10:00:00Z", receipt=0, status="accepted"))
    load(cache, "return_lines", REGION, row("return_lines", "R1-1", return_id="R1", sku="H-NM", qty=1))
    assert [r.style_id for r in service.for_customer("C1")] == ["B", "K", "C"]
