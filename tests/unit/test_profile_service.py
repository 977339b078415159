"""The 360 profile read and its writes on a real encrypted cache: preferences, consent, the
offline redemption cap and rejected entries shown with the server's reason."""

from __future__ import annotations

import orjson
import pytest

from clienteling.cache import outbox
from clienteling.domain import DomainError
from clienteling.services import CustomerService, LoyaltyService, NoteService
from sync import protocol as p
from tests.unit.test_cache_engine import REGION, load, make_cache, row
from tests.unit.test_services_outbox import clock

@pytest.fixture
def cache(tmp_path):
    cache = make_cache(tmp_path)
    load(cache, "stores", "catalog", row("stores", "S1", name="Heights"), row("stores", "S2", name="Harbour"))
    load(cache, "associates", REGION, row("associates", "A1", first_name="Mia", last_name="Ford"))
    load(cache, "customers", REGION,
         row("customers", "C1", first_name="Ana", last_name="Lima", points=2_500, home_store_id="S1",
             assigned_associate_id="A1", lifetime_value_cents=118_000,
             consent='{"email": {"opt_in": true, "at": "2025-01-01T00:00:00Z"}}'))
    load(cache, "orders", REGION,
         row("orders", "O1", customer_id="C1", channel="online", fulfilment="ship", store_id="S2",
             placed_at="2026-10-01T10:00:00Z", status="delivered"),
         row("orders", "O2", customer_id="C1", channel="store", fulfilment="carry", store_id="S1",
             placed_at="2026-11-01T10:00:00Z", status="completed"))
    load(cache, "order_lines", REGION,
         row("order_lines", "O1-1", order_id="O1", sku="K1", qty=2, returned_qty=1),
         row("order_lines", "O2-1", order_id="O2", sku="K2"), row("order_lines", "O2-2", order_id="O2", sku="K3"))
    with cache.write() as conn:
        conn.exec_driver_sql("UPDATE sync_state SET last_sync_at = '2026-11-22T14:00:00Z' WHERE scope = ?",
                             (REGION,))
    yield cache
    cache.close()


def test_profile_reads_everything_in_one_go(cache):
    NoteService(cache, clock).add("C1", "Prefers linen", "A1")
    profile = CustomerService(cache, clock).profile("C1")
    assert profile.customer.display_name == "Ana Lima" and profile.customer.home_store_name == "Heights"
    assert [o.id for o in profile.orders] == ["O2", "O1"]
    assert [len(o.lines) for o in profile.orders] == [2, 1]
    assert profile.orders[1].lines[0].returned_qty == 1
    assert profile.associate_names == {"A1": "Mia Ford"}
    assert profile.store_names == {"S1": "Heights", "S2": "Harbour"}
    assert profile.data_as_of == "2026-11-22T14:00:00Z"
    assert profile.balance.available == 2_500
    assert [n.body for n in profile.notes] == ["Prefers linen"]
    assert profile.pending_changes == 1 and profile.rejected == ()
    assert CustomerService(cache, clock).profile("NOPE") is None


def test_preferences_are_validated_and_sent_with_what_they_were_edited_from(cache):
    service = CustomerService(cache, clock)
    before = service.get("C1").preferences
    entry = service.set_preferences("C1", {"sizes": {"Tops": " M "}, "brands": ["Arket"]}, "A1")
    assert entry.args["fields"] == {"preferences": {"sizes": {"Tops": "M"}, "brands": ["Arket"], "styles": [],
                                                    "colours": []}}
    assert entry.args["preferences_base"] == {"sizes": dict((before or {}).get("sizes") or {}),
                                              **{k: list((before or {}).get(k) or []) for k in p.PREFERENCE_LISTS}}
    assert service.get("C1").preferences["sizes"] == {"Tops": "M"}
    with pytest.raises(DomainError):
        service.set_preferences("C1", {"pets": ["cat"]}, "A1")


