"""The replicated entities: one declaration shared by the central service and the terminal cache.

Every replicated row has a string primary key ``id`` and belongs to exactly one scope (see
``sync.scopes``). Column order here is the wire order: snapshot and change pages send rows as
arrays in this order, and checksums hash values in this order. Times are ISO-8601 UTC strings
(``2026-11-22T14:16:51Z``), dates ``YYYY-MM-DD``, money integer cents.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ColumnType = Literal["str", "int", "float", "bool", "json"]


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType = "str"
    nullable: bool = True


@dataclass(frozen=True)
class Entity:
    """A replicated table: its columns (``id`` first) and the secondary indexes both sides keep."""

    name: str
    columns: tuple[Column, ...]
    indexes: tuple[tuple[str, ...], ...] = ()

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"{self.name} has no column {name!r}")


def _cols(*spec: str | tuple[str, ColumnType]) -> tuple[Column, ...]:
    out = [Column("id", "str", nullable=False)]
    for item in spec:
        name, type_ = (item, "str") if isinstance(item, str) else item
        out.append(Column(name, type_))
    return tuple(out)


STORES = Entity(
    "stores",
    _cols("name", "kind", "region", "city", "address", ("lat", "float"), ("lon", "float"),
          "timezone", "phone", "opened_on"),
)
"""Every location: ``kind`` is ``store``, ``dc`` or ``online``. Scope: catalog."""

ASSOCIATES = Entity(
    "associates",
    _cols("store_id", "first_name", "last_name", "role", "email", ("active", "bool")),
    indexes=(("store_id",),),
)
"""Store staff (``role``: associate | manager). No credentials here. Scope: region of the store."""

CUSTOMERS = Entity(
    "customers",
    _cols("loyalty_number", "first_name", "last_name", "email", "phone", "birthday",
          "home_store_id", "assigned_associate_id", "tier", ("points", "int"),
          ("lifetime_value_cents", "int"), "member_since", ("preferences", "json"),
          ("consent", "json"), "last_visit_at", "created_at", "updated_at"),
    indexes=(("loyalty_number",), ("email",), ("home_store_id",), ("assigned_associate_id",)),
)
"""``preferences``: {"sizes": {category: size}, "brands": [...], "styles": [...], "colours": [...]}.
``consent``: {channel: {"opt_in": bool, "at": time}} for channels email, sms, phone.
``points`` is the server's balance (= sum of the ledger). Scope: region of the home store."""

LOYALTY_LEDGER = Entity(
    "loyalty_ledger",
    _cols("customer_id", "created_at", "kind", ("points", "int"), "order_id", "store_id",
          "description"),
    indexes=(("customer_id",),),
)
"""Append-only; ``kind``: earn | redeem | reverse | adjust; ``points`` signed. Scope: region."""

STYLES = Entity(
    "styles",
    _cols("name", "brand", "category", "gender", "season", "description"),
)
"""A product style; its products are the size x colour variants. Scope: catalog."""

PRODUCTS = Entity(
    "products",
    _cols("style_id", "name", "brand", "category", "colour", "size", ("price_cents", "int"),
          "barcode", ("final_sale", "bool"), ("active", "bool")),
    indexes=(("style_id",), ("barcode",)),
)
"""One SKU (``id`` is the SKU); ``barcode`` an EAN-13. Scope: catalog."""

INVENTORY = Entity(
    "inventory",
    _cols("location_id", "sku", ("on_hand", "int"), ("reserved", "int"), "updated_at"),
    indexes=(("sku",), ("location_id",)),
)
"""Stock of one SKU at one location; ``id`` is ``"{location_id}:{sku}"``.
Scope: ``stock:L`` for a store, catalog for the DC and online."""

ORDERS = Entity(
    "orders",
    _cols("order_number", "customer_id", "channel", "fulfilment", "store_id", "pickup_store_id",
          "pickup_code", "status", "placed_at", "ready_at", "collected_at", "closed_at",
          ("total_cents", "int"), ("item_count", "int"), "collected_by_associate_id",
          "collected_at_store_id"),
    indexes=(("customer_id",), ("order_number",), ("pickup_store_id", "status"), ("pickup_code",)),
)
"""``channel``: online | app | store; ``fulfilment``: ship | pickup | carry.
``status``: carry -> completed; ship -> placed | shipped | delivered | cancelled;
pickup -> placed | picking | ready | collected | cancelled | expired; a pickup order handed over
in part stays ready until every picked unit is collected (lines' ``collected_qty``), and
``collected_at`` / ``collected_by_associate_id`` / ``collected_at_store_id`` describe the last
handover. ``closed_at``: when it was cancelled or expired, or closed by the expiry sweep while
partly handed over (then ``collected``: the units never collected stay so). Scope: region of the
customer."""

ORDER_LINES = Entity(
    "order_lines",
    _cols("order_id", "sku", ("qty", "int"), ("price_cents", "int"), ("returned_qty", "int"),
          ("picked_qty", "int"), "short_reason", ("collected_qty", "int")),
    indexes=(("order_id",), ("sku",)),
)
"""``picked_qty``: units put aside for a pickup; below ``qty`` only with a ``short_reason``
(protocol.SHORT_REASONS). ``collected_qty``: units handed over (pickups). ``returned_qty``: units
returned (any channel). Scope: the order's scope."""

NOTES = Entity(
    "notes",
    _cols("customer_id", "associate_id", "store_id", "created_at", "body"),
    indexes=(("customer_id",),),
)
"""An associate's note on a customer. Scope: region of the customer."""

