"""A fault-injecting httpx transport for tests: the terminal's ``SyncClient`` talks to the real
central service through it (``Terminal.enroll(..., transport=FaultyTransport())``).

A test *arms* faults (``arm(kind, path=...)``); each armed fault hits the next request whose path
matches, in the order armed. Kinds (:data:`KINDS`):

- ``request_lost``   the request never reaches the server (connection refused);
- ``response_lost``  the server handles (and commits) the request, the answer is lost (reset);
- ``duplicate``      the request reaches the server twice at once; the client sees one answer;
- ``delay``          the request waits before it is sent (``delay_s``);
- ``reorder``        a stale copy of an earlier request to the same path arrives right after this one;
- ``server_error``   a 503 before the server sees it, or a 502 after it committed (``after`` decides);
- ``timeout``        a connect timeout before, or a read timeout after the server committed;
- ``truncated``      the body is cut short: a short body that looks complete, or the connection
                     drops mid-body (``after`` decides).

``offline = True`` refuses every request (the terminal's network is unplugged). ``injected`` counts
faults by kind, ``requests`` counts requests by path.
"""

from __future__ import annotations

import asyncio
from collections import Counter, deque
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx

KINDS = ("request_lost", "response_lost", "duplicate", "delay", "reorder", "server_error", "timeout",
         "truncated")


@dataclass(frozen=True)
class Fault:
    kind: str
    path: str | None = None  # None: the next request, whatever its path
    after: bool = True  # server_error / timeout: after the server handled it; truncated: drop mid-body
    cut: float = 0.5  # truncated: the share of the body delivered
    delay_s: float = 0.05


class _Cut(httpx.AsyncByteStream):
    """A body that ends early: cleanly (a short body) or with a dropped connection."""

    def __init__(self, data: bytes, drop: bool) -> None:
        self.data, self.drop = data, drop

    async def __aiter__(self) -> AsyncIterator[bytes]:
        if self.data:
            yield self.data
        if self.drop:
            raise httpx.RemoteProtocolError("peer closed connection without sending complete message body")


def _copy(request: httpx.Request, content: bytes) -> httpx.Request:
    return httpx.Request(request.method, request.url, headers=request.headers, content=content,
                         extensions=request.extensions)


class FaultyTransport(httpx.AsyncBaseTransport):
    """Forwards to a real ``httpx.AsyncHTTPTransport`` and injects the faults armed on it."""

    def __init__(self, inner: httpx.AsyncBaseTransport | None = None) -> None:
        self.inner = inner or httpx.AsyncHTTPTransport()
        self.offline = False
        self.armed: deque[Fault] = deque()
        self.injected: Counter[str] = Counter()
        self.requests: Counter[str] = Counter()
        self._last: dict[str, tuple[httpx.Request, bytes]] = {}

    def arm(self, kind: str, path: str | None = None, **kw: object) -> None:
        """Inject ``kind`` into the next request to ``path`` (any path when None)."""
        if kind not in KINDS:
            raise ValueError(f"unknown fault {kind!r}; known: {', '.join(KINDS)}")
        self.armed.append(Fault(kind, path, **kw))  # type: ignore[arg-type]

    def disarm(self) -> int:
        """Drop the faults not injected yet; returns how many."""
        n = len(self.armed)
        self.armed.clear()
        return n

    def _take(self, path: str) -> Fault | None:
        for fault in self.armed:
            if fault.path is None or fault.path == path:
                self.armed.remove(fault)
                return fault
        return None

    async def _forward(self, request: httpx.Request, content: bytes) -> tuple[httpx.Response, bytes]:
        response = await self.inner.handle_async_request(_copy(request, content))
        try:
            raw = b"".join([chunk async for chunk in response.aiter_raw()])
        finally:
            await response.aclose()
        return response, raw

    @staticmethod
    def _answer(response: httpx.Response, raw: bytes, request: httpx.Request) -> httpx.Response:
        headers = [(k, v) for k, v in response.headers.multi_items() if k.lower() != "content-length"]
        headers.append(("content-length", str(len(raw))))
        return httpx.Response(response.status_code, headers=headers, content=raw, request=request,
                              extensions=response.extensions)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        self.requests[path] += 1
        content = await request.aread()
        if self.offline:
            raise httpx.ConnectError("network unplugged by the test", request=request)
        fault = self._take(path)
        stale = self._last.get(path)
        self._last[path] = (request, content)
        if fault is None:
            response, raw = await self._forward(request, content)
            return self._answer(response, raw, request)
        self.injected[fault.kind] += 1
        return await self._inject(fault, request, content, stale)

    async def _inject(self, fault: Fault, request: httpx.Request, content: bytes,
                      stale: tuple[httpx.Request, bytes] | None) -> httpx.Response:
        kind = fault.kind
        if kind == "request_lost":
            raise httpx.ConnectError("request lost (fault injected)", request=request)
        if kind in ("server_error", "timeout", "truncated") and not fault.after:
            if kind == "timeout":
                raise httpx.ConnectTimeout("connect timeout (fault injected)", request=request)
            if kind == "server_error":
                return httpx.Response(503, json={"code": "unavailable", "message": "fault injected"},
                                      request=request)
        if kind == "delay":
            await asyncio.sleep(fault.delay_s)
        if kind == "duplicate":
            results = await asyncio.gather(self._forward(request, content), self._forward(request, content),
                                           return_exceptions=True)
            answered = [r for r in results if not isinstance(r, BaseException)]
            if not answered:
                raise results[0]  # type: ignore[misc]
            response, raw = answered[-1]
        else:
            response, raw = await self._forward(request, content)
        if kind == "reorder" and stale is not None:
            await self._forward(*stale)  # an older copy arrives late; its answer goes nowhere
        if kind == "response_lost":
            raise httpx.ReadError("connection reset after the server answered (fault injected)", request=request)
        if kind == "timeout":
            raise httpx.ReadTimeout("read timeout after the server answered (fault injected)", request=request)
        if kind == "server_error":
            return httpx.Response(502, text="bad gateway (fault injected)", request=request)
        if kind == "truncated":
            short = raw[: int(len(raw) * fault.cut)]
            headers = [(k, v) for k, v in response.headers.multi_items() if k.lower() != "content-length"]
            if not fault.after:  # a proxy that hands over a short body as if it were whole
                headers.append(("content-length", str(len(short))))
            return httpx.Response(response.status_code, headers=headers, request=request,
                                  stream=_Cut(short, drop=fault.after), extensions=response.extensions)
        return self._answer(response, raw, request)

    async def aclose(self) -> None:
        await self.inner.aclose()
