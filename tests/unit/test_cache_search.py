"""Customer search: names (any order, accents), email prefix, phone any format / last digits,
loyalty number; ranking; the index follows inserts, updates and deletes."""

from __future__ import annotations


import pytest

from clienteling.cache import fts, rows
from clienteling.cache.search import search_customers
from clienteling.services import CustomerService
from tests.unit.test_cache_engine import REGION, load, make_cache, row


@pytest.fixture
def cache(tmp_path):
    cache = make_cache(tmp_path)
    load(cache, "stores", "catalog", row("stores", "S1", name="Heights"))
    load(cache, "customers", REGION,
         row("customers", "C1", first_name="José", last_name="Álvarez", email="jose.alvarez@example.com",
             phone="+1 (650) 555-1234", loyalty_number="4677325666", home_store_id="S1"),
         row("customers", "C2", first_name="Joseph", last_name="Smith", email="jsmith@mail.example.net",
             phone="650.555.9876", loyalty_number="8033408181"),
         row("customers", "C3", first_name="Jo", last_name="Alvarado", email="jo@alv.example.org",
             phone="415 555 1234", loyalty_number="1111111111"),
         row("customers", "C4", first_name="Anna", last_name="Jones", email="anna.j@example.com",
             phone=None, loyalty_number="2222222222"))
    yield cache
    cache.close()


def ids(cache, text, limit=50):
    with cache.read() as conn:
        return [(h.id, h.matched_on) for h in search_customers(conn, text, limit)]


def test_name_prefix_any_order_without_accents(cache):
    assert ids(cache, "jose alv")[0] == ("C1", "name")
    assert ids(cache, "alv jose")[0] == ("C1", "name")
    assert ids(cache, "ÁLVAREZ") == [("C1", "name")]
    assert {i for i, _ in ids(cache, "alva")} == {"C1", "C3"}


def test_whole_words_rank_above_prefixes(cache):
    # "jo" is all of C3's first name but only a prefix of José / Joseph / Jones.
    assert ids(cache, "jo")[0] == ("C3", "name")
    assert ids(cache, "jose")[0] == ("C1", "name")


def test_email_prefix_and_exact(cache):
    assert ids(cache, "jose.alv") [0] == ("C1", "name") or ("C1", "email") in ids(cache, "jose.alv")
    assert ids(cache, "jsmith@mail.example.net") == [("C2", "email")]
    assert ids(cache, "jsmith@mai") == [("C2", "email")]
    assert ids(cache, "JSMITH@MAIL.EXAMPLE.NET")[0] == ("C2", "email")


def test_phone_any_format_and_last_digits(cache):
    assert ids(cache, "650 555 1234")[0] == ("C1", "phone")
    assert ids(cache, "(650) 555-1234")[0] == ("C1", "phone")
    assert ids(cache, "+16505551234")[0] == ("C1", "phone")
    assert {i for i, _ in ids(cache, "1234")} == {"C1", "C3"}
    assert ids(cache, "9876") == [("C2", "phone")]
    assert ids(cache, "555-9876") == [("C2", "phone")]


def test_loyalty_number_ranks_first(cache):
    assert ids(cache, "8033408181")[0] == ("C2", "loyalty")
    assert ("C2", "loyalty") in ids(cache, "8033408")


def test_hit_carries_store_name(cache):
    with cache.read() as conn:
        hit = search_customers(conn, "4677325666")[0]
    assert hit.home_store_name == "Heights" and hit.display_name == "José Álvarez"


def test_empty_and_garbage_queries(cache):
    assert ids(cache, "") == [] and ids(cache, "   ") == []
    assert ids(cache, '"*') == []
    assert ids(cache, "zzzz") == []
    assert ids(cache, "AND OR NOT") == []


def test_index_follows_upsert_update_delete(cache):
    with cache.write() as conn:
        rows.upsert(conn, "customers", REGION, [row("customers", "C5", version=2, first_name="Maëlle",
                                                    last_name="Durand", phone="07 11 22 33 44")])
    assert ids(cache, "maelle") == [("C5", "name")]
    with cache.write() as conn:
        rows.upsert(conn, "customers", REGION, [row("customers", "C5", version=3, first_name="Maëlle",
                                                    last_name="Bernard", phone="07 11 22 33 44")])
    assert ids(cache, "durand") == [] and ids(cache, "bernard") == [("C5", "name")]
    with cache.write() as conn:
        conn.exec_driver_sql("UPDATE customers SET email = 'mb@ex.fr' WHERE id = 'C5'")
    assert ids(cache, "mb@ex.fr") == [("C5", "email")]
    with cache.write() as conn:
        rows.delete(conn, "customers", REGION, ["C5"])
    assert ids(cache, "maelle") == [] and ids(cache, "3344") == []


def test_bulk_mode_then_rebuild(cache):
    with cache.write() as conn:
        fts.set_mode(conn, "bulk")
        rows.bulk_replace(conn, "customers", REGION, [row("customers", "C9", first_name="Ingrid")])
    assert ids(cache, "ingrid") == []  # not indexed row by row in bulk mode
    with cache.write() as conn:
        assert fts.rebuild(conn) == 5
        assert fts.mode(conn) == "live"
    assert ids(cache, "ingrid") == [("C9", "name")]


def test_search_finds_every_kind_of_query_among_100k_customers(tmp_path):
    """Correctness at size; speed is measured by benchmarks/search.py, not here."""
    cache = make_cache(tmp_path / "big")
    first = ["Anna", "José", "Liam", "Noah", "Emma", "Olivia", "Zoë", "Lucas", "Mia", "Élodie"]
    last = ["Smith", "García", "Müller", "Nguyen", "Okafor", "Rossi", "Dubois", "Kowalski"]
    big = [row("customers", f"C{i:06d}", first_name=f"{first[i % 10]}{i % 97}", last_name=last[i % 8] + str(i % 89),
               email=f"user{i}@example.com", phone=f"+1 650 {i % 1000:03d} {i:04d}"[:16],
               loyalty_number=f"{7000000000 + i}") for i in range(100_000)]
    load(cache, "customers", REGION, *big)
    service = CustomerService(cache)
    for q in ["an", "jose gar", "garcia", "user5123@example.com", "1234", "7000004321", "zo", "noah1 rossi"]:
        assert service.search(q), q
    assert [(h.id, h.matched_on) for h in service.search("user5123@example.com")][:1] == [("C005123", "email")]
    assert service.search("7000004321")[0].id == "C004321"
    assert service.search("7000004321")[0].matched_on == "loyalty"
    cache.close()
