"""Enrollment, authentication, health and the published API description."""

from __future__ import annotations

from datetime import datetime, timedelta

import httpx
import pytest
import sqlalchemy as sa

from sync import protocol as p
from sync.scopes import scopes_for_store
from sync.server import admin
from sync.server.context import load_stores
from sync.server.db import read_tx
from sync.server.enrollment import code_hash
from sync.server.models import enrollment_codes
from tests.integration.conftest import enroll_device


def _enroll(central, code: str) -> httpx.Response:
    return httpx.post(f"{central.url}/v1/enroll", json={"code": code, "app_version": "1.0", "hostname": "t1"})


def test_health_needs_no_token(central):
    r = httpx.get(f"{central.url}/v1/health")
    assert r.status_code == 200
    health = p.Health.model_validate(r.json())
    assert health.protocol_version == p.PROTOCOL_VERSION


def test_enroll_gives_token_and_store_scopes(central):
    r = _enroll(central, central.enroll_code("S001"))
    assert r.status_code == 200, r.text
    info = p.EnrollResponse.model_validate(r.json())
    with read_tx(central.engine()) as conn:
        stores = load_stores(conn)
    assert info.store_id == "S001" and info.store_name == stores["S001"].name
    assert info.scopes == scopes_for_store(stores["S001"].ref, [s.ref for s in stores.values()])
    assert info.scopes[0] == f"region:{info.region}"
    me = httpx.get(f"{central.url}/v1/device", headers={"Authorization": f"Bearer {info.token}"})
    assert me.status_code == 200
    assert p.DeviceInfo.model_validate(me.json()).device_id == info.device_id


def test_code_works_once(central):
    code = central.enroll_code("S001")
    assert _enroll(central, code).status_code == 200
    again = _enroll(central, code)
    assert again.status_code == 403
    assert again.json()["code"] == p.ERR_INVALID_CODE
    assert "already been used" in again.json()["message"]


def test_code_is_case_and_dash_insensitive(central):
    code = central.enroll_code("S001")
    assert _enroll(central, code.replace("-", " ").lower()).status_code == 200


def test_expired_code_is_refused(central):
    code = central.enroll_code("S001", ttl_hours=-1)
    r = _enroll(central, code)
    assert r.status_code == 403 and r.json()["code"] == p.ERR_INVALID_CODE
    assert "expired" in r.json()["message"]


def test_unknown_code_is_refused(central):
    r = _enroll(central, "ABCD-EFGH-JKLM")
    assert r.status_code == 403 and r.json()["code"] == p.ERR_INVALID_CODE


def test_code_for_unknown_store_cannot_be_made(central):
    with pytest.raises(admin.UnknownStore):
        central.enroll_code("NOPE")
    with pytest.raises(admin.UnknownStore):
        central.enroll_code("DC1")  # not a store: no terminals there


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic eDp5"}])
def test_missing_or_unknown_token_is_401(central, headers):
    r = httpx.get(f"{central.url}/v1/device", headers=headers)
    assert r.status_code == 401
    assert r.json()["code"] == p.ERR_UNAUTHORIZED


def test_revoked_device_gets_401_revoked(central):
    dev = enroll_device(central)
    try:
        assert admin.revoke_device(central.engine(), dev.id)
        for call in (lambda: dev.http.get("/v1/device"),
                     lambda: dev.http.post("/v1/snapshot", json={"scope": dev.scopes[0]}),
                     lambda: dev.http.post("/v1/mutations", json={"mutations": []})):
            r = call()
            assert r.status_code == 401 and r.json()["code"] == p.ERR_REVOKED
    finally:
        dev.http.close()


def test_invalid_body_is_400_bad_request(enrolled):
    r = enrolled.http.post("/v1/snapshot", json={"scope": "catalog", "page_rows": 0})
    assert r.status_code == 400
    body = p.ErrorBody.model_validate(r.json())
    assert body.code == p.ERR_BAD_REQUEST and "page_rows" in body.message


def test_openapi_describes_the_protocol(central):
    spec = httpx.get(f"{central.url}/openapi.json").json()
    paths = spec["paths"]
    for path, method in [("/v1/health", "get"), ("/v1/enroll", "post"), ("/v1/device", "get"),
                         ("/v1/snapshot", "post"), ("/v1/changes", "post"), ("/v1/mutations", "post")]:
        assert method in paths[path], path
        assert "422" not in paths[path][method]["responses"]
    snap = paths["/v1/snapshot"]["post"]["responses"]
    assert snap["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/SnapshotPage")
    assert {"400", "401", "403"} <= snap.keys()
    assert "409" in paths["/v1/mutations"]["post"]["responses"]
    assert {"SnapshotPage", "ChangesResponse", "PushResponse", "ErrorBody"} <= spec["components"]["schemas"].keys()


def test_enroll_code_command_makes_codes_valid_24_hours_by_default(central, capsys):
    from sync.server import cli

    assert cli.main(["enroll-code", "--db", central.db_url, "--store", "S001"]) == 0
    code = capsys.readouterr().out.strip().splitlines()[-1]
    with read_tx(central.engine()) as conn:
        row = conn.execute(sa.select(enrollment_codes).where(
            enrollment_codes.c.code_hash == code_hash(code))).mappings().one()
    made, expires = (datetime.fromisoformat(row[k].replace("Z", "+00:00")) for k in ("created_at", "expires_at"))
    assert expires - made == timedelta(hours=24)
    assert _enroll(central, code).status_code == 200
    assert _enroll(central, code).status_code == 403  # once
