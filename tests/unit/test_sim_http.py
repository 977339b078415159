"""The load generator's lean HTTP client (benchmarks/sim_http.py) against a scripted server."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from sim_http import HttpError, SimClient  # noqa: E402

pytestmark = pytest.mark.asyncio


async def _server(behaviour):
    """A loopback server; ``behaviour(reader, writer, n)`` handles connection number n."""
    count = 0

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal count
        count += 1
        try:
            await behaviour(reader, writer, count)
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1], lambda: count


async def _read_request(reader: asyncio.StreamReader) -> bytes:
    head = await reader.readuntil(b"\r\n\r\n")
    length = int(next(line.split(b":")[1] for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")))
    return await reader.readexactly(length)


def _answer(body: bytes, status: str = "200 OK") -> bytes:
    return f"HTTP/1.1 {status}\r\nContent-Length: {len(body)}\r\nContent-Type: application/json\r\n\r\n".encode() + body


async def test_keeps_the_connection_and_resends_once_when_the_server_closed_it_idle():
    async def one_answer_then_close(reader, writer, n):
        body = await _read_request(reader)
        writer.write(_answer(b'{"echo":' + body + b',"conn":' + str(n).encode() + b"}"))
        await writer.drain()
        if n == 1:  # keep the first connection for a second request
            body = await _read_request(reader)
            writer.write(_answer(b'{"conn":1}'))
            await writer.drain()
        # then close it while idle, as a server's keep-alive timeout does

    server, port, connections = await _server(one_answer_then_close)
    client = SimClient("127.0.0.1", port, {"Authorization": "Bearer t"}, timeout=5)
    try:
        assert await client.post("/x", b"1") == (200, b'{"echo":1,"conn":1}')
        assert await client.post("/x", b"2") == (200, b'{"conn":1}')  # same connection
        await asyncio.sleep(0.1)  # the server has closed it meanwhile
        assert await client.post("/x", b"3") == (200, b'{"echo":3,"conn":2}')  # sent again on a new one
        assert connections() == 2
    finally:
        await client.aclose()
        server.close()


async def test_a_timeout_or_a_broken_answer_is_an_error_not_a_resend():
    async def slow_or_broken(reader, writer, n):
        await _read_request(reader)
        if n == 1:
            await asyncio.sleep(1)
        else:
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort")  # then closes mid-body

    server, port, connections = await _server(slow_or_broken)
    client = SimClient("127.0.0.1", port, {}, timeout=0.2)
    try:
        with pytest.raises(HttpError, match="timed out"):
            await client.post("/x", b"{}")
        with pytest.raises(HttpError):
            await client.post("/x", b"{}")
        assert connections() == 2
    finally:
        await client.aclose()
        server.close()


async def test_connection_refused_is_an_error():
    server, port, _ = await _server(lambda r, w, n: asyncio.sleep(0))
    server.close()
    await server.wait_closed()
    client = SimClient("127.0.0.1", port, {}, timeout=1, connect_timeout=1)
    with pytest.raises(HttpError, match="could not connect"):
        await client.post("/x", b"{}")
