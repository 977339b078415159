"""Cache reads for recommendations: a customer's purchases, affinity, SKUs and nearby stock.

Every query is driven by an index (orders.customer_id, order_lines.order_id, affinity.style_id,
products.style_id, inventory.sku), so one customer costs a few small lookups however large the cache.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection

from sync.scopes import StoreRef, distance_km

from clienteling.cache import inventory_repo
from clienteling.cache.repos import _json
from clienteling.domain.recommend import Nearby, Preferences, Purchase, Sku, StyleFact

_CHUNK = 500  # SQLite's bound-parameter limit is far above this; keeps statements small


def _marks(n: int) -> str:
    return ", ".join("?" for _ in range(n))


def _chunks(items: Sequence[str]) -> list[Sequence[str]]:
    return [items[i:i + _CHUNK] for i in range(0, len(items), _CHUNK)]


def preferences(conn: Connection, customer_id: str) -> Preferences | None:
    """The customer's preferences, or None when the customer is not cached."""
    row = conn.exec_driver_sql("SELECT preferences FROM customers WHERE id = ?", (customer_id,)).first()
    return None if row is None else Preferences.from_json(_json(row[0]))


def purchases(conn: Connection, customer_id: str) -> list[Purchase]:
    """Every line of the customer's non-cancelled orders as a style purchase, oldest first;
    ``returned`` when every unit of the line went back (receipt-less returns count as returned ones)."""
    rows = conn.exec_driver_sql(
        "SELECT p.style_id, coalesce(s.name, p.name, p.id), p.category, p.size, p.colour, p.brand, "
        "o.placed_at, coalesce(l.returned_qty, 0) >= coalesce(l.qty, 0) AND coalesce(l.qty, 0) > 0 "
        "FROM orders o JOIN order_lines l ON l.order_id = o.id JOIN products p ON p.id = l.sku "
        "LEFT JOIN styles s ON s.id = p.style_id "
        "WHERE o.customer_id = ? AND o.status != 'cancelled' AND p.style_id IS NOT NULL "
        "UNION ALL SELECT p.style_id, coalesce(s.name, p.name, p.id), p.category, p.size, p.colour, p.brand, "
        "r.created_at, 1 FROM returns r JOIN return_lines rl ON rl.return_id = r.id "
        "JOIN products p ON p.id = rl.sku LEFT JOIN styles s ON s.id = p.style_id "
        "WHERE r.customer_id = ? AND r.order_id IS NULL AND p.style_id IS NOT NULL "
        "ORDER BY 7", (customer_id, customer_id)).all()
    return [Purchase(r[0], r[1], r[2], r[3], r[4], r[5], r[6] or "", bool(r[7])) for r in rows]


def affinity(conn: Connection, styles: Sequence[str]) -> dict[str, list[tuple[str, float]]]:
    """style -> [(related style, score)] best first, for these styles."""
    out: dict[str, list[tuple[str, float]]] = {}
    for part in _chunks(list(dict.fromkeys(styles))):
        for style, related, score in conn.exec_driver_sql(
                "SELECT style_id, related_style_id, score FROM affinity "
                f"WHERE style_id IN ({_marks(len(part))}) ORDER BY style_id, rank", tuple(part)).all():
            out.setdefault(style, []).append((related, float(score or 0.0)))
    return out


def style_facts(conn: Connection, styles: Sequence[str]) -> list[StyleFact]:
    """Brand, category and description of these styles."""
    out: list[StyleFact] = []
    for part in _chunks(list(dict.fromkeys(styles))):
        out += [StyleFact(*r) for r in conn.exec_driver_sql(
            f"SELECT id, brand, category, description FROM styles WHERE id IN ({_marks(len(part))})",
            tuple(part)).all()]
    return out


def styles_of_brands(conn: Connection, brands: Sequence[str], categories: Sequence[str], limit: int
                     ) -> list[StyleFact]:
    """At most ``limit`` styles by these brands, those in ``categories`` first."""
    if not brands:
        return []
    cats = list(categories) or [""]
    return [StyleFact(*r) for r in conn.exec_driver_sql(
        f"SELECT id, brand, category, description FROM styles WHERE brand IN ({_marks(len(brands))}) "
        f"ORDER BY category IN ({_marks(len(cats))}) DESC, id LIMIT ?", (*brands, *cats, limit)).all()]


