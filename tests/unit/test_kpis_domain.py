"""KPI periods (store calendar, DST, time zones) and every formula, against hand-computed figures."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from clienteling.domain import kpis as k
from clienteling.domain.kpis import Facts, KpiSet, LeaderRow, Pickup, ReturnFact, Sale

LA = "America/Los_Angeles"


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(timezone.utc)


# ----- periods ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("kind", "now", "tz", "start"), [
    ("today", "2026-11-22T18:00:00Z", LA, "2026-11-22T08:00:00Z"),         # PST: UTC-8
    ("today", "2026-11-23T07:30:00Z", LA, "2026-11-22T08:00:00Z"),         # 23:30 local, UTC already the 23rd
    ("today", "2026-11-22T23:30:00Z", "Europe/Berlin", "2026-11-22T23:00:00Z"),  # 00:30 local on the 23rd
    ("today", "2026-07-01T12:00:00Z", LA, "2026-07-01T07:00:00Z"),         # PDT: UTC-7
    ("today", "2026-11-22T18:00:00Z", "", "2026-11-22T00:00:00Z"),         # no zone: UTC
    ("week", "2026-11-22T18:00:00Z", LA, "2026-11-16T08:00:00Z"),          # Sunday -> Monday the 16th
    ("week", "2026-11-16T09:00:00Z", LA, "2026-11-16T08:00:00Z"),          # 01:00 on the Monday itself
    ("week", "2026-11-16T07:00:00Z", LA, "2026-11-09T08:00:00Z"),          # 23:00 Sunday local
    ("week", "2026-03-10T12:00:00Z", LA, "2026-03-09T07:00:00Z"),          # the Monday after DST began
    ("month", "2026-11-22T18:00:00Z", LA, "2026-11-01T07:00:00Z"),         # Nov 1st was still PDT
    ("month", "2026-12-01T05:00:00Z", LA, "2026-11-01T07:00:00Z"),         # 21:00 on Nov 30 local
    ("month", "2026-11-22T18:00:00Z", "Asia/Kolkata", "2026-10-31T18:30:00Z"),
])
def test_period_starts_at_local_midnight_and_ends_now(kind, now, tz, start):
    period = k.period_for(kind, utc(now), tz)
    assert (period.kind, period.start, period.end) == (kind, start, now)


def test_period_ends_after_the_current_second():
    """Times are stored to the second: a sale at 18:00:00.2 is stored 18:00:00 and is in the period."""
    period = k.period_for("today", utc("2026-11-22T18:00:00Z") + timedelta(milliseconds=700), LA)
    assert period.end == "2026-11-22T18:00:01Z"


def test_custom_period_is_whole_local_days_across_dst():
    period = k.period_for("custom", utc("2026-11-22T18:00:00Z"), LA, date(2026, 3, 7), date(2026, 3, 8))
    # DST began on March 8th: the 8th is 23 hours long, the range 47.
    assert (period.start, period.end) == ("2026-03-07T08:00:00Z", "2026-03-09T07:00:00Z")
    assert period.label == "2026-03-07 – 2026-03-08"
    before = k.previous(period)
    assert (before.start, before.end) == ("2026-03-05T09:00:00Z", "2026-03-07T08:00:00Z")
    assert k.local_days(period, LA) == ["2026-03-07", "2026-03-08"]
    swapped = k.period_for("custom", utc("2026-11-22T18:00:00Z"), LA, date(2026, 3, 8), date(2026, 3, 7))
    assert (swapped.start, swapped.end) == (period.start, period.end)


def test_custom_needs_dates_and_kinds_are_known():
    with pytest.raises(ValueError):
        k.period_for("custom", utc("2026-11-22T18:00:00Z"), LA)
    with pytest.raises(ValueError):
        k.period_for("year", utc("2026-11-22T18:00:00Z"), LA)  # type: ignore[arg-type]


def test_previous_is_the_same_length_just_before():
    today = k.period_for("today", utc("2026-11-22T18:00:00Z"), LA)
    before = k.previous(today)
    assert (before.start, before.end) == ("2026-11-21T22:00:00Z", "2026-11-22T08:00:00Z")
    assert k.local_days(today, LA) == ["2026-11-22"]
    assert k.local_days(before, LA) == ["2026-11-21"]  # 14:00 to midnight on the 21st
    week = k.period_for("week", utc("2026-11-22T18:00:00Z"), LA)
    assert len(k.local_days(week, LA)) == 7
    assert k.local_days(k.previous(week), LA)[0] == "2026-11-09"


def test_local_day_uses_the_store_zone():
    assert k.local_day("2026-11-22T07:59:59Z", LA) == "2026-11-21"
    assert k.local_day("2026-11-22T08:00:00Z", LA) == "2026-11-22"
    assert k.local_day("2026-11-22T23:30:00Z", "Europe/Berlin") == "2026-11-23"


# ----- formulas --------------------------------------------------------------------------------

def test_basic_ratios_and_their_zero_cases():
    assert k.aov(1001, 2) == 500 and k.aov(0, 0) == 0
    assert k.upt(5, 2) == 2.5 and k.upt(3, 0) == 0.0
    assert k.ratio(1, 8) == 0.125 and k.ratio(5, 0) == 0.0
    assert k.minutes_between("2026-11-22T10:00:00Z", "2026-11-22T11:30:30Z") == 90.5


PICKUPS = [
    Pickup("collected", "2026-11-22T10:00:00Z", "2026-11-22T11:00:00Z"),  # 60 min
    Pickup("expired", "2026-11-22T10:00:00Z", "2026-11-22T12:00:00Z"),    # 120 min: exactly the SLA
    Pickup("collected", "2026-11-22T10:00:00Z", "2026-11-22T12:01:00Z"),  # 121 min: late
    Pickup("placed", "2026-11-22T10:00:00Z", None),
    Pickup("cancelled", "2026-11-22T10:00:00Z", None),
]


def test_bopis_sla_median_and_pickup_rate():
    assert k.ready_within_sla(PICKUPS, 2.0) == pytest.approx(2 / 3)
    assert k.ready_within_sla(PICKUPS, 0.5) == 0.0
    assert k.ready_within_sla(PICKUPS[3:], 2.0) == 0.0
    assert k.median_minutes_to_ready(PICKUPS) == 120.0
    assert k.median_minutes_to_ready(PICKUPS[:2]) == 90.0
    assert k.median_minutes_to_ready(PICKUPS[3:]) is None
    assert k.pickup_rate(PICKUPS) == pytest.approx(2 / 3)
    assert k.pickup_rate(PICKUPS[3:]) is None


def test_repeat_rate_counts_distinct_buyers():
    assert k.repeat_rate(["C1", "C2", "C2", None], {"C2", "C9"}) == 0.5
    assert k.repeat_rate([None], {"C2"}) is None
    assert k.repeat_rate([], set()) is None


SALES = [Sale("O1", "C1", 1000, 2, "2026-11-22T07:59:00Z", "A1"),   # the 21st, local
         Sale("O2", "C2", 3000, 3, "2026-11-22T08:00:00Z", "A2"),
         Sale("O3", "C2", 700, 1, "2026-11-20T12:00:00Z", None)]   # outside the days below
RETURNS = [ReturnFact(500, 1, "2026-11-22T09:00:00Z", "A2")]


def test_kpi_set_from_facts():
    facts = Facts(sales=SALES[:2], returns=RETURNS, pickups=PICKUPS, overdue_now=4, signups=3,
                  returning_customers=frozenset({"C2"}), notes=6, tasks_done=2, outreach=1)
    assert k.kpi_set(facts, 2.0) == KpiSet(
        gross_sales_cents=4000, net_sales_cents=3500, orders=2, units=5, aov_cents=2000, upt=2.5,
        returns_cents=500, returns_units=1, return_rate_value=0.125, return_rate_units=0.2, bopis_orders=5,
        bopis_ready_within_sla=2 / 3, bopis_median_minutes_to_ready=120.0, bopis_pickup_rate=2 / 3,
        bopis_overdue_now=4, signups=3, repeat_purchase_rate=0.5, notes=6, tasks_done=2, outreach=1)


def test_empty_period_has_zeros_and_nones():
    empty = k.kpi_set(Facts((), (), (), 0, 0, frozenset(), 0, 0, 0), 2.0)
    assert (empty.aov_cents, empty.upt, empty.return_rate_value, empty.return_rate_units) == (0, 0.0, 0.0, 0.0)
    assert empty.bopis_ready_within_sla == 0.0
    assert (empty.bopis_median_minutes_to_ready, empty.bopis_pickup_rate, empty.repeat_purchase_rate) == (
        None, None, None)


def test_daily_net_sales_and_orders_per_local_day():
    assert k.daily(["2026-11-21", "2026-11-22"], SALES, RETURNS, LA) == (
        ("2026-11-21", 1000, 1), ("2026-11-22", 2500, 1))


def test_leaderboard_counts_and_order():
    board = k.leaderboard([("A1", "Bo Diaz"), ("A2", "Cy Ng"), ("A3", "Al Fox")],
                          signups={"A1": 2, None: 5}, notes={"A3": 1}, tasks_done={"A1": 1}, outreach={"A2": 4},
                          handovers={"A2": 1}, returns=RETURNS, sales=SALES)
    assert board == (LeaderRow("A2", "Cy Ng", 0, 0, 0, 4, 1, 1, 3000),
                     LeaderRow("A1", "Bo Diaz", 2, 0, 1, 0, 0, 0, 1000),
                     LeaderRow("A3", "Al Fox", 0, 1, 0, 0, 0, 0, 0))


def test_tables_for_csv():
    now = utc("2026-11-22T18:00:00Z")
    period = k.period_for("today", now, LA)
    figures = k.kpi_set(Facts(SALES[:2], RETURNS, (), 0, 1, frozenset(), 0, 0, 0), 2.0)
    empty = k.kpi_set(Facts((), (), (), 0, 0, frozenset(), 0, 0, 0), 2.0)
    dash = k.Dashboard("S1", "Heights", period, k.previous(period), figures, empty,
                       (("2026-11-22", 3500, 2),), (("2026-11-21", 0, 0),),
                       (LeaderRow("A1", "Bo Diaz", 1, 2, 3, 4, 5, 6, 12345),), "2026-11-22T17:55:00Z")
    out = k.tables(dash)
    assert set(out) == {"kpis", "daily", "leaderboard"}
    header, rows = out["kpis"]
    assert header[0] == "kpi" and len(rows) == len(k.KPI_FIELDS) == 20
    by_name = {r[0]: r[1:] for r in rows}
    assert by_name["net_sales_cents"] == ["3500", "0"]
    assert by_name["upt"] == ["2.5000", "0.0000"]
    assert by_name["repeat_purchase_rate"] == ["0.0000", ""]
    assert out["daily"][1] == [["2026-11-22", "35.00", "2", "2026-11-21", "0.00", "0"]]
    assert out["leaderboard"][1] == [["A1", "Bo Diaz", "1", "2", "3", "4", "5", "6", "123.45"]]
