"""Benchmark: how late the UI thread gets while a terminal downloads its data in the real window.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/ui_stall.py --size large --json [--profile FILE]

Uses the shared seeded central database of the size (``benchmarks/_common.py``: seeded once,
under a lock; large: /tmp/bench-large/central.db), starts ``clienteling-central serve`` on
loopback, enrols a terminal in a temporary folder (file credential store) and opens the real
main window (``clienteling.app.build_window`` wired with ``watch_status``, as ``run_app`` does)
inside a qasync loop. The app's own sync loop (``Replicator.run``) then bootstraps every scope
while a 10 ms ``QTimer`` heartbeat records how late each tick fires. The associate of
``Terminal.default_session()`` signs in as soon as the roster has arrived and types ``--query``
into the search box, so the search refreshes on new rows as it would at a real counter (with the
large size the roster is complete only about a second before the download ends: most of the
download runs behind the sign-in screen, as on a new terminal).

Prints one JSON object: stall_p99_ms, stall_max_ms (lateness of a tick past its 10 ms), ticks,
bootstrap_s, rows, the worst stalls (when they happened, seconds after the window was shown) and
the phase figures (before sign-in, during the download, after). Goals: p99 <= 50 ms, max <= 150 ms.
``--profile FILE`` writes a cProfile of the UI thread over the run (the heaviest entries go to
stderr): the DB worker thread is not in it, only what runs on the UI thread. ``--stacks`` samples
every thread's stack while the heartbeat is late (``stall_stacks`` in the output): what the UI
thread was doing, and what the others were doing meanwhile.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import json
import os
import pstats
import shutil
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtCore import QElapsedTimer, Qt, QTimer  # noqa: E402  (PySide6 before qasync)

import qasync  # noqa: E402

from _common import central, enroll, enroll_code, first_store, load_average, logger, seeded_db  # noqa: E402
from clienteling.app import build_window, make_qapplication, watch_status  # noqa: E402
from clienteling.ui.messages import MessageBridge  # noqa: E402
from clienteling.ui.ops import Ops  # noqa: E402

PERIOD_MS = 10
SETTLE_S = 2.0  # after the download: the refreshes it triggers run then


_log = logger("ui-stall")


class Heartbeat:
    """A precise 10 ms timer on the UI thread recording how late each tick is."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(PERIOD_MS)
        self.timer.timeout.connect(self._tick)
        self.ticks: list[tuple[float, float]] = []  # (seconds since start, lateness ms)
        self._last = 0
        self.last_tick = 0.0

    def start(self) -> None:
        self.clock.start()
        self._last = self.clock.nsecsElapsed()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _tick(self) -> None:
        now = self.clock.nsecsElapsed()
        late = max(0.0, (now - self._last) / 1e6 - PERIOD_MS)
        self._last = now
        self.last_tick = time.perf_counter()
        self.ticks.append((now / 1e9, late))


class StallSampler:
    """A watchdog thread: while the heartbeat is over ``after_ms`` late, note every 10 ms where each
    thread is (innermost frames of our code and the libraries), to tell what the UI thread waits on."""

    def __init__(self, beat: Heartbeat, after_ms: float = 40.0) -> None:
        self.beat = beat
        self.after_s = after_ms / 1000
        self.main = threading.main_thread().ident
        self.samples: Counter[str] = Counter()
        self.others: Counter[str] = Counter()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="stall-sampler", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    @staticmethod
    def _where(frame, depth: int = 4) -> str:  # type: ignore[no-untyped-def]
        out = []
        while frame is not None and len(out) < depth:
            code = frame.f_code
            out.append(f"{Path(code.co_filename).name}:{code.co_name}:{frame.f_lineno}")
            frame = frame.f_back
        return " < ".join(out)

    def _run(self) -> None:
        while not self._stop.wait(0.01):
            if not self.beat.ticks or time.perf_counter() - self.beat.last_tick < self.after_s:
                continue
            names = {t.ident: t.name for t in threading.enumerate()}
            for ident, frame in sys._current_frames().items():
                if ident == self.main:
                    self.samples[self._where(frame)] += 1
                elif ident != threading.get_ident():
                    self.others[f"{names.get(ident, ident)}: {self._where(frame, 2)}"] += 1


