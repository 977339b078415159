"""HTTP errors of the protocol: a status code and an :class:`sync.protocol.ErrorBody`."""

from __future__ import annotations

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response

from sync import protocol


class ApiError(Exception):
    """Raised anywhere in a request; rendered as ``ErrorBody`` with ``status``."""

    def __init__(self, status: int, code: str, message: str, last_seq: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.body = protocol.ErrorBody(code=code, message=message, last_seq=last_seq)


def error_response(status: int, body: protocol.ErrorBody) -> Response:
    """A JSON error response."""
    return Response(orjson.dumps(body.model_dump(exclude_none=True)), status_code=status,
                    media_type="application/json")


def install(app: FastAPI) -> None:
    """Render ApiError and request validation failures as protocol errors."""

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> Response:
        return error_response(exc.status, exc.body)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        message = f"{where}: {first.get('msg', 'invalid request')}" if where else "invalid request"
        return error_response(400, protocol.ErrorBody(code=protocol.ERR_BAD_REQUEST, message=message))


def responses(*statuses: int) -> dict[int | str, dict]:
    """OpenAPI ``responses=`` entries for the given error statuses."""
    described = {
        400: "bad_request / bad_cursor",
        401: "unauthorized (missing or unknown token) / revoked",
        403: "forbidden_scope / invalid_code (enroll)",
        409: "sequence_gap (last_seq says where to resume)",
        426: "protocol_version",
    }
    return {s: {"model": protocol.ErrorBody, "description": described[s]} for s in statuses}
