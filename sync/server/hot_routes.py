"""``POST /v1/changes`` and ``POST /v1/mutations``: what every terminal calls all day, served
straight from the ASGI call (``app.CentralApp``) without FastAPI's per-request machinery.

Profiled under 1,000 simulated terminals, FastAPI's middleware stack, dependency solving and
response classes took about a fifth of the service's CPU on these two endpoints. Here a request
is: the body read under ``protocol.MAX_REQUEST_BYTES`` (413), the bearer token (401), the body
validated by pydantic straight from the bytes (400), then the work in one worker thread, and the
answer sent as orjson bytes (gzip-compressed when large and the client accepts it). Errors are
the same ErrorBody answers as everywhere else (``errors``), and a bug is a logged 500, not a
reset connection. OpenAPI still describes both operations (:data:`documented`).

The change feed's long-poll waits on the event loop (``HeadWatcher``) holding neither a
connection nor a worker thread.
"""

from __future__ import annotations

import gzip
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

import orjson
from anyio import to_thread
from fastapi import APIRouter, Depends
from pydantic import BaseModel, ValidationError
from sqlalchemy.exc import OperationalError
from starlette.datastructures import Headers
from starlette.types import Receive, Scope, Send

from sync import protocol as p
from sync.server import clock, errors, feed
from sync.server.context import Central, DeviceContext, bearer_token, device_for, device_token, require_scope
from sync.server.cursors import BadCursor, CursorCodec
from sync.server.db import read_meta, read_tx
from sync.server.errors import ApiError, responses
from sync.server.mutations.apply import push as push_mutations
from sync.server.versions import Head, read_heads

log = logging.getLogger(__name__)

GZIP_MINIMUM_SIZE = 1000
# Measured on customer pages: level 1 compresses 3.8x at ~265k rows/s, level 5 4.8x at ~140k,
# level 9 barely better and far slower. Bootstraps are CPU-bound on the server, so level 1.
GZIP_LEVEL = 1
INLINE_BYTES = 64 * 1024
"""Answers are serialised on the event loop (orjson: about 20 µs for a 660-row page); those up to
this size are compressed there too, bigger ones in the threadpool, so the loop keeps serving
long-polls."""


# ----- the ASGI side ----------------------------------------------------------------------------

async def serve(central: Central, scope: Scope, receive: Receive, send: Send) -> None:
    """Answer one request to a path of :data:`PATHS`."""
    handler, model = PATHS[scope["path"]]
    headers = Headers(scope=scope)
    if scope["method"] != "POST":
        await errors.http_error(405, "Method Not Allowed", {"Allow": "POST"})(scope, receive, send)
        return
    body = await errors.read_body(receive, send, p.MAX_REQUEST_BYTES, headers.get("content-length", "").encode())
    if body is None:
        return  # refused (413) or the client went away
    try:
        token = bearer_token(headers.get("authorization"))
        try:
            req = model.model_validate_json(body)
        except ValidationError as exc:
            # A known device learns what is wrong with its body; anyone else gets their 401.
            await to_thread.run_sync(device_for, central, headers, token)
            raise ApiError(400, p.ERR_BAD_REQUEST, errors.validation_message(exc.errors())) from None
        answer = await handler(central, headers, token, req)
    except ApiError as exc:
        response = errors.error_response(exc.status, exc.body)
    except OperationalError as exc:
        response = errors.unavailable(exc)
    except Exception as exc:  # a bug: logged, and the client gets a 500 rather than a dropped connection
        log.exception("%s failed", scope["path"])
        response = errors.server_error(exc)
    else:
        await _send_json(send, answer, "gzip" in headers.get("accept-encoding", ""))
        return
    await response(scope, receive, send)


async def _send_json(send: Send, answer: dict[str, Any], gzip_ok: bool) -> None:
    """Send ``answer`` as JSON; bodies of ``GZIP_MINIMUM_SIZE`` bytes or more compressed when the
    client accepts gzip."""
    body = orjson.dumps(answer)
    if len(body) > INLINE_BYTES:
        body, encoding = await to_thread.run_sync(_encoded, body, gzip_ok)
    else:
        body, encoding = _encoded(body, gzip_ok)
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if encoding:
        headers += [(b"content-encoding", encoding), (b"vary", b"Accept-Encoding")]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _encoded(body: bytes, gzip_ok: bool) -> tuple[bytes, bytes]:
    if gzip_ok and len(body) >= GZIP_MINIMUM_SIZE:
        return gzip.compress(body, GZIP_LEVEL, mtime=0), b"gzip"
    return body, b""


# ----- /v1/changes ------------------------------------------------------------------------------

