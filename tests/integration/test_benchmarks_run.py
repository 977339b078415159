"""Benchmarks are not timed tests: CI only checks that each runs on a small size and prints its keys."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("script, args, keys", [
    ("datagen.py", ["--size", "tiny"], {"rows", "seconds", "rows_per_s", "per_entity"}),
    ("bootstrap.py", ["--size", "tiny"], {"rows", "seconds", "rows_per_s", "seconds_to_searchable",
                                          "floor_rows_per_s", "ratio_to_floor"}),
    ("search.py", ["--customers", "20000"], {"p50_ms", "p95_ms", "max_ms"}),
    ("recommendations.py", ["--size", "tiny"], {"hit_rate_at_10", "popularity_hit_rate_at_10",
                                                "ms_per_customer_p95", "customers"}),
    ("delta.py", ["--size", "tiny", "--changes", "6", "--noop", "5"], {"p50_ms", "p95_ms", "noop_ms"}),
    ("startup.py", ["--size", "tiny", "--runs", "1"], {"seconds", "hits"}),
    ("memory.py", ["--size", "tiny", "--searches", "10"], {"rss_mb", "rows"}),
    ("ui_stall.py", ["--size", "tiny"], {"stall_p99_ms", "stall_max_ms", "ticks", "bootstrap_s"}),
    ("central_load.py", ["--terminals", "5", "--duration", "4", "--ramp", "1", "--pull-every", "1",
                         "--push-every", "2", "--database", "bench_load_ci"],
     {"terminals", "p50_ms", "p99_ms", "cpu_ms_per_terminal_minute", "cpu_probe_ms"}),
    ("request_costs.py", ["--requests", "5", "--database", "bench_micro_ci"],
     {"quiet_pull", "push_note", "one_behind_pull", "health", "cpu_probe_ms"}),
])
def test_benchmark_prints_its_figures(script, args, keys, tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / script), *args, "--json"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert keys <= set(figures)
    assert all(figures[k] > 0 for k in keys if isinstance(figures[k], (int, float)))
    if script == "central_load.py":  # the simulated terminals' own HTTP client (sim_http) worked
        assert figures["errors"] == 0 and figures["kinds"]["push"]["count"] > 0, figures
