"""Shared plumbing of the benchmarks that need a running central service and an enrolled terminal.

A seeded central database per size (shared by every benchmark, seeded once under a file lock so
two benchmarks never seed it at the same time), ``clienteling-central serve`` on loopback as a
separate process, a terminal enrolled in a folder with a file credential store (so another
process can open it), signing in and searching in the real window, and the small statistics
every benchmark prints. Qt is imported only inside the window helpers.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from sqlalchemy import text  # noqa: E402

# sync.server is imported inside the functions that need it: the window benchmarks import this
# module in the process they time, which must load what the app loads and nothing more.

LARGE_DIR = Path("/tmp/bench-large")  # where the large central lives (seeding it takes ~3 min)


def logger(name: str):  # type: ignore[no-untyped-def]
    """A ``log(msg)`` printing ``[name] msg`` on stderr (stdout carries the JSON only)."""
    def log(msg: str) -> None:
        print(f"[{name}] {msg}", file=sys.stderr, flush=True)
    return log


log = logger("bench")


# ----- the central database ---------------------------------------------------------------------

def db_path(size: str) -> Path:
    """The shared seeded database file of ``size`` (large: /tmp/bench-large/central.db)."""
    if size == "large":
        return LARGE_DIR / "central.db"
    return Path(tempfile.gettempdir()) / f"clienteling-bench-shared-{size}.db"


def has_data(url: str) -> bool:
    """The database answers and holds customers."""
    from sync.server.db import open_engine, read_tx
    try:
        engine = open_engine(url)
        try:
            with read_tx(engine) as conn:
                return bool(conn.execute(text("SELECT count(*) FROM customers")).scalar())
        finally:
            engine.dispose()
    except Exception:
        return False


def _data_fingerprint(seed: int) -> str:
    """Changes when the seeded data would: the generator, the seeding code, entities, migrations."""
    digest = hashlib.sha256(str(seed).encode())
    sources = [*sorted((ROOT / "sync" / "datagen").glob("*.py")), ROOT / "sync" / "server" / "seed.py",
               ROOT / "sync" / "entities.py", *sorted((ROOT / "sync" / "server" / "migrations").rglob("*.py"))]
    for source in sources:
        if source.exists():
            digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def seed_db(url: str, size: str, seed: int = 42) -> None:
    """Fill the central database at ``url`` with ``clienteling-central seed`` (a subprocess)."""
    log(f"seeding {size} into {url} ...")
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "sync.server.cli", "seed", "--db", url, "--size", size,
                    "--seed", str(seed)], check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    log(f"seeded in {time.monotonic() - started:.1f}s")


def seeded_db(size: str, seed: int = 42) -> str:
    """URL of the shared database of ``size``, seeded first if it has no data or (tiny, demo) was
    seeded by other code (a fingerprint in ``<file>.stamp``; data with no stamp is adopted).
    Seeding holds an exclusive lock (``flock`` on ``.lock`` next to the file), so a benchmark that
    arrives while another seeds waits for it instead of reading half a database."""
    path = db_path(size)
    path.parent.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{path}"
    lock = path.parent / ".lock" if size == "large" else path.with_name(path.name + ".lock")
    stamp = path.with_name(path.name + ".stamp")
    fingerprint = _data_fingerprint(seed)
    with open(lock, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            if has_data(url) and not stamp.exists():
                stamp.write_text(fingerprint)
            stale = has_data(url) and stamp.read_text().strip() != fingerprint
            if stale and size == "large":  # others may be using it: reseeding takes minutes
                log(f"{path} was seeded by other code than this checkout's: delete it to reseed")
                stale = False
            if stale or not has_data(url):
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{path}{suffix}").unlink(missing_ok=True)
                seed_db(url, size, seed)
                stamp.write_text(fingerprint)
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    return url


def first_store(url: str) -> str:
    """The first store (by id): its terminal is the one the benchmarks enrol."""
    from sync.server.db import open_engine, read_tx
    engine = open_engine(url)
    try:
        with read_tx(engine) as conn:
            return conn.execute(text("SELECT id FROM stores WHERE kind = 'store' ORDER BY id LIMIT 1")).scalar()
    finally:
        engine.dispose()


def enroll_code(url: str, store: str) -> str:
    """A fresh one-time enrolment code for a terminal of ``store``."""
    from sync.server import admin
    from sync.server.db import open_engine
    engine = open_engine(url)
    try:
        return admin.create_enroll_code(engine, store)
    finally:
        engine.dispose()


# ----- the central service ------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def central(url: str, *serve_args: str) -> Iterator[str]:
    """``clienteling-central serve`` (plus ``serve_args``) on a free loopback port for the block;
    yields its base URL."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "sync.server.cli", "serve", "--db", url,
                             "--host", "127.0.0.1", "--port", str(port), *serve_args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError("the central server exited at start-up")
            try:
                if httpx.get(base + "/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the central server did not answer /v1/health")
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# ----- the terminal ------------------------------------------------------------------------------

def terminal_config(data_dir: Path):  # type: ignore[no-untyped-def]
    """A terminal configuration for ``data_dir`` with a file credential store."""
    from clienteling.config import Config
    return Config(data_dir=Path(data_dir), credential_store="file")


