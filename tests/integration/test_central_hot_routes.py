"""/v1/changes and /v1/mutations are served without FastAPI's stack (``sync.server.hot_routes``):
what that stack used to give them — compression, 405s, OpenAPI, error bodies — still holds; and
a bug, there or behind FastAPI (``app.CentralApp``), answers a 500 ErrorBody and leaves the
connection open."""

from __future__ import annotations

import gzip
import http.client
from urllib.parse import urlsplit

import httpx
import orjson

from sync import protocol as p
from sync.server import admin, hot_routes, routes
from sync.server.db import write_tx
from sync.server.versions import stamp, upsert_rows
from tests.integration.conftest import enroll_device
from tests.integration.test_api_hostile_requests import error


def _raw(dev, path: str, body: bytes, **headers: str) -> tuple[httpx.Response, bytes]:
    """A POST and the bytes of its answer as they came (not decompressed)."""
    with httpx.Client(base_url=str(dev.http.base_url), timeout=30) as http:
        request = http.build_request("POST", path, content=body, headers={
            "Authorization": dev.http.headers["Authorization"], "Content-Type": "application/json", **headers})
        response = http.send(request, stream=True)
        return response, b"".join(response.iter_raw())


def test_a_large_changes_page_is_gzip_compressed_when_the_client_accepts_it(central, enrolled):
    scope = next(s for s in enrolled.scopes if s.startswith("location:"))
    cursor = enrolled.http.post("/v1/snapshot", json={"scope": scope, "page_rows": 1}).json()["changes_cursor"]
    with write_tx(central.engine()) as conn:
        upsert_rows(conn, "notes", scope, [{"id": f"N-HOT-{i}", "customer_id": "C-x", "body": "x" * 100}
                                           for i in range(40)])
        stamp(conn)
    body = orjson.dumps({"cursors": {scope: cursor}})
    packed, packed_bytes = _raw(enrolled, "/v1/changes", body, **{"Accept-Encoding": "gzip"})
    plain, plain_bytes = _raw(enrolled, "/v1/changes", body, **{"Accept-Encoding": "identity"})
    assert packed.status_code == plain.status_code == 200
    assert packed.headers["content-encoding"] == "gzip" and packed.headers["vary"] == "Accept-Encoding"
    assert "content-encoding" not in plain.headers
    assert int(packed.headers["content-length"]) < int(plain.headers["content-length"]) / 3
    unpacked = orjson.loads(gzip.decompress(packed_bytes))
    rows = unpacked["scopes"][scope]["upserts"][0]["rows"]
    assert len(rows) == 40 and unpacked["scopes"] == orjson.loads(plain_bytes)["scopes"]
    small, small_bytes = _raw(enrolled, "/v1/changes", orjson.dumps({"cursors": {}}), **{"Accept-Encoding": "gzip"})
    assert "content-encoding" not in small.headers and orjson.loads(small_bytes)["scopes"] == {}


def test_other_methods_are_405_with_allow(central, enrolled):
    for path in hot_routes.PATHS:
        r = error(enrolled.http.get(path), 405, p.ERR_METHOD_NOT_ALLOWED)
        assert r.message
        assert enrolled.http.put(path, json={}).headers["allow"] == "POST"


def test_a_revoked_device_with_a_bad_body_learns_it_is_revoked(central):
    dev = enroll_device(central)
    try:
        assert admin.revoke_device(central.engine(), dev.id)
        for path in hot_routes.PATHS:
            error(dev.http.post(path, content=b"{not json", headers={"Content-Type": "application/json"}),
                  401, p.ERR_REVOKED)
        stranger = httpx.post(central.url + "/v1/changes", content=b"[]",
                              headers={"Authorization": "Bearer nobody"})
        error(stranger, 401, p.ERR_UNAUTHORIZED)
        error(httpx.post(central.url + "/v1/mutations", content=b"[]"), 401, p.ERR_UNAUTHORIZED)  # no token at all
    finally:
        dev.http.close()


def _broken(*_args, **_kwargs):
    raise RuntimeError("a bug")


def _one_connection(central, enrolled, requests: list[tuple[str, str, dict | None]]) -> list[tuple[int, dict]]:
    """Send ``requests`` one after the other on one kept-alive connection (fails if the server
    closed it in between: http.client does not reconnect behind our back)."""
    conn = http.client.HTTPConnection(urlsplit(central.url).netloc, timeout=30)
    try:
        out = []
        conn.connect()
        sock = conn.sock
        for method, path, body in requests:
            conn.request(method, path, body=orjson.dumps(body) if body is not None else None, headers={
                "Authorization": enrolled.http.headers["Authorization"], "Content-Type": "application/json"})
            response = conn.getresponse()
            out.append((response.status, orjson.loads(response.read())))
            assert conn.sock is sock, "the server closed the connection"
        return out
    finally:
        conn.close()


def test_a_bug_is_a_500_error_body_and_the_connection_carries_on(central, enrolled, monkeypatch):
    monkeypatch.setattr(hot_routes, "push_mutations", _broken)
    monkeypatch.setattr(hot_routes, "_changes_once", _broken)
    answers = _one_connection(central, enrolled, [("POST", "/v1/mutations", {"mutations": []}),
                                                  ("POST", "/v1/changes", {"cursors": {}}),
                                                  ("GET", "/v1/health", None)])
    assert [status for status, _ in answers] == [500, 500, 200]
    body = p.ErrorBody.model_validate(answers[0][1])
    assert body.code == p.ERR_SERVER_ERROR and "RuntimeError" in body.message and "a bug" not in body.message


def test_a_bug_behind_fastapi_is_a_500_error_body_and_the_connection_carries_on(central, enrolled, monkeypatch):
    monkeypatch.setattr(routes, "read_meta", _broken)
    answers = _one_connection(central, enrolled, [("GET", "/v1/device", None), ("GET", "/v1/health", None)])
    assert [status for status, _ in answers] == [500, 200]
    assert answers[0][1]["code"] == p.ERR_SERVER_ERROR and "RuntimeError" in answers[0][1]["message"]


def test_openapi_describes_both_operations(central):
    spec = httpx.get(f"{central.url}/openapi.json").json()
    for path, model, statuses in (("/v1/changes", "ChangesRequest", {"400", "401", "403", "413", "503"}),
                                  ("/v1/mutations", "PushRequest", {"400", "401", "409", "413", "503"})):
        op = spec["paths"][path]["post"]
        assert statuses <= set(op["responses"]) and "422" not in op["responses"], op["responses"]
        assert op["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(model)
        assert op["security"] == [{"HTTPBearer": []}] and op["tags"] == ["sync"]
    assert "long-polls" in spec["paths"]["/v1/changes"]["post"]["description"]
