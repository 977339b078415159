"""SyncClient: error mapping, retries, hostile bodies (httpx.MockTransport, no network)."""

from __future__ import annotations

import asyncio
import gzip
import ssl

import httpx
import orjson
import pytest

from sync import protocol as p
from sync.client import SyncClient, SyncError, check_base_url, map_status_error, map_transport_error
from sync.entities import ENTITIES

BASE = "http://127.0.0.1:9"


def _customer_row(cid="C1", version=3, **over):
    values = {c: None for c in ENTITIES["customers"].column_names}
    values.update(id=cid, first_name="Ana", last_name="Lima", points=10, lifetime_value_cents=0,
                  preferences={"sizes": {}}, consent={})
    values.update(over)
    return [values[c] for c in ENTITIES["customers"].column_names] + [version]


def _page(**over):
    page = {"scope": "region:r", "version": 5, "cursor": None, "done": True, "changes_cursor": "c1",
            "total_rows": 1, "rows_before": 0,
            "entities": [{"entity": "customers", "columns": list(ENTITIES["customers"].column_names) + ["_version"],
                          "rows": [_customer_row()]}]}
    page.update(over)
    return page


class Script:
    """A MockTransport handler answering from a list of (status, body) or exceptions."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        status, body = answer
        content = body if isinstance(body, bytes) else orjson.dumps(body)
        return httpx.Response(status, content=content, headers={"content-type": "application/json"})


async def _no_sleep(_s):
    return None


def client(script, **kw):
    return SyncClient(BASE, token="t", transport=httpx.MockTransport(script), sleep=_no_sleep, **kw)


def run(coro):
    return asyncio.run(coro)


async def _call(script, method="snapshot", **kw):
    c = client(script, **kw)
    try:
        if method == "snapshot":
            return await c.snapshot("region:r", None)
        if method == "push":
            return await c.push([p.Mutation(id="m-000001", seq=1, name="note.add", local_time="t", args={})])
        if method == "changes":
            return await c.changes({"region:r": "c"}, 0)
        return await getattr(c, method)()
    finally:
        await c.aclose()


def test_snapshot_parses_and_sends_token():
    script = Script((200, _page()))
    page = run(_call(script))
    assert page.entities[0].rows[0][0] == "C1" and page.done
    assert script.requests[0].headers["authorization"] == "Bearer t"
    assert "gzip" in script.requests[0].headers["accept-encoding"]


@pytest.mark.parametrize("status,body,kind", [
    (401, {"code": "unauthorized", "message": "who?"}, "auth"),
    (401, {"code": "revoked", "message": "gone"}, "revoked"),
    (403, {"code": "forbidden_scope", "message": "no"}, "forbidden"),
    (400, {"code": "bad_request", "message": "bad"}, "protocol"),
    (422, {"detail": "x"}, "protocol"),
    (426, {"code": "protocol_version", "message": "v2"}, "protocol"),
    (500, b"oops", "server"),
    (503, b"", "server"),
])
def test_status_mapping(status, body, kind):
    with pytest.raises(SyncError) as err:
        run(_call(Script((status, body))))
    assert err.value.kind == kind and err.value.status == status


def test_sequence_gap_carries_last_seq():
    script = Script((409, {"code": "sequence_gap", "message": "gap", "last_seq": 41}))
    with pytest.raises(SyncError) as err:
        run(_call(script, "push"))
    assert err.value.kind == "conflict" and err.value.last_seq == 41
    assert len(script.requests) == 1  # a conflict is not retried blindly


@pytest.mark.parametrize("exc,kind", [
    (httpx.ConnectError("Name or service not known"), "offline"),
    (httpx.ReadTimeout("slow"), "timeout"),
    (httpx.RemoteProtocolError("peer closed"), "server"),
    (httpx.ProxyError("502 Bad Gateway"), "offline"),
])
def test_transport_errors_are_retried_then_mapped(exc, kind):
    script = Script(exc)
    with pytest.raises(SyncError) as err:
        run(_call(script, attempts=3))
    assert err.value.kind == kind
    assert len(script.requests) == 3


def test_retry_recovers_and_push_is_retried():
    script = Script((502, b""), httpx.ConnectError("down"), (200, {"results": [], "last_seq": 0}))
    resp = run(_call(script, "push", attempts=4))
    assert resp.last_seq == 0 and len(script.requests) == 3


def test_enroll_is_not_retried_after_the_request_left():
    script = Script(httpx.ReadTimeout("lost"))
    async def go():
        c = client(script, attempts=4)
        try:
            await c.enroll("ABCD-1234")
        finally:
            await c.aclose()
    with pytest.raises(SyncError) as err:
        run(go())
    assert err.value.kind == "timeout" and len(script.requests) == 1


def test_backoff_is_full_jitter_and_capped():
    c = SyncClient(BASE, rng=lambda: 1.0, backoff_base_s=0.5, backoff_cap_s=3.0)
    assert [c.backoff_delay(i) for i in range(5)] == [0.5, 1.0, 2.0, 3.0, 3.0]
    c2 = SyncClient(BASE, rng=lambda: 0.0)
    assert c2.backoff_delay(4) == 0.0
    run(c.aclose()), run(c2.aclose())


@pytest.mark.parametrize("body", [
    b'{"scope": "region:r", "version": 5, "entities": [{"entity": "customers", "col',  # truncated
    b"[1, 2, 3]",
    orjson.dumps(_page(entities=[{"entity": "nope", "columns": [], "rows": []}])),
    orjson.dumps(_page(entities=[{"entity": "customers", "columns": ["id"], "rows": [["C1"]]}])),
    orjson.dumps({**_page(), "entities": [{**_page()["entities"][0], "rows": [_customer_row()[:-1]]}]}),
    orjson.dumps({**_page(), "entities": [{**_page()["entities"][0], "rows": [_customer_row(points="ten")]}]}),
    orjson.dumps({**_page(), "entities": [{**_page()["entities"][0], "rows": [_customer_row(cid=None)]}]}),
    orjson.dumps({**_page(), "entities": [{**_page()["entities"][0], "rows": [_customer_row(version=None)]}]}),
    orjson.dumps({**_page(), "entities": [{**_page()["entities"][0], "rows": "x"}]}),
    orjson.dumps(_page(done=False, cursor=None)),
    orjson.dumps({k: v for k, v in _page().items() if k != "changes_cursor"}),
    orjson.dumps(_page(scope="region:other")),
])
def test_hostile_snapshot_bodies_raise_protocol(body):
    with pytest.raises(SyncError) as err:
        run(_call(Script((200, body))))
    assert err.value.kind == "protocol"


def test_oversized_body_is_refused():
    with pytest.raises(SyncError) as err:
        run(_call(Script((200, _page())), max_body_bytes=100))
    assert err.value.kind == "protocol" and "too large" in err.value.message


def test_gzip_body_is_decoded():
    def handler(request):
        return httpx.Response(200, content=gzip.compress(orjson.dumps(_page())),
                              headers={"content-encoding": "gzip", "content-type": "application/json"})
    page = run(_call(handler))
    assert page.total_rows == 1


def test_changes_for_unasked_scope_and_bad_deletes_are_refused():
    resp = {"server_time": "t", "scopes": {"stock:S9": {"cursor": "x", "version": 1}}}
    with pytest.raises(SyncError, match="not asked"):
        run(_call(Script((200, resp)), "changes"))
    bad = {"server_time": "t", "scopes": {"region:r": {"cursor": "x", "version": 1,
                                                        "deletes": [{"entity": "customers", "ids": [1]}]}}}
    with pytest.raises(SyncError) as err:
        run(_call(Script((200, bad)), "changes"))
    assert err.value.kind == "protocol"


def test_push_state_groups_need_a_scope():
    group = {"entity": "customers", "columns": list(ENTITIES["customers"].column_names) + ["_version"],
             "rows": [_customer_row()]}
    body = {"last_seq": 1, "results": [{"id": "m-000001", "seq": 1, "status": "applied",
                                        "state": {"upserts": [group]}}]}
    with pytest.raises(SyncError):
        run(_call(Script((200, body)), "push"))
    body["results"][0]["state"]["upserts"][0]["scope"] = "region:r"
    resp = run(_call(Script((200, body)), "push"))
    assert resp.results[0].state.upserts[0].scope == "region:r"


def test_wrong_protocol_version_in_device_info():
    info = {"device_id": "d", "store_id": "S1", "store_name": "x", "region": "r", "scopes": [],
            "server_epoch": "e", "protocol_version": 99}
    with pytest.raises(SyncError) as err:
        run(_call(Script((200, info)), "device"))
    assert err.value.kind == "protocol"


def test_plain_http_only_to_loopback():
    assert check_base_url("http://localhost:8000/") == "http://localhost:8000"
    assert check_base_url("http://[::1]:8000") == "http://[::1]:8000"
    assert check_base_url("https://central.example.com") == "https://central.example.com"
    with pytest.raises(SyncError) as err:
        SyncClient("http://central.example.com")
    assert err.value.kind == "protocol" and "https" in err.value.message
    with pytest.raises(SyncError):
        SyncClient("ftp://x")


def test_plain_http_through_a_proxy_is_still_only_to_loopback():
    with pytest.raises(SyncError) as err:
        SyncClient("http://central.example.com", proxy="http://127.0.0.1:3128")
    assert err.value.kind == "protocol" and "central.example.com" in err.value.message


@pytest.mark.parametrize("proxy", ["socks4://127.0.0.1:1080", "127.0.0.1:3128", "http://"])
def test_bad_proxy_urls_are_refused(proxy):
    with pytest.raises(SyncError) as err:
        SyncClient(BASE, proxy=proxy)
    assert err.value.kind == "protocol" and "proxy" in err.value.message


def test_tls_verification_cannot_be_turned_off():
    with pytest.raises(ValueError, match="cannot be turned off"):
        SyncClient("https://central.example.com", verify=False)
    with pytest.raises(ValueError, match="cannot be turned off"):
        SyncClient("https://central.example.com", verify="")
    lax = ssl.create_default_context()
    lax.check_hostname, lax.verify_mode = False, ssl.CERT_NONE
    with pytest.raises(ValueError, match="cannot be turned off"):
        SyncClient("https://central.example.com", verify=lax)


def test_an_unusable_ca_bundle_names_the_file(tmp_path):
    missing = tmp_path / "missing-ca.pem"
    with pytest.raises(SyncError) as err:
        SyncClient("https://central.example.com", verify=str(missing))
    assert err.value.kind == "protocol" and str(missing) in err.value.message


def test_summary_keeps_server_messages_out():
    server = map_status_error(400, orjson.dumps({"code": "bad_request", "message": "q: ana@example.com"}))
    assert server.summary == "protocol: HTTP 400 bad_request" and "ana" not in server.summary
    assert map_transport_error(httpx.ConnectError("refused")).summary == "offline: cannot reach the server: refused"


def test_no_token_is_an_auth_error_without_a_request():
    script = Script((200, _page()))
    async def go():
        c = SyncClient(BASE, transport=httpx.MockTransport(script))
        try:
            await c.device()
        finally:
            await c.aclose()
    with pytest.raises(SyncError) as err:
        run(go())
    assert err.value.kind == "auth" and not script.requests


def test_big_pages_are_parsed_off_the_event_loop():
    import threading

    from sync import client as client_module

    rows = [_customer_row(f"C{i:06d}") for i in range(2_000)]  # well over PARSE_INLINE_BYTES
    big = _page(total_rows=len(rows), entities=[{"entity": "customers",
                                                 "columns": list(ENTITIES["customers"].column_names) + ["_version"],
                                                 "rows": rows}])
    threads: list[str] = []
    original = client_module.parse_snapshot

    def spy(body):
        threads.append(threading.current_thread().name)
        return original(body)

    client_module.parse_snapshot = spy
    try:
        page = run(_call(Script((200, big))))
        small = run(_call(Script((200, _page()))))
    finally:
        client_module.parse_snapshot = original
    assert len(page.entities[0].rows) == 2_000 and len(small.entities[0].rows) == 1
    assert threads[0] != threading.main_thread().name  # the big one: a worker thread
    assert threads[1] == threading.main_thread().name  # the small one: inline


def test_idle_connections_outlive_the_pull_interval_but_not_the_server():
    """Pulls every 30 s reuse their connection (httpx's default drops it after 5 s idle), and the
    client lets go before the service (65 s) would close it under a request."""
    from sync.client import IDLE_KEEPALIVE_S
    from sync.server.cli import KEEP_ALIVE_S

    client = SyncClient("http://127.0.0.1:9", "token")
    try:
        assert 30 < IDLE_KEEPALIVE_S < min(KEEP_ALIVE_S, 60)
        pool = client._http._transport._pool  # httpcore's pool: where keep-alive is enforced
        assert pool._keepalive_expiry == IDLE_KEEPALIVE_S
    finally:
        asyncio.run(client.aclose())
