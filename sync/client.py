"""The terminal's HTTP client for the central service: one long-lived ``httpx.AsyncClient``.

Every failure that crosses this boundary becomes a :class:`SyncError` with a ``kind`` the
caller can act on (offline, timeout, server, auth, revoked, forbidden, protocol, conflict).
Bodies over ``max_body_bytes`` are refused while they stream in; the rest are checked by
``sync.wire`` before anything reaches the cache, and a malformed, truncated or hostile one
becomes a ``protocol`` error. Idempotent calls are retried with exponential backoff and full jitter.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import os
import random
import ssl
from typing import Any, Awaitable, Callable, Mapping
from urllib.parse import urlparse

import httpx
import orjson
from pydantic import ValidationError

from sync import protocol as p
from sync.wire import (WireError, parse_changes, parse_customer_fetch, parse_customer_search, parse_model,
                       parse_push, parse_snapshot)

log = logging.getLogger(__name__)

SYNC_ERROR_KINDS = ("offline", "timeout", "server", "auth", "revoked", "forbidden", "protocol", "conflict")
RETRYABLE_KINDS = frozenset({"offline", "timeout", "server"})
MAX_BODY_BYTES = 256 * 1024 * 1024
PARSE_INLINE_BYTES = 64 * 1024
IDLE_KEEPALIVE_S = 55.0
"""How long an idle connection stays in the pool: longer than the pull interval (30 s), so pulls
and long-polls reuse one connection (httpx's default of 5 s made every pull a new TCP and TLS
handshake, on the service's CPU); shorter than the service's 65 s and common load balancers'
60 s, so the client, not the server, closes it: never under a request."""
"""Bodies smaller than this are parsed on the loop; bigger ones in a thread."""


class SyncError(Exception):
    """A failed call to the central service. ``kind`` is one of :data:`SYNC_ERROR_KINDS`."""

    def __init__(self, kind: str, message: str, status: int | None = None, body: Any = None,
                 last_seq: int | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.status = status
        self.body = body
        self.last_seq = last_seq

    @property
    def retryable(self) -> bool:
        return self.kind in RETRYABLE_KINDS

    @property
    def summary(self) -> str:
        """What a log may say: a network failure's message (made here: host, TLS, timeout), but
        for a server's answer only its status and error code (its message can quote the request)."""
        if self.status is None:
            return f"{self.kind}: {self.message}"
        code = self.body.get("code") if isinstance(self.body, dict) else None
        known = isinstance(code, str) and code.isidentifier()
        return f"{self.kind}: HTTP {self.status}" + (f" {code}" if known else "")

    def __repr__(self) -> str:
        return f"SyncError({self.kind!r}, {self.message!r}, status={self.status})"


def _is_loopback(host: str) -> bool:
    if host.lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_base_url(base_url: str) -> str:
    """Return the normalised URL; plain http is refused unless the host is a loopback address."""
    parts = urlparse(base_url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SyncError("protocol", f"not a valid server URL: {base_url!r} (expected https://host)")
    if parts.scheme == "http" and not _is_loopback(parts.hostname):
        raise SyncError("protocol", f"refusing plain http:// to {parts.hostname}: customer data must "
                                    "travel over https:// (http is only allowed to localhost)")
    return base_url.strip().rstrip("/")


def tls_verify(verify: bool | str | os.PathLike[str] | ssl.SSLContext = True) -> bool | ssl.SSLContext:
    """What httpx gets as ``verify``: True (the built-in public authorities), an SSL context
    trusting only the CA bundle at a path, or a caller's context. Verification cannot be off."""
    if verify is True or isinstance(verify, ssl.SSLContext):
        if isinstance(verify, ssl.SSLContext) and verify.verify_mode != ssl.CERT_REQUIRED:
            raise ValueError("TLS certificate verification cannot be turned off")
        return verify
    if verify is False or not isinstance(verify, (str, os.PathLike)) or not str(verify):
        raise ValueError("TLS certificate verification cannot be turned off: pass True or the "
                         f"path of a CA bundle, not {verify!r}")
    try:
        return ssl.create_default_context(cafile=os.fspath(verify))
    except (OSError, ssl.SSLError) as exc:
        raise SyncError("protocol", f"cannot use the CA bundle {os.fspath(verify)}: "
                                    f"{getattr(exc, 'strerror', None) or exc}") from None


def check_proxy_url(proxy: str | None) -> str | None:
    """The proxy URL (http:// or https://, with a host), or None for no proxy."""
    if not proxy:
        return None
    parts = urlparse(proxy.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SyncError("protocol", f"not a valid proxy URL: {parts.scheme or '?'}://{parts.hostname or '?'} "
                                    "(expected http://host:port or https://host:port)")
    return proxy.strip()


def _error_chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and cur not in seen:
        seen.append(cur)
        cur = cur.__cause__ or cur.__context__
    return seen


def map_transport_error(exc: httpx.HTTPError) -> SyncError:
    """Translate an httpx exception (no response) into a SyncError."""
    if any(isinstance(e, ssl.SSLError) for e in _error_chain(exc)):
        return SyncError("protocol", f"TLS failure talking to the server (certificate not trusted?): {exc}")
    if isinstance(exc, httpx.ProxyError):
        return SyncError("offline", f"the proxy did not connect to the server: {exc or type(exc).__name__}")
    if isinstance(exc, httpx.TimeoutException):
        return SyncError("timeout", f"the server did not answer in time ({type(exc).__name__})")
    if isinstance(exc, (httpx.ConnectError, httpx.ReadError, httpx.WriteError, httpx.CloseError)):
        return SyncError("offline", f"cannot reach the server: {exc or type(exc).__name__}")
    if isinstance(exc, httpx.RemoteProtocolError):
        # Connection dropped mid-response (proxy restart, truncated transfer): transient.
        return SyncError("server", f"the connection broke during the response: {exc}")
    if isinstance(exc, httpx.DecodingError):
        return SyncError("protocol", f"the response could not be decoded: {exc}")
    if isinstance(exc, httpx.UnsupportedProtocol):
        return SyncError("protocol", f"unsupported URL: {exc}")
    return SyncError("offline", f"network error: {type(exc).__name__}: {exc}")


def map_status_error(status: int, body: bytes) -> SyncError:
    """Translate a non-2xx response into a SyncError, using the ErrorBody when there is one."""
    code, message, last_seq, parsed = "", "", None, None
    try:
        parsed = orjson.loads(body) if body else None
        if isinstance(parsed, dict):
            if isinstance(parsed.get("detail"), dict):  # FastAPI HTTPException(detail={...})
                parsed = parsed["detail"]
            err = p.ErrorBody.model_validate(parsed)
            code, message, last_seq = err.code, err.message, err.last_seq
    except (orjson.JSONDecodeError, ValidationError):
        pass
    message = message or f"HTTP {status}"
    if status == 401:
        kind = "revoked" if code == p.ERR_REVOKED else "auth"
    elif status == 403:
        kind = "auth" if code == p.ERR_INVALID_CODE else "forbidden"
    elif status == 409 and code == p.ERR_SEQUENCE_GAP:
        kind = "conflict"
    elif status == 426 or code == p.ERR_PROTOCOL_VERSION:
        kind, message = "protocol", f"the server speaks another protocol version: {message}"
    elif code == p.ERR_INVALID_CODE:
        kind = "auth"
    elif status >= 500 or status in (408, 429):
        kind = "server"
    else:
        kind = "protocol"
    return SyncError(kind, message, status=status, body=parsed if parsed is not None else body[:2000],
                     last_seq=last_seq)


class SyncClient:
    """Async client for the ``/v1`` endpoints of ``sync.protocol``.

    ``verify`` is True (the built-in public authorities) or the path of a PEM CA bundle; TLS
    certificates are always checked. ``proxy`` is an ``http(s)://host:port`` URL or None.
    ``transport`` is for tests (``httpx.MockTransport`` or a fault-injecting wrapper).
    ``health_report``, when set, returns the terminal's health headers (``sync.protocol``, "Terminal
    health"); every authenticated call carries them.
    """

    def __init__(self, base_url: str, token: str | None = None, timeout_s: float = 20.0,
                 transport: httpx.AsyncBaseTransport | None = None, *, attempts: int = 4,
                 backoff_base_s: float = 0.25, backoff_cap_s: float = 8.0,
                 max_body_bytes: int = MAX_BODY_BYTES,
                 verify: bool | str | os.PathLike[str] | ssl.SSLContext = True,
                 proxy: str | None = None, user_agent: str = "clienteling-terminal",
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
                 rng: Callable[[], float] = random.random,
                 health_report: Callable[[], Mapping[str, str]] | None = None) -> None:
        self.base_url = check_base_url(base_url)
        self.token = token
        self.health_report = health_report
        self.timeout_s = timeout_s
        self.attempts = max(1, attempts)
        self.backoff_base_s = backoff_base_s
        self.backoff_cap_s = backoff_cap_s
        self.max_body_bytes = max_body_bytes
        self._sleep = sleep
        self._rng = rng
        proxy = check_proxy_url(proxy)
        if self.base_url.startswith("http://"):
            proxy = None  # plain HTTP is only allowed to loopback: it must never cross a proxy in clear
        self._http = httpx.AsyncClient(
            base_url=self.base_url, transport=transport, verify=tls_verify(verify),
            proxy=proxy, timeout=timeout_s, trust_env=proxy is not None or self.base_url.startswith("https://"),
            headers={"Accept-Encoding": "gzip", "User-Agent": user_agent,
                     "Accept": "application/json"},
            limits=httpx.Limits(max_connections=100, max_keepalive_connections=20,
                                keepalive_expiry=IDLE_KEEPALIVE_S),
        )

    async def aclose(self) -> None:
        """Close the connection pool (call once on shutdown)."""
        await self._http.aclose()

    async def __aenter__(self) -> "SyncClient":
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # ----- endpoints ----------------------------------------------------------------------------

    async def health(self) -> p.Health:
        """``GET /v1/health`` (no token); raises protocol if the server speaks another version."""
        body = await self._call("GET", "/v1/health", auth=False)
        health = await self._parse(lambda b: parse_model(p.Health, b), body)
        if health.protocol_version != p.PROTOCOL_VERSION:
            raise SyncError("protocol", f"server protocol {health.protocol_version}, "
                                        f"this app speaks {p.PROTOCOL_VERSION}: update the app")
        return health

    async def enroll(self, code: str, app_version: str = "", hostname: str = "") -> p.EnrollResponse:
        """``POST /v1/enroll`` with a one-time code. Retried only when the request never left."""
        req = p.EnrollRequest(code=code, app_version=app_version[:64], hostname=hostname[:255])
        body = await self._call("POST", "/v1/enroll", req.model_dump(), auth=False,
                                retry_kinds=frozenset({"offline"}))
        resp = await self._parse(lambda b: parse_model(p.EnrollResponse, b), body)
        self._check_version(resp.protocol_version)
        return resp

    async def device(self) -> p.DeviceInfo:
        """``GET /v1/device``: this device's store and scopes."""
        body = await self._call("GET", "/v1/device")
        resp = await self._parse(lambda b: parse_model(p.DeviceInfo, b), body)
        self._check_version(resp.protocol_version)
        return resp

    async def snapshot(self, scope: str, cursor: str | None = None,
                       page_rows: int = p.DEFAULT_PAGE_ROWS) -> p.SnapshotPage:
        """``POST /v1/snapshot``: one page of a scope's snapshot, rows checked per column type."""
        req = p.SnapshotRequest(scope=scope, cursor=cursor, page_rows=page_rows)
        page = await self._parse(parse_snapshot, await self._call("POST", "/v1/snapshot", req.model_dump()))
        if page.scope != scope:
            raise SyncError("protocol", f"asked for a page of {scope!r}, got {page.scope!r}")
        return page

    async def changes(self, cursors: dict[str, str], wait_s: float = 0.0,
                      page_rows: int = p.DEFAULT_PAGE_ROWS) -> p.ChangesResponse:
        """``POST /v1/changes``: changes after each scope's cursor; long-polls up to ``wait_s``."""
        req = p.ChangesRequest(cursors=cursors, wait_s=wait_s, page_rows=page_rows)
        body = await self._call("POST", "/v1/changes", req.model_dump(), extra_timeout_s=wait_s)
        resp = await self._parse(parse_changes, body)
        unknown = set(resp.scopes) - set(cursors)
        if unknown:
            raise SyncError("protocol", f"changes for scopes that were not asked for: {sorted(unknown)}")
        return resp

    async def push(self, mutations: list[p.Mutation]) -> p.PushResponse:
        """``POST /v1/mutations``. Safe to retry: the server applies each seq exactly once."""
        req = p.PushRequest(mutations=mutations)
        body = await self._call("POST", "/v1/mutations", req.model_dump())
        return await self._parse(parse_push, body)

    async def search_customers(self, q: str, limit: int = 20) -> p.CustomerSearchResponse:
        """``POST /v1/customers/search``: customers of every region (the online fallback).
        Retried only when the request never left: the associate is waiting."""
        req = p.CustomerSearchRequest(q=q, limit=limit)
        body = await self._call("POST", "/v1/customers/search", req.model_dump(),
                                retry_kinds=frozenset({"offline"}))
        return await self._parse(parse_customer_search, body)

    async def fetch_customer(self, customer_id: str) -> p.CustomerFetchResponse:
        """``POST /v1/customers/fetch``: one customer's profile data with scopes, to cache."""
        req = p.CustomerFetchRequest(customer_id=customer_id)
        body = await self._call("POST", "/v1/customers/fetch", req.model_dump())
        return await self._parse(parse_customer_fetch, body)

    # ----- plumbing -----------------------------------------------------------------------------

    @staticmethod
    def _check_version(version: int) -> None:
        if version != p.PROTOCOL_VERSION:
            raise SyncError("protocol", f"server protocol {version}, this app speaks "
                                        f"{p.PROTOCOL_VERSION}: update the app")

    @staticmethod
    async def _parse(parser: Callable[[bytes], Any], body: bytes) -> Any:
        try:
            if len(body) < PARSE_INLINE_BYTES:
                return parser(body)
            # A big page takes tens of milliseconds to check: off the loop, which under qasync
            # is the UI thread.
            return await asyncio.to_thread(parser, body)
        except WireError as exc:
            raise SyncError("protocol", f"malformed response from the server: {exc}") from None

    def backoff_delay(self, attempt: int) -> float:
        """Full jitter: uniform in [0, min(cap, base * 2**attempt)]."""
        return self._rng() * min(self.backoff_cap_s, self.backoff_base_s * (2 ** attempt))

    async def _call(self, method: str, path: str, payload: Any = None, *, auth: bool = True,
                    extra_timeout_s: float = 0.0,
                    retry_kinds: frozenset[str] = RETRYABLE_KINDS) -> bytes:
        last: SyncError | None = None
        for attempt in range(self.attempts):
            if attempt:
                delay = self.backoff_delay(attempt - 1)
                log.info("retrying %s %s in %.2fs after %s", method, path, delay, last and last.kind)
                await self._sleep(delay)
            try:
                return await self._once(method, path, payload, auth, extra_timeout_s)
            except SyncError as exc:
                if exc.kind not in retry_kinds:
                    raise
                last = exc
        assert last is not None
        raise last

    async def _once(self, method: str, path: str, payload: Any, auth: bool,
                    extra_timeout_s: float) -> bytes:
        headers = {}
        if auth:
            if not self.token:
                raise SyncError("auth", "this terminal is not enrolled (no device token)")
            headers["Authorization"] = f"Bearer {self.token}"
            headers.update(self._health_headers())
        content = None
        if payload is not None:
            content = orjson.dumps(payload)
            headers["Content-Type"] = "application/json"
        timeout = httpx.Timeout(self.timeout_s + extra_timeout_s, connect=self.timeout_s)
        try:
            request = self._http.build_request(method, path, content=content, headers=headers,
                                               timeout=timeout)
            response = await self._http.send(request, stream=True)
            try:
                body = await self._read_body(response)
            finally:
                await response.aclose()
        except httpx.HTTPError as exc:
            raise map_transport_error(exc) from exc
        if response.status_code >= 300:
            raise map_status_error(response.status_code, body)
        return body

    def _health_headers(self) -> dict[str, str]:
        # Health is a by-product of the call: a broken report must never stop the call itself.
        if self.health_report is None:
            return {}
        try:
            return {k: v for k, v in self.health_report().items() if v and v.isascii() and v.isprintable()}
        except Exception:
            log.exception("the health report failed: the call goes without it")
            return {}

    async def _read_body(self, response: httpx.Response) -> bytes:
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and response.headers.get("content-encoding") is None \
                and int(declared) > self.max_body_bytes:
            raise SyncError("protocol", f"response too large ({declared} bytes)")
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > self.max_body_bytes:
                raise SyncError("protocol", f"response too large (over {self.max_body_bytes} bytes): refused")
            chunks.append(chunk)
        return b"".join(chunks)
