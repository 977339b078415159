"""``clienteling diagnostics --out FILE.zip``: what IT sends to support, without secrets or
personal data.

The zip holds ``versions.json`` (app, Python, Qt, SQLite/SQLCipher, OS), ``config.json`` (every
setting and where it came from; secrets hidden, proxy and server URL credentials stripped),
``device.json`` (device id and store, never the token), ``sync_state.json`` (cursor summary, last
sync, outbox depth by status, cache size and age, schema version), ``selftest.json`` and the log
files under ``logs/``. The logs hold no personal data by construction; they go through
:func:`clienteling.logs.redact` again here as a second line of defence.
"""

from __future__ import annotations

import json
import os
import platform
import sys
import tempfile
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit, urlunsplit

from clienteling import __version__
from clienteling.errors import UserFacingError
from clienteling.selftest import (LIBRARIES, cache_bytes, enrolled_cache_key, module_version, run_selftest,
                                  sqlite_versions)

MEMBERS = ("versions.json", "config.json", "device.json", "sync_state.json", "selftest.json")


def strip_url_credentials(url: str) -> str:
    """``url`` without a ``user:password@`` part."""
    parts = urlsplit(url)
    if not parts.username and not parts.password:
        return url
    host = parts.hostname or ""
    netloc = (f"[{host}]" if ":" in host else host) + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def versions() -> dict[str, Any]:
    """Versions of the app, Python, the OS and every library that imports ("" when unknown)."""
    import importlib

    found: dict[str, Any] = {"app": __version__, "python": platform.python_version(),
                             "os": platform.platform(), "machine": platform.machine(),
                             "frozen": bool(getattr(sys, "frozen", False)), "libraries": {}}
    for name, _ in LIBRARIES:
        try:
            found["libraries"][name] = module_version(importlib.import_module(name), name)
        except Exception as exc:  # noqa: BLE001 - a missing library is a fact to report
            found["libraries"][name] = f"not importable: {type(exc).__name__}"
    try:
        from PySide6.QtCore import qVersion

        found["qt"] = qVersion()
    except Exception as exc:  # noqa: BLE001
        found["qt"] = f"not importable: {type(exc).__name__}"
    try:
        found.update(sqlite_versions())
    except Exception as exc:  # noqa: BLE001
        found["sqlite"] = f"not importable: {type(exc).__name__}"
    return found


def public_config(config: Any) -> dict[str, Any]:
    """Every setting's value and source; secrets shown only as set or not, URLs without credentials."""
    from clienteling.config import SETTINGS, system_config_paths

    values: dict[str, Any] = {}
    for setting in SETTINGS:
        value = getattr(config, setting.key)
        if setting.secret:
            value = "(set)" if value else ""
        elif setting.key in ("proxy", "server_url") and value:
            value = strip_url_credentials(value)
        values[setting.key] = str(value) if isinstance(value, Path) else value
    return {"values": values, "sources": dict(config.sources),
            "effective": {"cache_path": str(config.cache_path), "log_path": str(config.log_path),
                          "receipts_path": str(config.receipts_path)},
            "files": {str(p): p.is_file() for p in system_config_paths()}}


def _iso(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, timezone.utc).isoformat(timespec="seconds")


def _age_s(iso: str | None, now: datetime) -> float | None:
    from sync.policy import parse_time

    then = parse_time(iso)
    return None if then is None else round((now - then).total_seconds(), 1)


def sync_state(cache: Any, path: Path) -> dict[str, Any]:
    """Cursor summary per scope, last sync, outbox depth by status, cache size and age, schema version."""
    from clienteling.cache import outbox, state
    from clienteling.cache.schema import schema_version

    with cache.read() as conn:
        scopes = state.all_scopes(conn)
        counts = outbox.counts(conn).as_dict()
        version = schema_version(conn)
    now = datetime.now(timezone.utc)
    synced = sorted(s.last_sync_at for s in scopes.values() if s.last_sync_at)
    stat = path.stat()
    return {
        "schema_version": version,
        "scopes": {name: {"snapshot_done": s.snapshot_done, "version": s.version,
                          "rows_received": s.rows_received, "total_rows": s.total_rows,
                          "last_sync_at": s.last_sync_at,
                          "has_snapshot_cursor": bool(s.snapshot_cursor),
                          "has_changes_cursor": bool(s.changes_cursor)}
                   for name, s in sorted(scopes.items())},
        "last_sync_at": synced[-1] if synced else None,
        "outbox": counts,
        "cache": {"bytes": cache_bytes(path), "modified_at": _iso(stat.st_mtime),
                  "data_age_s": _age_s(synced[0] if synced else None, now)},
    }


def _device_and_state(config: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    from clienteling.cache import open_cache, state
    from clienteling.cache.state import DEVICE_KEYS
    from clienteling.security.credentials import credential_store_for

    key, missing = enrolled_cache_key(config, credential_store_for(config))
    if key is None:
        reason = {"enrolled": False, "missing": missing}
        return reason, reason
    cache = open_cache(config.cache_path, key)
    try:
        with cache.read() as conn:
            device = {k: v for k, v in state.load_device(conn).items() if k in DEVICE_KEYS}
        return device, sync_state(cache, Path(config.cache_path))
    finally:
        cache.close()


def _redacted_logs(log_dir: Path) -> list[tuple[str, str]]:
    from clienteling.logs import log_files, redact

    return [(f"logs/{f.name}", redact(f.read_text(encoding="utf-8", errors="replace")))
            for f in log_files(log_dir)]


def _json(data: Any) -> str:
    return json.dumps(data, indent=2, sort_keys=True, default=str) + "\n"


def write_diagnostics(out: Path, load_config: Callable[[], Any], *, qt: bool = True) -> list[str]:
    """Write the zip to ``out`` (atomically) and return its member names. A configuration that does
    not load, a credential store or cache that cannot open are recorded, not raised."""
    from clienteling.config import ConfigError, default_log_dir

    out = Path(out)
    if not out.parent.is_dir():
        raise UserFacingError(f"cannot write {out}: the folder {out.parent} does not exist")
    members: dict[str, str] = {"versions.json": _json(versions())}
    try:
        config = load_config()
    except ConfigError as exc:
        config, problem = None, {"error": str(exc)}
        members.update({"config.json": _json(problem), "device.json": _json(problem),
                        "sync_state.json": _json(problem)})
    if config is not None:
        members["config.json"] = _json(public_config(config))
        try:
            device, synced = _device_and_state(config)
        except Exception as exc:  # noqa: BLE001 - CacheError / CredentialStoreUnavailable: say which
            device = synced = {"error": f"{type(exc).__name__}: {exc}"}
        if device.get("server_url"):
            device["server_url"] = strip_url_credentials(device["server_url"])
        members["device.json"] = _json({**device, "hostname": platform.node()})
        members["sync_state.json"] = _json(synced)
    members["selftest.json"] = _json(run_selftest(load_config, qt=qt).as_dict())
    logs = _redacted_logs(config.log_path if config is not None else default_log_dir())

    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for name, text in [*members.items(), *logs]:
                zf.writestr(name, text)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return [*members, *(name for name, _ in logs)]
