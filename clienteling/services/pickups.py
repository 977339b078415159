"""BOPIS pickups: find the order, hand it over."""

from __future__ import annotations

from sync import protocol as p

from clienteling.cache import Cache, effects, repos
from clienteling.domain.models import Order, Verification
from clienteling.domain.rules import DomainError, check_pickup
from clienteling.services.clock import Clock, iso, utc_now


class PickupService:
    """Pickup orders of this store; ``collect`` marks one collected and queues ``pickup.collect``."""

    def __init__(self, cache: Cache, clock: Clock = utc_now) -> None:
        self.cache = cache
        self.clock = clock

    def _store_id(self, conn) -> str | None:  # type: ignore[no-untyped-def]
        return conn.exec_driver_sql("SELECT value FROM device WHERE key = 'store_id'").scalar()

    def find(self, code: str) -> list[Order]:
        """Orders whose number or pickup code is ``code``, this store's pickups first (pickup codes
        are short: another store may have issued the same one)."""
        with self.cache.read() as conn:
            store = self._store_id(conn)
            orders = repos.find_orders(conn, code=code.strip())
        return sorted(orders, key=lambda o: o.pickup_store_id != store)

    def get(self, order_id: str) -> Order | None:
        """The order with its lines."""
        with self.cache.read() as conn:
            return repos.get_order(conn, order_id)

    def ready(self, limit: int = 200) -> list[Order]:
        """Pickup orders ready at this store."""
        with self.cache.read() as conn:
            return repos.find_orders(conn, pickup_store_id=self._store_id(conn), status="ready", limit=limit)

    def collect(self, order_id: str, verification: Verification, associate_id: str | None,
                line_ids: list[str] | None = None) -> Order:
        """Check the order can be handed over, mark it collected locally and queue it (one transaction)."""
        now = iso(self.clock())
        with self.cache.write() as conn:
            order = repos.get_order(conn, order_id)
            if order is None:
                raise DomainError("not_found", "This order is not in this terminal's cache.")
            check_pickup(order, verification, self._store_id(conn))
            args: dict = {"order_id": order_id, "verification": verification.as_args()}
            if line_ids is not None:
                args["line_ids"] = list(line_ids)
            effects.record(conn, p.PICKUP_COLLECT, args, associate_id, now)
            return repos.get_order(conn, order_id)  # type: ignore[return-value]
