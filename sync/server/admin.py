"""Administrative operations behind the CLI (and usable from tests and the demo): enrollment codes,
scope stats, revocation, the fleet's health, the policy, associates' PINs, placing a BOPIS order,
and erasing a customer (GDPR).

Operator mistakes raise :class:`AdminError` subclasses with a one-line, user-facing message."""

from __future__ import annotations

import random
import tomllib
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select, update

from sync.codes import PICKUP_ALPHABET
from sync.entities import ENTITIES
from sync.pins import STRONG, PinError, hash_pin
from sync.policy import Policy, PolicyError
from sync.protocol import ChecksumAccumulator, scope_checksum
from sync.scopes import location_scope, region_scope, scopes_for_store
from sync.server import clock
from sync.server.context import load_stores
from sync.server.db import read_tx, write_tx
from sync.server.enrollment import create_code
from sync.server.erasure import NoSuchCustomer, erase
from sync.server.models import ENTITY_TABLES, devices
from sync.server.settings import write_policy
from sync.server.versions import purge_tombstones, read_heads, upsert_rows


class AdminError(Exception):
    """An operator mistake, with a one-line message."""


class UnknownStore(AdminError, LookupError):
    """No store with that id in the stores table."""


def _require_store(conn, store_id: str):
    stores = load_stores(conn)
    info = stores.get(store_id)
    if info is None or info.ref.kind != "store":
        raise UnknownStore(f"unknown store {store_id!r}")
    return info, stores


def create_enroll_code(engine: Engine, store_id: str, ttl: timedelta = timedelta(hours=24)) -> str:
    """A one-time enrollment code for a terminal of ``store_id``; raises UnknownStore."""
    with write_tx(engine) as conn:
        _require_store(conn, store_id)
        return create_code(conn, store_id, ttl)


def store_scopes(engine: Engine, store_id: str) -> list[str]:
    """The scopes a terminal of ``store_id`` receives; raises UnknownStore."""
    with read_tx(engine) as conn:
        info, stores = _require_store(conn, store_id)
    return scopes_for_store(info.ref, [s.ref for s in stores.values()])


def entity_checksums(conn, scope: str) -> dict[str, dict[str, Any]]:
    """Per entity with rows in ``scope``: row count and order-independent checksum (no versions)."""
    out: dict[str, dict[str, Any]] = {}
    for name, entity in ENTITIES.items():
        table = ENTITY_TABLES[name]
        acc = ChecksumAccumulator(name)
        cols = [table.c[c] for c in entity.column_names]
        for row in conn.execute(select(*cols).where(table.c.scope == scope)):
            acc.add(row)
        if acc.rows:
            out[name] = {"rows": acc.rows, "checksum": acc.checksum}
    return out


def scope_stats(engine: Engine, store_id: str) -> dict[str, Any]:
    """``{"store_id", "scopes": {scope: {"version", "checksum", "entities"}}}`` for a store's terminal."""
    scopes = store_scopes(engine, store_id)
    result: dict[str, Any] = {"store_id": store_id, "scopes": {}}
    with read_tx(engine, consistent=True) as conn:
        heads = read_heads(conn, scopes)
        for scope in scopes:
            entities = entity_checksums(conn, scope)
            result["scopes"][scope] = {
                "version": heads[scope].version if scope in heads else 0,
                "checksum": scope_checksum(entities),
                "entities": entities,
            }
    return result


def revoke_device(engine: Engine, device_id: str) -> bool:
    """Revoke a device (its next call gets 401 revoked); False if there is no such device."""
    with write_tx(engine) as conn:
        return conn.execute(update(devices).where(devices.c.id == device_id, devices.c.revoked_at.is_(None))
                            .values(revoked_at=clock.now_iso())).rowcount == 1


# ----- fleet health ------------------------------------------------------------------------------

DEVICE_FLAGS = ("revoked", "stale", "failing", "ok")


