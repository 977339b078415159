"""Replicator against a small fake central (httpx.MockTransport): bootstrap, pull, push rules."""

from __future__ import annotations

import asyncio

import httpx
import orjson
import pytest

from clienteling.dbworker import DbWorker
from clienteling.replication import Replicator
from clienteling.services import CustomerService, LoyaltyService, NoteService
from sync.client import SyncClient, SyncError
from sync.entities import ENTITIES
from tests.unit.test_cache_engine import REGION, fetch, make_cache, row

SCOPES = [REGION, "catalog", "location:S1", "stock:S1"]


def cols(entity):
    return list(ENTITIES[entity].column_names) + ["_version"]


class FakeCentral:
    """Just enough of the protocol: paged snapshots, a change log, scripted push results."""

    def __init__(self):
        self.data = {s: {} for s in SCOPES}  # scope -> {(entity, id): row}
        self.version = {s: 1 for s in SCOPES}
        self.log = {s: [] for s in SCOPES}  # (version, entity, id, deleted)
        self.push_handler = None
        self.fail_next = []  # exceptions / (status, body) to answer before the real answer
        self.requests = []
        self.reset_scopes = set()

    def put(self, scope, entity, r):
        self.version[scope] += 1
        r = list(r)
        r[-1] = self.version[scope]
        self.data[scope][(entity, r[0])] = r
        self.log[scope].append((self.version[scope], entity, r[0], False))

    def remove(self, scope, entity, id_):
        self.version[scope] += 1
        self.data[scope].pop((entity, id_), None)
        self.log[scope].append((self.version[scope], entity, id_, True))

    def _ordered(self, scope):
        order = list(ENTITIES)
        return sorted(self.data[scope].items(), key=lambda kv: (order.index(kv[0][0]), kv[0][1]))

    def snapshot(self, req):
        scope, offset, n = req["scope"], int(req["cursor"] or 0), req["page_rows"]
        items = self._ordered(scope)
        chunk = items[offset:offset + n]
        groups = {}
        for (entity, _), r in chunk:
            groups.setdefault(entity, []).append(r)
        done = offset + n >= len(items)
        return {"scope": scope, "version": self.version[scope], "done": done,
                "cursor": None if done else str(offset + n), "changes_cursor": str(self.version[scope]),
                "total_rows": len(items), "rows_before": offset,
                "entities": [{"entity": e, "columns": cols(e), "rows": rs} for e, rs in groups.items()]}

    def changes(self, req):
        out = {}
        for scope, cursor in req["cursors"].items():
            if scope in self.reset_scopes:
                self.reset_scopes.discard(scope)
                out[scope] = {"cursor": cursor, "reset": True, "version": self.version[scope]}
                continue
            after = int(cursor)
            latest = {}
            for version, entity, id_, deleted in self.log[scope]:
                if version > after:
                    latest[(entity, id_)] = deleted
            ups, dels = {}, {}
            for (entity, id_), deleted in latest.items():
                if deleted:
                    dels.setdefault(entity, []).append(id_)
                else:
                    ups.setdefault(entity, []).append(self.data[scope][(entity, id_)])
            out[scope] = {"cursor": str(self.version[scope]), "version": self.version[scope], "more": False,
                          "upserts": [{"entity": e, "columns": cols(e), "rows": r} for e, r in ups.items()],
                          "deletes": [{"entity": e, "ids": i} for e, i in dels.items()]}
        return {"scopes": out, "server_time": "2026-11-22T14:16:51Z"}

    def device(self):
        return {"device_id": "D1", "store_id": "S1", "store_name": "Heights", "region": "bay",
                "scopes": SCOPES, "server_epoch": "e1"}

    def __call__(self, request: httpx.Request):
        body = orjson.loads(request.content) if request.content else None
        self.requests.append((request.url.path, body))
        if self.fail_next:
            answer = self.fail_next.pop(0)
            if isinstance(answer, Exception):
                raise answer
            return httpx.Response(answer[0], content=answer[1] if isinstance(answer[1], bytes) else orjson.dumps(answer[1]))
        path = request.url.path
        if path == "/v1/snapshot":
            result = self.snapshot(body)
        elif path == "/v1/changes":
            result = self.changes(body)
        elif path == "/v1/device":
            result = self.device()
        elif path == "/v1/mutations":
            result = self.push_handler(body["mutations"])
        else:
            return httpx.Response(404)
        return httpx.Response(200, content=orjson.dumps(result))


