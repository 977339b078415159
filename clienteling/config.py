"""Typed settings, declared once, layered: machine-wide file < user file < environment < command line.

Files are TOML with the keys below (``/etc/clienteling/terminal.toml`` then
``~/.config/clienteling/terminal.toml`` on Linux; ``%ProgramData%\\Clienteling\\terminal.toml``
then ``%APPDATA%\\Clienteling\\terminal.toml`` on Windows). Environment variables are
``CLIENTELING_<KEY>`` in upper case. A wrong value (bad URL, unknown key or variable, wrong TOML
type) stops with one message naming where it came from, the key and what is expected.
"""

from __future__ import annotations

import difflib
import os
import re
import ssl
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlparse


class ConfigError(Exception):
    """A setting has a wrong value; the message names the source, the key and what is expected."""


def _default_data_dir() -> str:
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return str(Path(base) / "Clienteling")
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(base) / "clienteling")


def default_log_dir() -> Path:
    """The platform's per-user log folder (``$XDG_STATE_HOME/clienteling/logs``,
    ``%LOCALAPPDATA%\\Clienteling\\Logs``)."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "Clienteling" / "Logs"
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "clienteling" / "logs"


def _parse_url(value: Any) -> str:
    if value in (None, ""):
        return ""
    text = str(value).strip().rstrip("/")
    parts = urlparse(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("an http:// or https:// URL, such as https://central.example.com")
    return text


def _parse_choice(*choices: str) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        text = str(value).strip().lower()
        if text not in choices:
            raise ValueError("one of " + ", ".join(choices))
        return text
    return parse


def _parse_float(minimum: float) -> Callable[[Any], float]:
    def parse(value: Any) -> float:
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"a number >= {minimum}") from None
        if number < minimum:
            raise ValueError(f"a number >= {minimum}")
        return number
    return parse


def _parse_int(minimum: int) -> Callable[[Any], int]:
    def parse(value: Any) -> int:
        if isinstance(value, bool):
            raise ValueError(f"a whole number >= {minimum}")
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ValueError(f"a whole number >= {minimum}") from None
        if number < minimum or (isinstance(value, float) and value != number):
            raise ValueError(f"a whole number >= {minimum}")
        return number
    return parse


def _parse_text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _parse_ca_bundle(value: Any) -> str:
    """A readable PEM file of CA certificates ("" = the built-in public authorities)."""
    text = "" if value is None else str(value).strip()
    if not text:
        return ""
    path = Path(text).expanduser()
    expected = f"a readable PEM file of CA certificates, but {path}"
    if path.is_dir():
        raise ValueError(f"{expected} is a folder")
    try:
        pem = path.read_text(encoding="ascii", errors="replace")
    except OSError as exc:
        raise ValueError(f"{expected} cannot be read ({exc.strerror})") from None
    if "-----BEGIN CERTIFICATE-----" not in pem:
        raise ValueError(f"{expected} holds no PEM certificate (-----BEGIN CERTIFICATE-----)")
    try:
        ssl.create_default_context(cafile=str(path))
    except ssl.SSLError as exc:
        raise ValueError(f"{expected} is not a valid certificate bundle ({exc.reason or exc})") from None
    return str(path)


def _parse_proxy(value: Any) -> str:
    """An ``http(s)://host:port`` proxy URL ("" = none, or the usual proxy environment variables)."""
    text = "" if value is None else str(value).strip()
    if not text:
        return ""
    expected = "a proxy URL http://host:port or https://host:port"
    parts = urlparse(text)
    try:
        port = parts.port
    except ValueError:
        port = None
    if parts.scheme not in ("http", "https") or not parts.hostname or port is None \
            or parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ValueError(expected)
    return text.rstrip("/")


def _parse_path(value: Any) -> str:
    text = str(value).strip()
    if not text:
        raise ValueError("a folder path")
    return str(Path(text).expanduser())


_LANGUAGE = re.compile(r"([a-z]{2,3})(?:[_-]([a-z]{2}))?", re.IGNORECASE)


def _parse_language(value: Any) -> str:
    """A language code ("fr", "en", "fr_CA"); "" follows the system locale."""
    text = "" if value is None else str(value).strip()
    if not text:
        return ""
    match = _LANGUAGE.fullmatch(text)
    if match is None:
        raise ValueError('a language code such as "fr" or "en" (or "fr_CA"), or "" for the system language')
    language, region = match.groups()
    return language.lower() + (f"_{region.upper()}" if region else "")


TEXT, NUMBER, WHOLE_NUMBER = "text", "number", "whole number"
_TOML_TYPES: dict[str, tuple[type, ...]] = {TEXT: (str,), NUMBER: (int, float), WHOLE_NUMBER: (int,)}
_TOML_SPELLING = {TEXT: "a string in quotes", NUMBER: "a number without quotes",
                  WHOLE_NUMBER: "a whole number without quotes"}


