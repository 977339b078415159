"""Customer search over the FTS index: what the associate types or scans -> ranked hits.

Order of results: a loyalty number, an exact email or an exact phone first; then name matches
by quality (every word a whole name > whole + prefix > prefixes; natural first/last order
breaks ties), then alphabetically. Partial emails, phone endings and loyalty prefixes follow.
When no name matches, each word is also tried as its one-edit neighbours from the index's
vocabulary ("Jonh Smiht" finds John Smith). Every hit says why it matched: the field, its text
and the spans of that text to highlight.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from sqlalchemy import Connection

from clienteling.cache import fts
from clienteling.domain.models import CustomerHit
from clienteling.domain.signup import phone_digits

_PHONE_CHARS = re.compile(r"^[\d\s+\-().]+$")
_WORD = re.compile(r"\w+", re.UNICODE)
_HIT_COLS = ("c.id, c.first_name, c.last_name, c.loyalty_number, c.tier, c.home_store_id, s.name, "
             "c.last_visit_at, c.email, c.phone")
_FROM = "customers c LEFT JOIN stores s ON s.id = c.home_store_id"
NAME_CANDIDATES = 400  # prefix matches ranked in Python; beyond that the associate types more
MAX_ALTERNATIVES = 40  # neighbours of one mistyped word that exist as names
MIN_TYPO_WORD = 3  # shorter words have too many neighbours to mean anything

Groups = list[list[str]]


@dataclass(frozen=True)
class SearchHit(CustomerHit):
    """A hit with the reason it matched: ``match_text`` (the matched field's value) and
    ``match_spans`` (start, end) of it to highlight; ``corrected`` when a typo was forgiven;
    ``other_region`` for a customer found by the central service, not in this cache."""

    match_text: str = ""
    match_spans: tuple[tuple[int, int], ...] = ()
    corrected: bool = False
    other_region: bool = False


def _hits(conn: Connection, where: str, params: tuple, matched_on: str, limit: int) -> list[SearchHit]:
    sql = f"SELECT {_HIT_COLS} FROM {_FROM} WHERE {where} LIMIT {int(limit)}"
    return [SearchHit(*row, matched_on=matched_on) for row in conn.exec_driver_sql(sql, params)]


def _fts_hits(conn: Connection, match: str, matched_on: str, limit: int) -> list[SearchHit]:
    if not match:
        return []
    where = f"c.rowid IN (SELECT rowid FROM {fts.FTS_TABLE} WHERE {fts.FTS_TABLE} MATCH ? LIMIT {int(limit)})"
    return _hits(conn, where, (match,), matched_on, limit)


# ----- names ----------------------------------------------------------------------------------

def _name_score(hit: CustomerHit, groups: Groups) -> tuple[float, str, str]:
    first = fts.tokens(hit.first_name or "")
    last = fts.tokens(hit.last_name or "")
    names = first + last
    score = 0.0
    for group in groups:
        best = 0.0
        for word in group:
            if word in names:
                best = max(best, 2.0)
            else:
                lengths = [len(n) for n in names if n.startswith(word)]
                if lengths:
                    best = max(best, 1.0 + len(word) / max(lengths))
        score += best
    # "jo sm" reads as first + last: a small bonus when the words follow that order.
    if len(groups) >= 2 and first and last and any(first[0].startswith(w) for w in groups[0]) \
            and any(last[-1].startswith(w) for w in groups[-1]):
        score += 0.5
    return (-score, fts.fold(hit.last_name or ""), fts.fold(hit.first_name or ""))


def name_spans(name: str, terms: list[str]) -> tuple[tuple[int, int], ...]:
    """Spans of ``name`` whose words start with one of the (folded) ``terms``."""
    spans = []
    for m in _WORD.finditer(name):
        folded = fts.fold(m.group())
        best = max((len(t) for t in terms if folded.startswith(t)), default=0)
        if best:
            spans.append((m.start(), m.start() + min(best, len(m.group()))))
    return tuple(spans)


def _ranked_names(hits: list[SearchHit], groups: Groups, corrected: bool, limit: int) -> list[SearchHit]:
    hits.sort(key=lambda h: _name_score(h, groups))
    terms = [w for group in groups for w in group]
    return [dataclasses.replace(h, match_text=h.display_name, match_spans=name_spans(h.display_name, terms),
                                corrected=corrected) for h in hits[:limit]]


def _search_names(conn: Connection, words: list[str], limit: int) -> list[SearchHit]:
    groups = [[w] for w in words]
    exact = _fts_hits(conn, fts.name_query(words, prefix=False), "name", NAME_CANDIDATES)
    if len(exact) >= NAME_CANDIDATES:
        return _ranked_names(exact, groups, False, limit)
    seen = {h.id for h in exact}
    prefix = [h for h in _fts_hits(conn, fts.name_query(words, prefix=True), "name", NAME_CANDIDATES)
              if h.id not in seen]
    if exact or prefix:
        return _ranked_names(exact + prefix, groups, False, limit)
    return _search_names_with_typos(conn, words, limit)


def _search_names_with_typos(conn: Connection, words: list[str], limit: int) -> list[SearchHit]:
    """Each word of 3+ letters may be one edit away from a real name token. Words no name has
    are corrected first; only if that finds nobody are the known words tried as typos too."""
    last = len(words) - 1
    unknown = [len(w) >= MIN_TYPO_WORD and not fts.has_name_term(conn, w, prefix=(i == last))
               for i, w in enumerate(words)]
    for expand in (unknown, [len(w) >= MIN_TYPO_WORD for w in words]):
        if not any(expand):
            continue
        groups: Groups = []
        for word, fix in zip(words, expand):
            alternatives = [word]
            if fix:
                found = fts.name_terms(conn, fts.neighbours(word))
                alternatives += sorted(found, key=lambda t: (len(t) != len(word), t))[:MAX_ALTERNATIVES]
            groups.append(alternatives)
        if all(len(g) == 1 for g in groups):
            continue
        hits = _fts_hits(conn, fts.name_query_alternatives(groups, prefix_last=True), "name", NAME_CANDIDATES)
        if hits:
            return _ranked_names(hits, groups, True, limit)
        if expand == [len(w) >= MIN_TYPO_WORD for w in words]:
            break
    return []


# ----- phone, email, loyalty ------------------------------------------------------------------

def _phone_exact(hit: CustomerHit, digits: str) -> bool:
    stored = phone_digits(hit.phone or "")
    # Equal, or equal but for a country code the associate did not type.
    return stored == digits or (len(digits) >= 9 and stored.endswith(digits) and len(stored) - len(digits) <= 3)


def phone_spans(phone: str, digits: str) -> tuple[tuple[int, int], ...]:
    """The span of ``phone`` (as formatted) that holds its last ``len(digits)`` digits."""
    positions = [i for i, ch in enumerate(phone) if ch.isdigit()]
    if not digits or len(positions) < len(digits):
        return ()
    return ((positions[-len(digits)], positions[-1] + 1),)


def text_spans(text: str, needle: str) -> tuple[tuple[int, int], ...]:
    """The first case-insensitive occurrence of ``needle`` in ``text``."""
    at = text.lower().find(needle.lower()) if needle else -1
    return ((at, at + len(needle)),) if at >= 0 else ()


def _explain(hit: SearchHit, text: str) -> SearchHit:
    """Fill match_text / match_spans of a non-name hit."""
    if hit.matched_on == "phone":
        phone = hit.phone or ""
        return dataclasses.replace(hit, match_text=phone, match_spans=phone_spans(phone, phone_digits(text)))
    value = (hit.email if hit.matched_on == "email" else hit.loyalty_number) or ""
    spans = text_spans(value, text)
    if not spans and hit.matched_on == "email":  # a phrase of email tokens: show the first one
        first = fts.tokens(text)[:1]
        spans = text_spans(value, first[0]) if first else ()
    return dataclasses.replace(hit, match_text=value, match_spans=spans)


def search_customers(conn: Connection, text: str, limit: int = 50) -> list[SearchHit]:
    """Ranked customer hits for free text: name words, email, phone (any format or last digits),
    or loyalty number; each says which field matched and which part of it."""
    text = (text or "").strip()
    if not text or limit <= 0:
        return []
    results: list[SearchHit] = []
    seen: set[str] = set()

    def add(hits: list[SearchHit], explain: bool = True) -> None:
        for hit in hits:
            if hit.id not in seen and len(results) < limit:
                seen.add(hit.id)
                results.append(_explain(hit, text) if explain else hit)

    single = " " not in text
    if single:  # a scanned or typed loyalty number: index lookup, exact, case-insensitive
        add(_hits(conn, "c.loyalty_number IN (?, ?)", (text, text.upper()), "loyalty", limit))
    if "@" in text:
        add(_hits(conn, "c.email IN (?, ?)", (text, text.lower()), "email", limit))
        add(_fts_hits(conn, fts.email_query(text), "email", limit))
        return results
    digits = phone_digits(text)
    if _PHONE_CHARS.match(text) and len(digits) >= 3:
        phone = _fts_hits(conn, fts.phone_query(digits), "phone", max(limit, 200))
        phone.sort(key=lambda h: (not _phone_exact(h, digits), h.last_name or "", h.first_name or ""))
        add(phone)
        add(_fts_hits(conn, fts.loyalty_query(text), "loyalty", limit))
        return results
    words = fts.tokens(text)
    if not words:
        return results
    add(_search_names(conn, words, limit), explain=False)
    if single and len(results) < limit:
        if any(ch.isdigit() for ch in text):
            add(_fts_hits(conn, fts.loyalty_query(text), "loyalty", limit))
        add(_fts_hits(conn, fts.email_query(text), "email", limit))
    return results
