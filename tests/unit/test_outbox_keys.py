"""The outbox's indexed key table: kept by enqueue / mark_done, built from the JSON for old files."""

from __future__ import annotations

from clienteling.cache import outbox, schema
from tests.unit.test_cache_engine import fetch, make_cache


def test_pending_touching_uses_the_key_table(tmp_path):
    cache = make_cache(tmp_path)
    with cache.write() as conn:
        a = outbox.enqueue(conn, "note.add", {}, associate_id=None, local_time="t", touched=[("notes", "N1")])
        b = outbox.enqueue(conn, "hold.create", {}, associate_id=None, local_time="t",
                           touched=[("holds", "H1"), ("notes", "N1")])
        assert [e.seq for e in outbox.pending_touching(conn, {("notes", "N1")})] == [a.seq, b.seq]
        assert [e.seq for e in outbox.pending_touching(conn, {("notes", "N1")}, exclude_seq=a.seq)] == [b.seq]
        outbox.mark_done(conn, a.seq, "applied", None, None, "t2")
        assert [e.seq for e in outbox.pending_touching(conn, {("notes", "N1")})] == [b.seq]
        assert outbox.pending_keys(conn) == {("holds", "H1"), ("notes", "N1")}
        assert outbox.latest_touching(conn, "notes", "N1", "note.add").seq == a.seq  # any status
        plan = " ".join(r[3] for r in conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT seq FROM outbox_keys WHERE entity = 'notes' AND row_id = 'N1' AND pending = 1"))
        assert "ix_outbox_keys_row" in plan
    cache.close()


def test_old_files_get_the_key_table_from_the_json(tmp_path):
    cache = make_cache(tmp_path)
    with cache.write() as conn:
        outbox.enqueue(conn, "note.add", {}, associate_id=None, local_time="t", touched=[("notes", "N1")])
        done = outbox.enqueue(conn, "task.add", {}, associate_id=None, local_time="t", touched=[("tasks", "T1")])
        outbox.mark_done(conn, done.seq, "rejected", "x", "y", "t")
        # As a file written before the key table existed:
        conn.exec_driver_sql("DROP TABLE outbox_keys")
        conn.exec_driver_sql(f"PRAGMA user_version = {len(schema.MIGRATIONS) - 1}")
        assert schema.migrate(conn)[0] == f"step {len(schema.MIGRATIONS)}"
    assert fetch(cache, "SELECT entity, row_id, seq, pending FROM outbox_keys ORDER BY seq") == [
        ("notes", "N1", 1, 1), ("tasks", "T1", 2, 0)]
    cache.close()
