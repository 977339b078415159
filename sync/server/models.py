"""Tables of the central database.

Replicated tables are generated from ``sync.entities.ENTITIES`` (same names, same columns) plus
``scope`` and ``version``; private tables hold scope heads, tombstones, devices, enrollment codes,
the mutation log and server metadata. Core tables only: the hot paths read and write rows in bulk
and never need ORM objects.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Float,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
    func,
    text,
)

from sync.entities import ENTITIES, Entity

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING)

_TYPES = {"str": Text, "int": BigInteger, "float": Float, "bool": Boolean, "json": JSON}


def _entity_table(entity: Entity) -> Table:
    cols = [
        Column(c.name, _TYPES[c.type](), primary_key=(c.name == "id"), nullable=c.nullable)
        for c in entity.columns
    ]
    name = entity.name
    return Table(
        name,
        metadata,
        *cols,
        Column("scope", Text, nullable=False),
        Column("version", BigInteger, nullable=False),
        # (scope, version, id) also serves (scope, version) lookups and lets the change feed
        # read a scope's rows in (version, id) order straight off the index.
        Index(f"ix_{name}_scope_version", "scope", "version", "id"),
        Index(f"ix_{name}_scope_id", "scope", "id"),
        *(Index(f"ix_{name}_{'_'.join(cols_)}", *cols_) for cols_ in entity.indexes),
    )


ENTITY_TABLES: dict[str, Table] = {name: _entity_table(e) for name, e in ENTITIES.items()}
"""One table per replicated entity, in ``ENTITIES`` order."""

scope_heads = Table(
    "scope_heads",
    metadata,
    Column("scope", Text, primary_key=True),
    Column("version", BigInteger, nullable=False, default=0),
    # Changes at or below floor_version may be gone (tombstones purged): older cursors reset.
    Column("floor_version", BigInteger, nullable=False, default=0),
)

tombstones = Table(
    "tombstones",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("scope", Text, nullable=False),
    Column("entity", Text, nullable=False),
    Column("row_id", Text, nullable=False),
    Column("version", BigInteger, nullable=False),
    Column("deleted_at", Text, nullable=False),
    UniqueConstraint("scope", "entity", "row_id"),
    Index("ix_tombstones_scope_version", "scope", "version"),
)

devices = Table(
    "devices",
    metadata,
    Column("id", Text, primary_key=True),
    Column("store_id", Text, nullable=False),
    Column("token_hash", Text, nullable=False, unique=True),
    Column("enrolled_at", Text, nullable=False),
    Column("revoked_at", Text),
    Column("last_seen_at", Text),
    Column("last_seq", BigInteger, nullable=False, default=0, server_default="0"),
    Column("app_version", Text),
    Column("hostname", Text),
    # Health the terminal reports in request headers (sync.protocol, "Terminal health"); NULL
    # until it does. cache_synced_at = server time of the report minus the cache age it gave.
    Column("last_sync_at", Text),
    Column("outbox_pending", BigInteger),
    Column("outbox_rejected", BigInteger),
    Column("cache_synced_at", Text),
    Column("last_error", Text),
)

enrollment_codes = Table(
    "enrollment_codes",
    metadata,
    Column("code_hash", Text, primary_key=True),
    Column("store_id", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("expires_at", Text, nullable=False),
    Column("used_at", Text),
    Column("used_by_device", Text),
)

mutations = Table(
    "mutations",
    metadata,
    Column("id", Text, primary_key=True),
    Column("device_id", Text, nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("name", Text, nullable=False),
    Column("associate_id", Text),
    Column("local_time", Text),
    Column("args", JSON),
    Column("status", Text, nullable=False),
    Column("code", Text),
    Column("message", Text),
    Column("result", JSON),
    Column("applied_at", Text, nullable=False),
    UniqueConstraint("device_id", "seq"),
)

server_meta = Table(
    "server_meta",
    metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)

customer_notifications = Table(
    "customer_notifications",
    metadata,
    Column("id", Text, primary_key=True),
    Column("customer_id", Text, nullable=False),
    Column("order_id", Text),
    Column("kind", Text, nullable=False),  # pickup_ready | pickup_expired
    Column("created_at", Text, nullable=False),
    Column("sent_at", Text),
    Index("ix_customer_notifications_sent_at", "sent_at", "created_at"),
)
"""Messages the central service owes customers (sent by the messaging integration, which marks
``sent_at``); e.g. "your pickup order is ready"."""

PRIVATE_TABLES = (scope_heads, tombstones, devices, enrollment_codes, mutations, customer_notifications)
"""Wiped by a reseed (server_meta is kept: its secret survives, its epoch is replaced)."""


# Indexes of the online customer search (sync/server/routes_customers.py), migration 0003.
# PostgreSQL reports the phone expression with its literals cast to text; the index is declared
# in that form so the models compare equal to the migrated database (SQLite cannot compare it).
_CUSTOMERS = ENTITY_TABLES["customers"]
_PG_DIGITS = "phone"
for _ch in (" ", "-", "(", ")", ".", "/", "+"):
    _PG_DIGITS = f"replace({_PG_DIGITS}, '{_ch}'::text, ''::text)"
SEARCH_INDEXES = (
    Index("ix_customers_lower_last_name", func.lower(_CUSTOMERS.c.last_name)),
    Index("ix_customers_lower_first_name", func.lower(_CUSTOMERS.c.first_name)),
    Index("ix_customers_phone_last7", text(f"substr({_PG_DIGITS}, length({_PG_DIGITS}) - 6)"), _table=_CUSTOMERS),
)

UNIQUE_EMAIL = Index("ux_customers_email", _CUSTOMERS.c.email, unique=True,
                     sqlite_where=_CUSTOMERS.c.email.isnot(None), postgresql_where=_CUSTOMERS.c.email.isnot(None))
"""One customer per (lower-case) email address, migration 0004."""
