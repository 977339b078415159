"""``clienteling selftest``: can this terminal run here? Each check says ok, warning, failed or
skipped with a one-line reason: Python and libraries, the Qt platform plugin, the configuration,
the data and log folders, the credential store, the encrypted cache and the central service.

It runs headless and inside the PyInstaller bundle: every import happens inside its check, so a
missing module is a failed check, not a crash. Qt starts in a child process because a platform
plugin that cannot load aborts the whole process. Only a probe entry is written to the credential
store; the device token and cache key are read, never shown.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import os
import platform
import secrets
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable

from clienteling import __version__

OK, WARNING, FAILED, SKIPPED = "ok", "warning", "failed", "skipped"
PROBE_SECRET = "selftest_probe"
QT_PROBE_TIMEOUT_S = 60.0
LIBRARIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("PySide6", ("PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets", "PySide6.QtCharts",
                 "PySide6.QtPrintSupport")),
    ("sqlcipher3", ("sqlcipher3.dbapi2",)),
    ("httpx", ()),
    ("keyring", ()),
    ("sqlalchemy", ()),
    ("pydantic", ()),
    ("orjson", ()),
    ("qasync", ()),
)
"""Top-level modules the app needs, with the submodules that must import too. PySide6 comes
before qasync, which would otherwise look for PyQt5."""


@dataclass(frozen=True)
class Check:
    name: str
    status: str
    detail: str


@dataclass
class SelftestReport:
    checks: list[Check] = field(default_factory=list)
    device: dict[str, Any] = field(default_factory=dict)
    """The enrolled device record (no secrets), when the cache opened."""

    @property
    def failed(self) -> list[Check]:
        return [c for c in self.checks if c.status == FAILED]

    @property
    def ok(self) -> bool:
        """True when no required check failed (warnings and skipped checks pass)."""
        return not self.failed

    def add(self, name: str, status: str, detail: str) -> Check:
        check = Check(name, status, detail)
        self.checks.append(check)
        return check

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "app_version": __version__, "checks": [asdict(c) for c in self.checks]}

    def text(self) -> str:
        """The human-readable report: one line per check, then the verdict with the reasons."""
        width = max((len(c.name) for c in self.checks), default=0)
        lines = [f"clienteling {__version__} selftest"]
        lines += [f"  {c.status.upper() if c.status == FAILED else c.status:8} {c.name:{width}}  {c.detail}"
                  for c in self.checks]
        warnings = sum(c.status == WARNING for c in self.checks)
        if self.ok:
            lines.append(f"selftest passed ({warnings} warning(s))")
        else:
            lines.append("selftest FAILED: " + "; ".join(f"{c.name}: {c.detail}" for c in self.failed))
        return "\n".join(lines)


# ----- versions ------------------------------------------------------------------------------------

def module_version(module: Any, dist: str) -> str:
    """The module's version from ``__version__`` or its distribution metadata ("" if unknown;
    a PyInstaller bundle may carry no metadata)."""
    version = getattr(module, "__version__", None)
    if isinstance(version, str) and version:
        return version
    try:
        from importlib import metadata

        return metadata.version(dist)
    except Exception:  # noqa: BLE001 - no metadata in the bundle: the version is just unknown
        return ""


def sqlite_versions() -> dict[str, str]:
    """SQLite and SQLCipher versions of the bundled ``sqlcipher3`` ("" for SQLCipher when the
    library was built without encryption)."""
    import sqlcipher3.dbapi2 as sqlcipher

    conn = sqlcipher.connect(":memory:")
    try:
        row = conn.execute("PRAGMA cipher_version").fetchone()
    finally:
        conn.close()
    return {"sqlite": sqlcipher.sqlite_version, "sqlcipher": row[0] if row else ""}


def _library_check(report: SelftestReport, name: str, submodules: tuple[str, ...]) -> None:
    try:
        module = importlib.import_module(name)
        for sub in submodules:
            importlib.import_module(sub)
        detail = f"{name} {module_version(module, name) or '(version unknown)'}"
        if name == "sqlcipher3":
            found = sqlite_versions()
            if not found["sqlcipher"]:
                report.add(f"library {name}", FAILED, "built without SQLCipher: the cache cannot be encrypted")
                return
            detail += f" (SQLCipher {found['sqlcipher']}, SQLite {found['sqlite']})"
        elif submodules:
            detail += " (" + ", ".join(s.rsplit(".", 1)[-1] for s in submodules) + ")"
    except Exception as exc:  # noqa: BLE001 - ImportError, or OSError from a missing shared library
        report.add(f"library {name}", FAILED, f"cannot import: {type(exc).__name__}: {exc}")
        return
    report.add(f"library {name}", OK, detail)


def check_python_and_libraries(report: SelftestReport) -> None:
    """Python itself, then every library in :data:`LIBRARIES`."""
    python = f"Python {platform.python_version()} ({platform.python_implementation()}) on {platform.platform()}"
    report.add("python", OK if sys.version_info >= (3, 11) else FAILED,
               python if sys.version_info >= (3, 11) else f"{python}: 3.11 or newer is needed")
    for name, submodules in LIBRARIES:
        _library_check(report, name, submodules)


# ----- Qt ------------------------------------------------------------------------------------------

def qt_probe() -> int:
    """In the child process: start a QApplication (QT_QPA_PLATFORM applies) and print what loaded."""
    from PySide6.QtCore import qVersion
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(["clienteling-selftest"])
    print(json.dumps({"platform": app.platformName(), "qt": qVersion()}))
    return 0


def _qt_probe_command() -> tuple[list[str], dict[str, str]]:
    env = dict(os.environ)
    if getattr(sys, "frozen", False):  # the PyInstaller bundle: the executable is the app
        return [sys.executable, "selftest", "--qt-probe"], env
    package_root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH", "")) if p)
    return [sys.executable, "-m", "clienteling", "selftest", "--qt-probe"], env


def _qt_failure_reason(stderr: str, returncode: int) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    plugin = [line for line in lines if "plugin" in line.lower()]
    reason = (plugin or lines or [f"exit code {returncode}"])[0]
    return f"the Qt platform plugin did not load: {reason}"


def check_qt(report: SelftestReport) -> None:
    """Start Qt in a child process (a plugin that cannot load aborts the process that tries)."""
    command, env = _qt_probe_command()
    wanted = os.environ.get("QT_QPA_PLATFORM") or "default"
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=QT_PROBE_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        report.add("qt", FAILED, f"Qt did not start within {QT_PROBE_TIMEOUT_S:.0f} s "
                                 f"(QT_QPA_PLATFORM={wanted})")
        return
    except OSError as exc:
        report.add("qt", FAILED, f"cannot start {command[0]}: {exc.strerror}")
        return
    try:
        found = json.loads(done.stdout.strip().splitlines()[-1]) if done.returncode == 0 else None
    except (IndexError, ValueError):
        found = None
    if not found:
        report.add("qt", FAILED, _qt_failure_reason(done.stderr, done.returncode))
        return
    report.add("qt", OK, f"Qt {found['qt']}, platform plugin '{found['platform']}' "
                         f"(QT_QPA_PLATFORM={wanted})")


# ----- configuration and folders -------------------------------------------------------------------

def _config_summary(config: Any) -> str:
    by_source: dict[str, int] = {}
    for source in config.sources.values():
        by_source[source] = by_source.get(source, 0) + 1
    if not by_source:
        return "defaults only (no file, environment variable or option set a key)"
    return "; ".join(f"{source}: {n} key(s)" for source, n in by_source.items())


def _check_folder(report: SelftestReport, name: str, folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".selftest-") as fh:
            fh.write(b"probe")
            fh.flush()
    except OSError as exc:
        report.add(name, FAILED, f"{folder} is not writable: {exc.strerror or exc}")
        return
    report.add(name, OK, f"{folder} is writable")


# ----- credentials, cache, server ------------------------------------------------------------------

def _check_credentials(report: SelftestReport, config: Any) -> Any:
    """Write, read and delete a probe secret; the store, or None when it is unusable."""
    from clienteling.security.credentials import CACHE_KEY, CREDENTIALS_FILE, DEVICE_TOKEN, credential_store_for

    credentials_file = Path(config.data_dir) / CREDENTIALS_FILE
    file_existed = credentials_file.exists()
    try:
        store = credential_store_for(config)
        value = secrets.token_hex(16)
        store.set(PROBE_SECRET, value)
        read_back = store.get(PROBE_SECRET)
        store.delete(PROBE_SECRET)
        left = store.get(PROBE_SECRET)
    except Exception as exc:  # noqa: BLE001 - CredentialStoreUnavailable tells IT what to do
        report.add("credentials", FAILED, str(exc) or type(exc).__name__)
        return None
    if read_back != value or left is not None:
        report.add("credentials", FAILED, "the credential store does not keep what is written to it")
        return None
    if config.credential_store == "file":
        if not file_existed and credentials_file.exists() and store.get(DEVICE_TOKEN) is None \
                and store.get(CACHE_KEY) is None:
            credentials_file.unlink()  # the probe left an empty file on a fresh machine
        where = f"file {credentials_file}"
    else:
        import keyring

        where = f"keyring backend {type(keyring.get_keyring()).__name__}"
    report.add("credentials", OK, f"{where}: a probe entry was written, read back and deleted")
    return store


def enrolled_cache_key(config: Any, store: Any) -> tuple[str | None, list[str]]:
    """The cache key when the data folder is fully enrolled, and what is missing otherwise
    (everything: not enrolled; some: a broken enrolment)."""
    from clienteling.security.credentials import CACHE_KEY, DEVICE_TOKEN

    key = store.get(CACHE_KEY)
    missing = [name for name, present in (("device token", store.get(DEVICE_TOKEN)), ("cache key", key),
                                          (Path(config.cache_path).name, Path(config.cache_path).exists()))
               if not present]
    return (key if not missing else None), missing


def cache_bytes(path: Path) -> int:
    """Size of the cache file with its write-ahead log and shared-memory files."""
    return sum(p.stat().st_size for p in (path, path.with_name(path.name + "-wal"),
                                           path.with_name(path.name + "-shm")) if p.exists())


def _check_cache(report: SelftestReport, config: Any, store: Any) -> None:
    key, missing = enrolled_cache_key(config, store)
    if len(missing) == 3:
        report.add("cache", WARNING, f"not enrolled (no cache in {config.data_dir}): "
                                     "enrol with 'clienteling enroll --server URL --code CODE'")
        return
    if key is None:
        report.add("cache", FAILED, f"incomplete enrolment ({', '.join(missing)} missing): enrol again")
        return
    try:
        from clienteling.cache import open_cache, state
        from clienteling.cache.schema import schema_version

        cache = open_cache(config.cache_path, key)
        try:
            with cache.read() as conn:
                result = [str(r) for r in conn.exec_driver_sql("PRAGMA quick_check").scalars()]
                version = schema_version(conn)
                report.device = state.load_device(conn)
        finally:
            cache.close()
    except Exception as exc:  # noqa: BLE001 - CacheError says what to do; anything else is reported
        report.add("cache", FAILED, str(exc) or type(exc).__name__)
        return
    if result != ["ok"]:
        report.add("cache", FAILED, f"PRAGMA quick_check found damage: {result[0][:200]}")
        return
    device, store_id = report.device, report.device.get("store_id", "")
    if config.store_id and store_id != config.store_id:
        report.add("cache", FAILED, f"enrolled for store {store_id}, but store_id = {config.store_id} "
                                    f"({config.sources.get('store_id', 'configuration')}): enrol again")
        return
    report.add("cache", OK, f"quick_check ok, schema version {version}, "
                            f"{cache_bytes(Path(config.cache_path)) / 1e6:.1f} MB, "
                            f"device {device.get('device_id', '?')} of store {store_id or '?'}")


async def _health(url: str, config: Any) -> Any:
    from sync.client import SyncClient

    client = SyncClient(url, timeout_s=config.request_timeout_s, attempts=1,
                        verify=config.ca_bundle or True, proxy=config.proxy or None,
                        user_agent=f"clienteling/{__version__} selftest")
    try:
        return await client.health()
    finally:
        await client.aclose()


def _check_server(report: SelftestReport, config: Any) -> None:
    url = config.server_url or report.device.get("server_url") or ""
    if not url:
        report.add("server", WARNING, "not enrolled and no server_url configured: nothing to reach")
        return
    started = time.monotonic()
    try:
        health = asyncio.run(_health(url, config))
    except Exception as exc:  # noqa: BLE001 - SyncError: offline, timeout, TLS, protocol...
        reason = getattr(exc, "message", None) or f"{type(exc).__name__}: {exc}"
        report.add("server", FAILED, f"{url}: {reason}")
        return
    report.add("server", OK, f"{url} answered in {time.monotonic() - started:.2f} s "
                             f"(protocol {health.protocol_version}, server time {health.server_time})")


# ----- all together --------------------------------------------------------------------------------

def run_selftest(load_config: Callable[[], Any], *, qt: bool = True) -> SelftestReport:
    """Run every check; ``load_config`` builds the configuration (its ConfigError is a failed check)."""
    from clienteling.config import ConfigError

    report = SelftestReport()
    check_python_and_libraries(report)
    if qt:
        check_qt(report)
    try:
        config = load_config()
    except ConfigError as exc:
        report.add("config", FAILED, str(exc))
        for name in ("data dir", "log dir", "credentials", "cache", "server"):
            report.add(name, SKIPPED, "the configuration did not load")
        return report
    report.add("config", OK, _config_summary(config))
    _check_folder(report, "data dir", Path(config.data_dir))
    _check_folder(report, "log dir", config.log_path)
    store = _check_credentials(report, config)
    if store is None:
        report.add("cache", SKIPPED, "the credential store is unusable")
    else:
        _check_cache(report, config, store)
    _check_server(report, config)
    return report
