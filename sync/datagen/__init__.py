"""Deterministic synthetic retail data for the demo, tests and benchmarks.

``generate(size, seed, now)`` streams every replicated entity (see ``sync.entities``) as
:class:`Batch` es of row tuples ``(scope, *columns)`` in this order: stores, associates, customers,
loyalty_ledger, styles, products, inventory, orders, order_lines, notes, holds, tasks, handovers,
returns, return_lines, settings, pins (affinity is left to the server; incidents start empty).
The same (size, seed, now) always gives identical rows.

Facts a consumer can rely on:

- ``now`` anchors every date; ``None`` means today's UTC midnight. Nothing is dated after ``now``.
- Locations: stores ``S001``.. (kind ``store``), ``DC1`` (kind ``dc``) and ``ONLINE`` (kind
  ``online``); the last two have region ``""`` and live in the catalog scope. Web/app orders have
  ``store_id = "ONLINE"``.
- Tier by lifetime value: platinum >= $5,000, gold >= $1,500, silver >= $500, else member
  (``people.TIERS``). Lifetime value = sum of the totals of orders neither cancelled nor expired.
- Loyalty: "earn" 1 point per whole currency unit of an order's total when it completes
  (carry sale, delivery, collection); "reverse" the points of returned lines; "redeem" blocks of
  500 when ordering, never taking the balance below 0; "adjust" welcome/goodwill bonuses.
  ``customers.points`` = sum of the customer's ledger.
- Returns: every returned order line (``returned_qty`` > 0) has one accepted, receipted return
  (``RH-...``, refund ``original_tender`` = qty x line price, one return line) at the time and store
  of its "reverse" ledger row, whose points equal ``-points_reversed``.
- Pickups are held ``orders.PICKUP_HOLD_DAYS`` days once ready, then expire; every pickup state
  is planted at every store (``SizeSpec.planted_pickups`` each), recent ones open.
- Every collected pickup has one handover (all picked units, verified by pickup code, by the
  associate and at the time on the order).
- ``settings`` holds the ``policy`` row (``sync.policy.DEFAULT_POLICY``).
- Every associate has a PIN (``pins``, cheap scrypt parameters): managers ``2468``, everyone else
  ``1357`` (``extras.MANAGER_PIN`` / ``extras.ASSOCIATE_PIN``), and a badge reading
  ``BADGE-<associate id>`` (``extras.demo_badge``). Demo data only.
- ``last_visit_at`` is the customer's latest in-store visit (carry sale or pickup collection).
- ``preferences.styles`` holds the look tags ("minimal", "preppy", ...) of the looks the customer
  favours; orders draw ~70 % of their lines from one look. :func:`clusters` returns the looks.
- Phone numbers use the fictional 555 exchange and are not unique; e-mail addresses, loyalty
  numbers (Luhn) and barcodes (EAN-13, restricted-circulation prefix 2) are.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice

from sync.entities import ENTITIES

from .codes import ean13_valid, luhn_valid
from .sizes import SIZES, SizeSpec
from .world import World, catalog_for

__all__ = ["SIZES", "Batch", "SizeSpec", "clusters", "ean13_valid", "generate", "luhn_valid"]


@dataclass(frozen=True)
class Batch:
    entity: str  # a key of sync.entities.ENTITIES
    rows: list[tuple]  # each tuple = (scope, *values in ENTITIES[entity].column_names order)


def _spec(size: str) -> SizeSpec:
    try:
        return SIZES[size]
    except KeyError:
        raise ValueError(f"unknown size {size!r}; expected one of {', '.join(SIZES)}") from None


def generate(size: str = "demo", seed: int = 42, now: datetime | None = None,
             batch_rows: int = 10_000) -> Iterator[Batch]:
    """Stream the whole dataset as batches of at most ``batch_rows`` rows (an entity may span several).

    ``now`` must be timezone-aware; ``None`` means today's midnight UTC.
    """
    spec = _spec(size)
    if batch_rows < 1:
        raise ValueError("batch_rows must be positive")
    if now is None:
        now = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    elif now.tzinfo is None:
        raise ValueError("now must be timezone-aware (UTC)")
    return _batches(World(spec, seed, now.astimezone(UTC)), batch_rows)


def _batches(world: World, batch_rows: int) -> Iterator[Batch]:
    for entity, rows in world.streams():
        assert entity in ENTITIES
        it = iter(rows)
        while chunk := list(islice(it, batch_rows)):
            yield Batch(entity, chunk)


def clusters(size: str = "demo", seed: int = 42) -> list[list[str]]:
    """The planted looks: style ids that orders tend to buy together (independent of ``now``)."""
    cat = catalog_for(_spec(size), seed, 2000)
    return [[cat.style_ids[s] for s in look] for look in cat.looks]
