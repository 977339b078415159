"""Parsing and checking the central service's response bodies before the terminal uses them.

A body may be truncated (a dropped connection, a proxy), malformed (a server bug, another
protocol version) or hostile, and rows from it are written straight into the encrypted cache.
So each body is refused whole with a :class:`WireError` unless it is a JSON object of the
expected shape: known entities, columns exactly in ``sync.entities`` order plus ``_version``,
every row an array of that width, each column's values of its declared type (ids strings,
versions integers), scopes where the protocol requires them, no ``protocol_version`` other than
ours, and no more than :data:`MAX_ROWS_PER_RESPONSE` rows. Nothing is half-applied. The checks
run per column, not per row through pydantic, because snapshot pages carry tens of thousands of
rows; the small envelopes around them are still validated by the ``sync.protocol`` models.
"""

from __future__ import annotations

from typing import Any, Callable

import orjson
from pydantic import ValidationError

from sync import protocol as p
from sync.entities import ENTITIES

MAX_ROWS_PER_RESPONSE = 200_000  # far above MAX_PAGE_ROWS: anything bigger is hostile


class WireError(ValueError):
    """A response body that does not match the protocol."""


_CELL_TYPES: dict[str, tuple[type, ...]] = {
    "str": (str,), "int": (int,), "float": (float, int), "bool": (bool, int),
    "json": (dict, list, str, int, float, bool),
}


def _load(body: bytes) -> Any:
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise WireError(f"not JSON (truncated?): {exc}") from None


def parse_model(model: type, body: bytes) -> Any:
    """Parse a small response fully with pydantic."""
    data = _load(body)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise WireError(f"unexpected {model.__name__}: {first['loc']} {first['msg']}") from None


def _check_rows(entity_name: Any, columns: Any, rows: Any) -> None:
    """Structure and per-column type checks on one EntityRows group (C-speed transposes)."""
    entity = ENTITIES.get(entity_name) if isinstance(entity_name, str) else None
    if entity is None:
        raise WireError(f"unknown entity {entity_name!r}")
    expected = list(entity.column_names) + [p.VERSION_COLUMN]
    if columns != expected:
        raise WireError(f"{entity.name}: columns {columns!r} do not match the protocol")
    if not isinstance(rows, list):
        raise WireError(f"{entity.name}: rows is not a list")
    if not rows:
        return
    width = len(expected)
    if not all(type(r) is list and len(r) == width for r in rows):
        raise WireError(f"{entity.name}: a row is not an array of {width} values")
    kinds = [c.type for c in entity.columns] + ["version"]
    for name, kind, values in zip(expected, kinds, zip(*rows)):
        seen = set(map(type, values))
        if kind == "version" or name == "id":
            allowed: tuple[type, ...] = (int,) if kind == "version" else (str,)
            if not seen <= set(allowed):
                raise WireError(f"{entity.name}.{name}: missing or wrong type {sorted(t.__name__ for t in seen)}")
            continue
        seen.discard(type(None))
        if not seen <= set(_CELL_TYPES[kind]):
            raise WireError(f"{entity.name}.{name}: wrong value type {sorted(t.__name__ for t in seen)}")


def _rows_group(raw: Any, scope_required: bool) -> tuple[p.EntityRows, int]:
    if not isinstance(raw, dict):
        raise WireError("entity rows group is not an object")
    scope = raw.get("scope")
    if (scope_required and not isinstance(scope, str)) or not isinstance(scope, (str, type(None))):
        raise WireError("entity rows group without a scope")
    _check_rows(raw.get("entity"), raw.get("columns"), raw.get("rows"))
    rows = raw["rows"]
    return p.EntityRows.model_construct(entity=raw["entity"], scope=scope, columns=raw["columns"],
                                        rows=rows), len(rows)


def _ids_group(raw: Any, scope_required: bool) -> tuple[p.EntityIds, int]:
    if not isinstance(raw, dict) or raw.get("entity") not in ENTITIES:
        raise WireError(f"bad deletes group {str(raw)[:80]!r}")
    ids, scope = raw.get("ids"), raw.get("scope")
    if not isinstance(ids, list) or not all(type(i) is str for i in ids):
        raise WireError(f"{raw['entity']}: deleted ids must be strings")
    if (scope_required and not isinstance(scope, str)) or not isinstance(scope, (str, type(None))):
        raise WireError("deletes group without a scope")
    return p.EntityIds.model_construct(entity=raw["entity"], scope=scope, ids=ids), len(ids)


