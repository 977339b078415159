"""Customer full-text index (FTS5) and the queries over it.

One contentless FTS5 row per customer, keyed by the customer's rowid, with columns:

- ``name``: "first last"; ``unicode61 remove_diacritics 2`` so "jose" finds "José"; prefix
  index so two typed letters answer fast; tokens match in any order.
- ``email``: tokenised at punctuation; an email prefix is a phrase query with a prefix tail.
- ``phone``: the number's digits, and the digits reversed with an ``r`` marker, so "the last
  four digits" is a prefix search on the reversed token.
- ``loyalty``: the loyalty number.

A ``fts5vocab`` view over the index (:data:`VOCAB_TABLE`) lists the distinct name tokens; a
typed word that matches none of them is replaced by its edit-distance-1 neighbours that exist
(one typo per word tolerated), so the vocabulary needs no upkeep of its own.

Triggers keep it current on insert/update/delete of customers in the same transaction while
``cache_meta.fts_mode`` is ``live``. Bulk snapshot loads switch it to ``bulk`` (no per-row
work) and rebuild the whole index in one statement afterwards.

Deleting a row of a ``contentless_delete`` index only records a tombstone: the row's tokens stay in
their segment until it is merged, and FTS5's ``secure-delete`` option does not apply to such
tables. A GDPR erasure therefore calls :func:`compact`, which merges every segment and so drops
tombstoned rows' tokens for good.
"""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import Connection

FTS_TABLE = "customer_fts"
VOCAB_TABLE = "customer_fts_vocab"
_NON_DIGIT = re.compile(r"\D+")
_TOKEN = re.compile(r"\w+", re.UNICODE)


def phone_tokens(phone: str | None) -> str:
    """``"+1 (555) 123-4567"`` -> ``"15551234567 r76543215551"`` (registered as SQL function)."""
    if not phone:
        return ""
    digits = _NON_DIGIT.sub("", phone)
    return f"{digits} r{digits[::-1]}" if digits else ""


def register_functions(dbapi_connection) -> None:  # type: ignore[no-untyped-def]
    """SQL functions the triggers and the rebuild use; called on every new connection."""
    dbapi_connection.create_function("fts_phone", 1, phone_tokens, deterministic=True)


_LIVE = "(SELECT value FROM cache_meta WHERE key = 'fts_mode') IS NOT 'bulk'"
_VALUES = ("new.rowid, coalesce(new.first_name, '') || ' ' || coalesce(new.last_name, ''), "
           "coalesce(new.email, ''), fts_phone(new.phone), coalesce(new.loyalty_number, '')")

_DDL = [
    f"""CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(
        name, email, phone, loyalty, content='', contentless_delete=1,
        tokenize='unicode61 remove_diacritics 2', prefix='1 2 3')""",
    f"""CREATE TRIGGER customers_fts_ai AFTER INSERT ON customers WHEN {_LIVE} BEGIN
        INSERT INTO {FTS_TABLE}(rowid, name, email, phone, loyalty) VALUES ({_VALUES}); END""",
    f"""CREATE TRIGGER customers_fts_ad AFTER DELETE ON customers WHEN {_LIVE} BEGIN
        DELETE FROM {FTS_TABLE} WHERE rowid = old.rowid; END""",
    f"""CREATE TRIGGER customers_fts_au AFTER UPDATE OF first_name, last_name, email, phone,
        loyalty_number ON customers WHEN {_LIVE} BEGIN
        DELETE FROM {FTS_TABLE} WHERE rowid = old.rowid;
        INSERT INTO {FTS_TABLE}(rowid, name, email, phone, loyalty) VALUES ({_VALUES}); END""",
]


def create_vocab(conn: Connection) -> None:
    """Create the token vocabulary over the index (a migration step; no data of its own)."""
    conn.exec_driver_sql(f"CREATE VIRTUAL TABLE IF NOT EXISTS {VOCAB_TABLE} USING fts5vocab({FTS_TABLE}, 'col')")


def create(conn: Connection) -> None:
    """Create the FTS table and its triggers (a migration step)."""
    for stmt in _DDL:
        conn.exec_driver_sql(stmt)


