"""Provisioning: an installer or deployment script writes the machine-wide config file (store,
central service URL, one-time enrolment code) before anyone uses the terminal.

The Windows MSI runs ``clienteling provision`` as a deferred custom action, as SYSTEM, with its
public properties STOREID, APIURL and ENROLLCODE. Only the keys given are set: IT's other keys
and comments in the file stay, so a repair or an upgrade that passes no property changes nothing.
The enrolment itself happens later, as the user who runs the app, because the device token goes
to that user's credential store (which SYSTEM cannot reach).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tomllib
from datetime import datetime, timezone
from pathlib import Path

from clienteling.config import SETTINGS_BY_KEY, ConfigError, _read_file, system_config_paths

# Config key -> command-line option (and the MSI property that feeds it).
OPTIONS = {"store_id": ("--store", "STOREID"), "server_url": ("--server", "APIURL"),
           "enroll_code": ("--enroll-code", "ENROLLCODE")}

_HEADER = (
    "# Clienteling terminal: machine-wide settings (README, \"For IT\").\n"
    "# store_id, server_url and enroll_code are written by `clienteling provision` (the MSI's\n"
    "# STOREID, APIURL, ENROLLCODE); other keys and comments here are kept when it runs again.\n"
    "# The user's file, CLIENTELING_* environment variables and the command line override this file.\n"
)


def machine_config_path() -> Path:
    """``/etc/clienteling/terminal.toml`` or ``%ProgramData%\\Clienteling\\terminal.toml``."""
    return system_config_paths()[0]


def _checked(path: Path, key: str, raw: str) -> str:
    setting = SETTINGS_BY_KEY[key]
    try:
        return setting.parse(raw)
    except ValueError as exc:
        option, prop = OPTIONS[key]
        shown = "(hidden)" if setting.secret else repr(raw)
        raise ConfigError(f"{path}: {key} ({option}, MSI property {prop}) = {shown} is not valid: "
                          f"expected {exc}") from None


def _set_keys(text: str, values: dict[str, str]) -> str:
    """``text`` with each key's top-level line replaced, or appended when it has none."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    # Settings are top-level keys: a [table] further down (a mistake IT would hear about from the
    # config loader) is never edited.
    first_table = next((i for i, line in enumerate(lines) if line.lstrip().startswith("[")), len(lines))
    pending = dict(values)
    for i in range(first_table):
        match = re.match(r"\s*([A-Za-z0-9_-]+)\s*=", lines[i])
        if match and match.group(1) in pending:
            value = pending.pop(match.group(1))
            # json.dumps gives a TOML basic string: quotes, backslashes and controls escaped.
            lines[i] = f"{match.group(1)} = {json.dumps(value, ensure_ascii=False)}{newline}"
    added = [f"{key} = {json.dumps(value, ensure_ascii=False)}{newline}" for key, value in pending.items()]
    head = lines[:first_table]
    if head and not head[-1].endswith(("\n", "\r")):
        head[-1] += newline
    return "".join(head + added + lines[first_table:])


def write_machine_config(path: Path, store_id: str = "", server_url: str = "",
                         enroll_code: str = "") -> list[str]:
    """Set the non-empty values in the TOML file at ``path`` (created if missing), keeping its
    other lines; returns the keys written. A bad value or an unreadable file raises ConfigError."""
    path = Path(path)
    given = {"store_id": store_id, "server_url": server_url, "enroll_code": enroll_code}
    values = {key: _checked(path, key, raw) for key, raw in given.items() if raw and str(raw).strip()}
    if not values:
        raise ConfigError(f"{path}: nothing to write: give --store, --server or --enroll-code "
                          "(MSI properties STOREID, APIURL, ENROLLCODE)")
    _read_file(path)  # refuses a file that is not TOML, naming it, rather than editing it blindly
    try:
        with path.open(encoding="utf-8", newline="") as fh:  # newline="": keep the file's CRLF
            old = fh.read()
    except FileNotFoundError:
        old = _HEADER
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot be read ({getattr(exc, 'strerror', None) or exc})") from None
    new = _set_keys(old, values)
    try:
        written = tomllib.loads(new)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: could not set {', '.join(values)} without breaking the file ({exc}); "
                          "write those keys as simple `key = \"value\"` lines") from None
    if any(written.get(key) != value for key, value in values.items()):
        raise ConfigError(f"{path}: could not set {', '.join(values)}: the file defines them in a form "
                          "this command does not edit; write them as simple `key = \"value\"` lines")
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("w", encoding="utf-8", newline="") as fh:
        fh.write(new)
    os.replace(temporary, path)
    return list(values)


def add_provision_parser(sub: argparse._SubParsersAction) -> None:
    """The ``provision`` subcommand's options (for ``clienteling.__main__``)."""
    p = sub.add_parser("provision", help="write store, server and enrolment code into the machine-wide "
                                         "config file (installers, deployment scripts)")
    p.add_argument("--store", default="", metavar="STORE_ID", help="store this terminal belongs to")
    p.add_argument("--server", default="", metavar="URL", help="central service URL")
    p.add_argument("--enroll-code", default="", metavar="CODE",
                   help="one-time enrolment code used at the app's first start")
    p.add_argument("--config", type=Path, default=None, metavar="FILE",
                   help="file to write (default: the machine-wide file)")
    p.add_argument("--log-file", type=Path, default=None, metavar="FILE",
                   help="also append the outcome to this file (an installer's custom action has no console)")


def _append_log(log: Path | None, line: str) -> None:
    if log is None:
        return
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a", encoding="utf-8") as fh:
            fh.write(f"{datetime.now(timezone.utc).isoformat(timespec='seconds')} {line}\n")
    except OSError as exc:
        print(f"clienteling provision: cannot write the log {log} ({exc.strerror})", file=sys.stderr)


def provision_command(args: argparse.Namespace) -> int:
    """Run ``clienteling provision``: 0 written, 2 bad value or file, 1 the file cannot be written."""
    path = args.config or machine_config_path()
    try:
        keys = write_machine_config(path, args.store, args.server, args.enroll_code)
    except ConfigError as exc:
        message, code = f"configuration error: {exc}", 2
    except OSError as exc:
        message, code = f"cannot write {path} ({exc.strerror}); run as an administrator or root", 1
    else:
        _append_log(args.log_file, f"provision: wrote {', '.join(keys)} to {path}")
        print(f"Wrote {', '.join(keys)} to {path}.")
        return 0
    _append_log(args.log_file, f"provision failed: {message}")
    print(f"clienteling provision: {message}", file=sys.stderr)
    return code