def _groups(data: dict, key: str, parse: Callable[[Any, bool], tuple[Any, int]],
            scope_required: bool) -> tuple[list[Any], int]:
    raw = data.get(key, [])
    if not isinstance(raw, list):
        raise WireError(f"{key} is not a list")
    out, total = [], 0
    for item in raw:
        group, n = parse(item, scope_required)
        out.append(group)
        total += n
    if total > MAX_ROWS_PER_RESPONSE:
        raise WireError(f"{total} rows in one response: refused as oversized")
    return out, total


def _envelope(model: type, data: dict, **rest: Any) -> Any:
    try:
        return model.model_validate({**data, **rest})
    except ValidationError as exc:
        raise WireError(f"{model.__name__}: {exc.errors()[0]['loc']} {exc.errors()[0]['msg']}") from None


def _object(body: bytes) -> dict:
    data = _load(body)
    if not isinstance(data, dict):
        raise WireError("the body is not a JSON object")
    # Pages do not carry a version today; a server that adds one and names another is refused
    # rather than read as ours (pydantic would silently drop the unknown key).
    version = data.get("protocol_version", p.PROTOCOL_VERSION)
    if version != p.PROTOCOL_VERSION:
        raise WireError(f"the server speaks protocol version {str(version)[:20]}, this app speaks "
                        f"{p.PROTOCOL_VERSION}: update the app")
    return data


def parse_snapshot(body: bytes) -> p.SnapshotPage:
    """Parse and check a snapshot page."""
    data = _object(body)
    entities, _ = _groups(data, "entities", _rows_group, False)
    page = _envelope(p.SnapshotPage, data, entities=[])
    if not page.done and not page.cursor:
        raise WireError("a snapshot page that is not done must carry a cursor")
    page.entities = entities
    return page


def _delta(raw: Any, model: type, scope_required: bool) -> Any:
    if not isinstance(raw, dict):
        raise WireError(f"{model.__name__} is not an object")
    upserts, _ = _groups(raw, "upserts", _rows_group, scope_required)
    deletes, _ = _groups(raw, "deletes", _ids_group, scope_required)
    obj = _envelope(model, raw, upserts=[], deletes=[])
    obj.upserts, obj.deletes = upserts, deletes
    return obj


def parse_changes(body: bytes) -> p.ChangesResponse:
    """Parse and check a changes response (every scope's upserts and deletes)."""
    data = _object(body)
    scopes = data.get("scopes")
    if not isinstance(scopes, dict):
        raise WireError("scopes is not an object")
    parsed = {str(scope): _delta(raw, p.ScopeChanges, False) for scope, raw in scopes.items()}
    total = sum(len(g.rows) for s in parsed.values() for g in s.upserts)
    if total > MAX_ROWS_PER_RESPONSE:
        raise WireError(f"{total} rows in one response: refused as oversized")
    resp = _envelope(p.ChangesResponse, data, scopes={})
    resp.scopes = parsed
    return resp


def parse_push(body: bytes) -> p.PushResponse:
    """Parse and check a push response; each result's state groups must name their scope."""
    data = _object(body)
    raw_results = data.get("results")
    if not isinstance(raw_results, list):
        raise WireError("results is not a list")
    results = []
    for raw in raw_results:
        if not isinstance(raw, dict):
            raise WireError("a result is not an object")
        state = _delta(raw.get("state", {}), p.StateDelta, True)
        result = _envelope(p.MutationResult, raw, state={})
        result.state = state
        results.append(result)
    resp = _envelope(p.PushResponse, data, results=[])
    resp.results = results
    return resp


def parse_customer_search(body: bytes) -> p.CustomerSearchResponse:
    """Parse and check a customer search response: customer rows only, each group with a scope."""
    data = _object(body)
    groups, _ = _groups(data, "customers", _rows_group, True)
    if any(g.entity != "customers" for g in groups):
        raise WireError("a customer search returned rows of another entity")
    resp = _envelope(p.CustomerSearchResponse, data, customers=[])
    resp.customers = groups
    return resp


def parse_customer_fetch(body: bytes) -> p.CustomerFetchResponse:
    """Parse and check a customer fetch response (its state groups must name their scope)."""
    data = _object(body)
    state = _delta(data.get("state", {}), p.StateDelta, True)
    resp = _envelope(p.CustomerFetchResponse, data, state={})
    resp.state = state
    return resp