@pytest.fixture
def env(tmp_path):
    central = FakeCentral()
    for i in range(25):
        central.put(REGION, "customers", row("customers", f"C{i:02d}", first_name=f"Name{i}", last_name="Lee",
                                             points=100))
    central.put(REGION, "notes", row("notes", "N1", customer_id="C01", body="hi"))
    central.put("catalog", "stores", row("stores", "S1", name="Heights"))
    central.put("stock:S1", "inventory", row("inventory", "S1:K1", location_id="S1", sku="K1"))
    cache = make_cache(tmp_path)
    worker = DbWorker()

    async def no_sleep(_):
        return None

    client = SyncClient("http://127.0.0.1:1", token="t", transport=httpx.MockTransport(central),
                        attempts=1, sleep=no_sleep)
    rep = Replicator(cache, worker, client, snapshot_page_rows=10)
    yield central, cache, rep
    asyncio.run(client.aclose())
    worker.close()
    cache.close()


def count(cache, table, where="1"):
    return fetch(cache, f"SELECT count(*) FROM {table} WHERE {where}")[0][0]


def test_bootstrap_region_first_resumable_and_searchable(env):
    central, cache, rep = env
    progress = []
    rep.on_progress = lambda *a: progress.append(a)
    central.fail_next = [None]  # placeholder replaced below
    central.fail_next = []
    # Break the connection on the third snapshot page of the region scope.
    original = central.snapshot
    calls = {"n": 0}

    def flaky(req):
        calls["n"] += 1
        if calls["n"] == 3:
            raise httpx.ConnectError("cable pulled")
        return original(req)
    central.snapshot = flaky
    with pytest.raises(SyncError):
        asyncio.run(rep.bootstrap())
    assert count(cache, "customers") in (10, 20)  # whole pages only
    cursor = fetch(cache, "SELECT snapshot_cursor FROM sync_state WHERE scope = ?", REGION)[0][0]
    assert cursor is not None
    asyncio.run(rep.bootstrap())
    assert count(cache, "customers") == 25 and count(cache, "notes") == 1 and count(cache, "inventory") == 1
    assert progress[0][0] == REGION and progress[-1][3] == 100.0
    assert rep.status.searchable and len(CustomerService(cache).search("name1")) == 11
    assert fetch(cache, "SELECT count(*) FROM sync_state WHERE snapshot_done = 1")[0][0] == 4


def test_hostile_page_changes_nothing(env):
    central, cache, rep = env
    asyncio.run(rep.bootstrap())
    before = fetch(cache, "SELECT * FROM sync_state ORDER BY scope")
    central.put(REGION, "customers", row("customers", "C99", first_name="New"))
    good = central.changes
    central.changes = lambda req: {**good(req), "scopes": {REGION: {"cursor": "x", "version": 1, "upserts": [
        {"entity": "customers", "columns": cols("customers"), "rows": [row("customers", "C98")[:-2]]}]}}}
    with pytest.raises(SyncError) as err:
        asyncio.run(rep.pull())
    assert err.value.kind == "protocol"
    assert fetch(cache, "SELECT * FROM sync_state ORDER BY scope") == before
    assert count(cache, "customers", "id IN ('C98', 'C99')") == 0
    central.changes = good
    asyncio.run(rep.pull())
    assert count(cache, "customers", "id = 'C99'") == 1


