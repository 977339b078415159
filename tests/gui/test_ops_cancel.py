"""Background work replaced before it started (a newer search, a newer preview) is dropped
quietly: never run later, no "coroutine was never awaited" warning; a failure nobody handles is
told to the associate in words meant for them."""

from __future__ import annotations

import asyncio
import gc
import warnings

import pytest

from clienteling.cache.errors import CacheError
from clienteling.domain import DomainError
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


async def test_an_unhandled_failure_is_told_in_words_for_the_associate():
    messages = MessageBridge()
    said = []
    messages.listen(lambda msg: said.append((msg.level, msg.text)))
    ops = Ops(messages)

    async def fail(exc: Exception) -> None:
        raise exc

    for exc in (DomainError("not_found", "This customer is not in this terminal's cache."),
                CacheError("disk_full"),
                KeyError("secret-typed-text"), ZeroDivisionError()):
        ops.run(fail(exc))
    await ops.drain()
    assert said[:2] == [("error", "This customer is not in this terminal's cache."),
                        ("error", "The disk is full: the app cannot save anything. Ask IT to free some space, "
                                  "then start the app again. Nothing was lost.")]  # app.cache_problem_text's words
    assert said[2] == ("error", "Something went wrong (KeyError). It has been logged: try again, and tell IT "
                                "if it keeps happening.")  # never the exception's own text
    assert said[3][1].startswith("Something went wrong (ZeroDivisionError).")