HOLDS = Entity(
    "holds",
    _cols("customer_id", "sku", "location_id", ("qty", "int"), "status", "created_at",
          "expires_at", "associate_id"),
    indexes=(("customer_id",), ("sku",)),
)
"""An item put aside for a customer; ``status``: active | released | sold. Scope: ``location:L``."""

TASKS = Entity(
    "tasks",
    _cols("customer_id", "associate_id", "store_id", "kind", "channel", "title", "due_on",
          "status", "created_at", "done_at"),
    indexes=(("customer_id",), ("associate_id", "status")),
)
"""Client-book work: ``kind`` follow_up (a to-do with ``due_on``, ``status`` open | done) or
outreach (a logged contact on ``channel`` email | sms | phone, ``status`` done).
Scope: region of the customer."""

AFFINITY = Entity(
    "affinity",
    _cols("style_id", "related_style_id", ("score", "float"), ("rank", "int")),
    indexes=(("style_id",),),
)
"""Top-K related styles per style (filled by ``recompute-affinity``). Scope: catalog."""

HANDOVERS = Entity(
    "handovers",
    _cols("order_id", "customer_id", "store_id", "associate_id", "collected_at", "method",
          "collector_name", ("lines", "json"), ("details", "json")),
    indexes=(("order_id",),),
)
"""One BOPIS handover: who handed what to whom. ``method``: pickup_code | id_document;
``collector_name``: an authorised other person (null: the customer); ``lines``: [{"line_id",
"qty"}]; ``details``: what the associate recorded (ID type, last digits). Scope: the order's."""

RETURNS = Entity(
    "returns",
    _cols("order_id", "customer_id", "store_id", "associate_id", "created_at", ("receipt", "bool"),
          "refund_method", ("refund_cents", "int"), ("points_reversed", "int"), "approved_by",
          "status"),
    indexes=(("order_id",), ("customer_id",)),
)
"""A return taken at a store. ``order_id`` null: a receipt-less return (``receipt`` false).
``refund_method``: original_tender | store_credit | exchange; ``approved_by``: the manager who
approved an override; ``status``: accepted. Scope: region of the customer (as the order)."""

RETURN_LINES = Entity(
    "return_lines",
    _cols("return_id", "order_line_id", "sku", ("qty", "int"), ("refund_cents", "int"), "reason",
          "condition", "disposition"),
    indexes=(("return_id",), ("order_line_id",)),
)
"""``condition``: protocol.RETURN_CONDITIONS; ``disposition``: restock | damaged | vendor.
Scope: the return's."""

INCIDENTS = Entity(
    "incidents",
    _cols("store_id", "kind", "order_id", "customer_id", "associate_id", "device_id", "created_at",
          "local_time", "mutation_id", "code", "message", ("details", "json"), "status",
          "resolved_by", "resolved_at", "resolution"),
    indexes=(("status",),),
)
"""A counter fact the server could not accept (an offline handover of an order collected
elsewhere, a return beyond the purchased quantity), or accepted but flagged (``refund_above_price``:
a return refunded above the server's price): recorded for the store's manager, never dropped. ``kind``: pickup | return; ``details``: both sides' facts; ``status``: open | resolved.
Scope: ``location:`` the store where it happened."""

SETTINGS = Entity(
    "settings",
    _cols(("value", "json"), "updated_at"),
)
"""Central configuration the terminals need offline; row ``policy`` holds the return and pickup
rules (``sync.policy.Policy``). Scope: catalog."""

PINS = Entity(
    "pins",
    _cols("store_id", "pin_hash", "updated_at", "badge_hash"),
    indexes=(("badge_hash",),),
)
"""An associate's sign-in secrets: the PIN as a salted scrypt hash (``sync.pins``) and the badge
as ``sync.pins.badge_hash`` of its code (null: no badge); ``id`` is the associate id.
Scope: ``location:`` the associate's store."""

ERASURES = Entity(
    "erasures",
    _cols("erased_at"),
)
"""A customer erased under GDPR (``id`` is the customer id): every terminal drops the customer and
everything about them from its cache, whatever scope they were cached from. Scope: catalog."""

AUDIT = Entity(
    "audit",
    _cols("store_id", "device_id", "associate_id", "action", "target", "customer_id", "local_time",
          "applied_at", "status", "code"),
    indexes=(("applied_at",),),
)
"""Who did what when, one row per mutation a device of the store sent (ids only, never its
arguments): ``action`` the mutation name, ``target`` the main row it touched, ``status`` applied |
rejected with ``code``. ``id`` is the mutation id. Scope: ``location:`` the device's store."""

ENTITIES: dict[str, Entity] = {
    e.name: e
    for e in (CUSTOMERS, STORES, ASSOCIATES, LOYALTY_LEDGER, STYLES, PRODUCTS, INVENTORY,
              ORDERS, ORDER_LINES, NOTES, HOLDS, AFFINITY, TASKS, HANDOVERS, RETURNS, RETURN_LINES,
              INCIDENTS, SETTINGS, PINS, ERASURES, AUDIT)
}
"""All replicated entities in a fixed order; append new ones at the end (cursors hold indexes). Customers come early so that a snapshot page
sequence delivers them first and search works before the rest is in."""

ENTITY_INDEX: dict[str, int] = {name: i for i, name in enumerate(ENTITIES)}
"""Position of each entity, used in change-feed ordering and cursors."""
