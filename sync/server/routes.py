"""The ``/v1`` endpoints of ``sync.protocol``.

Database work is synchronous SQLAlchemy run in the threadpool; the change feed's long-poll waits
on the event loop (``HeadWatcher``) holding neither a connection nor a worker thread. Large bodies
are serialised with orjson and returned as bytes; ``response_model`` only documents them.
"""

from __future__ import annotations

import time
from typing import Any

import orjson
from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from sync import protocol as p
from sync.server import clock, feed
from sync.server.context import (Central, DeviceContext, authenticate, central_of, device_for, device_token,
                                 require_scope)
from sync.server.cursors import BadCursor, CursorCodec
from sync.server.db import read_meta, read_tx
from sync.server.enrollment import enroll as enroll_device
from sync.server.errors import ApiError, responses
from sync.server.mutations.apply import push as push_mutations
from sync.server.versions import Head, read_heads

router = APIRouter(prefix="/v1")


def _json(body: Any) -> Response:
    return Response(orjson.dumps(body), media_type="application/json")


INLINE_ROWS = 200
"""Change pages up to this many rows are serialised on the event loop (well under a millisecond);
bigger ones in the threadpool, so the loop keeps serving long-polls."""


def _rows_in(body: dict[str, Any]) -> int:
    return sum(len(g["rows"]) for sc in body["scopes"].values() for g in sc["upserts"]) + \
        sum(len(g["ids"]) for sc in body["scopes"].values() for g in sc["deletes"])


async def _changes_json(body: dict[str, Any]) -> Response:
    if _rows_in(body) <= INLINE_ROWS:
        return _json(body)
    return Response(await run_in_threadpool(orjson.dumps, body), media_type="application/json")


def _bad_cursor(exc: Exception) -> ApiError:
    return ApiError(400, p.ERR_BAD_CURSOR, str(exc))


@router.get("/health", response_model=p.Health, tags=["service"])
def health() -> p.Health:
    """Liveness and protocol version (no authentication)."""
    return p.Health(server_time=clock.now_iso())


@router.post("/enroll", response_model=p.EnrollResponse, responses=responses(400, 403), tags=["device"])
def enroll(req: p.EnrollRequest, request: Request) -> p.EnrollResponse:
    """Exchange a one-time enrollment code for a device token (403 ``invalid_code``)."""
    central = central_of(request)
    device_id, store_id, token = enroll_device(central.engine, central.stores, req)
    info = _device_info(request, device_id, store_id)
    return p.EnrollResponse(**info.model_dump(), token=token)


def _device_info(request: Request, device_id: str, store_id: str) -> p.DeviceInfo:
    central = central_of(request)
    store = central.stores.get(store_id)
    with read_tx(central.engine) as conn:
        epoch = read_meta(conn)["epoch"]
    return p.DeviceInfo(device_id=device_id, store_id=store_id, store_name=store.name if store else "",
                        region=store.ref.region if store else "", scopes=central.stores.scopes_for(store_id),
                        server_epoch=epoch)


@router.get("/device", response_model=p.DeviceInfo, responses=responses(401), tags=["device"])
def device(request: Request, dev: DeviceContext = Depends(authenticate)) -> p.DeviceInfo:
    """The calling device: its store, region, scopes and the server epoch."""
    return _device_info(request, dev.id, dev.store_id)


@router.post("/snapshot", response_model=p.SnapshotPage, responses=responses(400, 401, 403), tags=["sync"])
def snapshot(req: p.SnapshotRequest, request: Request, dev: DeviceContext = Depends(authenticate)) -> Response:
    """One page of a scope's consistent snapshot; resume with ``cursor``.

    A cursor from another epoch (the database was reseeded) is ``400 bad_cursor``: restart the
    scope's snapshot with ``cursor: null``.
    """
    require_scope(dev, req.scope)
    with read_tx(central_of(request).engine) as conn:
        meta = read_meta(conn)
        codec = CursorCodec(meta["secret"])
        pos = None
        if req.cursor is not None:
            try:
                pos = codec.read_snapshot(req.cursor, req.scope)
            except BadCursor as exc:
                raise _bad_cursor(exc) from None
            if pos.epoch != meta["epoch"]:
                raise ApiError(400, p.ERR_BAD_CURSOR, "snapshot cursor from another epoch: restart the snapshot")
        body = feed.snapshot_page(conn, codec, meta["epoch"], req.scope, pos, req.page_rows)
    return _json(body)


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
            raise _bad_cursor(exc) from None
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


def _first_changes(central: Central, headers, token: str, req: p.ChangesRequest,
                   answered: bool) -> tuple[DeviceContext, tuple[dict[str, Any], dict[str, int] | None] | None]:
    """The device, its scopes checked, and the first pass (unless ``answered`` already): one
    worker thread for both."""
    dev = device_for(central, headers, token)
    for scope in req.cursors:
        require_scope(dev, scope)
    return dev, None if answered else _changes_once(central, req)


@router.post("/changes", response_model=p.ChangesResponse, responses=responses(400, 401, 403), tags=["sync"])
async def changes(req: p.ChangesRequest, request: Request, token: str = Depends(device_token)) -> Response:
    """Upserts and deletes after each scope's cursor, in commit order; long-polls up to ``wait_s``.

    ``reset: true`` for a scope: its cursor is from another epoch or older than the tombstone
    retention; re-snapshot that scope.
    """
    central = central_of(request)
    deadline = time.monotonic() + req.wait_s
    quiet = _nothing_to_read(central, req)
    dev, first = await run_in_threadpool(_first_changes, central, request.headers, token, req, quiet is not None)
    while True:
        body, waiting = quiet or first or await run_in_threadpool(_changes_once, central, req)
        quiet = first = None
        body["last_seq"] = dev.last_seq
        left = deadline - time.monotonic()
        if waiting is None or not waiting or left <= 0:
            return await _changes_json(body)
        if not await central.watcher.wait_for_change(waiting, left):
            body["server_time"] = clock.now_iso()
            return await _changes_json(body)


@router.post("/mutations", response_model=p.PushResponse, responses=responses(400, 401, 409), tags=["sync"])
async def mutations(req: p.PushRequest, request: Request, token: str = Depends(device_token)) -> Response:
    """Apply the device's mutations in ``seq`` order exactly once (replays return stored results).

    ``409 sequence_gap`` (with ``last_seq``) when a seq is skipped: resend from ``last_seq + 1``.
    """
    central = central_of(request)
    authorized = False

    def authorized_push() -> dict[str, Any]:
        nonlocal authorized
        dev = device_for(central, request.headers, token)
        authorized = True
        return push_mutations(central.engine, dev, req.mutations)

    try:
        body = await run_in_threadpool(authorized_push)
    finally:
        if authorized:
            central.watcher.poke()  # wake this process's long-polls now rather than at the next poll
    return _json(body)
