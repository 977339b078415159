"""Benchmarks are not timed tests: CI only checks that each runs on a small size and prints its keys."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("script, keys", [
    ("datagen.py", {"rows", "seconds", "rows_per_s", "per_entity"}),
    ("bootstrap.py", {"rows", "seconds", "rows_per_s", "seconds_to_searchable", "floor_rows_per_s",
                      "ratio_to_floor"}),
])
def test_benchmark_prints_its_figures(script, keys, tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / script), "--size", "tiny", "--json"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert keys <= set(figures)
    assert figures["rows"] > 1000