def _toml_type_name(value: Any) -> str:
    names = ((bool, "boolean"), (str, "string"), (int, "integer"), (float, "float"), (dict, "table"),
             (list, "array"))
    return next((name for kind, name in names if isinstance(value, kind)), "date or time")


@dataclass(frozen=True)
class Setting:
    key: str
    default: Any
    parse: Callable[[Any], Any]
    description: str
    kind: str = TEXT
    """What a TOML file must hold: TEXT, NUMBER or WHOLE_NUMBER (the environment is always text)."""
    secret: bool = False
    """Never echoed in messages or diagnostics."""

    def check_toml_type(self, value: Any) -> None:
        """Raise ValueError naming the expected TOML type when ``value`` has another one."""
        if isinstance(value, bool) or not isinstance(value, _TOML_TYPES[self.kind]):
            raise ValueError(f"{_TOML_SPELLING[self.kind]} (found a TOML {_toml_type_name(value)})")


SETTINGS: tuple[Setting, ...] = (
    Setting("data_dir", None, _parse_path,
            "Folder for the encrypted cache and (opt-in) the credentials file. "
            "Default: the platform's per-user data folder."),
    Setting("server_url", "", _parse_url,
            "Central service URL; set at enrolment and remembered in the cache."),
    Setting("store_id", "", _parse_text,
            "The store IT provisioned this terminal for (e.g. S001); 'clienteling selftest' fails "
            "when the terminal is enrolled for another store. Empty: not checked."),
    Setting("enroll_code", "", _parse_text,
            "One-time enrolment code for an unattended 'clienteling enroll' (no --code); never "
            "shown in messages or diagnostics. Empty: none.", secret=True),
    Setting("credential_store", "keyring", _parse_choice("keyring", "file"),
            "Where the device token and cache key live: the OS credential store (keyring), or "
            "'file': a 0600 file in the data folder, for kiosks and CI only (a warning is logged)."),
    Setting("sync_interval_s", 30.0, _parse_float(1.0),
            "Seconds between periodic pulls and outbox pushes when no change hint arrives.", NUMBER),
    Setting("request_timeout_s", 20.0, _parse_float(1.0),
            "Seconds before a request to the central service is given up and retried.", NUMBER),
    Setting("log_level", "info", _parse_choice("debug", "info", "warning", "error"),
            "Log level for the rotating log files."),
    Setting("log_dir", None, _parse_path,
            "Folder of the rotating log files (5 x 2 MB). Default: the platform's log folder, "
            "~/.local/state/clienteling/logs ($XDG_STATE_HOME) or %LOCALAPPDATA%\\Clienteling\\Logs."),
    Setting("language", "", _parse_language,
            "Language of the window: a code such as 'fr' or 'en'; empty: the system's language "
            "(English when there is no translation for it)."),
    Setting("offline_redeem_cap_points", 1000, _parse_int(0),
            "Most loyalty points this terminal may redeem for one customer before the central "
            "service has confirmed them (offline); 0 forbids offline redemption.", WHOLE_NUMBER),
    Setting("hold_days", 2, _parse_int(1),
            "How many days an item put on hold for a customer stays reserved.", WHOLE_NUMBER),
    Setting("offline_return_cap_cents", 20_000, _parse_int(0),
            "Refunds (cents) this terminal may give on returns the central service has not "
            "confirmed yet (offline); beyond it a manager approves; 0: no offline return without one.",
            WHOLE_NUMBER),
    Setting("receipt_printer", "", _parse_text,
            "Printer (its system name) that handover and return receipts also go to; empty: none."),
    Setting("receipts_dir", None, _parse_path,
            "Folder for receipt PDFs. Default: 'receipts' in the data folder."),
    Setting("ca_bundle", "", _parse_ca_bundle,
            "PEM file of the certificate authorities trusted for the central service's TLS "
            "certificate (a private CA); it replaces the built-in public ones. TLS certificates "
            "are always verified."),
    Setting("proxy", "", _parse_proxy,
            "HTTP proxy to reach the central service through, http://host:port or "
            "https://host:port; empty: none (the HTTPS_PROXY / NO_PROXY environment applies)."),
    Setting("idle_lock_minutes", 5, _parse_int(0),
            "Minutes without use before the terminal locks and the associate signs in again; "
            "0: never locks.", WHOLE_NUMBER),
)
SETTINGS_BY_KEY = {s.key: s for s in SETTINGS}


