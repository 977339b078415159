"""The ``/v1`` endpoints of ``sync.protocol`` served through FastAPI (the change feed and
mutations, which every terminal calls all day, are ``hot_routes``).

Database work is synchronous SQLAlchemy run in the threadpool. Large bodies are serialised with
orjson and returned as bytes; ``response_model`` only documents them.
"""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from sync import protocol as p
from sync.server import clock, feed
from sync.server.context import DeviceContext, authenticate, central_of, require_scope
from sync.server.cursors import BadCursor, CursorCodec
from sync.server.db import read_meta, read_tx
from sync.server.enrollment import enroll as enroll_device
from sync.server.errors import ApiError, responses

router = APIRouter(prefix="/v1")


def _json(body: Any) -> Response:
    return Response(orjson.dumps(body), media_type="application/json")


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
