"""GDPR erasure on the terminal (``cache.erasure``): an ``erasures`` row purges the customer from
every scope, the search index and the outbox, and leaves none of their bytes in the decrypted file.

Also holds :func:`decrypted_pages`, which the integration test uses to read the cache file page by
page through its key (SQLCipher 4 defaults: 4096-byte pages, AES-256-CBC, 80 reserved bytes of
which the first 16 are the page's IV; page 1 starts with the 16-byte salt).
"""

from __future__ import annotations

import logging
from pathlib import Path

import orjson
import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from sqlalchemy.exc import IntegrityError

from clienteling.cache import effects, erasure, fts, open_cache, outbox, rows
from clienteling.cache.search import search_customers
from clienteling.cache.schema import CUSTOMER_KEY
from tests.unit.test_cache_engine import KEY, REGION, fetch, load, make_cache, row

PAGE, RESERVE = 4096, 80
FAR = "region:far"
GONE_EMAIL = "quentin.zarkovski@example.org"
KEPT_EMAIL = "wilhelmina.okonkwo@example.org"


def decrypted_pages(path: Path, key_hex: str = KEY) -> bytes:
    """Every page of an SQLCipher 4 file (or its WAL's frames), decrypted and concatenated."""
    data, key, out = path.read_bytes(), bytes.fromhex(key_hex), []
    wal = path.name.endswith("-wal")
    start, step = (32 + 24, PAGE + 24) if wal else (0, PAGE)  # WAL: file header, then frame header + page
    for offset in range(start, len(data) - PAGE + 1, step):
        page = data[offset:offset + PAGE]
        skip = 16 if offset == 0 else 0  # the salt
        iv = page[PAGE - RESERVE:PAGE - RESERVE + 16]
        decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
        out.append(decryptor.update(page[skip:PAGE - RESERVE]) + decryptor.finalize())
    return b"".join(out)


def file_bytes(path: Path, key_hex: str = KEY) -> bytes:
    """The decrypted cache file and its write-ahead log, if any."""
    wal = path.with_name(path.name + "-wal")
    return decrypted_pages(path, key_hex) + (decrypted_pages(wal, key_hex) if wal.exists() else b"")


@pytest.fixture
def cache(tmp_path):
    cache = make_cache(tmp_path)
    load(cache, "customers", REGION,
         row("customers", "C1", first_name="Quentin", last_name="Zarkovski", email=GONE_EMAIL,
             phone="+1 415 555 0199", loyalty_number="5550001111"),
         row("customers", "C2", first_name="Wilhelmina", last_name="Okonkwo", email=KEPT_EMAIL))
    load(cache, "customers", FAR, row("customers", "C9", first_name="Far", last_name="Away", email="far@example.org"))
    load(cache, "orders", REGION, row("orders", "O1", customer_id="C1"), row("orders", "O2", customer_id="C2"))
    load(cache, "order_lines", REGION, row("order_lines", "O1-1", order_id="O1"), row("order_lines", "O2-1", order_id="O2"))
    load(cache, "notes", REGION, row("notes", "N1", customer_id="C1", body="Quentin likes linen"),
         row("notes", "N2", customer_id="C2", body="kept"))
    load(cache, "notes", FAR, row("notes", "N9", customer_id="C9", body="far note"))
    load(cache, "loyalty_ledger", REGION, row("loyalty_ledger", "L1", customer_id="C1", points=10))
    load(cache, "tasks", REGION, row("tasks", "T1", customer_id="C1", title="call"))
    load(cache, "holds", "location:S1", row("holds", "K1", customer_id="C1", sku="SKU1", status="active"))
    load(cache, "handovers", REGION, row("handovers", "H1", order_id="O1", collector_name="Bob Zarkovski"))
    load(cache, "returns", REGION, row("returns", "R1", order_id="O1"))
    load(cache, "return_lines", REGION, row("return_lines", "R1-1", return_id="R1"))
    load(cache, "incidents", "location:S1", row("incidents", "I1", order_id="O1", details='{"who": "Bob"}'))
    yield cache
    cache.close()


def erase(cache, *ids: str, snapshot: bool = False) -> None:
    with cache.write() as conn:
        write = rows.bulk_replace if snapshot else rows.upsert
        write(conn, "erasures", "catalog", [row("erasures", i, erased_at="2026-11-22T10:00:00Z") for i in ids])


def note(cache, customer_id: str, body: str) -> int:
    with cache.write() as conn:
        return effects.record(conn, "note.add", {"note_id": f"N-{body}", "customer_id": customer_id, "body": body},
                              "A1", "2026-11-22T09:00:00Z").seq


def index_bytes(cache) -> bytes:
    return b"".join(r[0] for r in fetch(cache, f"SELECT block FROM {fts.FTS_TABLE}_data") if isinstance(r[0], bytes))


def mentions(cache, needle: str) -> list[str]:
    """Tables (other than erasures and the search index's own) with a row that mentions ``needle``."""
    tables = [r[0] for r in fetch(cache, "SELECT name FROM sqlite_master WHERE type = 'table' "
                                         "AND name NOT LIKE 'customer_fts%' AND name <> 'erasures'")]
    return [t for t in tables if any(needle in repr(r) for r in fetch(cache, f'SELECT * FROM "{t}"'))]


