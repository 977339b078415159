"""The client book: follow-up tasks and logged outreach (``task.add``, ``task.complete``,
``outreach.log``), and what is due for an associate."""

from __future__ import annotations

from datetime import date

from sync import protocol as p

from clienteling.cache import Cache, effects, outbox, repos
from clienteling.domain.models import ClientBookEntry, Task
from clienteling.domain.rules import DomainError, check_outreach, check_task
from clienteling.services.clock import Clock, iso, utc_now

_NOT_CACHED = "This customer is not in this terminal's cache."


class TaskService:
    """Follow-ups and outreach: each write is the local row + an outbox entry in one transaction."""

    def __init__(self, cache: Cache, clock: Clock = utc_now) -> None:
        self.cache = cache
        self.clock = clock

    def _today(self) -> str:
        return self.clock().date().isoformat()

    def add(self, customer_id: str, title: str, due_on: str | date | None, associate_id: str | None) -> Task:
        """An open follow-up ("call when size M is back"), due on a date or undated."""
        title, due = check_task(title, due_on.isoformat() if isinstance(due_on, date) else due_on)
        task_id = outbox.new_id()
        with self.cache.write() as conn:
            if repos.customer_scope(conn, customer_id) is None:
                raise DomainError("not_found", _NOT_CACHED)
            args = {"task_id": task_id, "customer_id": customer_id, "title": title, "due_on": due}
            effects.record(conn, p.TASK_ADD, args, associate_id, iso(self.clock()))
            return self._get(conn, customer_id, task_id)

    def complete(self, task_id: str, associate_id: str | None) -> Task:
        """Tick off an open follow-up."""
        with self.cache.write() as conn:
            row = conn.exec_driver_sql("SELECT customer_id, kind, status FROM tasks WHERE id = ?",
                                       (task_id,)).first()
            if row is None:
                raise DomainError("not_found", "This task is not in this terminal's cache.")
            if row[1] != "follow_up" or row[2] != "open":
                raise DomainError("invalid_arguments", "Only open follow-ups can be completed.")
            effects.record(conn, p.TASK_COMPLETE, {"task_id": task_id}, associate_id, iso(self.clock()))
            return self._get(conn, row[0], task_id)

    def log_outreach(self, customer_id: str, channel: str, body: str, associate_id: str | None) -> Task:
        """Record a contact on a channel the customer opted in to (refused otherwise)."""
        task_id = outbox.new_id()
        with self.cache.write() as conn:
            customer = repos.get_customer(conn, customer_id)
            if customer is None:
                raise DomainError("not_found", _NOT_CACHED)
            text = check_outreach(customer.consent, channel, body)
            args = {"task_id": task_id, "customer_id": customer_id, "channel": channel, "body": text}
            effects.record(conn, p.OUTREACH_LOG, args, associate_id, iso(self.clock()))
            return self._get(conn, customer_id, task_id)

    def of_customer(self, customer_id: str) -> list[Task]:
        """The customer's tasks: open follow-ups first (by due date), then the rest newest first."""
        with self.cache.read() as conn:
            return repos.tasks_of(conn, customer_id)

    def due_for_associate(self, associate_id: str, until: str | None = None) -> list[Task]:
        """Open follow-ups of the associate due today or earlier (or by ``until``)."""
        with self.cache.read() as conn:
            return repos.due_tasks(conn, associate_id, until or self._today())

    def my_clients(self, associate_id: str) -> list[ClientBookEntry]:
        """The associate's client book with open / overdue follow-ups per customer."""
        with self.cache.read() as conn:
            return repos.client_book(conn, associate_id, self._today())

    @staticmethod
    def _get(conn, customer_id: str, task_id: str) -> Task:  # type: ignore[no-untyped-def]
        task = repos.get_task(conn, task_id)
        if task is None:  # the customer vanished (erased) between the check and the write
            raise DomainError("not_found", _NOT_CACHED)
        return task
