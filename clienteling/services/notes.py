"""Notes on customers."""

from __future__ import annotations

from sync import protocol as p

from clienteling.cache import Cache, effects, outbox, repos
from clienteling.domain.models import Note
from clienteling.domain.rules import DomainError, check_note
from clienteling.services.clock import Clock, iso, utc_now


class NoteService:
    """Add a note: visible at once, queued as ``note.add``."""

    def __init__(self, cache: Cache, clock: Clock = utc_now) -> None:
        self.cache = cache
        self.clock = clock

    def add(self, customer_id: str, body: str, associate_id: str | None) -> Note:
        """Insert the note locally (pending) and queue it, in one transaction."""
        body = check_note(body)
        note_id = outbox.new_id()
        now = iso(self.clock())
        with self.cache.write() as conn:
            if repos.customer_scope(conn, customer_id) is None:
                raise DomainError("not_found", "This customer is not in this terminal's cache.")
            args = {"note_id": note_id, "customer_id": customer_id, "body": body}
            effects.record(conn, p.NOTE_ADD, args, associate_id, now)
            store_id = conn.exec_driver_sql("SELECT store_id FROM notes WHERE id = ?", (note_id,)).scalar()
        return Note(note_id, customer_id, associate_id, store_id, now, body, pending=True)
