"""Inventory use cases: find a product, its style's grid, stock across channels, holds."""

from __future__ import annotations

from datetime import timedelta

from sync import protocol as p

from clienteling.cache import Cache, effects, outbox, repos
from clienteling.cache import inventory_repo as repo
from clienteling.domain.inventory import (Availability, Hold, HoldOutcome, Product, ProductHit,
                                          StyleGrid, availability, build_grid, check_hold,
                                          units_available)
from clienteling.domain.rules import DomainError
from clienteling.services.clock import Clock, iso, utc_now


class InventoryService:
    """Stock here, nearby, at the DC and online; ``hold`` queues ``hold.create``. Methods are
    synchronous (run them on the DbWorker)."""

    def __init__(self, cache: Cache, clock: Clock = utc_now, hold_days: int = 2) -> None:
        self.cache = cache
        self.clock = clock
        self.hold_days = hold_days

    def search(self, text: str, limit: int = 50) -> list[ProductHit]:
        """Styles by name words; a product by exact SKU or barcode; a style by its id."""
        with self.cache.read() as conn:
            return repo.search_products(conn, text, limit)

    def resolve(self, key: str) -> tuple[str | None, str | None]:
        """(style id, SKU or None) for a SKU, a barcode or a style id; (None, None) if unknown."""
        key = (key or "").strip()
        if len(key) == 12 and key.isdigit():
            key = "0" + key  # a UPC-A scan is the EAN-13 with a leading zero
        with self.cache.read() as conn:
            product = repo.get_product(conn, key) or (repo.product_by_barcode(conn, key) if key else None)
            if product is not None:
                return product.style_id, product.sku
            style = repo.get_style(conn, key) if key else None
            return (style.id, None) if style is not None else (None, None)

    def product(self, sku: str) -> Product | None:
        """The product with this SKU."""
        with self.cache.read() as conn:
            return repo.get_product(conn, sku)

    def style_grid(self, style_id: str) -> StyleGrid | None:
        """The style's colours x sizes with units available here and elsewhere per cell."""
        with self.cache.read() as conn:
            style = repo.get_style(conn, style_id)
            if style is None:
                return None
            products = repo.products_of_style(conn, style.id)
            store = repo.store_id(conn)
            here: dict[str, int] = {}
            elsewhere: dict[str, int] = {}
            for row in repo.stock_rows(conn, [pr.sku for pr in products]):
                bucket = here if row.location_id == store else elsewhere
                bucket[row.sku] = bucket.get(row.sku, 0) + units_available(row)
            return build_grid(style, products, here, elsewhere)

    def availability(self, sku: str) -> list[Availability]:
        """Stock of one SKU: this store, other stores nearest first, the DC, online."""
        with self.cache.read() as conn:
            here = repo.store_ref(conn, repo.store_id(conn))
            return availability(repo.stock_rows(conn, [sku]), here)

    def available_here(self, sku: str) -> int:
        """Units of the SKU that can still be put on hold at this store."""
        with self.cache.read() as conn:
            return self._available_here(conn, sku)

    def _available_here(self, conn, sku: str) -> int:  # type: ignore[no-untyped-def]
        store = repo.store_id(conn)
        return sum(units_available(r) for r in repo.stock_rows(conn, [sku]) if r.location_id == store)

    def holds(self, sku: str | None = None, customer_id: str | None = None) -> list[Hold]:
        """Active holds at this store (of a SKU or a customer), newest first."""
        with self.cache.read() as conn:
            return repo.active_holds(conn, sku=sku, customer_id=customer_id)

    def hold_outcome(self, hold_id: str) -> HoldOutcome:
        """Pending, applied or rejected (with the server's reason) for a hold made here."""
        with self.cache.read() as conn:
            return repo.hold_outcome(conn, hold_id)

    def customer_name(self, customer_id: str) -> str | None:
        """The customer's display name, or None when not in the cache."""
        with self.cache.read() as conn:
            customer = repos.get_customer(conn, customer_id)
        return customer.display_name if customer is not None else None

    def hold(self, customer_id: str, sku: str, qty: int, associate_id: str | None,
             days: int | None = None) -> Hold:
        """Put ``qty`` units aside here for the customer: a local hold row (pending) and a queued
        ``hold.create``, in one transaction; refused at once when not enough is available."""
        days = self.hold_days if days is None else days
        now = self.clock()
        with self.cache.write() as conn:
            if repos.customer_scope(conn, customer_id) is None:
                raise DomainError("not_found", "This customer is not in this terminal's cache.")
            if repo.get_product(conn, sku) is None:
                raise DomainError("not_found", "This product is not in this terminal's catalogue.")
            check_hold(qty, self._available_here(conn, sku), days)
            hold_id = outbox.new_id()
            args = {"hold_id": hold_id, "customer_id": customer_id, "sku": sku, "qty": qty,
                    "expires_at": iso(now + timedelta(days=days))}
            effects.record(conn, p.HOLD_CREATE, args, associate_id, iso(now))
            hold = repo.get_hold(conn, hold_id)
        assert hold is not None  # written just above, in this transaction
        return hold

