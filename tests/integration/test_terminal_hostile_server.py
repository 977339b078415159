"""Hostile server input at the terminal level: a real encrypted cache and the real replicator
(``Terminal``), with the endpoint under attack answered by a small hostile HTTP server on
loopback and everything else by the real central service.

Most bad pages are built from the real answer (the hostile server fetches it from the central
service first, then breaks it): a page that is right but for one cell, one extra column, a cut or
another protocol version must be refused whole. After each attack ``sync_once`` fails with a clear
sync error in the status, the cache's per-scope checksums, its cursors and its outbox are exactly
as before; then, with the real server back, sync completes and the cache equals the server.

Every bad answer is a ``protocol`` error (not retried: the same server would send it again) except
a transfer cut mid-body (the declared length never arrives), which is transient like any broken
connection: retried, then reported as ``server``.
"""

from __future__ import annotations

import asyncio
import gzip
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import orjson
import pytest

import sync.wire
from clienteling.terminal import Terminal
from sync.client import SyncError
from sync.server.db import write_tx
from sync.server.versions import upsert_rows
from tests.integration.conftest import ASSOCIATE
from tests.integration.test_terminal_outbox import server_count
from tests.integration.test_terminal_sync import assert_converged, enrolled_terminal

pytestmark = pytest.mark.asyncio

Request = tuple[str, str, dict[str, str], bytes]  # method, path, headers, body
Answer = Callable[[Request], AsyncIterator[bytes]]