def set_mode(conn: Connection, mode: str) -> None:
    """``live`` (triggers maintain the index) or ``bulk`` (index stale until :func:`rebuild`)."""
    conn.exec_driver_sql("INSERT INTO cache_meta(key, value) VALUES ('fts_mode', ?) "
                         "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (mode,))


def mode(conn: Connection) -> str:


    """The index mode: ``live`` or ``bulk``."""
    return conn.exec_driver_sql("SELECT value FROM cache_meta WHERE key = 'fts_mode'").scalar() or "live"


def rebuild(conn: Connection) -> int:
    """Rebuild the whole index from the customers table in bulk, then switch back to ``live``."""
    conn.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('delete-all')")
    conn.exec_driver_sql(
        f"INSERT INTO {FTS_TABLE}(rowid, name, email, phone, loyalty) "
        "SELECT rowid, coalesce(first_name, '') || ' ' || coalesce(last_name, ''), "
        "coalesce(email, ''), fts_phone(phone), coalesce(loyalty_number, '') FROM customers")
    set_mode(conn, "live")
    return int(conn.exec_driver_sql("SELECT count(*) FROM customers").scalar() or 0)


def compact(conn: Connection) -> bool:
    """Merge the index into one segment, dropping the tokens of deleted customers (see the module
    docstring); about 0.3 s per 100,000 customers. Skipped (False) while the index is in ``bulk``
    mode: the coming :func:`rebuild` starts from scratch anyway."""
    if mode(conn) == "bulk":
        return False
    conn.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")
    return True


# ----- queries ------------------------------------------------------------------------------------

def fold(text: str) -> str:
    """Lower-case without diacritics, as the unicode61 tokenizer sees it."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokens(text: str) -> list[str]:


    """Words as the tokenizer sees them (folded)."""
    return _TOKEN.findall(fold(text))


_ALPHABET = "abcdefghijklmnopqrstuvwxyz"  # folded name tokens: no accents, split at punctuation


def neighbours(word: str) -> set[str]:
    """Every string one edit away (delete, transpose, replace, insert) from a folded word."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    out |= {a + c + b[1:] for a, b in splits if b for c in _ALPHABET}
    out |= {a + c + b for a, b in splits for c in _ALPHABET}
    out.discard(word)
    out.discard("")
    return out


def has_name_term(conn: Connection, word: str, prefix: bool) -> bool:
    """Whether some customer name has this token (or a token starting with it)."""
    if prefix:
        sql = (f"SELECT 1 FROM {VOCAB_TABLE} WHERE col = 'name' AND term >= ? AND term < ? LIMIT 1")
        return conn.exec_driver_sql(sql, (word, word + "\U0010ffff")).first() is not None
    sql = f"SELECT 1 FROM {VOCAB_TABLE} WHERE col = 'name' AND term = ? LIMIT 1"
    return conn.exec_driver_sql(sql, (word,)).first() is not None


def name_terms(conn: Connection, candidates: set[str]) -> list[str]:
    """The candidates that are tokens of some customer name (one index probe each)."""
    if not candidates:
        return []
    found: list[str] = []
    items = sorted(candidates)
    for start in range(0, len(items), 500):  # below SQLite's host-parameter limit
        chunk = items[start:start + 500]
        marks = ", ".join("?" * len(chunk))
        sql = f"SELECT term FROM {VOCAB_TABLE} WHERE col = 'name' AND term IN ({marks})"
        found += [r[0] for r in conn.exec_driver_sql(sql, tuple(chunk))]
    return found


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def name_query(words: list[str], prefix: bool) -> str:
    """Every word must match a name token (exactly, or as a prefix)."""
    star = "*" if prefix else ""
    return " AND ".join(f"name : {_quote(w)}{star}" for w in words)


def name_query_alternatives(groups: list[list[str]], prefix_last: bool) -> str:
    """Every group must match one of its tokens; the first token of the last group may be a
    prefix (the word still being typed) when ``prefix_last``."""
    parts = []
    for i, group in enumerate(groups):
        star_first = prefix_last and i == len(groups) - 1
        alts = " OR ".join(_quote(w) + ("*" if star_first and j == 0 else "") for j, w in enumerate(group))
        parts.append(f"name : ({alts})")
    return " AND ".join(parts)


def email_query(text: str) -> str:
    """The typed text as a phrase of email tokens, the last one a prefix."""
    words = tokens(text)
    return "email : " + _quote(" ".join(words)) + "*" if words else ""


def phone_query(digits: str) -> str:
    """Digits typed are the end of the number (any format): a prefix on the reversed token."""
    return f"phone : {_quote('r' + digits[::-1])}*"


def loyalty_query(text: str) -> str:


    """A loyalty number or its beginning."""
    words = tokens(text)
    return "loyalty : " + _quote(" ".join(words)) + "*" if words else ""
