"""Inventory reads: products by name / SKU / barcode, styles, stock across locations, holds.

The catalogue is small (a few thousand to ~20k SKUs, a tenth as many styles): exact SKU and
barcode lookups use the primary key and the barcode index; names are matched token by token
with LIKE over the styles (and their colours), which scans a few thousand rows at most.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Connection

from sync.entities import ENTITIES
from sync.scopes import StoreRef

from clienteling.cache import outbox
from clienteling.domain.inventory import Hold, HoldOutcome, Product, ProductHit, StockRow, Style

_BARCODE = re.compile(r"^\d{8,14}$")
_TOKEN = re.compile(r"[^\W_]+(?:[-'.][^\W_]+)*", re.UNICODE)


def _cols(entity: str, alias: str) -> str:
    return ", ".join(f'{alias}."{c}"' for c in ENTITIES[entity].column_names)


def _product(row: Any) -> Product:
    d = dict(zip(ENTITIES["products"].column_names, row))
    return Product(sku=d["id"], style_id=d["style_id"], name=d["name"] or d["id"], brand=d["brand"],
                   category=d["category"], colour=d["colour"], size=d["size"],
                   price_cents=d["price_cents"] or 0, barcode=d["barcode"],
                   final_sale=bool(d["final_sale"]), active=d["active"] is None or bool(d["active"]))


def store_id(conn: Connection) -> str | None:
    """This terminal's store."""
    return conn.exec_driver_sql("SELECT value FROM device WHERE key = 'store_id'").scalar()


def store_ref(conn: Connection, location_id: str | None) -> StoreRef | None:
    """A location's scope facts (coordinates) from the cached ``stores``."""
    if not location_id:
        return None
    row = conn.exec_driver_sql("SELECT id, kind, region, lat, lon FROM stores WHERE id = ?",
                               (location_id,)).first()
    if row is None:
        return None
    return StoreRef(row[0], row[1] or "", row[2] or "", row[3] or 0.0, row[4] or 0.0)


def get_product(conn: Connection, sku: str) -> Product | None:
    """The product with this SKU (exact, case-insensitive), or None."""
    row = conn.exec_driver_sql(f"SELECT {_cols('products', 'p')} FROM products p WHERE p.id = ?",
                               (sku.strip().upper(),)).first()
    return _product(row) if row else None


def product_by_barcode(conn: Connection, barcode: str) -> Product | None:
    """The product with this barcode (indexed), or None."""
    row = conn.exec_driver_sql(f"SELECT {_cols('products', 'p')} FROM products p WHERE p.barcode = ?",
                               (barcode.strip(),)).first()
    return _product(row) if row else None


def get_style(conn: Connection, style_id: str) -> Style | None:
    """The style, or None."""
    row = conn.exec_driver_sql(f"SELECT {_cols('styles', 's')} FROM styles s WHERE s.id = ?",
                               (style_id.strip().upper(),)).first()
    return Style(*row) if row else None


def products_of_style(conn: Connection, style_id: str) -> list[Product]:
    """Every product (colour x size) of a style."""
    rows = conn.exec_driver_sql(f"SELECT {_cols('products', 'p')} FROM products p WHERE p.style_id = ? "
                                "ORDER BY p.id", (style_id,))
    return [_product(r) for r in rows]


def _available_here(sku_clause: str) -> str:
    """SQL for the units of the SKUs matched by ``sku_clause`` available at the store bound to
    the first ``?``: unconfirmed local holds count against them."""
    return ("coalesce((SELECT sum(max(coalesce(i.on_hand, 0) - coalesce(i.reserved, 0) - "
            "(SELECT coalesce(sum(h.qty), 0) FROM holds h WHERE h.sku = i.sku AND h.location_id = "
            "i.location_id AND h._version IS NULL AND h.status = 'active'), 0)) FROM inventory i "
            f"WHERE i.location_id = ? AND i.sku {sku_clause}), 0)")


def _sku_hit(conn: Connection, product: Product, matched_on: str, store: str | None) -> ProductHit:
    here = conn.exec_driver_sql(f"SELECT {_available_here('= ?')}", (store, product.sku)).scalar() or 0
    return ProductHit(style_id=product.style_id, name=product.name, brand=product.brand,
                      category=product.category, matched_on=matched_on,  # type: ignore[arg-type]
                      sku=product.sku, colour=product.colour, size=product.size, barcode=product.barcode,
                      price_cents=product.price_cents, colours=1, sizes=1, available_here=int(here))


def _style_hits(conn: Connection, where: str, params: list[Any], store: str | None, matched_on: str,
                order: str, limit: int) -> list[ProductHit]:
    here = _available_here("IN (SELECT p2.id FROM products p2 WHERE p2.style_id = s.id)")
    sql = (f"SELECT s.id, s.name, s.brand, s.category, "
           "(SELECT min(p.price_cents) FROM products p WHERE p.style_id = s.id), "
           "(SELECT count(DISTINCT p.colour) FROM products p WHERE p.style_id = s.id), "
           "(SELECT count(DISTINCT p.size) FROM products p WHERE p.style_id = s.id), "
           f"{here} FROM styles s WHERE {where} ORDER BY {order} LIMIT ?")
    rows = conn.exec_driver_sql(sql, (store, *params, limit))
    return [ProductHit(style_id=r[0], name=r[1] or r[0], brand=r[2], category=r[3],
                       matched_on=matched_on, price_cents=r[4], colours=r[5] or 0,  # type: ignore[arg-type]
                       sizes=r[6] or 0, available_here=int(r[7] or 0)) for r in rows]


