"""InventoryService over a real encrypted cache: search, grid, availability, holds."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from sync import protocol as p

from clienteling.cache import outbox, state
from clienteling.domain import DomainError
from clienteling.services.inventory import InventoryService
from tests.unit.test_cache_engine import REGION, fetch, load, make_cache, row

NOW = datetime(2026, 11, 22, 15, 0, tzinfo=timezone.utc)


@pytest.fixture
def cache(tmp_path):
    cache = make_cache(tmp_path, store_id="S1")
    load(cache, "stores", "catalog",
         row("stores", "S1", name="Market St", kind="store", lat=37.77, lon=-122.42),
         row("stores", "S2", name="Oakland", kind="store", lat=37.80, lon=-122.27),
         row("stores", "S3", name="San Jose", kind="store", lat=37.34, lon=-121.89),
         row("stores", "DC1", name="Distribution centre", kind="dc", lat=37.0, lon=-121.0),
         row("stores", "ONLINE", name="Online", kind="online"))
    load(cache, "styles", "catalog", row("styles", "ST-00001", name="Relaxed Linen Shirt", brand="Aster",
                                         category="tops"),
         row("styles", "ST-00002", name="Wool Beanie", brand="Northline", category="accessories"))
    load(cache, "products", "catalog",
         row("products", "SKU-0000001", style_id="ST-00001", name="Relaxed Linen Shirt, Navy, S", colour="Navy",
             size="S", price_cents=5900, barcode="4006381333931", active=1),
         row("products", "SKU-0000002", style_id="ST-00001", name="Relaxed Linen Shirt, Navy, M", colour="Navy",
             size="M", price_cents=5900, barcode="4006381333948", active=1),
         row("products", "SKU-0000003", style_id="ST-00001", name="Relaxed Linen Shirt, Sand, M", colour="Sand",
             size="M", price_cents=5900, barcode="4006381333955", active=1),
         row("products", "SKU-0000004", style_id="ST-00002", name="Wool Beanie, Rust", colour="Rust",
             size="One Size", price_cents=2500, barcode="4006381333962", active=1))
    load(cache, "inventory", "stock:S1", row("inventory", "S1:SKU-0000002", location_id="S1", sku="SKU-0000002",
                                             on_hand=2, reserved=0))
    load(cache, "inventory", "stock:S3", row("inventory", "S3:SKU-0000002", location_id="S3", sku="SKU-0000002",
                                             on_hand=5, reserved=1),
         row("inventory", "S3:SKU-0000001", location_id="S3", sku="SKU-0000001", on_hand=1, reserved=0))
    load(cache, "inventory", "catalog",
         row("inventory", "DC1:SKU-0000002", location_id="DC1", sku="SKU-0000002", on_hand=80, reserved=0),
         row("inventory", "ONLINE:SKU-0000002", location_id="ONLINE", sku="SKU-0000002", on_hand=9, reserved=2))
    load(cache, "customers", REGION, row("customers", "C1", first_name="Ada", last_name="Lovelace"))
    with cache.write() as conn:
        state.save_scope(conn, "stock:S3")
        conn.exec_driver_sql("UPDATE sync_state SET last_sync_at = '2026-11-22T14:59:00Z'")
    yield cache
    cache.close()


@pytest.fixture
def service(cache):
    return InventoryService(cache, lambda: NOW, hold_days=2)


def test_search_by_name_words_gives_styles_with_stock_here(service):
    hits = service.search("linen shirt")
    assert [h.style_id for h in hits] == ["ST-00001"]
    assert hits[0].sku is None and hits[0].matched_on == "name"
    assert (hits[0].colours, hits[0].sizes, hits[0].available_here) == (2, 2, 2)
    assert [h.style_id for h in service.search("navy")] == ["ST-00001"]  # a colour of the style
    assert service.search("linen beanie") == []


def test_search_by_sku_barcode_and_style(service):
    by_barcode = service.search("4006381333948")
    assert [(h.sku, h.matched_on) for h in by_barcode] == [("SKU-0000002", "barcode")]
    assert [(h.sku, h.matched_on) for h in service.search("sku-0000004")] == [("SKU-0000004", "sku")]
    assert [(h.style_id, h.matched_on) for h in service.search("ST-00002")] == [("ST-00002", "style")]
    assert service.resolve("4006381333931") == ("ST-00001", "SKU-0000001")
    assert service.resolve("ST-00001") == ("ST-00001", None)
    assert service.resolve("nothing") == (None, None)


def test_grid_marks_cells_here_elsewhere_none(service):
    grid = service.style_grid("ST-00001")
    assert grid.colours == ("Navy", "Sand") and grid.sizes == ("S", "M")
    assert grid.status("Navy", "M") == "here"
    assert grid.status("Navy", "S") == "elsewhere"
    assert grid.status("Sand", "M") == "none"
    assert grid.status("Sand", "S") == "missing"


def test_availability_sorted_with_as_of(service):
    rows = service.availability("SKU-0000002")
    assert [r.location_id for r in rows] == ["S1", "S3", "DC1", "ONLINE"]
    assert [r.available for r in rows] == [2, 4, 80, 7]
    assert all(r.as_of == "2026-11-22T14:59:00Z" for r in rows)
    assert rows[1].distance_km == pytest.approx(67, abs=3)


def test_hold_is_local_and_queued_in_one_go(service, cache):
    hold = service.hold("C1", "SKU-0000002", 2, "A1")
    assert hold.pending and hold.location_id == "S1" and hold.status == "active"
    assert hold.expires_at == "2026-11-24T15:00:00Z"
    entries = fetch(cache, "SELECT name, args FROM outbox")
    assert [e[0] for e in entries] == [p.HOLD_CREATE]
    assert service.available_here("SKU-0000002") == 0  # the local hold counts until confirmed
    assert service.availability("SKU-0000002")[0].held_locally == 2
    assert service.hold_outcome(hold.id).state == "pending"
    with pytest.raises(DomainError) as err:
        service.hold("C1", "SKU-0000002", 1, "A1")
    assert err.value.code == "insufficient_stock"
    assert len(fetch(cache, "SELECT seq FROM outbox")) == 1
    with cache.write() as conn:
        entry = outbox.pending(conn)[0]
        outbox.mark_done(conn, entry.seq, "rejected", "insufficient_stock", "only 0 available", "t")
    outcome = service.hold_outcome(hold.id)
    assert (outcome.state, outcome.code, outcome.message) == ("rejected", "insufficient_stock", "only 0 available")


def test_hold_refuses_unknown_customer_product_or_bad_qty(service):
    for args, code in ((("nobody", "SKU-0000002", 1), "not_found"), (("C1", "SKU-9", 1), "not_found"),
                       (("C1", "SKU-0000002", 0), "invalid_arguments"),
                       (("C1", "SKU-0000001", 1), "insufficient_stock")):
        with pytest.raises(DomainError) as err:
            service.hold(*args, "A1")
        assert err.value.code == code
    assert service.customer_name("C1") == "Ada Lovelace"
