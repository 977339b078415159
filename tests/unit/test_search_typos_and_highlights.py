"""Customer search: one typo per word forgiven through the index vocabulary, and every hit
explains which field matched and which part of it to highlight."""

from __future__ import annotations

import pytest

from clienteling.cache import fts, schema
from clienteling.cache.search import name_spans, phone_spans, search_customers
from tests.unit.test_cache_engine import REGION, load, make_cache, row


@pytest.fixture
def cache(tmp_path):
    cache = make_cache(tmp_path)
    load(cache, "stores", "catalog", row("stores", "S1", name="Heights"))
    load(cache, "customers", REGION,
         row("customers", "C1", first_name="John", last_name="Smith", email="john.smith@example.com",
             phone="+1 (650) 555-0134", loyalty_number="4677325666", home_store_id="S1", tier="gold"),
         row("customers", "C2", first_name="José", last_name="Álvarez", email="ja@example.net",
             phone="415.555.9876", loyalty_number="8033408181"),
         row("customers", "C3", first_name="Anna", last_name="Jones", email="anna.j@example.com",
             phone=None, loyalty_number="2222222222"))
    yield cache
    cache.close()


def hits(cache, text):
    with cache.read() as conn:
        return search_customers(conn, text)


def test_a_typo_in_each_word_still_finds_the_customer(cache):
    found = hits(cache, "Jonh Smiht")
    assert [h.id for h in found] == ["C1"]
    assert found[0].corrected is True
    assert found[0].match_text == "John Smith"
    assert found[0].match_spans == ((0, 4), (5, 10))


def test_typos_in_any_order_and_with_accents(cache):
    assert [h.id for h in hits(cache, "alvarex jose")] == ["C2"]
    assert [h.id for h in hits(cache, "smtih")] == ["C1"]  # a swap
    assert [h.id for h in hits(cache, "smth")] == ["C1"]  # a missing letter


def test_two_typos_in_one_word_are_not_forgiven(cache):
    assert hits(cache, "smxxh") == []
    assert hits(cache, "zq") == []  # too short to correct


def test_correct_words_are_not_marked_corrected(cache):
    found = hits(cache, "smi")
    assert [h.id for h in found] == ["C1"]
    assert found[0].corrected is False
    assert found[0].match_spans == ((5, 8),)  # "Smi" of "John Smith"


def test_name_highlight_maps_folded_words_to_the_original(cache):
    found = hits(cache, "alv")
    assert found[0].match_text == "José Álvarez"
    assert found[0].match_spans == ((5, 8),)
    assert name_spans("Zoë O'Brien", ["zoe", "bri"]) == ((0, 3), (6, 9))


def test_phone_highlight_marks_the_typed_last_digits(cache):
    found = hits(cache, "0134")
    assert found[0].id == "C1" and found[0].matched_on == "phone"
    text = found[0].match_text
    start, end = found[0].match_spans[0]
    assert text == "+1 (650) 555-0134" and text[start:end] == "0134"
    full = hits(cache, "650 555 0134")[0]
    s, e = full.match_spans[0]
    assert full.match_text[s:e] == "650) 555-0134"
    assert phone_spans("12", "1234") == ()


def test_email_and_loyalty_highlights(cache):
    email = hits(cache, "john.smith@exa")[0]
    assert email.matched_on == "email" and email.match_text == "john.smith@example.com"
    assert email.match_spans == ((0, 14),)
    card = hits(cache, "4677325666")[0]
    assert (card.id, card.matched_on, card.match_spans) == ("C1", "loyalty", ((0, 10),))


def test_vocabulary_follows_live_changes(cache):
    with cache.write() as conn:
        conn.exec_driver_sql("UPDATE customers SET last_name = 'Smyth' WHERE id = 'C1'")
    assert [h.id for h in hits(cache, "smyht")] == ["C1"]
    with cache.read() as conn:
        assert fts.has_name_term(conn, "smyth", prefix=False)
        assert not fts.has_name_term(conn, "smith", prefix=False)


def test_neighbours_cover_the_four_kinds_of_edit():
    near = fts.neighbours("jonh")
    assert {"john", "jon", "jonah", "joni"} <= near
    assert "jonh" not in near


def test_vocabulary_step_exists_in_migrations(cache):
    with cache.read() as conn:
        assert schema.schema_version(conn) == len(schema.MIGRATIONS) >= 2
        names = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master")}
    assert fts.VOCAB_TABLE in names