def test_an_erasure_purges_the_customer_from_every_table_and_scope(cache):
    erase(cache, "C1", "C9")
    for entity, ids in {"customers": {"C2"}, "orders": {"O2"}, "order_lines": {"O2-1"}, "notes": {"N2"},
                        "loyalty_ledger": set(), "tasks": set(), "holds": set(), "handovers": set(),
                        "returns": set(), "return_lines": set(), "incidents": set()}.items():
        assert {r[0] for r in fetch(cache, f'SELECT id FROM "{entity}"')} == ids, entity
    assert mentions(cache, "C1") == [] and mentions(cache, "C9") == []
    with cache.read() as conn:
        assert search_customers(conn, GONE_EMAIL) == [] and search_customers(conn, "zarkovski") == []
        assert search_customers(conn, "5550001111") == [] and search_customers(conn, "0199") == []
        assert [h.id for h in search_customers(conn, KEPT_EMAIL)] == ["C2"]


def test_a_snapshot_of_erasures_purges_too_and_unknown_ids_are_harmless(cache):
    erase(cache, "C1", "C-never-cached", snapshot=True)
    assert fetch(cache, "SELECT id FROM customers ORDER BY id") == [("C2",), ("C9",)]
    assert fetch(cache, "SELECT id FROM erasures ORDER BY id") == [("C-never-cached",), ("C1",)]
    erase(cache, "C1")  # delivered again: nothing left to do
    assert fetch(cache, "SELECT count(*) FROM notes") == [(2,)]


def test_outbox_entries_about_the_customer_are_dropped_and_emptied(cache, caplog):
    pending = note(cache, "C1", "Quentin asked about cashmere")
    done = note(cache, "C1", "earlier note")
    other = note(cache, "C2", "keep me")
    with cache.write() as conn:
        outbox.mark_done(conn, done, "applied", None, None, "2026-11-22T09:30:00Z")
    with caplog.at_level(logging.INFO, logger="clienteling.cache.erasure"):
        erase(cache, "C1")
    entries = {r[0]: r[1:] for r in fetch(cache, "SELECT seq, status, code, args, touched FROM outbox")}
    assert set(entries) == {pending, other}  # the finished entry is gone; the pending one keeps its seq
    assert entries[pending] == ("rejected", erasure.ERASED_CODE, "{}", "[]")
    assert entries[other][0] == "pending" and "keep me" in entries[other][2]
    assert fetch(cache, "SELECT DISTINCT seq FROM outbox_keys") == [(other,)]
    assert fetch(cache, "SELECT count(*) FROM outbox_keys WHERE entity = ? AND row_id = 'C1'", CUSTOMER_KEY) == [(0,)]
    assert mentions(cache, "cashmere") == []
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "C1" in logged and f"seq {pending}" in logged and "1 pending" in logged
    assert "Quentin" not in logged and GONE_EMAIL not in logged


def test_the_search_index_forgets_a_customer_deleted_before_the_erasure_arrived(cache):
    # The region's tombstone may land first: the index only marks the row deleted, its tokens stay.
    with cache.write() as conn:
        rows.delete(conn, "customers", REGION, ["C1"])
    assert b"zarkovski" in index_bytes(cache)
    erase(cache, "C1")
    assert b"zarkovski" not in index_bytes(cache) and b"okonkwo" in index_bytes(cache)


def test_no_byte_of_the_erased_customer_is_left_in_the_decrypted_file(cache):
    note(cache, "C1", "Quentin-private-remark")
    path, wal = cache.path, cache.path.with_name(cache.path.name + "-wal")
    cache.close()
    before = file_bytes(path)
    assert GONE_EMAIL.encode() in before and b"Quentin-private-remark" in before  # the reader works
    again = open_cache(path, KEY)
    try:
        erase(again, "C1")
        assert not wal.exists() or wal.stat().st_size == 0  # emptied at once, not at close
    finally:
        again.close()
    after = file_bytes(path)
    # "zarkovski" is also the search index's token: it goes only because the index was compacted.
    for secret in (GONE_EMAIL, "zarkovski", "Zarkovski", "5550001111", "Quentin-private-remark",
                   "Quentin likes linen"):
        assert secret.encode() not in after, secret
    assert KEPT_EMAIL.encode() in after and b"okonkwo" in after


def test_cache_connections_overwrite_deleted_content(cache):
    with cache.read() as conn:
        assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1


def test_cache_errors_never_carry_row_values(cache):
    with pytest.raises(IntegrityError) as err, cache.write() as conn:
        conn.exec_driver_sql("INSERT INTO outbox (seq, id, name, local_time, args, touched, status, attempts, "
                             "created_at) VALUES (1, 'x', 'n', 't', ?, '[]', 'pending', 0, 't')",
                             (orjson.dumps({"email": GONE_EMAIL}).decode(),))
        conn.exec_driver_sql("INSERT INTO outbox (seq, id, name, local_time, args, touched, status, attempts, "
                             "created_at) VALUES (1, 'y', 'n', 't', ?, '[]', 'pending', 0, 't')",
                             (orjson.dumps({"email": GONE_EMAIL}).decode(),))
    assert GONE_EMAIL not in str(err.value)
