"""sync.policy: validation of the policy file/row and the shared return and pickup rules."""

from __future__ import annotations

import pytest

from sync.policy import (
    DEFAULT_POLICY,
    Policy,
    PolicyError,
    ReturnRules,
    condition_problem,
    expires_before,
    line_verdict,
    pickup_aging,
    points_for,
    receiptless_allowance,
    receiptless_price,
)

RULES = ReturnRules()
NOW = "2026-11-22T12:00:00Z"


def test_the_policy_round_trips_and_defaults_fill_gaps():
    assert Policy.from_dict(DEFAULT_POLICY.to_dict()) == DEFAULT_POLICY
    assert Policy.from_dict({}) == DEFAULT_POLICY
    custom = Policy.from_dict({"returns": {"window_days": {"default": 10}}, "pickups": {"ready_within_hours": 1}})
    assert custom.returns.window_for("shoes") == 10 and custom.pickups.ready_within_hours == 1.0


@pytest.mark.parametrize("data, key", [
    ([], "policy"),
    ({"extra": {}}, "extra"),
    ({"returns": 3}, "returns"),
    ({"returns": {"window_days": {}}}, "returns.window_days"),
    ({"returns": {"window_days": {"shoes": "30"}}}, "returns.window_days.shoes"),
    ({"returns": {"receiptless_max_returns": True}}, "returns.receiptless_max_returns"),
    ({"returns": {"damaged_reasons": ["broken"]}}, "returns.damaged_reasons"),
    ({"returns": {"receiptless_refund_methods": ["cash"]}}, "returns.receiptless_refund_methods"),
    ({"pickups": {"ready_within_hours": 0}}, "pickups.ready_within_hours"),
    ({"pickups": {"collect_within_days": 91}}, "pickups.collect_within_days"),
    ({"pickups": {"collect_in": 3}}, "pickups.collect_in"),
])
def test_bad_policies_name_the_key(data, key):
    with pytest.raises(PolicyError) as exc:
        Policy.from_dict(data)
    assert exc.value.key == key and str(exc.value).startswith(f"{key}: expected")


def _order(status="completed", **kw):
    return {"status": status, "placed_at": "2026-11-10T12:00:00Z", "fulfilment": "carry", **kw}


def test_line_verdicts():
    line = {"qty": 3, "returned_qty": 1}
    ok = line_verdict(RULES, order=_order(), line=line, category="tops", final_sale=False, now=NOW)
    assert (ok.returnable_qty, ok.code, ok.window_ends) == (2, None, "2026-12-10T12:00:00Z")
    assert line_verdict(RULES, order=_order(), line=line, category="tops", final_sale=False, now=NOW,
                        pending_qty=2).code == "fully_returned"
    assert line_verdict(RULES, order=_order(), line=line, category="tops", final_sale=True, now=NOW).code == "final_sale"
    old = _order(placed_at="2026-11-01T12:00:00Z")
    late = line_verdict(RULES, order=old, line=line, category="accessories", final_sale=False, now=NOW)
    assert (late.returnable_qty, late.code, late.window_ends) == (0, "window_ended", "2026-11-15T12:00:00Z")
    assert "14-day" in late.message and "2026-11-15" in late.message
    assert line_verdict(RULES, order=old, line=line, category="outerwear", final_sale=False, now=NOW).returnable_qty == 2
    assert line_verdict(RULES, order=_order("shipped"), line=line, category=None, final_sale=False,
                        now=NOW).code == "not_received"
    pickup = _order("collected", fulfilment="pickup", collected_at="2026-11-20T09:00:00Z")
    part = line_verdict(RULES, order=pickup, line={"qty": 3, "returned_qty": 0, "collected_qty": 2},
                        category="accessories", final_sale=False, now=NOW)
    assert part.returnable_qty == 2  # the window starts at the collection, and only 2 were handed over


def test_condition_rules():
    assert condition_problem(RULES, "new", "changed_mind") is None
    assert condition_problem(RULES, "damaged", "defective") is None
    assert condition_problem(RULES, "damaged", "changed_mind")[0] == "condition"
    assert condition_problem(RULES, "muddy", "defective")[0] == "invalid"
    assert condition_problem(RULES, "new", "because")[0] == "invalid"


def test_receiptless_allowance_counts_the_period_only():
    past = [("2026-11-01T00:00:00Z", 5000), ("2026-01-01T00:00:00Z", 9000)]  # the second is too old
    allowance = receiptless_allowance(RULES, past, NOW)
    assert (allowance.returns_left, allowance.cents_left) == (1, 10_000)
    assert allowance.allows(10_000) and not allowance.allows(10_001)
    spent = receiptless_allowance(RULES, past + [("2026-11-21T00:00:00Z", 100)], NOW)
    assert spent.returns_left == 0 and not spent.allows(1)


def test_prices_and_points():
    assert receiptless_price(4000, [3000, 3500]) == 3000
    assert receiptless_price(2500, [3000]) == 2500
    assert receiptless_price(2500, []) == 2500
    assert (points_for(4099), points_for(100), points_for(99), points_for(-500)) == (40, 1, 0, 0)


def test_pickup_aging_and_expiry():
    rules = DEFAULT_POLICY.pickups
    placed = pickup_aging(rules, {"status": "placed", "placed_at": "2026-11-22T09:00:00Z"}, NOW)
    assert (placed.due_at, placed.overdue, placed.minutes_left) == ("2026-11-22T11:00:00Z", True, -60)
    ready = pickup_aging(rules, {"status": "ready", "ready_at": "2026-11-20T12:00:00Z"}, NOW)
    assert (ready.due_at, ready.overdue, ready.minutes_left) == ("2026-11-27T12:00:00Z", False, 5 * 24 * 60)
    assert pickup_aging(rules, {"status": "collected"}, NOW).due_at is None
    assert pickup_aging(rules, {"status": "ready", "ready_at": None}, NOW).due_at is None
    assert expires_before(rules, NOW) == "2026-11-15T12:00:00Z"