def _changes_once(central: Central, req: p.ChangesRequest) -> tuple[dict[str, Any], dict[str, int] | None]:
    """One pass over the requested scopes; second item: heads to wait on when nothing is new.

    Each scope is read up to its published head (``watcher``): in a busy process long-polls and
    pulls alike get what was published at the last beat.
    """
    with read_tx(central.engine) as conn:
        meta = read_meta(conn)
        codec = CursorCodec(meta["secret"])
        try:
            positions = {s: codec.read_changes(c, s) for s, c in req.cursors.items()}
        except BadCursor as exc:
            raise ApiError(400, p.ERR_BAD_CURSOR, str(exc)) from None
        heads = read_heads(conn, list(req.cursors))
        out: dict[str, Any] = {}
        quiet = True
        for scope, pos in positions.items():
            head = heads.get(scope, Head(0, 0))
            head = feed.long_poll_head(head, pos, central.watcher.bound(scope, head.version))
            sc = feed.scope_changes(conn, codec, meta["epoch"], pos, req.cursors[scope], head, req.page_rows,
                                    central.pages)
            out[scope] = sc
            quiet = quiet and not (sc["upserts"] or sc["deletes"] or sc["more"] or sc["reset"])
    waiting = {s: sc["version"] for s, sc in out.items()} if quiet else None
    return {"scopes": out, "server_time": clock.now_iso()}, waiting


def _nothing_to_read(central: Central, req: p.ChangesRequest) -> tuple[dict[str, Any], dict[str, int]] | None:
    """The quiet answer of a long-poll whose every cursor sits at its scope's settled published
    head (``HeadWatcher.settled``), from what the watcher read, without a database pass or a
    worker thread; None when any scope may have something (then the full pass decides).

    In a busy process most long-polls come back to exactly that: they were woken by the last
    publication, read up to it, and ask again before the next one is due."""
    facts = central.feed_facts
    if facts is None or req.wait_s <= 0:
        return None
    out: dict[str, Any] = {}
    waiting: dict[str, int] = {}
    for scope, cursor in req.cursors.items():
        settled = central.watcher.settled(scope)
        if settled is None:
            return None
        try:
            pos = facts.codec.read_changes(cursor, scope)
        except BadCursor:
            return None  # the full pass answers it
        head = Head(settled, facts.floors.get(scope, 0))
        if feed.needs_reset(pos, facts.epoch, head) or not feed.caught_up(pos, head):
            return None
        out[scope] = feed.quiet_changes(cursor, settled)
        waiting[scope] = settled
    return {"scopes": out, "server_time": clock.now_iso()}, waiting


def _first_changes(central: Central, headers: Headers, token: str, req: p.ChangesRequest,
                   answered: bool) -> tuple[DeviceContext, tuple[dict[str, Any], dict[str, int] | None] | None]:
    """The device, its scopes checked, and the first pass (unless ``answered`` already): one
    worker thread for both."""
    dev = device_for(central, headers, token)
    for scope in req.cursors:
        require_scope(dev, scope)
    return dev, None if answered else _changes_once(central, req)


async def changes(central: Central, headers: Headers, token: str, req: p.ChangesRequest) -> dict[str, Any]:
    """The ChangesResponse of ``req``, after waiting up to ``req.wait_s`` for something new."""
    deadline = time.monotonic() + req.wait_s
    quiet = _nothing_to_read(central, req)
    dev, first = await to_thread.run_sync(_first_changes, central, headers, token, req, quiet is not None)
    while True:
        body, waiting = quiet or first or await to_thread.run_sync(_changes_once, central, req)
        quiet = first = None
        body["last_seq"] = dev.last_seq
        left = deadline - time.monotonic()
        if not waiting or left <= 0:
            return body
        if not await central.watcher.wait_for_change(waiting, left):
            body["server_time"] = clock.now_iso()
            return body


# ----- /v1/mutations ----------------------------------------------------------------------------

async def mutations(central: Central, headers: Headers, token: str, req: p.PushRequest) -> dict[str, Any]:
    """The PushResponse of ``req``; wakes this process's long-polls at once after a push."""
    authorized = False

    def authorized_push() -> dict[str, Any]:
        nonlocal authorized
        dev = device_for(central, headers, token)
        authorized = True
        return push_mutations(central.engine, dev, req.mutations)

    try:
        return await to_thread.run_sync(authorized_push)
    finally:
        if authorized:
            central.watcher.poke()  # rather than at the next poll


Handler = Callable[[Central, Headers, str, Any], Awaitable[dict[str, Any]]]
PATHS: dict[str, tuple[Handler, type[BaseModel]]] = {
    "/v1/changes": (changes, p.ChangesRequest),
    "/v1/mutations": (mutations, p.PushRequest),
}


# ----- what OpenAPI says about them -------------------------------------------------------------

documented = APIRouter(prefix="/v1")
"""The OpenAPI description of the two operations (``app`` adds it to the schema); never mounted:
:func:`serve` answers them."""


@documented.post("/changes", response_model=p.ChangesResponse, responses=responses(400, 401, 403), tags=["sync"])
def _changes_doc(req: p.ChangesRequest, token: str = Depends(device_token)) -> None:
    """Upserts and deletes after each scope's cursor, in commit order; long-polls up to ``wait_s``.

    ``reset: true`` for a scope: its cursor is from another epoch or older than the tombstone
    retention; re-snapshot that scope.
    """


@documented.post("/mutations", response_model=p.PushResponse, responses=responses(400, 401, 409), tags=["sync"])
def _mutations_doc(req: p.PushRequest, token: str = Depends(device_token)) -> None:
    """Apply the device's mutations in ``seq`` order exactly once (replays return stored results).

    ``409 sequence_gap`` (with ``last_seq``) when a seq is skipped: resend from ``last_seq + 1``.
    """
