"""The ASGI application of the central service: ``create_app(engine)``.

Everything the routes need hangs off ``app.state.central`` (see ``context.Central``); the app
owns no globals, so a test can build as many apps on as many databases as it likes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from starlette.concurrency import run_in_threadpool
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import Receive, Scope, Send

from sync import protocol
from sync.server import clock, errors, hot_routes, routes, routes_customers
from sync.server.context import Central
from sync.server.db import open_engine, write_tx
from sync.server.gc_policy import settle_heap
from sync.server.heartbeats import FLUSH_S
from sync.server.mutations.holds import release_lapsed
from sync.server.mutations.pickups import expire_uncollected
from sync.server.watcher import WAKE_BUDGET

log = logging.getLogger(__name__)


class CentralApp(FastAPI):
    """FastAPI, except that the terminals' two hot endpoints are answered before its middleware
    and routing (``hot_routes``), and that a bug's 500 leaves the connection open."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
        elif scope["path"] in hot_routes.PATHS:
            await hot_routes.serve(self.state.central, scope, receive, send)
        else:
            try:
                await super().__call__(scope, receive, send)
            except Exception:
                # Starlette has answered 500 server_error (errors.server_error) and re-raises for
                # the server to log it; uvicorn would also close the connection, which a terminal
                # counts as a network failure. Logged here instead. (A response that broke off
                # midway is still closed by uvicorn: it is incomplete.)
                log.exception("%s %s failed", scope["method"], scope["path"])


def create_app(engine, *, poll_interval: float = 0.2, wake_budget: float = WAKE_BUDGET) -> CentralApp:
    """Build the app on an engine whose schema is already migrated (see ``db.upgrade``);
    ``wake_budget``: long-poll wake-ups per second per scope (see ``watcher``)."""
    central = Central(engine, poll_interval=poll_interval, wake_budget=wake_budget)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        background = [asyncio.ensure_future(_sweep(engine)), asyncio.ensure_future(_beat(central))]
        yield
        for task in background:
            task.cancel()
        await asyncio.gather(*background, return_exceptions=True)
        await central.watcher.stop()
        await run_in_threadpool(central.heartbeats.flush, engine)

    app = CentralApp(
        title="Clienteling central service",
        version=f"protocol {protocol.PROTOCOL_VERSION}",
        description="Snapshots, change feed and mutations for store terminals (see sync/protocol.py).",
        lifespan=lifespan,
    )
    app.state.central = central
    app.add_middleware(GZipMiddleware, minimum_size=hot_routes.GZIP_MINIMUM_SIZE,
                       compresslevel=hot_routes.GZIP_LEVEL)
    errors.install(app)
    app.include_router(routes.router)
    app.include_router(routes_customers.router)
    _truthful_openapi(app)
    return app


WORKER_DB_ENV = "CLIENTELING_CENTRAL_WORKER_DB"
WORKER_WAKE_BUDGET_ENV = "CLIENTELING_CENTRAL_WORKER_WAKE_BUDGET"
"""How ``serve --workers N`` hands its settings to the worker processes it starts."""


def worker_app() -> CentralApp:
    """The app of one ``serve --workers`` process (uvicorn factory): its own engine on the
    already migrated database named by the environment; the process's GC is tuned
    (``gc_policy``)."""
    engine = open_engine(os.environ[WORKER_DB_ENV])
    app = create_app(engine, wake_budget=float(os.environ.get(WORKER_WAKE_BUDGET_ENV, WAKE_BUDGET)))
    settle_heap()
    return app


SWEEP_S = 60.0


async def _sweep(engine) -> None:
    """Every minute, expire lapsed holds (their units become available again everywhere) and
    ready pickups nobody collected in time."""
    while True:
        for what, once in (("lapsed hold", _sweep_once), ("uncollected pickup", _expire_once)):
            try:
                done = await run_in_threadpool(once, engine)
                if done:
                    log.info("expired %d %s(s)", done, what)
            except Exception:  # a failed sweep must not stop the service; the next one retries
                log.exception("%s sweep failed", what)
        await asyncio.sleep(SWEEP_S)


async def _beat(central: Central) -> None:
    """Every ``heartbeats.FLUSH_S``, write the devices' last-seen times in one transaction."""
    while True:
        await asyncio.sleep(FLUSH_S)
        try:
            await run_in_threadpool(central.heartbeats.flush, central.engine)
        except Exception:  # kept for the next flush; the service goes on
            log.exception("writing last-seen times failed")


def _sweep_once(engine) -> int:
    with write_tx(engine) as conn:
        return release_lapsed(conn, clock.now_iso())


def _expire_once(engine) -> int:
    with write_tx(engine) as conn:
        return expire_uncollected(conn, clock.now_iso())


def _truthful_openapi(app: FastAPI) -> None:
    """/openapi.json describes ``hot_routes`` too, and validation failures as 400 ``ErrorBody``
    (not FastAPI's 422)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, description=app.description,
                                 routes=[*app.routes, *hot_routes.documented.routes])
            for path_item in schema.get("paths", {}).values():
                for op in path_item.values():
                    resp = op.get("responses", {})
                    if resp.pop("422", None) is not None:
                        resp.setdefault("400", {
                            "description": "bad_request",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}},
                        })
            schemas = schema.get("components", {}).get("schemas", {})
            for unused in ("HTTPValidationError", "ValidationError"):
                schemas.pop(unused, None)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