def _figures(lates: list[float]) -> dict:
    if not lates:
        return {"ticks": 0}
    ordered = sorted(lates)
    return {"ticks": len(ordered), "stall_p50_ms": round(ordered[len(ordered) // 2], 1),
            "stall_p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))], 1),
            "stall_max_ms": round(ordered[-1], 1)}


async def _run(base: str, code: str, data_dir: Path, query: str, profile: cProfile.Profile | None,
               sample: bool, page_rows: int | None) -> dict:
    terminal = await enroll(base, code, data_dir)
    rep = terminal.replicator
    if page_rows:
        rep.snapshot_page_rows = page_rows
    messages = MessageBridge()
    ops = Ops(messages)
    window, ctx = build_window(terminal, ops, messages)
    watch_status(terminal, window, ctx, ops)
    beat = Heartbeat()
    window.show()
    await asyncio.sleep(0.3)  # first paint
    stop = asyncio.Event()
    marks: dict[str, float] = {}
    beat.start()
    sampler = StallSampler(beat) if sample else None
    if sampler is not None:
        sampler.start()
    if profile is not None:
        profile.enable()
    started = time.monotonic()
    sync_task = asyncio.ensure_future(rep.run(stop))
    try:
        while True:
            await asyncio.sleep(0.1)
            if sync_task.done():
                sync_task.result()
                raise RuntimeError("the sync loop ended before the download did")
            if rep.status.bootstrapping and "bootstrap_started" not in marks:
                marks["bootstrap_started"] = beat.clock.nsecsElapsed() / 1e9
            if window.locked and "signed_in" not in marks:
                session = await terminal.default_session()
                if session is not None:
                    window.unlock(session)
                    window.search.box.setText(query)
                    marks["signed_in"] = beat.clock.nsecsElapsed() / 1e9
            if "bootstrap_started" in marks and not rep.status.bootstrapping and rep.status.last_sync_at:
                marks["bootstrap_done"] = beat.clock.nsecsElapsed() / 1e9
                break
        seconds = time.monotonic() - started
        await asyncio.sleep(SETTLE_S)
    finally:
        if profile is not None:
            profile.disable()
        beat.stop()
        if sampler is not None:
            sampler.stop()
        stop.set()
        await asyncio.gather(sync_task, return_exceptions=True)
        await ops.drain()
        rows = sum(p.rows_received for p in rep.status.progress.values())
        searchable = (rep.searchable_at - started) if rep.searchable_at else None
        window.close()
        await terminal.aclose()
    stacks = None if sampler is None else {
        "ui_thread": [[n, w] for w, n in sampler.samples.most_common(12)],
        "other_threads": [[n, w] for w, n in sampler.others.most_common(12)]}
    return {"stacks": stacks, "ticks": beat.ticks, "marks": marks, "seconds": seconds, "rows": rows,
            "searchable": searchable, "shown": window.search.model.rowCount()}


def _report(result: dict) -> dict:
    ticks = result["ticks"]
    marks = result["marks"]
    lates = [late for _, late in ticks]
    signed = marks.get("signed_in", float("inf"))
    done = marks.get("bootstrap_done", float("inf"))
    worst = sorted(ticks, key=lambda t: t[1], reverse=True)[:10]
    return {
        **_figures(lates),
        "bootstrap_s": round(result["seconds"], 2), "rows": result["rows"],
        "seconds_to_searchable": None if result["searchable"] is None else round(result["searchable"], 2),
        "marks_s": {k: round(v, 2) for k, v in marks.items()},
        "worst_ms_at_s": [[round(at, 2), round(late, 1)] for at, late in worst],
        "phases": {
            "before_sign_in": _figures([late for at, late in ticks if at < signed]),
            "signed_in_downloading": _figures([late for at, late in ticks if signed <= at < done]),
            "after_download": _figures([late for at, late in ticks if at >= done]),
        },
        "results_shown": result["shown"],
        **({"stall_stacks": result["stacks"]} if result["stacks"] else {}),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=("tiny", "demo", "large"), default="tiny")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--store", help="store whose terminal is bootstrapped (default: the first)")
    parser.add_argument("--query", default="Gar", help="typed into the search box once signed in")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the UI thread here")
    parser.add_argument("--stacks", action="store_true",
                        help="sample every thread's stack while the heartbeat is over 40 ms late")
    parser.add_argument("--page-rows", type=int,
                        help="snapshot page size for the run (a what-if: the app asks for 10,000)")
    parser.add_argument("--switch-interval-ms", type=float,
                        help="sys.setswitchinterval for the run (a what-if: the app keeps Python's 5 ms)")
    parser.add_argument("--json", action="store_true", help="print one JSON object (always on)")
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="clienteling-uistall-"))
    if args.switch_interval_ms:
        sys.setswitchinterval(args.switch_interval_ms / 1000)
    url = seeded_db(args.size, args.seed)
    store = args.store or first_store(url)
    profile = cProfile.Profile() if args.profile else None
    try:
        with central(url) as base:
            code = enroll_code(url, store)
            _log(f"window open, bootstrapping a terminal of {store} from {base} ...")
            make_qapplication()
            result = qasync.run(_run(base, code, workdir / "terminal", args.query, profile, args.stacks,
                                        args.page_rows))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if profile is not None:
        profile.dump_stats(str(args.profile))
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(25)
        print(out.getvalue(), file=sys.stderr)
    report = {"size": args.size, "store": store, "period_ms": PERIOD_MS,
              "switch_interval_ms": round(sys.getswitchinterval() * 1000, 3),
              "page_rows": args.page_rows or "app default", **_report(result),
              "cpu_count": os.cpu_count(), "loadavg": load_average()}
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