def list_devices(engine: Engine, stale_after: timedelta = timedelta(hours=1),
                 now: datetime | None = None) -> list[dict[str, Any]]:
    """Every enrolled device with the health it last reported, by store and hostname. ``flags``:
    ``revoked``; else ``stale`` (not seen for ``stale_after``) and/or ``failing`` (rejected outbox
    entries, or replication stuck on an error); else ``ok``. ``cache_age_s`` is as of ``now``."""
    now = now or clock.now()
    stale_before = clock.iso(now - stale_after)
    cols = ("id", "store_id", "hostname", "app_version", "enrolled_at", "last_seen_at", "last_sync_at",
            "outbox_pending", "outbox_rejected", "cache_synced_at", "last_error", "revoked_at")
    with read_tx(engine) as conn:
        rows = conn.execute(select(*(devices.c[c] for c in cols))
                            .order_by(devices.c.store_id, devices.c.hostname, devices.c.id)).mappings().all()
    out = []
    for row in rows:
        item = {("device_id" if c == "id" else c): row[c] for c in cols if c != "cache_synced_at"}
        synced = row["cache_synced_at"]
        item["cache_age_s"] = (None if synced is None else
                               max(0, int((now - datetime.fromisoformat(synced.replace("Z", "+00:00")))
                                          .total_seconds())))
        item["flags"] = _device_flags(row, stale_before)
        out.append(item)
    return out


def _device_flags(row: Any, stale_before: str) -> list[str]:
    if row["revoked_at"] is not None:
        return ["revoked"]
    flags = []
    if row["last_seen_at"] is None or row["last_seen_at"] < stale_before:
        flags.append("stale")
    if (row["outbox_rejected"] or 0) > 0 or row["last_error"]:
        flags.append("failing")
    return flags or ["ok"]


def erase_customer(engine: Engine, customer_id: str) -> dict[str, Any]:
    """Erase a customer (GDPR) in one transaction: their row and every row about them (loyalty
    ledger, notes, tasks, holds, handovers, returns and their lines, orders and their lines,
    incidents) become tombstones, their notifications go, logged mutations about them lose their
    arguments, and an ``erasures`` row tells every terminal to purge them. Their orders are deleted
    too, so store KPIs no longer count those sales or returns; stock their active holds reserved is
    released. Erasing again is harmless; an id that is neither a customer nor erased raises
    AdminError. Returns what was removed (counts, ids only)."""
    with write_tx(engine) as conn:
        try:
            return erase(conn, customer_id)
        except NoSuchCustomer:
            raise AdminError(f"no customer {customer_id!r}") from None


def purge(engine: Engine, retention: timedelta) -> int:
    """Purge tombstones older than ``retention``; cursors older than that will reset."""
    with write_tx(engine) as conn:
        return purge_tombstones(conn, clock.iso(clock.now() - retention))


# ----- policy and PINs ---------------------------------------------------------------------------