def test_pull_applies_versions_deletes_and_keeps_pending_edits(env):
    central, cache, rep = env
    asyncio.run(rep.bootstrap())
    CustomerService(cache).update("C03", {"first_name": "Local"}, "A1")
    central.put(REGION, "customers", row("customers", "C03", first_name="Server", last_name="Lee", points=7))
    central.remove(REGION, "customers", "C04")
    central.remove("stock:S1", "inventory", "S1:K1")
    asyncio.run(rep.pull())
    # The server row landed (points) but the pending local edit is re-applied on top of it.
    assert fetch(cache, "SELECT first_name, points FROM customers WHERE id = 'C03'") == [("Local", 7)]
    assert count(cache, "customers", "id = 'C04'") == 0 and count(cache, "inventory") == 0
    assert CustomerService(cache).search("c04") == []
    # An older server row never replaces a newer local one.
    with cache.write() as conn:
        from clienteling.cache import rows
        rows.upsert(conn, "customers", REGION, [row("customers", "C05", version=1, first_name="Old")])
    assert fetch(cache, "SELECT first_name FROM customers WHERE id = 'C05'") == [("Name5",)]


def test_reset_resnapshots_and_keeps_outbox(env):
    central, cache, rep = env
    asyncio.run(rep.bootstrap())
    note = NoteService(cache).add("C02", "pending note", "A1")
    central.data[REGION].pop(("customers", "C10"))  # gone without a tombstone (purged)
    central.reset_scopes.add(REGION)
    asyncio.run(rep.pull())
    assert count(cache, "customers", "id = 'C10'") == 0 and count(cache, "customers") == 24
    assert fetch(cache, "SELECT _version FROM notes WHERE id = ?", note.id) == [(None,)]
    assert count(cache, "outbox", "status = 'pending'") == 1
    assert count(cache, "customers", "_version < 0") == 0
    hits = CustomerService(cache).search("name2")
    assert len(hits) == 6 and hits[0].id == "C02"  # Name2 whole word first, then Name20..Name24


def _results(mutations, status="applied", central=None, scope=REGION):
    out = []
    for m in mutations:
        state = {"upserts": [], "deletes": []}
        if m["name"] == "note.add":
            a = m["args"]
            if status == "applied":
                state["upserts"].append({"entity": "notes", "scope": scope, "columns": cols("notes"), "rows": [
                    row("notes", a["note_id"], version=50, customer_id=a["customer_id"], body=a["body"])]})
            else:
                state["deletes"].append({"entity": "notes", "scope": scope, "ids": [a["note_id"]]})
        out.append({"id": m["id"], "seq": m["seq"], "status": status,
                    "code": None if status == "applied" else "not_found", "message": None, "state": state})
    return {"results": out, "last_seq": mutations[-1]["seq"]}


def test_push_applies_and_replayed_response_changes_nothing(env):
    central, cache, rep = env
    asyncio.run(rep.bootstrap())
    note = NoteService(cache).add("C01", "hello", "A1")
    sent = []

    def handler(mutations):
        sent.append(mutations)
        return _results(mutations)
    central.push_handler = handler
    totals = asyncio.run(rep.push())
    assert totals["applied"] == 1 and sent[0][0]["args"]["note_id"] == note.id
    assert fetch(cache, "SELECT _version FROM notes WHERE id = ?", note.id) == [(50,)]
    # The same response delivered again (replay) is ignored.
    from clienteling.replication import apply
    from sync.wire import parse_push
    replay = parse_push(orjson.dumps(_results(sent[0])))
    with cache.write() as conn:
        conn.exec_driver_sql("UPDATE notes SET body = 'edited later' WHERE id = ?", (note.id,))
    counts = apply.apply_push_results(cache, replay.results, set(SCOPES), "now")
    assert counts == {"applied": 0, "rejected": 0, "replayed": 1}
    assert fetch(cache, "SELECT body FROM notes WHERE id = ?", note.id) == [("edited later",)]
    assert rep.status.pending == 0


