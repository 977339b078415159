"""TaskService on a real encrypted cache: follow-ups, outreach with consent, the client book."""

from __future__ import annotations

from datetime import date

import pytest

from clienteling.cache import outbox
from clienteling.domain import DomainError
from clienteling.services.tasks import TaskService
from tests.unit.test_cache_engine import REGION, fetch, load, make_cache, row
from tests.unit.test_services_outbox import clock

@pytest.fixture
def cache(tmp_path):
    cache = make_cache(tmp_path)
    load(cache, "customers", REGION,
         row("customers", "C1", first_name="Ana", last_name="Lima", assigned_associate_id="A1",
             consent='{"email": {"opt_in": true, "at": "2025-01-01T00:00:00Z"}, "sms": {"opt_in": false}}'),
         row("customers", "C2", first_name="Bo", last_name="Berg", assigned_associate_id="A1"),
         row("customers", "C3", first_name="Cy", last_name="Cole", assigned_associate_id="A2"))
    load(cache, "tasks", REGION,
         row("tasks", "T-old", customer_id="C2", associate_id="A1", kind="follow_up", title="Overdue call",
             due_on="2026-11-01", status="open", created_at="2026-10-01T00:00:00Z"),
         row("tasks", "T-later", customer_id="C3", associate_id="A1", kind="follow_up", title="Next month",
             due_on="2026-12-20", status="open", created_at="2026-10-01T00:00:00Z"),
         row("tasks", "T-other", customer_id="C3", associate_id="A2", kind="follow_up", title="Not mine",
             due_on="2026-11-02", status="open", created_at="2026-10-01T00:00:00Z"))
    yield cache
    cache.close()


def pending(cache):
    with cache.read() as conn:
        return outbox.pending(conn)


def test_add_a_follow_up_is_local_and_queued_in_one_go(cache):
    task = TaskService(cache, clock).add("C1", "  Call when size M is back ", date(2026, 12, 1), "A1")
    assert (task.title, task.due_on, task.status, task.kind, task.pending) == \
        ("Call when size M is back", "2026-12-01", "open", "follow_up", True)
    assert task.customer_name == "Ana Lima" and task.store_id == "S1" and task.associate_id == "A1"
    [entry] = pending(cache)
    assert entry.name == "task.add" and entry.touched == (("tasks", task.id),)
    assert entry.args == {"task_id": task.id, "customer_id": "C1", "title": "Call when size M is back",
                          "due_on": "2026-12-01"}
    assert fetch(cache, "SELECT _scope, _version FROM tasks WHERE id = ?", task.id) == [(REGION, None)]


def test_add_refuses_bad_input_and_writes_nothing(cache):
    service = TaskService(cache, clock)
    for customer, title, due in (("C1", "  ", None), ("C1", "call", "soon"), ("NOPE", "call", None)):
        with pytest.raises(DomainError):
            service.add(customer, title, due, "A1")
    assert pending(cache) == []


def test_complete_an_open_follow_up_once(cache):
    service = TaskService(cache, clock)
    done = service.complete("T-old", "A1")
    assert done.status == "done" and done.done_at == "2026-11-22T14:16:51Z"
    assert [e.args for e in pending(cache)] == [{"task_id": "T-old"}]
    with pytest.raises(DomainError):
        service.complete("T-old", "A1")  # already done here
    with pytest.raises(DomainError):
        service.complete("T-none", "A1")
    assert len(pending(cache)) == 1


def test_outreach_needs_consent_on_that_channel(cache):
    service = TaskService(cache, clock)
    logged = service.log_outreach("C1", "email", "Sent the new linen lookbook", "A1")
    assert (logged.kind, logged.channel, logged.status) == ("outreach", "email", "done")
    with pytest.raises(DomainError) as err:
        service.log_outreach("C1", "sms", "hello", "A1")
    assert err.value.code == "no_consent"
    with pytest.raises(DomainError):
        service.log_outreach("C2", "phone", "hello", "A1")  # no consent recorded at all
    assert [e.name for e in pending(cache)] == ["outreach.log"]


def test_tasks_of_a_customer_list_open_ones_first(cache):
    service = TaskService(cache, clock)
    service.log_outreach("C1", "email", "lookbook", "A1")
    service.add("C1", "later", "2027-01-05", "A1")
    service.add("C1", "sooner", "2026-12-01", "A1")
    assert [t.title for t in service.of_customer("C1")] == ["sooner", "later", "lookbook"]


def test_due_tasks_and_client_book_of_an_associate(cache):
    service = TaskService(cache, clock)
    assert [t.id for t in service.due_for_associate("A1")] == ["T-old"]
    assert [t.id for t in service.due_for_associate("A1", until="2026-12-31")] == ["T-old", "T-later"]
    book = {e.customer_id: e for e in service.my_clients("A1")}
    # assigned customers, plus C3 on whom A1 has an open follow-up; overdue first
    assert list(book) == ["C2", "C3", "C1"]
    assert (book["C2"].open_tasks, book["C2"].overdue_tasks, book["C2"].next_due_on) == (1, 1, "2026-11-01")
    assert (book["C3"].open_tasks, book["C3"].overdue_tasks) == (2, 1)  # A2's overdue task on C3 counts
    assert (book["C1"].open_tasks, book["C1"].next_due_on) == (0, None)
    assert service.my_clients("A9") == []
