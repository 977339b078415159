"""The outbox's indexed key table: kept by enqueue / mark_done, built from the JSON for old files."""

from __future__ import annotations

from clienteling.cache import outbox, repos, schema
from tests.unit.test_cache_engine import REGION, fetch, load, make_cache, row


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
        step = schema.MIGRATIONS.index(schema._step_outbox_keys)
        conn.exec_driver_sql(f"PRAGMA user_version = {step}")
        assert schema.migrate(conn)[:2] == [f"step {step + 1}", f"step {step + 2}"]
    assert fetch(cache, "SELECT entity, row_id, seq, pending FROM outbox_keys ORDER BY seq") == [
        ("notes", "N1", 1, 1), ("tasks", "T1", 2, 0)]
    cache.close()


def _customer_entries(conn):
    """C1: a pending note, a refused task completion (args name only the task); C2: a pending update."""
    note = outbox.enqueue(conn, "note.add", {"note_id": "N1", "customer_id": "C1"}, associate_id=None,
                          local_time="t", touched=[("notes", "N1")])
    done = outbox.enqueue(conn, "task.complete", {"task_id": "T1"}, associate_id=None, local_time="t",
                          touched=[("tasks", "T1")])
    outbox.mark_done(conn, done.seq, "rejected", "not_found", "gone", "t2")
    other = outbox.enqueue(conn, "customer.update", {"customer_id": "C2", "changes": {}}, associate_id=None,
                           local_time="t", touched=[("customers", "C2")])
    return note, done, other


def test_customer_lookups_probe_the_key_table(tmp_path):
    cache = make_cache(tmp_path)
    load(cache, "tasks", REGION, row("tasks", "T1", customer_id="C1", title="Call"))
    with cache.write() as conn:
        note, done, _other = _customer_entries(conn)
        assert repos.pending_count_for_customer(conn, "C1") == 1
        assert [e.seq for e in repos.rejected_for_customer(conn, "C1")] == [done.seq]
        assert repos.pending_count_for_customer(conn, "C2") == 1 and repos.rejected_for_customer(conn, "C2") == []
        assert ("@customer", "C1") not in outbox.pending_keys(conn)  # not a row: nothing to re-apply
        # The lookups no longer read the outbox's JSON: an entry's args alone no longer count.
        conn.exec_driver_sql("UPDATE outbox SET args = '{}'")
        assert repos.pending_count_for_customer(conn, "C1") == 1
        assert [e.seq for e in repos.rejected_for_customer(conn, "C1")] == [done.seq]
        plan = " ".join(r[3] for r in conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT count(*) FROM outbox_keys WHERE entity = '@customer' AND row_id = 'C1' "
            "AND pending = 1"))
        assert "ix_outbox_keys_row" in plan
    cache.close()


def test_old_files_get_customer_keys_from_the_json(tmp_path):
    cache = make_cache(tmp_path)
    load(cache, "tasks", REGION, row("tasks", "T1", customer_id="C1", title="Call"))
    with cache.write() as conn:
        note, done, other = _customer_entries(conn)
        conn.exec_driver_sql("DELETE FROM outbox_keys WHERE entity = '@customer'")
        step = schema.MIGRATIONS.index(schema._step_customer_keys)
        conn.exec_driver_sql(f"PRAGMA user_version = {step}")
        assert schema.migrate(conn)[0] == f"step {step + 1}"
        assert repos.pending_count_for_customer(conn, "C1") == 1
        assert [e.seq for e in repos.rejected_for_customer(conn, "C1")] == [done.seq]
    assert fetch(cache, "SELECT row_id, seq, pending FROM outbox_keys WHERE entity = '@customer' ORDER BY seq") == [
        ("C1", note.seq, 1), ("C1", done.seq, 0), ("C2", other.seq, 1)]
    cache.close()
