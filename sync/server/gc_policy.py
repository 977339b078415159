"""CPython's cyclic garbage collector, tuned for a long-running service process.

Measured under 2,000 simulated terminals (2 workers, ``benchmarks/central_load.py``): with the
default thresholds (700, 10, 10) each worker ran about a dozen full collections a minute at up to
370 ms each, every request in the process waiting behind them, because a full collection walks
every object the process holds: modules, SQLAlchemy and pydantic machinery, the shared change
pages. After start-up, :func:`settle_heap` moves everything that exists into the permanent
generation (``gc.freeze``), which the collector never walks again, and collects the young
generation every ``GEN0_THRESHOLD`` container allocations instead of every 700. Memory is still
freed by reference counting as before; only reference cycles wait a little longer.
"""

from __future__ import annotations

import gc

GEN0_THRESHOLD = 50_000
GEN1_THRESHOLD = 20
GEN2_THRESHOLD = 20


def settle_heap() -> None:
    """Collect once, freeze what survives and raise the thresholds (call once, when the process
    has finished starting; it changes the whole process)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(GEN0_THRESHOLD, GEN1_THRESHOLD, GEN2_THRESHOLD)