def style_sizes(conn: Connection, styles: Sequence[str]) -> dict[str, tuple[str | None, tuple[str, ...]]]:
    """style -> (category, the sizes its active SKUs come in)."""
    out: dict[str, tuple[str | None, tuple[str, ...]]] = {}
    for part in _chunks(list(styles)):
        for style, category, sizes in conn.exec_driver_sql(
                "SELECT style_id, max(category), group_concat(size, char(31)) FROM (SELECT DISTINCT "
                f"style_id, category, size FROM products WHERE style_id IN ({_marks(len(part))}) "
                "AND coalesce(active, 1) AND size IS NOT NULL) GROUP BY style_id", tuple(part)).all():
            out[style] = (category, tuple(sizes.split("\x1f")) if sizes else ())
    return out


def offers(conn: Connection, wanted: Sequence[tuple[str, str]]
           ) -> tuple[dict[str, list[Sku]], dict[str, int], dict[str, list[Nearby]]]:
    """For (style, size) pairs: the active SKUs in that size, the units available here per SKU
    (local unconfirmed holds deducted), and the other stores holding each SKU, nearest first."""
    store = inventory_repo.store_id(conn)
    me = inventory_repo.store_ref(conn, store)
    skus: dict[str, list[Sku]] = {}
    here: dict[str, int] = {}
    nearby: dict[str, list[Nearby]] = {}
    far: dict[str, float] = {}
    for i in range(0, len(wanted), _CHUNK // 2):
        part = wanted[i:i + _CHUNK // 2]
        values = ", ".join("(?, ?)" for _ in part)
        rows = conn.exec_driver_sql(
            f"WITH want(style, size) AS (VALUES {values}) "
            "SELECT p.id, p.style_id, coalesce(s.name, p.name, p.id), p.brand, p.category, p.colour, "
            "p.size, coalesce(p.price_cents, 0), l.id, l.name, l.lat, l.lon, "
            "coalesce(i.on_hand, 0) - coalesce(i.reserved, 0) - (SELECT coalesce(sum(h.qty), 0) FROM holds h "
            "WHERE h.sku = i.sku AND h.location_id = i.location_id AND h._version IS NULL "
            "AND h.status = 'active') "
            "FROM want JOIN products p ON p.style_id = want.style AND p.size = want.size "
            "LEFT JOIN styles s ON s.id = p.style_id "
            "LEFT JOIN inventory i ON i.sku = p.id "
            "LEFT JOIN stores l ON l.id = i.location_id AND l.kind = 'store' "
            "WHERE coalesce(p.active, 1) ORDER BY p.id",
            tuple(x for pair in part for x in pair)).all()
        last = None
        for r in rows:
            sku = r[0]
            if sku != last:
                skus.setdefault(r[1], []).append(Sku(*r[:8]))
                last = sku
            location, name, lat, lon, units = r[8:]
            if location is None or (location != store and (units <= 0 or lat is None or lon is None)):
                continue
            if location == store:
                here[sku] = here.get(sku, 0) + max(units, 0)
            elif me is not None and location not in far:
                far[location] = distance_km(me, StoreRef(location, "store", "", lat, lon))
            if location != store and location in far:
                nearby.setdefault(sku, []).append(Nearby(location, name or location, round(far[location], 1), units))
    for found in nearby.values():
        found.sort(key=lambda n: (n.distance_km, n.store_id))
    return skus, here, nearby


def best_sellers(conn: Connection, since: str, limit: int) -> list[tuple[str, int]]:
    """(style, units sold) of the ``limit`` best-selling styles in orders placed since ``since``
    (cancelled orders and returned units left out), best first."""
    return [(r[0], int(r[1])) for r in conn.exec_driver_sql(
        "SELECT p.style_id, sum(coalesce(l.qty, 0) - coalesce(l.returned_qty, 0)) AS n "
        "FROM orders o JOIN order_lines l ON l.order_id = o.id JOIN products p ON p.id = l.sku "
        "WHERE o.placed_at >= ? AND o.status != 'cancelled' AND p.style_id IS NOT NULL "
        "GROUP BY p.style_id HAVING n > 0 ORDER BY n DESC, p.style_id LIMIT ?", (since, limit)).all()]
