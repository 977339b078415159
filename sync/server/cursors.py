"""Opaque, signed cursors for snapshots and the change feed.

A cursor is ``base64url(payload) "." base64url(hmac)``; the payload is a small JSON array that
names its kind, the server epoch and the scope, then the position. Clients treat cursors as
opaque strings; the signature means the server can trust the position without storing it.

- Snapshot: snapshot version V, entity index, last id sent, rows sent before, total rows.
- Changes: a key (version, entity index, id): everything <= that key in (version, entity index,
  id) order has been delivered. ``END`` as the entity index means "all of that version".
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass

import orjson



END = 1000
"""Entity index past any entity: a changes position (V, END, "") covers all of version V. A fixed
number, so that stored cursors keep their meaning when entities are added (new entities are
appended to ``sync.entities.ENTITIES``, which keeps every existing index stable)."""

_SIG_BYTES = 16


class BadCursor(ValueError):
    """A cursor that is malformed, tampered with, or for another scope."""


@dataclass(frozen=True)
class SnapshotPos:
    """Where a snapshot stands: version V, next entity index, last id sent, progress counters."""

    epoch: str
    scope: str
    version: int
    entity_index: int
    last_id: str
    rows_before: int
    total_rows: int


@dataclass(frozen=True)
class ChangesPos:
    """A change-feed position: everything <= (version, entity_index, last_id) was delivered."""

    epoch: str
    scope: str
    version: int
    entity_index: int
    last_id: str

    @property
    def key(self) -> tuple[int, int, str]:
        """The position as a comparable (version, entity index, id) tuple."""
        return (self.version, self.entity_index, self.last_id)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class CursorCodec:
    """Signs and verifies cursors with the server secret."""

    def __init__(self, secret: str) -> None:
        self._key = secret.encode()

    def _sign(self, payload: bytes) -> bytes:
        return hmac.new(self._key, payload, hashlib.sha256).digest()[:_SIG_BYTES]

    def _encode(self, items: list) -> str:
        payload = orjson.dumps(items)
        return f"{_b64(payload)}.{_b64(self._sign(payload))}"

    def _decode(self, cursor: str, kind: str, scope: str) -> list:
        try:
            body, sig = cursor.split(".", 1)
            payload = _unb64(body)
            good = hmac.compare_digest(_unb64(sig), self._sign(payload))
        except (ValueError, TypeError) as exc:
            raise BadCursor("malformed cursor") from exc
        if not good:
            raise BadCursor("cursor signature does not match")
        items = orjson.loads(payload)
        if not isinstance(items, list) or not items or items[0] != kind:
            raise BadCursor(f"not a {'snapshot' if kind == 's' else 'changes'} cursor")
        if items[2] != scope:
            raise BadCursor(f"cursor is for scope {items[2]!r}, not {scope!r}")
        return items

    def snapshot(self, pos: SnapshotPos) -> str:
        """Encode a snapshot position."""
        return self._encode(["s", pos.epoch, pos.scope, pos.version, pos.entity_index, pos.last_id,
                             pos.rows_before, pos.total_rows])

    def read_snapshot(self, cursor: str, scope: str) -> SnapshotPos:
        """Verify and decode a snapshot cursor for ``scope``; raises BadCursor."""
        items = self._decode(cursor, "s", scope)
        return SnapshotPos(*items[1:])

    def changes(self, pos: ChangesPos) -> str:
        """Encode a changes position."""
        return self._encode(["c", pos.epoch, pos.scope, pos.version, pos.entity_index, pos.last_id])

    def read_changes(self, cursor: str, scope: str) -> ChangesPos:
        """Verify and decode a changes cursor for ``scope``; raises BadCursor."""
        items = self._decode(cursor, "c", scope)
        return ChangesPos(*items[1:])
