"""The service's GC tuning (``sync.server.gc_policy``), checked in a child process: it changes
the whole process, and the test process keeps CPython's defaults."""

from __future__ import annotations

import json
import subprocess
import sys

from sync.server import gc_policy

CHILD = """
import gc, json
before = gc.get_freeze_count()
from sync.server.gc_policy import settle_heap
settle_heap()
print(json.dumps({"before": before, "frozen": gc.get_freeze_count(), "threshold": gc.get_threshold()}))
"""


def test_settle_heap_freezes_what_exists_and_raises_the_thresholds():
    out = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, check=True, timeout=60)
    seen = json.loads(out.stdout)
    assert seen["before"] == 0 and seen["frozen"] > 1000  # the modules and classes loaded so far
    assert seen["threshold"] == [gc_policy.GEN0_THRESHOLD, gc_policy.GEN1_THRESHOLD, gc_policy.GEN2_THRESHOLD]