def _like(token: str) -> str:
    return "%" + token.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def search_products(conn: Connection, text: str, limit: int = 50) -> list[ProductHit]:
    """A barcode or SKU gives that product; a style id that style; words give the styles whose
    name, brand, category or colours contain every word (names starting with the text first)."""
    text = (text or "").strip()
    if not text:
        return []
    store = store_id(conn)
    if _BARCODE.match(text):
        product = product_by_barcode(conn, text)
        if product is not None:
            return [_sku_hit(conn, product, "barcode", store)]
    product = get_product(conn, text)
    if product is not None:
        return [_sku_hit(conn, product, "sku", store)]
    if get_style(conn, text) is not None:
        return _style_hits(conn, "s.id = ?", [text.upper()], store, "style", "s.id", 1)
    tokens = [t.lower() for t in _TOKEN.findall(text)][:6]
    if not tokens:
        return []
    where, params = [], []
    for token in tokens:
        where.append("(lower(s.name || ' ' || coalesce(s.brand, '') || ' ' || coalesce(s.category, '')) "
                     "LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM products pc WHERE pc.style_id = s.id "
                     "AND lower(pc.colour) LIKE ? ESCAPE '\\'))")
        params += [_like(token), _like(token)]
    order = "(lower(s.name) LIKE ? ESCAPE '\\') DESC, s.name, s.id"
    params.append(_like(tokens[0])[1:])  # the name starts with the first word
    return _style_hits(conn, " AND ".join(where), params, store, "name", order, limit)


def stock_rows(conn: Connection, skus: list[str]) -> list[StockRow]:
    """Inventory rows of these SKUs at every location in the cache, with the location's name,
    kind and coordinates, the units held here but not yet confirmed, and when the row's scope
    was last synced."""
    if not skus:
        return []
    marks = ", ".join("?" for _ in skus)
    rows = conn.exec_driver_sql(
        "SELECT i.location_id, s.name, s.kind, s.lat, s.lon, i.sku, coalesce(i.on_hand, 0), "
        "coalesce(i.reserved, 0), (SELECT coalesce(sum(h.qty), 0) FROM holds h WHERE h.sku = i.sku "
        "AND h.location_id = i.location_id AND h._version IS NULL AND h.status = 'active'), "
        "i.updated_at, st.last_sync_at FROM inventory i LEFT JOIN stores s ON s.id = i.location_id "
        f"LEFT JOIN sync_state st ON st.scope = i._scope WHERE i.sku IN ({marks})", tuple(skus))
    return [StockRow(*r) for r in rows]


_CUSTOMER_NAME = ("(SELECT trim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')) "
                  "FROM customers c WHERE c.id = h.customer_id)")


def _hold(row: Any) -> Hold:
    d = dict(zip(ENTITIES["holds"].column_names, row))
    return Hold(id=d["id"], customer_id=d["customer_id"], sku=d["sku"], location_id=d["location_id"],
                qty=d["qty"] or 0, status=d["status"] or "active", created_at=d["created_at"],
                expires_at=d["expires_at"], associate_id=d["associate_id"], pending=row[-2] is None,
                customer_name=row[-1])


def get_hold(conn: Connection, hold_id: str) -> Hold | None:
    """The hold, or None."""
    row = conn.exec_driver_sql(f"SELECT {_cols('holds', 'h')}, h._version, {_CUSTOMER_NAME} FROM holds h "
                               "WHERE h.id = ?", (hold_id,)).first()
    return _hold(row) if row else None


def active_holds(conn: Connection, *, sku: str | None = None, customer_id: str | None = None,
                 limit: int = 200) -> list[Hold]:
    """Active holds at this terminal's store (of one SKU or customer), newest first."""
    where, params = ["h.status = 'active'", "h.location_id = ?"], [store_id(conn)]
    if sku is not None:
        where.append("h.sku = ?")
        params.append(sku)
    if customer_id is not None:
        where.append("h.customer_id = ?")
        params.append(customer_id)
    rows = conn.exec_driver_sql(f"SELECT {_cols('holds', 'h')}, h._version, {_CUSTOMER_NAME} FROM holds h "
                                f"WHERE {' AND '.join(where)} ORDER BY h.created_at DESC LIMIT ?",
                                (*params, limit))
    return [_hold(r) for r in rows]


def hold_outcome(conn: Connection, hold_id: str) -> HoldOutcome:
    """The verdict on the ``hold.create`` that made this hold (pending until the server answers)."""
    entry = outbox.latest_touching(conn, "holds", hold_id, "hold.create")
    if entry is None:
        return HoldOutcome(hold_id, "unknown")
    return HoldOutcome(hold_id, entry.status, entry.code, entry.message)