def test_saved_preferences_keep_a_change_that_arrived_while_the_associate_edited(cache):
    service = CustomerService(cache, clock)
    shown = {"sizes": {"Tops": "M"}, "brands": ["Arket"], "styles": [], "colours": []}
    service.set_preferences("C1", shown, "A1")
    with cache.write() as conn:  # another terminal's edit arrives through sync: a shoe size
        conn.exec_driver_sql("UPDATE customers SET preferences = ? WHERE id = 'C1'", (orjson.dumps(
            {**shown, "sizes": {"Tops": "M", "Shoes": "38"}}).decode(),))
    # The form still shows `shown`; the associate adds a brand.
    entry = service.set_preferences("C1", {**shown, "brands": ["Arket", "COS"]}, "A1", base=shown)
    assert entry.args["preferences_base"] == shown
    assert service.get("C1").preferences == {"sizes": {"Tops": "M", "Shoes": "38"}, "brands": ["Arket", "COS"],
                                             "styles": [], "colours": []}


def test_consent_change_sends_one_channel_and_keeps_the_others_locally(cache):
    service = CustomerService(cache, clock)
    entry = service.set_consent("C1", "sms", True, "A1")
    # Only the changed channel travels: the server merges per channel, later decision wins.
    assert entry.args["fields"]["consent"] == {"sms": {"opt_in": True, "at": "2026-11-22T14:16:51Z"}}
    assert service.get("C1").consent["email"] == {"opt_in": True, "at": "2025-01-01T00:00:00Z"}
    service.set_consent("C1", "email", False, "A1")
    consent = service.get("C1").consent
    assert consent["email"] == {"opt_in": False, "at": "2026-11-22T14:16:51Z"} and consent["sms"]["opt_in"]


def test_redemptions_are_capped_until_the_server_confirms(cache):
    loyalty = LoyaltyService(cache, clock, offline_redeem_cap_points=1_000)
    assert loyalty.allowance("C1").max_now == 1_000
    loyalty.redeem("C1", 600, "$5 off", "A1")
    allowance = loyalty.allowance("C1")
    assert (allowance.available, allowance.unconfirmed, allowance.cap_left) == (1_900, 600, 400)
    with pytest.raises(DomainError) as err:
        loyalty.redeem("C1", 500, "$5 off", "A1")
    assert err.value.code == "offline_cap"
    loyalty.redeem("C1", 400, "", "A1")
    # the server confirms both: its ledger rows carry versions, its balance drops
    with cache.write() as conn:
        conn.exec_driver_sql("UPDATE loyalty_ledger SET _version = 9 WHERE customer_id = 'C1'")
        conn.exec_driver_sql("UPDATE customers SET points = 1500 WHERE id = 'C1'")
    assert loyalty.allowance("C1").max_now == 1_000


def test_a_server_rejection_shows_on_the_profile_with_its_reason(cache):
    LoyaltyService(cache, clock, offline_redeem_cap_points=5_000).redeem("C1", 2_000, "$30 off", "A1")
    with cache.write() as conn:
        [entry] = outbox.pending(conn)
        outbox.mark_done(conn, entry.seq, "rejected", "insufficient_points",
                         "only 100 points available, 2000 requested", "2026-11-22T14:20:00Z")
    profile = CustomerService(cache, clock).profile("C1")
    [rejected] = profile.rejected
    assert rejected.code == "insufficient_points" and "only 100 points" in rejected.message
    assert profile.pending_changes == 0


def test_the_offline_cap_does_not_apply_online(cache):
    loyalty = LoyaltyService(cache, clock, offline_redeem_cap_points=1_000)
    with pytest.raises(DomainError, match="until the central"):
        loyalty.redeem("C1", 2_000, "$30 off", "A1", online=None)  # not known to be online: capped
    assert loyalty.allowance("C1", online=True).max_now == 2_500
    entry = loyalty.redeem("C1", 2_000, "$30 off", "A1", online=True)  # the server checks at once
    assert entry.points == -2_000
    with pytest.raises(DomainError):
        loyalty.redeem("C1", 600, "too much", "A1", online=True)  # the balance still holds locally
