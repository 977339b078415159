"""``clienteling demo``: a local central service with synthetic data, a terminal enrolled against it.

The central service runs as a child process on loopback (SQLite file in the demo folder, seeded
once); the terminal's data folder sits beside it and uses the file credential store, since a demo
machine often has no OS keychain. Re-running reuses both.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from clienteling.config import Config, load_config
from clienteling.errors import UserFacingError

DEMO_STORE = "S001"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _central(*args: str, capture: bool = False) -> str:
    cmd = [sys.executable, "-m", "sync.server.cli", *args]
    done = subprocess.run(cmd, check=False, text=True, stdout=subprocess.PIPE if capture else None)
    if done.returncode != 0:
        raise UserFacingError(f"the demo central service failed: {args[0]} exited {done.returncode}")
    return (done.stdout or "").strip()


def _wait_healthy(url: str, proc: subprocess.Popen, timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise UserFacingError("the demo central service stopped at start-up (see the messages above)")
        try:
            if httpx.get(f"{url}/v1/health", timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise UserFacingError(f"the demo central service did not answer at {url} within {timeout_s:.0f} s")


def demo_dir(data_dir: str | None) -> Path:
    """The demo folder: ``--data-dir`` or ``clienteling-demo`` beside the normal data folder."""
    if data_dir:
        return Path(data_dir).expanduser()
    return load_config(files=[], env={}, cli={}).data_dir.parent / "clienteling-demo"


@dataclass(frozen=True)
class DemoCentral:
    url: str
    db_url: str

    def enroll_code(self, store_id: str = DEMO_STORE) -> str:
        return _central("enroll-code", "--db", self.db_url, "--store", store_id, capture=True)


@contextmanager
def demo_central(base: Path, size: str) -> Iterator[DemoCentral]:
    """Seed ``base/central-<size>.db`` the first time, serve it on a free loopback port."""
    base.mkdir(parents=True, exist_ok=True)
    db_file = base / f"central-{size}.db"
    db_url = f"sqlite:///{db_file}"
    if not db_file.exists():
        print(f"Seeding the demo central service ({size} data)…", flush=True)
        _central("seed", "--db", db_url, "--size", size)
        shutil.rmtree(base / f"terminal-{size}", ignore_errors=True)  # enrolled against old data
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-m", "sync.server.cli", "serve", "--db", db_url,
                             "--port", str(port)])
    try:
        _wait_healthy(url, proc)
        yield DemoCentral(url, db_url)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextmanager
def new_orders(central: DemoCentral, every_s: float, store_id: str = DEMO_STORE) -> Iterator[None]:
    """Place a pickup order for the demo store every ``every_s`` seconds (0: none), so the counter
    sees orders arrive live."""
    stop = threading.Event()

    def place() -> None:
        while not stop.wait(every_s):
            try:
                _central("place-order", "--db", central.db_url, "--store", store_id, capture=True)
            except UserFacingError as exc:
                print(f"demo: could not place a pickup order ({exc})", file=sys.stderr, flush=True)

    thread = threading.Thread(target=place, name="demo-orders", daemon=True)
    if every_s > 0:
        thread.start()
    try:
        yield
    finally:
        stop.set()


def terminal_config(terminal_dir: Path, url: str, log_level: str | None = None,
                    language: str | None = None) -> Config:
    """A demo terminal's settings: its own folder, the file credential store, the demo server;
    the language from ``--language``, else ``CLIENTELING_LANGUAGE``, else the system's."""
    return load_config(files=[], env={}, cli={"data_dir": str(terminal_dir), "log_dir": str(terminal_dir / "logs"),
                                              "credential_store": "file", "server_url": url,
                                              "log_level": log_level,
                                              "language": language or os.environ.get("CLIENTELING_LANGUAGE")})


def run_demo(args) -> int:
    """Seed (first time), serve, enrol (first time), then open the window or take a screenshot."""
    from clienteling.logs import setup_logging
    from clienteling.security.credentials import credential_store_for
    from clienteling.terminal import enroll_command

    if args.offscreen:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    base = demo_dir(args.data_dir)
    with demo_central(base, args.size) as central:
        config = terminal_config(base / f"terminal-{args.size}", central.url, args.log_level,
                                 getattr(args, "language", None))
        setup_logging(config)
        credentials = credential_store_for(config)
        if not config.cache_path.exists() or credentials.get("device_token") is None:
            asyncio.run(enroll_command(config, credentials, central.url, central.enroll_code()))
        from clienteling.app import run_app

        every = 0.0 if args.screenshot else getattr(args, "new_order_every", 0.0)
        with new_orders(central, every):
            return run_app(config, screenshot=args.screenshot, query=args.query)