@dataclass(frozen=True)
class Config:
    data_dir: Path
    server_url: str = ""
    store_id: str = ""
    enroll_code: str = field(default="", repr=False)
    credential_store: str = "keyring"
    sync_interval_s: float = 30.0
    request_timeout_s: float = 20.0
    log_level: str = "info"
    log_dir: Path | None = None
    """None: the platform's log folder (see :attr:`log_path`)."""
    language: str = ""
    """Empty: follow the system locale."""
    offline_redeem_cap_points: int = 1000
    hold_days: int = 2
    offline_return_cap_cents: int = 20_000
    receipt_printer: str = ""
    receipts_dir: Path | None = None
    """None: ``data_dir / "receipts"`` (see :attr:`receipts_path`)."""
    ca_bundle: str = ""
    """Empty: the built-in public certificate authorities."""
    proxy: str = ""
    idle_lock_minutes: int = 5
    sources: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def cache_path(self) -> Path:
        return self.data_dir / "cache.db"

    @property
    def receipts_path(self) -> Path:
        """Where receipt PDFs go: ``receipts_dir`` or ``<data_dir>/receipts``."""
        return Path(self.receipts_dir) if self.receipts_dir else self.data_dir / "receipts"

    @property
    def log_path(self) -> Path:
        """Where the rotating log files go: ``log_dir`` or the platform's log folder."""
        return Path(self.log_dir) if self.log_dir else default_log_dir()


def system_config_paths() -> list[Path]:
    """The machine-wide file, then the user's file."""
    if sys.platform == "win32":
        program_data = Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData"))
        appdata = Path(os.environ.get("APPDATA", str(Path.home() / "AppData" / "Roaming")))
        return [program_data / "Clienteling" / "terminal.toml", appdata / "Clienteling" / "terminal.toml"]
    xdg = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return [Path("/etc/clienteling/terminal.toml"), xdg / "clienteling" / "terminal.toml"]


def _read_file(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        return {}
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror})") from None
    return data


def _unknown_key_message(path: Path, key: str) -> str:
    close = difflib.get_close_matches(key.lower().replace("-", "_"), SETTINGS_BY_KEY, n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return f"{path}: unknown key {key!r}: {hint}(known keys: {', '.join(SETTINGS_BY_KEY)})"


ENV_PREFIX = "CLIENTELING_"
OTHER_ENV_PREFIXES = ("CLIENTELING_TEST_", "CLIENTELING_CENTRAL_")
"""Variables of the central service and the test suite: not the terminal's settings."""


def _unknown_env_message(name: str) -> str:
    key = name[len(ENV_PREFIX):].lower()
    close = difflib.get_close_matches(key, SETTINGS_BY_KEY, n=1, cutoff=0.6)
    hint = f"did you mean {ENV_PREFIX + close[0].upper()}? " if close else ""
    return (f"environment: unknown variable {name}: {hint}(the terminal reads "
            f"{', '.join(ENV_PREFIX + k.upper() for k in SETTINGS_BY_KEY)})")


def _shown(setting: Setting, raw: Any) -> str:
    return "(hidden)" if setting.secret else repr(raw)


def load_config(
    files: list[Path] | None = None,
    env: dict[str, str] | None = None,
    cli: dict[str, Any] | None = None,
) -> Config:
    """Build the configuration from files, environment and command-line values (None = unset)."""
    env = dict(os.environ) if env is None else env
    layers: list[tuple[str, dict[str, Any]]] = []
    for path in system_config_paths() if files is None else files:
        data = _read_file(path)
        for key, raw in data.items():
            if key not in SETTINGS_BY_KEY:
                raise ConfigError(_unknown_key_message(path, key))
            setting = SETTINGS_BY_KEY[key]
            try:
                setting.check_toml_type(raw)
            except ValueError as exc:
                raise ConfigError(f"{path}: {key} = {_shown(setting, raw)} has the wrong type: "
                                  f"expected {exc}") from None
        layers.append((str(path), data))
    for name in sorted(env):
        if (name.startswith(ENV_PREFIX) and not name.startswith(OTHER_ENV_PREFIXES)
                and name[len(ENV_PREFIX):].lower() not in SETTINGS_BY_KEY):
            raise ConfigError(_unknown_env_message(name))  # a misspelt variable would be ignored
    layers.append(("environment", {
        s.key: env[f"{ENV_PREFIX}{s.key.upper()}"] for s in SETTINGS if f"{ENV_PREFIX}{s.key.upper()}" in env
    }))
    layers.append(("command line", {k: v for k, v in (cli or {}).items() if v is not None}))

    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for source, data in layers:
        for key, raw in data.items():
            setting = SETTINGS_BY_KEY[key]
            try:
                values[key] = setting.parse(raw)
            except ValueError as exc:
                where = f"CLIENTELING_{key.upper()}" if source == "environment" else key
                raise ConfigError(f"{source}: {where} = {_shown(setting, raw)} is not valid: "
                                  f"expected {exc}") from None
            sources[key] = source
    data_dir = Path(values.pop("data_dir", None) or _default_data_dir())
    for key in ("log_dir", "receipts_dir"):
        if values.get(key):
            values[key] = Path(values[key])
    return Config(data_dir=data_dir, sources=sources, **values)
