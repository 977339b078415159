"""HTTP errors of the protocol: a status code and an :class:`sync.protocol.ErrorBody`.

Every answer that is not a success carries an ErrorBody, whatever raised it: our ``ApiError``,
a request that fails validation, Starlette's own refusals (a body that is not UTF-8 or nests too
deep, an unknown path, a wrong method), a body over ``protocol.MAX_REQUEST_BYTES``, a database
that failed for a moment (503 ``unavailable``: a dropped connection, a lock timeout, a deadlock;
the terminal retries) and, as a last resort, a bug (500 ``server_error``, logged with its
traceback by the server).
"""

from __future__ import annotations

import logging

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sync import protocol

log = logging.getLogger(__name__)

_HTTP_CODES = {400: protocol.ERR_BAD_REQUEST, 404: protocol.ERR_NOT_FOUND,
               405: protocol.ERR_METHOD_NOT_ALLOWED, 413: protocol.ERR_TOO_LARGE}


class ApiError(Exception):
    """Raised anywhere in a request; rendered as ``ErrorBody`` with ``status``."""

    def __init__(self, status: int, code: str, message: str, last_seq: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.body = protocol.ErrorBody(code=code, message=message, last_seq=last_seq)


def error_response(status: int, body: protocol.ErrorBody, headers: dict[str, str] | None = None) -> Response:
    """A JSON error response."""
    return Response(orjson.dumps(body.model_dump(exclude_none=True)), status_code=status,
                    media_type="application/json", headers=headers)


def validation_message(errors: list[dict]) -> str:
    """What a ``400 bad_request`` says about a body that failed validation (its first error)."""
    first = errors[0] if errors else {}
    where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
    if first.get("type") == "json_invalid":  # its loc is a character position, not a field
        return f"the body is not valid JSON ({first.get('ctx', {}).get('error', 'decode error')})"
    return f"{where}: {first.get('msg', 'invalid request')}" if where else "invalid request"


def unavailable(exc: OperationalError) -> Response:
    """``503 unavailable`` for a database that failed for a moment (logged in one line)."""
    # Transient by nature; SQLAlchemy has already discarded the pool if the connection died.
    # Type and first line only: the statement is not the client's business.
    log.warning("database unavailable: %s: %s", type(exc.orig).__name__,
                str(exc.orig).splitlines()[0] if str(exc.orig) else "")
    return error_response(503, protocol.ErrorBody(
        code=protocol.ERR_UNAVAILABLE, message="the central database is unavailable for a moment; try again"),
        headers={"Retry-After": "1"})


def server_error(exc: Exception) -> Response:
    """``500 server_error`` for a bug: its type, no internals (the caller logs the traceback)."""
    return error_response(500, protocol.ErrorBody(
        code=protocol.ERR_SERVER_ERROR, message=f"the central service failed ({type(exc).__name__}); "
                                                "it has been logged for support"))


def http_error(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """The ErrorBody of a plain HTTP refusal (404, 405, ...)."""
    code = _HTTP_CODES.get(status, f"http_{status}")
    return error_response(status, protocol.ErrorBody(code=code, message=message), headers=headers)


def install(app: FastAPI) -> None:
    """Render every error as a protocol ErrorBody and refuse oversized request bodies."""
    app.add_middleware(BodyLimit, limit=protocol.MAX_REQUEST_BYTES)

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> Response:
        return error_response(exc.status, exc.body)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> Response:
        return error_response(400, protocol.ErrorBody(code=protocol.ERR_BAD_REQUEST,
                                                      message=validation_message(list(exc.errors()))))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> Response:
        return http_error(exc.status_code, str(exc.detail), exc.headers)

    @app.exception_handler(OperationalError)
    async def _database(_request: Request, exc: OperationalError) -> Response:
        return unavailable(exc)

    @app.exception_handler(Exception)
    async def _bug(_request: Request, exc: Exception) -> Response:
        # Starlette logs the traceback after this answer; the client gets no internals.
        return server_error(exc)


async def read_body(receive: Receive, send: Send, limit: int, declared: bytes = b"") -> bytes | None:
    """The whole request body; None when it was over ``limit`` (``413 too_large`` answered
    already) or the client went away. ``declared``: the Content-Length header, checked first."""
    if declared.isdigit() and int(declared) > limit:
        await _refuse(send, receive, limit, f"the request body of {int(declared)} bytes is over the limit")
        return None
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return None  # disconnected
        chunks.append(message.get("body", b""))
        size += len(chunks[-1])
        if size > limit:
            rest = receive if message.get("more_body", False) else None
            await _refuse(send, rest, limit, "the request body is over the limit")
            return None
        if not message.get("more_body", False):
            return b"".join(chunks)


DRAIN = 4


async def _refuse(send: Send, receive: Receive | None, limit: int, what: str) -> None:
    """Answer 413, then read (and drop) what the client is still sending, up to ``DRAIN``
    times the limit: a client writes its whole body before it reads the answer, and a
    connection closed under it (``Connection: close`` does that at once) would show as a network
    error instead of this 413."""
    body = orjson.dumps({"code": protocol.ERR_TOO_LARGE, "message": f"{what} of {limit} bytes"})
    log.info("refused a request body over %d bytes", limit)
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": body})
    drained = 0
    while receive is not None and drained <= DRAIN * limit:
        message = await receive()
        drained += len(message.get("body", b""))
        if message["type"] != "http.request" or not message.get("more_body", False):
            break


class BodyLimit:
    """ASGI middleware: ``413 too_large`` for a request body over ``limit`` bytes, declared or
    streamed, before any of it is parsed (the routes read whole bodies anyway)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"")
        body = await read_body(receive, send, self.limit, declared)
        if body is None:
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


def responses(*statuses: int) -> dict[int | str, dict]:
    """OpenAPI ``responses=`` entries for the given error statuses (an operation that can answer
    400 takes a body, so it can also answer 413)."""
    described = {
        400: "bad_request / bad_cursor",
        401: "unauthorized (missing or unknown token) / revoked",
        403: "forbidden_scope / invalid_code (enroll)",
        409: "sequence_gap (last_seq says where to resume)",
        413: f"too_large (a body over {protocol.MAX_REQUEST_BYTES} bytes)",
        426: "protocol_version",
        503: "unavailable (the database failed for a moment: retry)",
    }
    wanted = list(statuses) + ([413] if 400 in statuses and 413 not in statuses else []) + [503]
    return {s: {"model": protocol.ErrorBody, "description": described[s]} for s in wanted}
