"""Per-scope row counts and checksums of the cache, comparable with the server's scope stats."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from sync.entities import ENTITIES
from sync.protocol import ChecksumAccumulator, scope_checksum


def scope_stats(conn: Connection, scopes: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """``{scope: {"version", "checksum", "entities": {entity: {"rows", "checksum"}}}}``.

    Hashes every row of each (scope, entity) in entity column order with
    ``sync.protocol.ChecksumAccumulator``; entities without rows are left out.
    """
    versions = dict(conn.exec_driver_sql("SELECT scope, version FROM sync_state").all())
    if scopes is None:
        scopes = sorted(versions)
    per_scope: dict[str, dict[str, dict[str, Any]]] = {scope: {} for scope in scopes}
    for name, entity in ENTITIES.items():
        # One pass per table (there is no full _scope index to seek with), grouped by scope.
        cols = ", ".join(f'"{c}"' for c in entity.column_names)
        accs: dict[str, ChecksumAccumulator] = {}
        for row in conn.exec_driver_sql(f'SELECT _scope, {cols} FROM "{name}"'):
            acc = accs.get(row[0])
            if acc is None:
                acc = accs[row[0]] = ChecksumAccumulator(name)
            acc.add(row[1:])
        for scope, acc in accs.items():
            if scope in per_scope and acc.rows:
                per_scope[scope][name] = {"rows": acc.rows, "checksum": acc.checksum}
    return {scope: {"version": versions.get(scope), "checksum": scope_checksum(entities),
                    "entities": entities} for scope, entities in per_scope.items()}
