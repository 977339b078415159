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
import time
from pathlib import Path

import httpx

from clienteling.config import load_config
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
        raise UserFacingError(f"the demo central service failed: {' '.join(args[:1])} exited {done.returncode}")
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


def demo_dir(args) -> Path:
    if args.data_dir:
        return Path(args.data_dir).expanduser()
    return load_config(files=[], cli={}).data_dir.parent / "clienteling-demo"


def run_demo(args) -> int:
    """Seed (first time), serve, enrol (first time), then open the window or take a screenshot."""
    from clienteling.logs import setup_logging
    from clienteling.security.credentials import credential_store_for
    from clienteling.terminal import enroll_command

    base = demo_dir(args)
    base.mkdir(parents=True, exist_ok=True)
    db_url = f"sqlite:///{base / f'central-{args.size}.db'}"
    terminal_dir = base / f"terminal-{args.size}"
    if not (base / f"central-{args.size}.db").exists():
        print(f"Seeding the demo central service ({args.size} data)…", flush=True)
        _central("seed", "--db", db_url, "--size", args.size)
        shutil.rmtree(terminal_dir, ignore_errors=True)  # enrolled against the old data
    if args.offscreen:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-m", "sync.server.cli", "serve", "--db", db_url,
                             "--port", str(port)])
    try:
        _wait_healthy(url, proc)
        config = load_config(files=[], cli={"data_dir": str(terminal_dir), "credential_store": "file",
                                            "server_url": url, "log_level": args.log_level})
        setup_logging(config)
        credentials = credential_store_for(config)
        if not config.cache_path.exists() or credentials.get("device_token") is None:
            code = _central("enroll-code", "--db", db_url, "--store", DEMO_STORE, capture=True)
            asyncio.run(enroll_command(config, credentials, url, code))
        from clienteling.app import run_app

        return run_app(config, screenshot=args.screenshot, query=args.query)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()

