"""Background work replaced before it started (a newer search, a newer preview) is dropped
quietly: never run later, no "coroutine was never awaited" warning."""

from __future__ import annotations

import asyncio
import gc
import warnings

import pytest

from clienteling.ui.messages import MessageBridge
from clienteling.ui.ops import Ops

pytestmark = pytest.mark.asyncio


async def test_work_cancelled_before_it_starts_is_closed():
    ops = Ops(MessageBridge())
    ran = []

    async def work() -> None:
        ran.append(True)

    coro = work()
    task = ops.run(coro)
    task.cancel()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        await ops.drain()
        gc.collect()
    assert ran == []
    assert coro.cr_frame is None  # closed, not left pending