def read_policy_file(path: str | Path) -> Policy:
    """A validated policy from a TOML file; AdminError naming the file (and the key) otherwise."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise AdminError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise AdminError(f"{path}: not valid TOML ({exc})") from None
    try:
        return Policy.from_dict(data)
    except PolicyError as exc:
        raise AdminError(f"{path}: {exc.key}: expected {exc.expected}") from None


def set_policy(engine: Engine, policy: Policy) -> int:
    """Replace the central policy (it reaches every terminal through the feed); returns its version."""
    with write_tx(engine) as conn:
        return write_policy(conn, policy)


def set_pin(engine: Engine, associate_id: str, pin: str, params: tuple[int, int, int] = STRONG) -> None:
    """Store a new PIN hash for an associate (``pins`` row in their store's location scope)."""
    try:
        pin_hash = hash_pin(pin, params=params)
    except PinError as exc:
        raise AdminError(str(exc)) from None
    associates = ENTITY_TABLES["associates"]
    with write_tx(engine) as conn:
        store = conn.execute(select(associates.c.store_id).where(associates.c.id == associate_id)).first()
        if store is None or not store.store_id:
            raise AdminError(f"unknown associate {associate_id!r}")
        upsert_rows(conn, "pins", location_scope(store.store_id), [{
            "id": associate_id, "store_id": store.store_id, "pin_hash": pin_hash, "updated_at": clock.now_iso()}])


# ----- a new BOPIS order -------------------------------------------------------------------------

def place_order(engine: Engine, store_id: str, customer_id: str | None = None, lines: int = 2,
                rng: random.Random | None = None) -> dict[str, Any]:
    """Place an online order for pickup at ``store_id`` now (status placed, a new pickup code),
    with ``lines`` SKUs in stock there; for ``customer_id`` or a customer of that store. Returns
    ``{"order_id", "order_number", "pickup_code", "customer_id", "store_id", "lines", "total_cents"}``."""
    if not 1 <= lines <= 20:
        raise AdminError("an order has 1 to 20 lines")
    rng = rng or random.Random()
    orders = ENTITY_TABLES["orders"]
    with write_tx(engine) as conn:
        info, _ = _require_store(conn, store_id)
        customer = _customer_for(conn, info.ref.region, store_id, customer_id, rng)
        skus = _in_stock(conn, store_id, lines, rng)
        last = conn.execute(select(func.max(orders.c.order_number)).where(orders.c.order_number.like("W%"))).scalar()
        number = f"W{int(last[1:]) + 1 if last and last[1:].isdigit() else 1_000_001}"
        code = _new_pickup_code(conn, rng)
        oid = f"O-{uuid.UUID(int=rng.getrandbits(128)).hex[:12].upper()}"
        now = clock.now_iso()
        rows = [{"id": f"{oid}-{i}", "order_id": oid, "sku": sku, "qty": 1, "price_cents": price, "returned_qty": 0,
                 "picked_qty": 0, "short_reason": None, "collected_qty": 0} for i, (sku, price) in enumerate(skus, 1)]
        total = sum(price for _, price in skus)
        scope = customer.scope
        upsert_rows(conn, "orders", scope, [{
            "id": oid, "order_number": number, "customer_id": customer.id, "channel": "online",
            "fulfilment": "pickup", "store_id": "ONLINE", "pickup_store_id": store_id, "pickup_code": code,
            "status": "placed", "placed_at": now, "ready_at": None, "collected_at": None, "closed_at": None,
            "total_cents": total, "item_count": len(rows), "collected_by_associate_id": None,
            "collected_at_store_id": None}])
        upsert_rows(conn, "order_lines", scope, rows)
    return {"order_id": oid, "order_number": number, "pickup_code": code, "customer_id": customer.id,
            "store_id": store_id, "lines": [{"line_id": r["id"], "sku": r["sku"], "qty": 1,
                                             "price_cents": r["price_cents"]} for r in rows],
            "total_cents": total}


def _customer_for(conn, region: str, store_id: str, customer_id: str | None, rng: random.Random):
    customers = ENTITY_TABLES["customers"]
    cols = (customers.c.id, customers.c.scope)
    if customer_id is not None:
        row = conn.execute(select(*cols).where(customers.c.id == customer_id)).first()
        if row is None:
            raise AdminError(f"unknown customer {customer_id!r}")
        if row.scope != region_scope(region):
            raise AdminError(f"customer {customer_id} is not a customer of {store_id}'s region ({region})")
        return row
    ids = conn.execute(select(customers.c.id).where(customers.c.home_store_id == store_id)
                       .order_by(customers.c.id).limit(500)).scalars().all()
    if not ids:
        raise AdminError(f"store {store_id} has no customers to place an order for")
    return conn.execute(select(*cols).where(customers.c.id == rng.choice(ids))).one()


def _in_stock(conn, store_id: str, lines: int, rng: random.Random) -> list[tuple[str, int]]:
    inventory, products = ENTITY_TABLES["inventory"], ENTITY_TABLES["products"]
    rows = conn.execute(
        select(products.c.id, products.c.price_cents).join(inventory, inventory.c.sku == products.c.id)
        .where(inventory.c.location_id == store_id,
               inventory.c.on_hand - func.coalesce(inventory.c.reserved, 0) > 0,
               products.c.active.is_(True)).order_by(products.c.id).limit(2000)).all()
    if not rows:
        raise AdminError(f"nothing is in stock at {store_id}")
    return [(r.id, r.price_cents or 0) for r in rng.sample(rows, min(lines, len(rows)))]


def _new_pickup_code(conn, rng: random.Random) -> str:
    orders = ENTITY_TABLES["orders"]
    while True:
        code = "".join(rng.choice(PICKUP_ALPHABET) for _ in range(6))
        if conn.execute(select(orders.c.id).where(orders.c.pickup_code == code).limit(1)).first() is None:
            return code
