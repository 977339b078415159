"""Cache schema: one table per replicated entity plus sync bookkeeping, and its migrations.

Migrations are a plain list of steps keyed by ``PRAGMA user_version`` (step i brings the file
from version i to i+1). After the steps, :func:`reconcile_entities` adds any entity column or
index declared in ``sync.entities`` but missing in the file, so a new column needs no hand-written
step; scopes holding an entity that gained columns are re-snapshotted to fill them.
"""

from __future__ import annotations

from typing import Callable

from sqlalchemy import (Column, Connection, Float, Index, Integer, MetaData, Table, Text,
                        UniqueConstraint)

from sync.entities import ENTITIES, Entity

from clienteling.cache import fts
from clienteling.cache.errors import CacheError

metadata = MetaData()

_SQL_TYPES = {"str": Text, "int": Integer, "float": Float, "bool": Integer, "json": Text}


def _entity_table(entity: Entity) -> Table:
    cols = [Column(c.name, _SQL_TYPES[c.type], primary_key=(c.name == "id"), nullable=c.nullable)
            for c in entity.columns]
    cols += [Column("_scope", Text, nullable=False), Column("_version", Integer, nullable=True)]
    indexes = [Index(f"ix_{entity.name}_{'_'.join(ix)}", *ix) for ix in entity.indexes]
    # Customers keep a rowid: the full-text index refers to it. Other tables are clustered by id
    # (one B-tree instead of table + primary-key index), which makes bulk loads cheaper.
    table = Table(entity.name, metadata, *cols, *indexes,
                  sqlite_with_rowid=(entity.name == "customers"))
    # Only stale rows (negative version, during a re-snapshot) are indexed by scope: a full
    # _scope index would cost every bulk insert, and the sweep is the only query that needs it.
    Index(f"ix_{entity.name}__stale", table.c._scope, sqlite_where=table.c._version < 0)
    return table


ENTITY_TABLES: dict[str, Table] = {name: _entity_table(e) for name, e in ENTITIES.items()}


def secondary_indexes(entity: str) -> list[Index]:
    """The declared lookup indexes of an entity table (dropped during the initial bulk load)."""
    return [ix for ix in ENTITY_TABLES[entity].indexes if not ix.name.endswith("__stale")]


def drop_secondary_indexes(conn: Connection, entities: list[str]) -> None:


    """Drop the lookup indexes of these entity tables (if present)."""
    for entity in entities:
        for index in secondary_indexes(entity):
            index.drop(conn, checkfirst=True)


def create_secondary_indexes(conn: Connection, entities: list[str]) -> None:


    """Create the lookup indexes of these entity tables (if missing)."""
    for entity in entities:
        for index in secondary_indexes(entity):
            index.create(conn, checkfirst=True)

sync_state = Table(
    "sync_state", metadata,
    Column("scope", Text, primary_key=True),
    Column("snapshot_cursor", Text),
    Column("changes_cursor", Text),
    Column("snapshot_done", Integer, nullable=False, default=0),
    Column("version", Integer),
    Column("rows_received", Integer, nullable=False, default=0),
    Column("total_rows", Integer),
    Column("last_sync_at", Text),
)

outbox = Table(
    "outbox", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("id", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("associate_id", Text),
    Column("local_time", Text, nullable=False),
    Column("args", Text, nullable=False),
    Column("touched", Text, nullable=False),
    Column("status", Text, nullable=False, default="pending"),
    Column("code", Text),
    Column("message", Text),
    Column("attempts", Integer, nullable=False, default=0),
    Column("created_at", Text, nullable=False),
    Column("done_at", Text),
    UniqueConstraint("id", name="uq_outbox_id"),
    Index("ix_outbox_status", "status", "seq"),
    sqlite_autoincrement=True,
)

outbox_keys = Table(
    "outbox_keys", metadata,
    Column("entity", Text, nullable=False),
    Column("row_id", Text, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("pending", Integer, nullable=False, default=1),
    Index("ix_outbox_keys_row", "entity", "row_id", "pending"),
    Index("ix_outbox_keys_seq", "seq"),
)
"""The (entity, row id) keys each outbox entry touched, indexed (``pending`` mirrors its status):
"which pending mutations touched this row" is an index probe, not a scan of the outbox's JSON."""

CUSTOMER_KEY = "@customer"
"""Pseudo-entity in ``outbox_keys``: the customer a mutation is about (in its args, or its task's),
so "this customer's pending / refused changes" is an index probe too."""

device = Table(
    "device", metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text),
)

cache_meta = Table(
    "cache_meta", metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text),
)


