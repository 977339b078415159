"""DbWorker: one thread, results and exceptions back to the awaiting coroutine, orderly close."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from clienteling.dbworker import DbWorker, WorkerClosed


def test_runs_on_one_thread_in_order():
    worker = DbWorker()
    seen = []

    async def main():
        def job(i):
            seen.append((i, threading.current_thread().name))
            return i * 2
        results = await asyncio.gather(*(worker.run(job, i) for i in range(20)))
        return results
    try:
        assert asyncio.run(main()) == [i * 2 for i in range(20)]
        assert [i for i, _ in seen] == list(range(20))
        assert {name for _, name in seen} == {worker.thread.name}
        assert worker.thread is not threading.main_thread()
    finally:
        worker.close()


def test_exceptions_reach_the_caller_and_the_loop_stays_free():
    worker = DbWorker()

    def boom():
        raise ValueError("bad")

    async def main():
        with pytest.raises(ValueError, match="bad"):
            await worker.run(boom)
        ticks = 0
        slow = asyncio.ensure_future(worker.run(time.sleep, 0.2))
        while not slow.done():
            ticks += 1
            await asyncio.sleep(0.01)
        return ticks
    try:
        assert asyncio.run(main()) > 5  # the event loop kept running while SQL "ran"
    finally:
        worker.close()


def test_nested_calls_run_inline_and_close_is_idempotent():
    worker = DbWorker()
    assert worker.call(lambda: worker.call(lambda: 41) + 1) == 42
    worker.close()
    worker.close()
    with pytest.raises(WorkerClosed):
        worker.submit(lambda: None)
