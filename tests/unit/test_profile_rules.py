"""Customer 360 rules: tier progress, the offline redemption cap, consent, tasks, preferences."""

from __future__ import annotations

import pytest

from clienteling.domain.models import RedeemAllowance
from clienteling.domain.rules import (REWARDS, TIER_FLOORS_CENTS, DomainError, check_outreach, check_preferences,
                                      check_redeem_cap, check_task, consent_with, has_consent, tier_for,
                                      tier_progress)


@pytest.mark.parametrize("cents, tier, next_tier, to_next", [
    (0, "member", "silver", 50_000),
    (18_000, "member", "silver", 32_000),
    (49_999, "member", "silver", 1),
    (50_000, "silver", "gold", 100_000),
    (118_000, "silver", "gold", 32_000),
    (149_999, "silver", "gold", 1),
    (150_000, "gold", "platinum", 350_000),
    (499_999, "gold", "platinum", 1),
    (500_000, "platinum", None, 0),
    (9_000_000, "platinum", None, 0),
    (-5, "member", "silver", 50_000),
])
def test_tier_progress_follows_the_lifetime_value_thresholds(cents, tier, next_tier, to_next):
    progress = tier_progress(cents)
    assert (progress.tier, progress.next_tier, progress.cents_to_next) == (tier, next_tier, to_next)
    assert 0.0 <= progress.fraction <= 1.0
    assert tier_for(max(cents, 0)) == tier


def test_tier_progress_fraction_is_the_way_through_the_tier():
    assert tier_progress(100_000).fraction == pytest.approx(0.5)  # halfway from $500 to $1,500
    assert tier_progress(500_000).fraction == 1.0


def test_tier_floors_match_the_central_rule():
    # The central service's datagen assigns tiers with the same floors (sync.datagen.people.TIERS);
    # domain keeps its own copy as data, so this test is what ties the two together.
    from sync.datagen.people import TIERS, tier_for as central_tier_for
    assert sorted(TIER_FLOORS_CENTS, key=lambda t: t[1]) == sorted(TIERS, key=lambda t: t[1])
    for cents in (0, 49_999, 50_000, 149_999, 150_000, 499_999, 500_000):
        assert tier_for(cents) == central_tier_for(cents)


def test_rewards_are_positive_and_sorted_by_points():
    assert [r.points for r in REWARDS] == sorted(r.points for r in REWARDS)
    assert all(r.points > 0 and r.value_cents > 0 and r.label for r in REWARDS)


def test_redeem_within_balance_and_cap_passes():
    check_redeem_cap(RedeemAllowance(available=2_000, cap=1_000, unconfirmed=0), 1_000)
    check_redeem_cap(RedeemAllowance(available=2_000, cap=1_000, unconfirmed=400), 600)


def test_redeem_over_the_offline_cap_counts_unconfirmed_redemptions():
    allowance = RedeemAllowance(available=2_000, cap=1_000, unconfirmed=400)
    assert allowance.cap_left == 600 and allowance.max_now == 600
    with pytest.raises(DomainError) as err:
        check_redeem_cap(allowance, 601)
    assert err.value.code == "offline_cap" and "600" in err.value.message


def test_redeem_over_the_balance_is_refused_before_the_cap():
    with pytest.raises(DomainError) as err:
        check_redeem_cap(RedeemAllowance(available=300, cap=1_000, unconfirmed=0), 500)
    assert err.value.code == "insufficient_points"


@pytest.mark.parametrize("points", [0, -5, 1.5, True])
def test_redeem_needs_a_positive_whole_number(points):
    with pytest.raises(DomainError):
        check_redeem_cap(RedeemAllowance(available=2_000, cap=1_000, unconfirmed=0), points)


def test_a_zero_cap_forbids_redeeming_before_confirmation():
    allowance = RedeemAllowance(available=2_000, cap=0, unconfirmed=0)
    assert allowance.max_now == 0
    with pytest.raises(DomainError):
        check_redeem_cap(allowance, 1)


def test_consent_needs_an_explicit_opt_in():
    consent = {"email": {"opt_in": True, "at": "t"}, "sms": {"opt_in": False, "at": "t"}, "phone": "yes"}
    assert has_consent(consent, "email")
    assert not has_consent(consent, "sms")
    assert not has_consent(consent, "phone")  # malformed is no
    assert not has_consent(None, "email")


def test_consent_with_changes_one_channel_and_keeps_the_others():
    before = {"email": {"opt_in": True, "at": "2025-01-01T00:00:00Z"}}
    after = consent_with(before, "sms", True, "2026-11-22T10:00:00Z")
    assert after == {"email": {"opt_in": True, "at": "2025-01-01T00:00:00Z"},
                     "sms": {"opt_in": True, "at": "2026-11-22T10:00:00Z"}}
    assert before == {"email": {"opt_in": True, "at": "2025-01-01T00:00:00Z"}}  # not mutated
    with pytest.raises(DomainError):
        consent_with(before, "fax", True, "t")


def test_outreach_is_refused_without_consent_on_that_channel():
    consent = {"email": {"opt_in": True, "at": "t"}}
    assert check_outreach(consent, "email", "  Your size is back ") == "Your size is back"
    with pytest.raises(DomainError) as err:
        check_outreach(consent, "sms", "hi")
    assert err.value.code == "no_consent"
    with pytest.raises(DomainError):
        check_outreach(consent, "email", "   ")


def test_task_title_and_due_date():
    assert check_task("  call when M is back ", "2026-12-01") == ("call when M is back", "2026-12-01")
    assert check_task("call", None) == ("call", None)
    for title, due in (("", None), ("x" * 201, None), ("call", "tomorrow")):
        with pytest.raises(DomainError):
            check_task(title, due)


def test_preferences_are_cleaned_to_the_protocol_shape():
    prefs = check_preferences({"sizes": {"Tops": " M ", "Shoes": ""}, "brands": ["Arket", " arket", "COS"],
                               "colours": ["Navy", ""]})
    assert prefs == {"sizes": {"Tops": "M"}, "brands": ["Arket", "COS"], "styles": [], "colours": ["Navy"]}
    with pytest.raises(DomainError):
        check_preferences({"favourite_food": ["pie"]})
    with pytest.raises(DomainError):
        check_preferences({"sizes": {"Tops": "X" * 21}})