def raw(status: int, body: bytes, headers: dict[str, str] | None = None) -> bytes:
    """A complete HTTP/1.1 response (the connection closes after it)."""
    head = {"Content-Type": "application/json", "Content-Length": str(len(body)), "Connection": "close",
            **(headers or {})}
    lines = [f"HTTP/1.1 {status} X"] + [f"{k}: {v}" for k, v in head.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


class HostileServer:
    """Answers every request with ``self.answer`` (raw bytes, possibly cut short or endless)."""

    def __init__(self, central_url: str) -> None:
        self.central_url = central_url
        self.answer: Answer | None = None
        self.hits = 0
        self.port = 0
        self._server: asyncio.AbstractServer | None = None

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def real(self, request: Request) -> tuple[int, Any]:
        """The real central service's answer to the same request (status, parsed JSON)."""
        method, path, headers, body = request
        keep = {k: v for k, v in headers.items() if k == "authorization" or k.startswith("x-clienteling")}
        async with httpx.AsyncClient(base_url=self.central_url, timeout=30) as http:
            resp = await http.request(method, path, content=body or None,
                                      headers={**keep, "Content-Type": "application/json"})
        return resp.status_code, resp.json()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
            method, path, _ = head[0].split(" ", 2)
            headers = {k.strip().lower(): v.strip() for k, v in (h.split(":", 1) for h in head[1:] if h)}
            body = await reader.readexactly(int(headers.get("content-length", "0")))
            self.hits += 1
            assert self.answer is not None
            async for chunk in self.answer((method, path, headers, body)):
                writer.write(chunk)
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass  # the client gave up (an oversized body): expected
        finally:
            writer.close()


class Router(httpx.AsyncBaseTransport):
    """The terminal's transport: requests to an attacked path go to the hostile server, the rest to
    the real central service, both over real loopback sockets."""

    def __init__(self, hostile: HostileServer) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.hostile = hostile
        self.attacked: set[str] = set()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path in self.attacked:
            request.url = request.url.copy_with(port=self.hostile.port)
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


# ----- bad answers: each an async generator of raw bytes ----------------------------------------

def fixed(status: int, body: bytes, headers: dict[str, str] | None = None) -> Answer:
    async def answer(_request: Request) -> AsyncIterator[bytes]:
        yield raw(status, body, headers)
    return answer


def broken(server: HostileServer, spoil: Callable[[Any], Any]) -> Answer:
    """The real answer (JSON) after ``spoil`` changed it in place or returned a replacement."""
    async def answer(request: Request) -> AsyncIterator[bytes]:
        status, data = await server.real(request)
        assert status == 200, data
        changed = spoil(data)
        yield raw(200, orjson.dumps(data if changed is None else changed))
    return answer


def cut(server: HostileServer, *, keep_length: bool) -> Answer:
    """The real answer cut at 60 %: as a complete (short) response, or with the full length
    declared and the connection closed half way."""
    async def answer(request: Request) -> AsyncIterator[bytes]:
        _status, data = await server.real(request)
        body = orjson.dumps(data)
        short = body[: len(body) * 6 // 10]
        if keep_length:
            yield raw(200, short)
        else:
            yield raw(200, body)[: -(len(body) - len(short))]
    return answer


def endless(total: int) -> Answer:
    """200 without a length, then ``total`` bytes of JSON whitespace."""
    async def answer(_request: Request) -> AsyncIterator[bytes]:
        yield b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n["
        for _ in range(total // 65536):
            yield b" " * 65536
    return answer


def first_rows(data: dict, key: str = "entities") -> list:
    """The first non-empty rows group of a snapshot page (``entities``) or changes scope (``upserts``)."""
    return next(g for g in data[key] if g["rows"])


def spoil_cell(group: dict) -> None:
    group["rows"][-1][0] = 12345  # the id of the last row: a number instead of a string


def changes_of(data: dict) -> dict:
    return next(ch for ch in data["scopes"].values() if ch["upserts"])


HELD_PUSH = fixed(200, orjson.dumps({"results": [], "last_seq": 0}))
"""A well-formed push answer that applies nothing: keeps the outbox pending while other endpoints
are attacked (``sync_once`` pushes first)."""


def attacks(server: HostileServer) -> dict[str, list[tuple[str, Answer, str, str]]]:
    """Per attacked path: (name, answer, expected kind, a phrase the error must contain)."""
    version_426 = orjson.dumps({"code": "protocol_version", "message": "this server speaks version 2"})
    common = [
        ("html from a proxy", fixed(200, b"<html><body>502 Bad Gateway</body></html>"), "protocol", "not JSON"),
        ("truncated JSON", cut(server, keep_length=True), "protocol", "not JSON (truncated?)"),
        ("connection cut mid-body", cut(server, keep_length=False), "server", "connection broke"),
        ("a JSON list", fixed(200, b"[1, 2, 3]"), "protocol", "not a JSON object"),
        ("another protocol version", broken(server, lambda d: d.update(protocol_version=2)), "protocol",
         "protocol version 2"),
        ("426 from an upgraded server", fixed(426, version_426), "protocol", "another protocol version"),
        ("oversized body streamed", endless(3 * 1024 * 1024), "protocol", "too large"),
        ("oversized body declared", fixed(200, b"{}", {"Content-Length": str(10**12)}), "protocol", "too large"),
        ("gzip that is not gzip", fixed(200, b"certainly not gzip", {"Content-Encoding": "gzip"}), "protocol",
         "could not be decoded"),
    ]
    return {
        "/v1/snapshot": common + [
            ("one bad cell", broken(server, lambda d: spoil_cell(first_rows(d))), "protocol", "wrong type"),
            ("an extra column", broken(server, _extra_column), "protocol", "do not match the protocol"),
            ("another scope's page", broken(server, lambda d: d.update(scope="region:elsewhere")), "protocol",
             "asked for a page of"),
            ("too many rows", broken(server, lambda d: None), "protocol", "oversized"),
        ],
        "/v1/changes": common + [
            ("one bad cell", broken(server, lambda d: spoil_cell(first_rows(changes_of(d), "upserts"))),
             "protocol", "wrong type"),
            ("deleted ids not strings", broken(server, lambda d: changes_of(d)["deletes"].append(
                {"entity": "notes", "ids": [1, 2]})), "protocol", "must be strings"),
            ("an unasked scope", broken(server, lambda d: d["scopes"].update(
                {"location:S999": {**changes_of(d), "upserts": []}})), "protocol", "not asked for"),
            ("gzip-compressed garbage", fixed(200, gzip.compress(b"\x00" * 2_000_000),
                                              {"Content-Encoding": "gzip"}), "protocol", "not JSON"),
        ],
        "/v1/mutations": common + [
            ("a result for another seq", broken(server, lambda d: d["results"][0].update(seq=999_999)),
             "protocol", "does not match the outbox"),
            ("state without a scope", broken(server, _drop_state_scopes), "protocol", "without a scope"),
            ("one bad cell in the state", broken(server, lambda d: spoil_cell(
                d["results"][0]["state"]["upserts"][0])), "protocol", "wrong type"),
            ("results not a list", fixed(200, b'{"results": "applied", "last_seq": 1}'), "protocol", "not a list"),
        ],
    }


def _drop_state_scopes(data: dict) -> None:
    for group in data["results"][0]["state"]["upserts"]:
        del group["scope"]


def _extra_column(data: dict) -> None:
    group = first_rows(data)
    group["columns"].append("evil")
    for row in group["rows"]:
        row.append("x")


# ----- what must not change ---------------------------------------------------------------------

async def cache_state(terminal) -> dict:
    """Checksums per scope, cursors, and the outbox (without its attempt counter)."""
    def read() -> dict:
        with terminal.cache.read() as conn:
            cursors = conn.exec_driver_sql("SELECT * FROM sync_state ORDER BY scope").all()
            box = conn.exec_driver_sql("SELECT seq, id, name, args, status, code FROM outbox ORDER BY seq").all()
        return {"cursors": [tuple(r) for r in cursors], "outbox": [tuple(r) for r in box]}
    stats = await terminal.stats()
    return {"scopes": stats["scopes"], "rows": stats["rows"], **await terminal.worker.run(read)}


async def run_attacks(terminal, router: Router, server: HostileServer, path: str, monkeypatch,
                      held: frozenset[str] = frozenset()) -> list[str]:
    """Every attack on ``path``; returns the error each left in the sync status."""
    before = await cache_state(terminal)
    seen = []
    for name, answer, kind, phrase in attacks(server)[path]:
        router.attacked = {path, *held}

        async def route(request: Request, attack: Answer = answer) -> AsyncIterator[bytes]:
            async for chunk in (attack if request[1] == path else HELD_PUSH)(request):
                yield chunk
        server.answer = route
        with monkeypatch.context() as patch:
            if name == "too many rows":
                patch.setattr(sync.wire, "MAX_ROWS_PER_RESPONSE", 3)
            with pytest.raises(SyncError) as err:
                await terminal.replicator.sync_once()
        status = terminal.replicator.status
        assert (err.value.kind, status.last_error_kind) == (kind, kind), (path, name, err.value)
        assert phrase in status.last_error, (path, name, status.last_error)
        assert await cache_state(terminal) == before, (path, name)
        seen.append(f"{path} {name}: {status.last_error_kind}: {status.last_error[:100]}")
    router.attacked = set()
    return seen


async def test_hostile_pages_are_refused_and_leave_the_cache_as_it_was(central, tmp_path, monkeypatch):
    server = HostileServer(central.url)
    await server.start()
    router = Router(server)
    terminal = await enrolled_terminal(central, tmp_path)
    config, creds = terminal.config, terminal.credentials
    await terminal.aclose()
    terminal = Terminal.open(config, creds, transport=router)
    try:
        terminal.client.backoff_base_s = 0.01  # transient kinds are retried: keep it quick
        terminal.client.max_body_bytes = 2 * 1024 * 1024
        # Before any download: no bad snapshot page may leave a single row behind.
        seen = await run_attacks(terminal, router, server, "/v1/snapshot", monkeypatch)
        await terminal.replicator.sync_once()
        await assert_converged(terminal, central)

        # A server-side change for the change feed to carry, and a write waiting to be sent.
        customer = (await terminal.worker.run(terminal.customers.search, "e"))[0]
        region = next(s for s in terminal.device.scopes if s.startswith("region:"))
        with write_tx(central.engine()) as conn:
            upsert_rows(conn, "customers", region, [{"id": customer.id, "first_name": "Hostile"}])
        note = await terminal.worker.run(terminal.notes.add, customer.id, "kept through attacks", ASSOCIATE)
        seen += await run_attacks(terminal, router, server, "/v1/changes", monkeypatch,
                                  held=frozenset({"/v1/mutations"}))
        # Each push attack first reaches the real server, which commits the note; the answer is refused.
        seen += await run_attacks(terminal, router, server, "/v1/mutations", monkeypatch)
        assert len(seen) == sum(map(len, attacks(server).values())) == 39 and server.hits >= len(seen)

        report = await terminal.replicator.sync_once()  # the real server again
        assert (report.applied, report.replayed) == (1, 0)  # the server's stored result, applied once
        assert terminal.replicator.status.last_error is None
        assert (await terminal.worker.run(terminal.customers.get, customer.id)).first_name == "Hostile"
        assert server_count(central, "SELECT count(*) FROM notes WHERE id = :i", i=note.id) == 1
        assert (await terminal.stats())["outbox"]["pending"] == 0
        await assert_converged(terminal, central)
    finally:
        await terminal.aclose()
        await router.aclose()
        await server.stop()