def credentials(data_dir: Path):  # type: ignore[no-untyped-def]
    """The file credential store of ``data_dir`` (readable by another process)."""
    from clienteling.security import FileCredentialStore
    return FileCredentialStore(Path(data_dir) / "credentials.json")


async def enroll(base: str, code: str, data_dir: Path):  # type: ignore[no-untyped-def]
    """A terminal enrolled in ``data_dir`` (not downloaded yet); the caller closes it."""
    from clienteling.terminal import Terminal
    return await Terminal.enroll(terminal_config(data_dir), credentials(data_dir), base, code, hostname="bench")


def open_terminal(data_dir: Path):  # type: ignore[no-untyped-def]
    """The terminal already enrolled in ``data_dir``."""
    from clienteling.terminal import Terminal
    return Terminal.open(terminal_config(data_dir), credentials(data_dir))


async def enroll_and_bootstrap(url: str, store: str, data_dir: Path) -> dict:
    """Enrol a terminal of ``store`` in ``data_dir`` against a server started for the call and
    download everything; returns rows and seconds. The folder can then be opened offline."""
    with central(url) as base:
        terminal = await enroll(base, enroll_code(url, store), data_dir)
        try:
            await terminal.replicator.refresh_device()
            started = time.monotonic()
            rows = await terminal.replicator.bootstrap()
            return {"rows": rows, "seconds": round(time.monotonic() - started, 1)}
        finally:
            await terminal.aclose()


def is_bootstrapped(data_dir: Path) -> bool:
    """``data_dir`` holds an enrolled terminal whose every scope finished its download."""
    if not (Path(data_dir) / "credentials.json").exists() or not (Path(data_dir) / "cache.db").exists():
        return False
    from clienteling.cache import state
    try:
        terminal = open_terminal(data_dir)
    except Exception:
        return False
    try:
        with terminal.cache.read() as conn:
            scopes = state.all_scopes(conn)
        return bool(scopes) and all(s.snapshot_done for s in scopes.values())
    finally:
        terminal.worker.call(terminal.cache.close)
        terminal.worker.close()


# ----- the window (Qt imported here only) -------------------------------------------------------

async def wait_for(condition, timeout_s: float, what: str, every_s: float = 0.005) -> None:  # type: ignore[no-untyped-def]
    """Poll ``condition()`` on the running loop (Qt keeps painting) until true or ``timeout_s``.
    Long waits should poll slowly (``every_s``): with PySide6 6.12 on Python 3.11 each turn of
    the qasync loop drops a reference to None, and enough of them abort the process."""
    import asyncio
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        await asyncio.sleep(every_s)


async def sign_in(window, timeout_s: float = 60.0, every_s: float = 0.005) -> str:  # type: ignore[no-untyped-def]
    """Sign in through the window's sign-in screen as the first associate who is not a manager,
    with the demo PIN, once the roster has loaded (polled ``every_s``); returns their id."""
    from sync.datagen.extras import ASSOCIATE_PIN, MANAGER_PIN
    signin = window.signin
    await wait_for(lambda: signin.people.count() > 0, timeout_s, "the sign-in roster", every_s)
    rows = [signin.people.item(i) for i in range(signin.people.count())]
    item = next((r for r in rows if "·" not in r.text()), rows[0])  # managers carry "· Manager"
    signin.people.setCurrentItem(item)
    signin.pin.setText(MANAGER_PIN if "·" in item.text() else ASSOCIATE_PIN)
    signin.submit()
    await wait_for(lambda: not window.locked, timeout_s, "the sign-in")
    return window.session.associate_id


async def search(window, query: str, timeout_s: float = 30.0) -> int:  # type: ignore[no-untyped-def]
    """Search ``query`` in the window as if typed and return (hits shown) when the results show."""
    import asyncio
    shown = asyncio.get_running_loop().create_future()

    def on_shown(n: int) -> None:
        if not shown.done():
            shown.set_result(n)
    window.search.results_shown.connect(on_shown)
    try:
        window.search.search_for(query)
        return await asyncio.wait_for(shown, timeout_s)
    finally:
        window.search.results_shown.disconnect(on_shown)


# ----- figures -----------------------------------------------------------------------------------

def percentiles(times_ms: list[float]) -> dict[str, float]:
    """p50, p95 and max of a list of milliseconds (rounded), plus the count."""
    ordered = sorted(times_ms)
    if not ordered:
        return {"p50_ms": 0.0, "p95_ms": 0.0, "max_ms": 0.0, "count": 0}
    return {"p50_ms": round(statistics.median(ordered), 2),
            "p95_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 2),
            "max_ms": round(ordered[-1], 2), "count": len(ordered)}


def rss_mb() -> dict[str, float]:
    """This process's resident memory now and at its peak (VmRSS, VmHWM), in MB."""
    out = {}
    with open("/proc/self/status") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = round(int(value.split()[0]) / 1024, 1)
    return {"rss_mb": out.get("VmRSS", 0.0), "peak_rss_mb": out.get("VmHWM", 0.0)}


def load_average() -> list[float]:
    """The 1, 5 and 15 minute load averages (the machine is shared: print them with the figures)."""
    return [round(x, 2) for x in os.getloadavg()]
