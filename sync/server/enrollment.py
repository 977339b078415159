"""Enrollment: one-time codes made by IT, exchanged once by a terminal for a device token.

Codes and tokens are stored only as SHA-256 hashes. A code expires, and is marked used in the
same transaction that creates the device (``used_at IS NULL`` in the UPDATE makes a race between
two terminals typing the same code produce exactly one device).
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import timedelta

from sqlalchemy import Connection, Engine, insert, select, update

from sync import protocol
from sync.server import clock
from sync.server.context import StoreDirectory, token_hash
from sync.server.db import read_tx, write_tx
from sync.server.errors import ApiError
from sync.server.models import devices, enrollment_codes

_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed by hand


def normalize_code(code: str) -> str:
    """Codes are case-insensitive and may be typed with dashes or spaces."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def code_hash(code: str) -> str:
    """What the database stores instead of a code."""
    return hashlib.sha256(normalize_code(code).encode()).hexdigest()


def create_code(conn: Connection, store_id: str, ttl: timedelta) -> str:
    """Make a one-time enrollment code for ``store_id``, valid for ``ttl``; returns ``XXXX-XXXX-XXXX``."""
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(12))
    now = clock.now()
    conn.execute(insert(enrollment_codes).values(
        code_hash=code_hash(raw), store_id=store_id, created_at=clock.iso(now),
        expires_at=clock.iso(now + ttl)))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def enroll(engine: Engine, stores: StoreDirectory, req: protocol.EnrollRequest) -> tuple[str, str, str]:
    """Exchange a code for a new device; returns (device_id, store_id, token). 403 invalid_code."""
    hashed = code_hash(req.code)
    now = clock.now_iso()
    # Checked before the write transaction: the store directory may read the stores with a
    # connection of its own, and one request must not hold two (the pool has no overflow).
    with read_tx(engine) as conn:
        row = conn.execute(select(enrollment_codes).where(enrollment_codes.c.code_hash == hashed)).first()
    if row is None:
        raise ApiError(403, protocol.ERR_INVALID_CODE, "unknown enrollment code")
    if row.used_at is not None:
        raise ApiError(403, protocol.ERR_INVALID_CODE, "this enrollment code has already been used")
    if row.expires_at <= now:
        raise ApiError(403, protocol.ERR_INVALID_CODE, "this enrollment code has expired")
    if stores.get(row.store_id) is None:
        raise ApiError(403, protocol.ERR_INVALID_CODE, "the code's store no longer exists")
    with write_tx(engine) as conn:
        device_id = str(uuid.uuid4())
        claimed = conn.execute(update(enrollment_codes)
                               .where(enrollment_codes.c.code_hash == hashed, enrollment_codes.c.used_at.is_(None))
                               .values(used_at=now, used_by_device=device_id)).rowcount
        if claimed != 1:
            raise ApiError(403, protocol.ERR_INVALID_CODE, "this enrollment code has already been used")
        token = secrets.token_urlsafe(32)
        conn.execute(insert(devices).values(
            id=device_id, store_id=row.store_id, token_hash=token_hash(token), enrolled_at=now,
            last_seen_at=now, last_seq=0, app_version=req.app_version, hostname=req.hostname))
    return device_id, row.store_id, token
