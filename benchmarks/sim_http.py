"""A lean HTTP/1.1 client for the simulated terminals of ``central_load.py``.

Two thousand simulated terminals with an ``httpx.AsyncClient`` each cost the load generator about
2.5 ms of CPU per request (half a core at 2,000 terminals): on the project's 2-core machine that
is CPU taken from the server being measured, and the generator's own event loop fell seconds
behind, which the latencies then included. This client does only what the benchmark needs:
POST with a JSON body over kept-alive connections to one host, responses with ``Content-Length``
(what the central service sends), parsed by ``httptools`` (the C parser uvicorn uses).

A request on a kept-alive connection that the server closed before answering is sent once more on
a new connection (as httpx does); anything else is an error for the caller to count.
"""

from __future__ import annotations

import asyncio

import httptools


class HttpError(Exception):
    """The request got no complete response (connection refused or lost, timeout, bad response).
    ``stale``: a kept-alive connection closed before a byte of the answer came (safe to resend)."""

    def __init__(self, message: str, *, stale: bool = False) -> None:
        super().__init__(message)
        self.stale = stale


class _Connection(asyncio.Protocol):
    """One TCP connection; one request at a time."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.closed = False
        self.waiter: asyncio.Future[tuple[int, bytes]] | None = None
        self.parser = httptools.HttpResponseParser(self)
        self.body: list[bytes] = []
        self.got_bytes = False

    # asyncio.Protocol
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self.got_bytes = True
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError as exc:
            self._fail(HttpError(f"bad response: {exc}"))
            self.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self._fail(HttpError("connection closed by the server", stale=not self.got_bytes))

    # httptools callbacks
    def on_body(self, body: bytes) -> None:
        self.body.append(body)

    def on_message_complete(self) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result((self.parser.get_status_code(), b"".join(self.body)))
        if not self.parser.should_keep_alive():
            self.close()

    def _fail(self, exc: Exception) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(exc)

    def close(self) -> None:
        self.closed = True
        if self.transport is not None:
            self.transport.close()

    async def request(self, head: bytes, body: bytes, timeout: float) -> tuple[int, bytes]:
        self.waiter = asyncio.get_running_loop().create_future()
        self.body = []
        self.got_bytes = False
        self.parser = httptools.HttpResponseParser(self)
        assert self.transport is not None
        self.transport.write(head + body)
        try:
            return await asyncio.wait_for(self.waiter, timeout)
        except TimeoutError:
            self.close()
            raise HttpError("timed out") from None
        finally:
            self.waiter = None


class SimClient:
    """POSTs to one server with fixed headers; a small pool of kept-alive connections."""

    def __init__(self, host: str, port: int, headers: dict[str, str], *, timeout: float,
                 connect_timeout: float = 30.0) -> None:
        self.host, self.port = host, port
        self.timeout, self.connect_timeout = timeout, connect_timeout
        fixed = {"Host": f"{host}:{port}", **headers}
        self._fixed = "".join(f"{k}: {v}\r\n" for k, v in fixed.items())
        self._idle: list[_Connection] = []
        self._all: set[_Connection] = set()

    async def _connect(self) -> _Connection:
        loop = asyncio.get_running_loop()
        try:
            _, conn = await asyncio.wait_for(loop.create_connection(_Connection, self.host, self.port),
                                             self.connect_timeout)
        except (OSError, TimeoutError) as exc:
            raise HttpError(f"could not connect: {type(exc).__name__}") from None
        self._all.add(conn)
        return conn

    async def post(self, path: str, body: bytes) -> tuple[int, bytes]:
        """Status and body of the answer; raises :class:`HttpError` when there is none."""
        head = (f"POST {path} HTTP/1.1\r\n{self._fixed}Content-Length: {len(body)}\r\n\r\n").encode()
        while self._idle:
            conn = self._idle.pop()
            if conn.closed:
                self._all.discard(conn)
                continue
            try:
                return self._done(conn, await conn.request(head, body, self.timeout))
            except HttpError as exc:
                self._all.discard(conn)
                if not exc.stale:
                    raise
                # closed while idle before we noticed: send again on a fresh connection
        conn = await self._connect()
        try:
            return self._done(conn, await conn.request(head, body, self.timeout))
        except HttpError:
            self._all.discard(conn)
            raise

    def _done(self, conn: _Connection, answer: tuple[int, bytes]) -> tuple[int, bytes]:
        if conn.closed:
            self._all.discard(conn)
        else:
            self._idle.append(conn)
        return answer

    async def aclose(self) -> None:
        for conn in self._all:
            conn.close()
        self._all.clear()
        self._idle.clear()
