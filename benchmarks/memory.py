"""Benchmark: memory of the process that runs the window, with a full cache, after the initial
download and 100 searches.

    .venv/bin/python benchmarks/memory.py [--size tiny|demo|large] [--searches 100] --json

Seeds (or reuses) the shared central database of the size, starts ``clienteling-central serve``
on loopback and enrols the first store's terminal in a temporary folder (file credential store,
nothing downloaded yet). A FRESH process (QT_QPA_PLATFORM=offscreen) then runs the app's
window: QApplication, ``Terminal.open``, ``build_window``, the window shown and the sync loop
running as in the app, so the whole initial download happens in this process; an associate
signs in when the roster arrives; once everything is downloaded and searchable it runs
``--searches`` searches through the window's search box (names, name prefixes, full names), each
waited for until its results show. ``--cache-dir`` reuses a folder that already holds a finished
download instead (then the download is not in the process: say so when quoting the figure).

Prints one JSON object: rss_mb (VmRSS at the end, in the window's process), peak_rss_mb (VmHWM),
rss_mb at each stage (window shown, download done, searches done), rows downloaded, searches,
hits, and the machine's load. Goal: rss_mb <= 350.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parent))

import _common as c  # noqa: E402

log = c.logger("memory-bench")


def _queries(count: int, seed: int) -> list[str]:
    """A fixed mix of what associates type: last names, prefixes, first names, full names."""
    from sync.datagen import names
    rng = random.Random(seed)
    firsts = names.WOMEN_FIRST + names.MEN_FIRST
    out = []
    for i in range(count):
        first, last = names.ascii_fold(rng.choice(firsts)), names.ascii_fold(rng.choice(names.LAST))
        out.append((last, last[:3], first, f"{first} {last}")[i % 4])
    return out


# ----- the window's process ----------------------------------------------------------------------

def child(data_dir: Path, server: str, searches: int, seed: int) -> int:
    """Runs in the fresh process: the window, the download, the searches; prints its figures."""
    os.environ.setdefault("QT_API", "pyside6")
    import PySide6.QtWidgets  # noqa: F401  (before qasync)
    import qasync

    from clienteling.app import build_window, make_qapplication, watch_status
    from clienteling.config import Config
    from clienteling.terminal import Terminal
    from clienteling.ui.messages import MessageBridge
    from clienteling.ui.ops import Ops

    make_qapplication("")
    out: dict = {"stages": {}}

    async def main() -> None:
        terminal = Terminal.open(Config(data_dir=data_dir, credential_store="file", server_url=server),
                                 c.credentials(data_dir))
        rep = terminal.replicator
        messages = MessageBridge()
        ops = Ops(messages)
        window, ctx = build_window(terminal, ops, messages)
        watch_status(terminal, window, ctx, ops)
        window.show()
        await c.wait_for(window.isVisible, 10, "the window")
        out["stages"]["window_shown"] = c.rss_mb()["rss_mb"]
        out["none_refs_at_start"] = sys.getrefcount(None)
        rows = [0]
        on_status = rep.on_status

        def count_rows(status) -> None:  # type: ignore[no-untyped-def]
            rows[0] = sum(p.rows_received for p in status.progress.values())
            on_status(status)
        rep.on_status = count_rows
        stop = asyncio.Event()
        started = time.monotonic()
        sync = asyncio.ensure_future(rep.run(stop))
        try:
            out["associate"] = await c.sign_in(window, timeout_s=1800, every_s=0.25)
            await c.wait_for(lambda: rep.status.searchable and not rep.status.bootstrapping
                             and rep.status.last_sync_at is not None, 1800, "the initial download", 0.25)
            out["download_s"] = round(time.monotonic() - started, 1)
            out["rows"] = rows[0]
            out["stages"]["downloaded"] = c.rss_mb()["rss_mb"]
            hits, started = 0, time.monotonic()
            for query in _queries(searches, seed):
                hits += await c.search(window, query) > 0
            out["searches_s"] = round(time.monotonic() - started, 2)
            out["searches_with_hits"] = hits
            out["stages"]["searched"] = c.rss_mb()["rss_mb"]
            out.update(c.rss_mb())
            out["none_refs_at_end"] = sys.getrefcount(None)
        finally:
            stop.set()
            await asyncio.wait_for(sync, 30)
            await ops.drain()
            window.close()
            await terminal.aclose()

    qasync.run(main())
    print(json.dumps(out))
    return 0


# ----- the measuring process ---------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=("tiny", "demo", "large"), default="tiny")
    parser.add_argument("--searches", type=int, default=100)
    parser.add_argument("--cache-dir", type=Path, help="reuse this already downloaded terminal folder")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--json", action="store_true", help="print one JSON object (always on)")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--server", default="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args.child, args.server, args.searches, args.seed)

    url = c.seeded_db(args.size, args.seed)
    store = c.first_store(url)
    temp = Path(tempfile.mkdtemp(prefix="memory-bench-"))
    reused = bool(args.cache_dir and c.is_bootstrapped(args.cache_dir))
    load_before = c.load_average()
    try:
        with c.central(url) as server:
            if reused:
                data_dir = args.cache_dir
            else:
                data_dir = temp / "terminal"
                asyncio.run(_enroll_only(server, c.enroll_code(url, store), data_dir))
            log(f"window process on {data_dir} ({'cache reused' if reused else 'downloading in it'}) ...")
            env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
            done = subprocess.run([sys.executable, str(HERE), "--child", str(data_dir), "--server", server,
                                   "--searches", str(args.searches), "--seed", str(args.seed)],
                                  env=env, capture_output=True, text=True, timeout=3600)
        if done.returncode != 0:
            sys.stderr.write(done.stderr)
            raise RuntimeError("the window process failed (its stderr is above)")
        result = json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    out = {"size": args.size, "store": store, "rss_mb": result.pop("rss_mb"),
           "peak_rss_mb": result.pop("peak_rss_mb"), "searches": args.searches,
           "download_in_process": not reused, **result, "cpu_count": os.cpu_count(),
           "load_before": load_before, "load_after": c.load_average()}
    print(json.dumps(out))
    return 0


async def _enroll_only(server: str, code: str, data_dir: Path) -> None:
    terminal = await c.enroll(server, code, data_dir)
    await terminal.aclose()


if __name__ == "__main__":
    sys.exit(main())
