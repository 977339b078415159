"""One way to run work off the UI thread.

Database work goes to the terminal's single DB worker thread, network work runs on the asyncio
loop that qasync drives inside Qt. ``run_op`` starts either as a task, hands the result back on
the UI thread and reports failures the same way everywhere (through the message bridge).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication

from clienteling.cache.errors import CacheError
from clienteling.domain import DomainError
from clienteling.errors import user_facing_errors
from clienteling.logs import describe_exception, traceback_frames
from clienteling.ui.messages import MessageBridge

T = TypeVar("T")
log = logging.getLogger(__name__)


class Ops:
    """Starts background work and keeps the tasks alive until they finish."""

    def __init__(self, messages: MessageBridge) -> None:
        self._messages = messages
        self._tasks: set[asyncio.Task] = set()

    def run(
        self,
        work: Awaitable[T],
        on_success: Callable[[T], Any] | None = None,
        on_error: Callable[[BaseException], Any] | None = None,
    ) -> asyncio.Task:
        """Run ``work`` (a coroutine) and call ``on_success(result)`` on the UI thread."""
        task = asyncio.ensure_future(self._guard(work, on_success, on_error))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        task.add_done_callback(lambda t: _close_if_cancelled(t, work))
        return task

    async def _guard(self, work, on_success, on_error) -> None:
        try:
            result = await work
        except asyncio.CancelledError:
            return  # a newer request replaced this one; nothing to report
        except Exception as exc:  # reported, never raised into the Qt event loop
            # Type, kind and frames only: an exception's message can quote what was typed.
            log.warning("background operation failed: %s\n%s", describe_exception(exc), traceback_frames(exc))
            if on_error is not None:
                on_error(exc)
            else:
                self._messages.error(failure_message(exc))
            return
        if on_success is not None:
            on_success(result)

    async def drain(self) -> None:
        """Wait for every running operation (used on shutdown and in tests)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)


def cache_problem_text(error: CacheError) -> str:
    """What the associate reads when the local cache cannot be used (by kind; no file paths).
    Translation context ``app``: the start-up dialog says it too."""
    texts = {
        "wrong_key": _app_tr("This terminal's local data cannot be opened with its key. Ask IT to enrol the "
                             "terminal again."),
        "corrupt": _app_tr("The local data file is damaged and cannot be rebuilt until the central service can "
                           "be reached. Nothing was deleted: connect the terminal to the network and start the "
                           "app again."),
        "disk_full": _app_tr("The disk is full: the app cannot save anything. Ask IT to free some space, then "
                             "start the app again. Nothing was lost."),
        "readonly": _app_tr("The app cannot write its local data (a read-only disk or folder, or file "
                            "permissions). Ask IT to check the data folder."),
        "locked": _app_tr("The local data is in use by another copy of the app. Close it and try again."),
        "io": _app_tr("The disk reported an error while reading the local data. Ask IT to check this terminal."),
        "incompatible": _app_tr("The local data was written by a newer version of the app. Ask IT to update "
                                "this terminal."),
    }
    return texts.get(error.kind, _app_tr("The local data cannot be used. Ask IT to check this terminal."))


def _app_tr(text: str) -> str:
    return QCoreApplication.translate("app", text)


def failure_message(exc: BaseException) -> str:
    """What the associate is told about a failed operation: the message of an expected failure
    (a rule refused it, the cache or the network failed: written for them), else a plain sentence
    naming the kind of failure, not the exception's own text (developers' English, and it can
    quote what was typed)."""
    if isinstance(exc, CacheError):
        return cache_problem_text(exc)
    if isinstance(exc, (DomainError, *user_facing_errors())) and str(exc):
        return str(exc)
    return QCoreApplication.translate(
        "Ops", "Something went wrong (%1). It has been logged: try again, and tell IT if it keeps "
               "happening.").replace("%1", type(exc).__name__)


def _close_if_cancelled(task: asyncio.Task, work: Awaitable[Any]) -> None:
    """A task cancelled before it ran never awaited ``work``: close the coroutine so it neither
    runs later nor warns "never awaited"."""
    if task.cancelled() and asyncio.iscoroutine(work):
        work.close()
