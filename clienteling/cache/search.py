"""Customer search over the FTS index: what the associate types or scans -> ranked hits.

Order of results: a loyalty number, an exact email or an exact phone first; then name matches
by quality (every word a whole name > whole + prefix > prefixes; natural first/last order
breaks ties), then alphabetically. Partial emails, phone endings and loyalty prefixes follow.
"""

from __future__ import annotations

import re

from sqlalchemy import Connection

from clienteling.cache import fts
from clienteling.domain.models import CustomerHit

_PHONE_CHARS = re.compile(r"^[\d\s+\-().]+$")
_HIT_COLS = ("c.id, c.first_name, c.last_name, c.loyalty_number, c.tier, c.home_store_id, s.name, "
             "c.last_visit_at, c.email, c.phone")
_FROM = "customers c LEFT JOIN stores s ON s.id = c.home_store_id"
NAME_CANDIDATES = 400  # prefix matches ranked in Python; beyond that the associate types more


def _hits(conn: Connection, where: str, params: tuple, matched_on: str, limit: int) -> list[CustomerHit]:
    sql = f"SELECT {_HIT_COLS} FROM {_FROM} WHERE {where} LIMIT {int(limit)}"
    return [CustomerHit(*row, matched_on=matched_on) for row in conn.exec_driver_sql(sql, params)]


def _fts_hits(conn: Connection, match: str, matched_on: str, limit: int) -> list[CustomerHit]:
    if not match:
        return []
    where = f"c.rowid IN (SELECT rowid FROM {fts.FTS_TABLE} WHERE {fts.FTS_TABLE} MATCH ? LIMIT {int(limit)})"
    return _hits(conn, where, (match,), matched_on, limit)


def _name_score(hit: CustomerHit, words: list[str]) -> tuple[float, str, str]:
    first = fts.tokens(hit.first_name or "")
    last = fts.tokens(hit.last_name or "")
    names = first + last
    score = 0.0
    for word in words:
        if word in names:
            score += 2.0
        elif any(n.startswith(word) for n in names):
            score += 1.0 + len(word) / max(len(n) for n in names if n.startswith(word))
    # "jo sm" reads as first + last: a small bonus when the words follow that order.
    if len(words) >= 2 and first and last and first[0].startswith(words[0]) and last[-1].startswith(words[-1]):
        score += 0.5
    return (-score, fts.fold(hit.last_name or ""), fts.fold(hit.first_name or ""))


def _search_names(conn: Connection, words: list[str], limit: int) -> list[CustomerHit]:
    exact = _fts_hits(conn, fts.name_query(words, prefix=False), "name", NAME_CANDIDATES)
    if len(exact) >= NAME_CANDIDATES:
        exact.sort(key=lambda h: _name_score(h, words))
        return exact[:limit]
    seen = {h.id for h in exact}
    prefix = [h for h in _fts_hits(conn, fts.name_query(words, prefix=True), "name", NAME_CANDIDATES)
              if h.id not in seen]
    hits = exact + prefix
    hits.sort(key=lambda h: _name_score(h, words))
    return hits[:limit]


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _phone_exact(hit: CustomerHit, digits: str) -> bool:
    stored = _digits(hit.phone or "")
    # Equal, or equal but for a country code the associate did not type.
    return stored == digits or (len(digits) >= 9 and stored.endswith(digits) and len(stored) - len(digits) <= 3)


def search_customers(conn: Connection, text: str, limit: int = 50) -> list[CustomerHit]:
    """Ranked customer hits for free text: name words, email, phone (any format or last digits),
    or loyalty number."""
    text = (text or "").strip()
    if not text or limit <= 0:
        return []
    results: list[CustomerHit] = []
    seen: set[str] = set()

    def add(hits: list[CustomerHit]) -> None:
        for hit in hits:
            if hit.id not in seen and len(results) < limit:
                seen.add(hit.id)
                results.append(hit)

    single = " " not in text
    if single:  # a scanned or typed loyalty number: index lookup, exact, case-insensitive
        add(_hits(conn, "c.loyalty_number IN (?, ?)", (text, text.upper()), "loyalty", limit))
    if "@" in text:
        add(_hits(conn, "c.email IN (?, ?)", (text, text.lower()), "email", limit))
        add(_fts_hits(conn, fts.email_query(text), "email", limit))
        return results
    digits = _digits(text)
    if _PHONE_CHARS.match(text) and len(digits) >= 3:
        phone = _fts_hits(conn, fts.phone_query(digits), "phone", max(limit, 200))
        phone.sort(key=lambda h: (not _phone_exact(h, digits), h.last_name or "", h.first_name or ""))
        add(phone)
        add(_fts_hits(conn, fts.loyalty_query(text), "loyalty", limit))
        return results
    words = fts.tokens(text)
    if not words:
        return results
    add(_search_names(conn, words, limit))
    if single and len(results) < limit:
        if any(ch.isdigit() for ch in text):
            add(_fts_hits(conn, fts.loyalty_query(text), "loyalty", limit))
        add(_fts_hits(conn, fts.email_query(text), "email", limit))
    return results
