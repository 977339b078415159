"""Loyalty sign-up: field validation and duplicate detection (domain rules and the service)."""

from __future__ import annotations

from datetime import date

import pytest

from clienteling.cache import outbox
from clienteling.domain.rules import DomainError
from clienteling.domain.signup import (clean_fields, duplicate_reasons, similar_name, validate,
                                       within_one_edit)
from clienteling.services.signup import SignupService
from tests.unit.test_cache_engine import REGION, load, make_cache, row

GOOD = {"first_name": "Jane", "last_name": "Doe", "email": "Jane.Doe@Example.com", "phone": "+1 415 555 0100"}


def fields_with(**changes):
    return {**GOOD, **changes}


def errors(fields):
    return {e.field for e in validate(fields, today=date(2026, 11, 22))}


def test_valid_fields_have_no_errors_and_are_cleaned():
    assert errors(GOOD) == set()
    assert clean_fields(GOOD)["email"] == "jane.doe@example.com"


@pytest.mark.parametrize("changes,field", [
    ({"first_name": "  "}, "first_name"),
    ({"last_name": ""}, "last_name"),
    ({"last_name": "D0e"}, "last_name"),
    ({"email": "jane@"}, "email"),
    ({"email": "jane@example"}, "email"),
    ({"phone": "12345"}, "phone"),  # 5 digits
    ({"phone": "1234567890123456"}, "phone"),  # 16 digits
    ({"phone": "555-CALL-NOW"}, "phone"),
    ({"email": "", "phone": ""}, "email"),  # one way to reach them is required
    ({"birthday": "2030-01-01"}, "birthday"),
    ({"birthday": "1/2/1990"}, "birthday"),
])
def test_invalid_fields(changes, field):
    assert field in errors(fields_with(**changes))


def test_phone_of_7_and_15_digits_and_no_email_is_fine():
    assert errors(fields_with(email="", phone="555 0100")) == set()
    assert errors(fields_with(phone="+123 456 789 012 345")) == set()


def test_edit_distance_and_similar_names():
    assert within_one_edit("jon", "john") and within_one_edit("jonh", "john") and within_one_edit("jane", "jade")
    assert not within_one_edit("jon", "jane") and not within_one_edit("abcd", "badc")
    assert similar_name("Jon", "Smith", "John", "SMITH")
    assert similar_name("J", "Smith", "John", "Smith")  # an initial
    assert similar_name("José", "Álvarez", "Jose", "Alvarez")
    assert not similar_name("John", "Smith", "Jane", "Smith")
    assert not similar_name("John", "Smith", "John", "Smyth")


def test_duplicate_reasons():
    other = {"first_name": "Jayne", "last_name": "Doe", "email": "jane.doe@example.com", "phone": "(415) 555-0100"}
    assert duplicate_reasons(GOOD, other) == ("email", "phone", "name")
    assert duplicate_reasons(fields_with(phone="4155550100"), {"phone": "+1 415 555 0100"}) == ("phone",)
    assert duplicate_reasons(fields_with(phone="555 0100"), {"phone": "+1 415 555 0100"}) == ()  # too short to say
    assert duplicate_reasons(GOOD, {"first_name": "Bob", "last_name": "Doe", "email": "x@y.zz"}) == ()


@pytest.fixture
def cache(tmp_path):
    cache = make_cache(tmp_path)
    load(cache, "stores", "catalog", row("stores", "S1", name="Heights"))
    load(cache, "customers", REGION,
         row("customers", "C1", first_name="Jayne", last_name="Doe", email="jon@example.org",
             phone="+1 (650) 555-7777", loyalty_number="4677325666", home_store_id="S1"),
         row("customers", "C2", first_name="Mary", last_name="Major", email="jane.doe@example.com",
             phone=None, loyalty_number="8033408181"),
         row("customers", "C3", first_name="Bob", last_name="Stone", email="bob@example.org",
             phone="415-555-0100", loyalty_number="2222222222"),
         row("customers", "C4", first_name="Janet", last_name="Doering", email="jd@example.org",
             phone=None, loyalty_number="1111111111"))
    yield cache
    cache.close()


def test_check_lists_duplicates_by_email_phone_and_name(cache):
    check = SignupService(cache).check(GOOD)
    assert check.ok
    found = {c.customer_id: c.reasons for c in check.duplicates}
    assert found == {"C2": ("email",), "C3": ("phone",), "C1": ("name",)}
    assert [c.customer_id for c in check.duplicates] == ["C2", "C3", "C1"]  # strongest first
    assert check.duplicates[0].home_store_name is None and check.duplicates[2].home_store_name == "Heights"


def test_check_reports_field_errors(cache):
    check = SignupService(cache).check(fields_with(email="nope", first_name=""))
    assert not check.ok
    assert {e.field for e in check.errors} == {"email", "first_name"}


def test_create_makes_a_pending_customer_and_queues_the_mutation(cache):
    service = SignupService(cache)
    customer = service.create({**GOOD, "consent": {"email": {"opt_in": True}}}, "A1")
    assert customer.loyalty_number is None and customer.tier == "member"
    assert customer.email == "jane.doe@example.com" and customer.assigned_associate_id == "A1"
    assert customer.home_store_id == "S1" and customer.consent == {"email": {"opt_in": True}}
    with cache.read() as conn:
        (entry,) = outbox.pending(conn)
    assert entry.name == "customer.create" and entry.args["customer_id"] == customer.id
    assert "loyalty_number" not in entry.args and entry.associate_id == "A1"
    status = service.status(customer.id)
    assert (status.state, status.loyalty_number) == ("pending", None)
    # The new customer is searchable at once (for the next duplicate check too).
    assert customer.id in {c.customer_id for c in service.check(GOOD).duplicates}


def test_create_refuses_invalid_fields(cache):
    with pytest.raises(DomainError):
        SignupService(cache).create(fields_with(phone="12"), "A1")
    with cache.read() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM outbox").scalar() == 0
