"""Loyalty sign-up at the counter: check the fields and likely duplicates, then create the
customer locally with a client-generated id and queue ``customer.create``."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from sync import protocol as p

from clienteling.cache import Cache, effects, fts, repos
from clienteling.domain.models import Customer
from clienteling.domain.rules import DomainError
from clienteling.domain.signup import (DuplicateCandidate, FieldError, clean_fields, duplicate_reasons,
                                       phone_digits, validate)
from clienteling.services.clock import Clock, iso, utc_now

MAX_CANDIDATES = 200  # rows read per duplicate rule; the rules then keep the real candidates
_COLS = ("c.id, c.first_name, c.last_name, c.email, c.phone, c.loyalty_number, s.name AS home_store_name")
_FROM = "customers c LEFT JOIN stores s ON s.id = c.home_store_id"


@dataclass(frozen=True)
class SignupCheck:
    """Field problems and existing customers who may be the same person."""

    errors: list[FieldError]
    duplicates: list[DuplicateCandidate]

    @property
    def ok(self) -> bool:
        return not self.errors


class SignupService:
    """Synchronous (run on the DbWorker), like the other services."""

    def __init__(self, cache: Cache, clock: Clock = utc_now) -> None:
        self.cache = cache
        self.clock = clock

    def check(self, fields: dict[str, Any]) -> SignupCheck:
        """Validation errors plus possible duplicates (same email, same phone, similar name)."""
        errors = validate(fields, today=self.clock().date())
        with self.cache.read() as conn:
            duplicates = find_duplicates(conn, fields)
        return SignupCheck(errors, duplicates)

    def create(self, fields: dict[str, Any], associate_id: str | None) -> Customer:
        """Create the customer now (loyalty number pending) and queue ``customer.create`` in one
        transaction; DomainError when the fields are not valid."""
        errors = validate(fields, today=self.clock().date())
        if errors:
            raise DomainError("invalid_arguments", errors[0].message)
        clean = clean_fields(fields)
        customer_id = str(uuid.uuid4())
        args = {"customer_id": customer_id, **{k: v for k, v in clean.items() if v not in (None, {})}}
        with self.cache.write() as conn:
            effects.record(conn, p.CUSTOMER_CREATE, args, associate_id, iso(self.clock()))
            customer = repos.get_customer(conn, customer_id)
        assert customer is not None
        return customer


    def status(self, customer_id: str) -> SignupStatus:
        """Where the sign-up stands: ``pending`` (not confirmed yet), ``applied`` (with the loyalty
        number the server assigned) or ``rejected`` (with the server's code and reason)."""
        with self.cache.read() as conn:
            entry = conn.exec_driver_sql(
                "SELECT status, code, message FROM outbox WHERE name = ? "
                "AND json_extract(args, '$.customer_id') = ? ORDER BY seq DESC LIMIT 1",
                (p.CUSTOMER_CREATE, customer_id)).first()
            number = conn.exec_driver_sql("SELECT loyalty_number FROM customers WHERE id = ?",
                                          (customer_id,)).scalar()
        if entry is None:
            return SignupStatus("applied" if number else "pending", number, None, None)
        return SignupStatus(entry[0], number, entry[1], entry[2])


@dataclass(frozen=True)
class SignupStatus:
    """The server's verdict on a sign-up so far."""

    state: str
    loyalty_number: str | None
    code: str | None
    message: str | None


def _rows(conn: Connection, where: str, params: tuple) -> list[dict[str, Any]]:
    sql = f"SELECT {_COLS} FROM {_FROM} WHERE {where} LIMIT {MAX_CANDIDATES}"
    return [dict(r._mapping) for r in conn.exec_driver_sql(sql, params)]


def _fts_rows(conn: Connection, match: str) -> list[dict[str, Any]]:
    where = (f"c.rowid IN (SELECT rowid FROM {fts.FTS_TABLE} WHERE {fts.FTS_TABLE} MATCH ? "
             f"LIMIT {MAX_CANDIDATES})")
    return _rows(conn, where, (match,))


def find_duplicates(conn: Connection, fields: dict[str, Any]) -> list[DuplicateCandidate]:
    """Customers in the cache who may be the person in ``fields`` (strongest reasons first)."""
    f = clean_fields(fields)
    rows: list[dict[str, Any]] = []
    if f["email"]:
        rows += _rows(conn, "c.email IN (?, ?)", (f["email"], fields.get("email", "").strip()))
    digits = phone_digits(f["phone"])
    if len(digits) >= 7:
        # The number's last 7 digits through the index; the rule then compares whole numbers.
        rows += _fts_rows(conn, fts.phone_query(digits[-7:]))
    last = fts.tokens(f["last_name"] or "")
    first = fts.tokens(f["first_name"] or "")
    if last and first:
        firsts = {first[0], first[0][0]} | set(fts.name_terms(conn, fts.neighbours(first[0])))
        alternatives = [first[0][0] + "*"] if len(first[0]) == 1 else sorted(firsts)
        group = " OR ".join(f'"{w}"' if not w.endswith("*") else f'"{w[:-1]}"*' for w in alternatives)
        last_part = " AND ".join(f'name : "{w}"' for w in last)
        rows += _fts_rows(conn, f"{last_part} AND name : ({group})")
    out: dict[str, DuplicateCandidate] = {}
    for row in rows:
        if row["id"] in out:
            continue
        reasons = duplicate_reasons(f, row)
        if reasons:
            out[row["id"]] = DuplicateCandidate(row["id"], row["first_name"], row["last_name"], row["email"],
                                                row["phone"], row["loyalty_number"], row["home_store_name"],
                                                reasons)
    strength = {"email": 0, "phone": 1, "name": 2}
    return sorted(out.values(), key=lambda c: (min(strength[r] for r in c.reasons), -len(c.reasons),
                                               c.last_name or "", c.first_name or ""))