def test_rejected_mutation_is_undone_and_foreign_scopes_ignored(env):
    central, cache, rep = env
    asyncio.run(rep.bootstrap())
    note = NoteService(cache).add("C01", "nope", "A1")
    entry = LoyaltyService(cache).redeem("C01", 50, "x", "A1")

    def handler(mutations):
        resp = _results(mutations, status="rejected")
        resp["results"][0]["state"]["upserts"].append(
            {"entity": "inventory", "scope": "stock:S9", "columns": cols("inventory"),
             "rows": [row("inventory", "S9:K1", location_id="S9", sku="K1")]})
        return resp
    central.push_handler = handler
    totals = asyncio.run(rep.push())
    assert totals["rejected"] == 2
    assert count(cache, "notes", f"id = '{note.id}'") == 0
    assert count(cache, "loyalty_ledger", f"id = '{entry.id}'") == 0
    assert LoyaltyService(cache).balance("C01").available == 100
    assert count(cache, "inventory", "_scope = 'stock:S9'") == 0
    assert rep.status.rejected == 2


def test_sequence_gap_resends_from_last_seq(env):
    central, cache, rep = env
    asyncio.run(rep.bootstrap())
    for body in ("one", "two", "three"):
        NoteService(cache).add("C01", body, "A1")
    with cache.write() as conn:  # seq 1 was answered before; the server lost it (restored backup)
        conn.exec_driver_sql("UPDATE outbox SET status = 'applied' WHERE seq = 1")
    batches = []

    def handler(mutations):
        batches.append([m["seq"] for m in mutations])
        if mutations[0]["seq"] != 1:
            raise AssertionError("unreachable")
        return _results(mutations)
    central.fail_next = [(409, {"code": "sequence_gap", "message": "expected 1", "last_seq": 0})]
    central.push_handler = handler
    totals = asyncio.run(rep.push())
    assert batches == [[1, 2, 3]]
    assert totals["applied"] == 2 and totals["replayed"] == 1
    assert count(cache, "outbox", "status = 'pending'") == 0


def test_run_loop_pushes_on_enqueue_and_stops(env):
    central, cache, rep = env
    pushed = []
    central.push_handler = lambda ms: (pushed.append(len(ms)), _results(ms))[1]
    rep.long_poll_s = 0.05
    rep.sync_interval_s = 60
    statuses = []
    rep.on_status = lambda s: statuses.append((s.online, s.pending))

    async def scenario():
        stop = asyncio.Event()
        task = asyncio.ensure_future(rep.run(stop))
        for _ in range(200):
            if rep.status.searchable:
                break
            await asyncio.sleep(0.02)
        await rep.worker.run(NoteService(cache).add, "C01", "hi", "A1")
        rep.notify_enqueued()
        for _ in range(200):
            if pushed:
                break
            await asyncio.sleep(0.02)
        stop.set()
        await asyncio.wait_for(task, 5)
    asyncio.run(scenario())
    assert pushed == [1] and statuses[-1][0] is True and count(cache, "customers") == 25


def test_revoked_calls_back_and_stops(env):
    central, cache, rep = env
    revoked = []
    rep.on_revoked = revoked.append
    central.fail_next = [(401, {"code": "revoked", "message": "stolen"})] * 3

    async def scenario():
        await asyncio.wait_for(rep.run(asyncio.Event()), 5)
    asyncio.run(scenario())
    assert len(revoked) == 1 and revoked[0].kind == "revoked"


def test_initial_load_defers_lookup_indexes_and_builds_them(env):
    central, cache, rep = env
    from clienteling.cache.schema import ENTITY_TABLES
    from clienteling.replication import apply

    def index_names():
        names = set()
        for table in ENTITY_TABLES:
            names |= {r[1] for r in fetch(cache, f"PRAGMA index_list({table})")}
        return names
    expected = {ix.name for t in ENTITY_TABLES.values() for ix in t.indexes}
    assert expected <= index_names()
    assert apply.begin_initial_load(cache)
    assert "ix_customers_loyalty_number" not in index_names()
    assert "ix_customers__stale" in index_names()  # the cheap partial index stays
    asyncio.run(rep.bootstrap())
    assert expected <= index_names()
    assert not apply.begin_initial_load(cache)  # never on a cache that has rows
    assert expected <= index_names()