def _step_initial(conn: Connection) -> None:
    metadata.create_all(conn)
    fts.create(conn)


def _step_name_vocabulary(conn: Connection) -> None:
    # Typo-tolerant name search looks words up in the index's own vocabulary.
    fts.create_vocab(conn)


def _step_outbox_keys(conn: Connection) -> None:
    # Files made before this step have the outbox but not its key index: build it from the JSON.
    outbox_keys.create(conn, checkfirst=True)
    conn.exec_driver_sql(
        "INSERT INTO outbox_keys (entity, row_id, seq, pending) "
        "SELECT DISTINCT json_extract(k.value, '$[0]'), json_extract(k.value, '$[1]'), o.seq, "
        "o.status = 'pending' FROM outbox o, json_each(o.touched) k "
        "WHERE NOT EXISTS (SELECT 1 FROM outbox_keys x WHERE x.seq = o.seq)")


def _step_customer_keys(conn: Connection) -> None:
    # Each outbox entry's customer as a key, so per-customer lookups probe the index.
    has_tasks = conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'tasks'").first()
    customer = ("coalesce(json_extract(o.args, '$.customer_id'), (SELECT t.customer_id FROM tasks t "
                "WHERE t.id = json_extract(o.args, '$.task_id')))" if has_tasks
                else "json_extract(o.args, '$.customer_id')")
    conn.exec_driver_sql(
        "INSERT INTO outbox_keys (entity, row_id, seq, pending) "
        f"SELECT ?, {customer} AS cid, o.seq, o.status = 'pending' FROM outbox o WHERE cid IS NOT NULL",
        (CUSTOMER_KEY,))


MIGRATIONS: list[Callable[[Connection], None]] = [_step_initial, _step_name_vocabulary, _step_outbox_keys,
                                                  _step_customer_keys]
"""Schema steps; index = the ``user_version`` a step starts from. Append, never edit."""


def schema_version(conn: Connection) -> int:


    """The file's schema version (``PRAGMA user_version``)."""
    return int(conn.exec_driver_sql("PRAGMA user_version").scalar() or 0)


def migrate(conn: Connection, steps: list[Callable[[Connection], None]] | None = None) -> list[str]:
    """Bring the file to the latest schema inside the caller's transaction; returns what changed."""
    steps = MIGRATIONS if steps is None else steps
    current = schema_version(conn)
    if current > len(steps):
        raise CacheError("incompatible", detail=f"schema {current}, this app knows {len(steps)}")
    done = []
    for number in range(current, len(steps)):
        steps[number](conn)
        done.append(f"step {number + 1}")
    if done:
        conn.exec_driver_sql(f"PRAGMA user_version = {len(steps)}")
    added = reconcile_entities(conn)
    return done + added


def _existing_columns(conn: Connection, table: str) -> list[str]:
    return [r[1] for r in conn.exec_driver_sql(f'PRAGMA table_info("{table}")')]


def reconcile_entities(conn: Connection) -> list[str]:
    """Create missing entity tables, columns and indexes; flag scopes for a re-snapshot if needed."""
    changes = []
    grown = False
    for name, table in ENTITY_TABLES.items():
        existing = _existing_columns(conn, name)
        if not existing:
            table.create(conn)
            changes.append(f"table {name}")
            continue
        for col in table.columns:
            if col.name not in existing:
                sql_type = col.type.compile(dialect=conn.dialect)
                conn.exec_driver_sql(f'ALTER TABLE "{name}" ADD COLUMN "{col.name}" {sql_type}')
                changes.append(f"column {name}.{col.name}")
                grown = True
        for index in table.indexes:
            index.create(conn, checkfirst=True)
    if grown:
        # Existing rows lack the new values: fetch every scope again (local-only rows are kept).
        conn.exec_driver_sql("UPDATE sync_state SET snapshot_done = 0, snapshot_cursor = NULL")
    return changes
