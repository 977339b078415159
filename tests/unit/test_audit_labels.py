"""The audit trail's words and periods (``clienteling.domain.audit``): every mutation has a label,
targets are named by what the manager knows, periods are whole local days of the store."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

import pytest

from sync import protocol as p

from clienteling.domain import audit as a


def test_every_mutation_the_central_service_knows_has_a_label():
    assert set(a.ACTION_LABELS) == set(p.MUTATION_NAMES)


def test_labels_are_short_distinct_sentences_without_a_full_stop():
    labels = list(a.ACTION_LABELS.values())
    assert len(set(labels)) == len(labels)
    for label in labels:
        assert label[0].isupper() and not label.endswith(".") and len(label) <= 32, label


def test_the_counter_actions_read_as_the_manager_would_say_them():
    assert a.action_label(p.PICKUP_COLLECT) == "Handed over a pickup"
    assert a.action_label(p.RETURN_CREATE) == "Took a return"
    assert a.action_label(p.NOTE_ADD) == "Added a note"


def test_an_action_this_terminal_does_not_know_keeps_its_name():
    assert a.action_label("wishlist.add") == "Other change (wishlist.add)"
    assert a.action_label(None) == "Other change (?)"


def test_labels_are_marked_for_translation_in_the_audit_context():
    source = Path(a.__file__).read_text(encoding="utf-8")
    marked = set(re.findall(r'QT_TRANSLATE_NOOP\("Audit", "([^"]+)"\)', source))
    assert set(a.ACTION_LABELS.values()) | {a.OTHER_ACTION} <= marked


@pytest.mark.parametrize("action, order_number, customer, expected", [
    (p.PICKUP_COLLECT, "W123456", "Ada Lovelace", "W123456"),  # an order by its number
    (p.PICKUP_READY, None, "Ada Lovelace", "Ada Lovelace"),     # not cached: whose order it is
    (p.NOTE_ADD, None, "Ada Lovelace", "Ada Lovelace"),         # a note: whose profile
    (p.HOLD_CREATE, None, None, "H-1"),                          # nothing cached: the id
    (p.HOLD_CREATE, None, "", "H-1"),
])
def test_targets_are_named_by_order_number_then_customer_then_id(action, order_number, customer, expected):
    assert a.target_text(action, "H-1", order_number, customer) == expected


def test_periods_are_whole_local_days_up_to_the_end_of_today():
    now = datetime(2026, 11, 22, 6, 30, tzinfo=timezone.utc)  # 22:30 on the 21st in San Francisco
    tz = "America/Los_Angeles"
    assert a.period_bounds("today", now, tz) == ("2026-11-21T08:00:00Z", "2026-11-22T08:00:00Z")
    assert a.period_bounds("7days", now, tz) == ("2026-11-15T08:00:00Z", "2026-11-22T08:00:00Z")
    # 30 days back crosses the end of daylight saving time (1 Nov): local midnight was 07:00 UTC.
    assert a.period_bounds("30days", now, tz) == ("2026-10-23T07:00:00Z", "2026-11-22T08:00:00Z")
    assert a.period_bounds("today", now, "") == ("2026-11-22T00:00:00Z", "2026-11-23T00:00:00Z")


def test_an_unknown_period_names_the_ones_there_are():
    with pytest.raises(ValueError, match="'week'.*today, 7days, 30days"):
        a.period_bounds("week", datetime.now(timezone.utc), "UTC")


def test_times_are_shown_in_the_stores_zone():
    assert a.local_text("2026-11-22T18:02:09Z", "America/Los_Angeles") == "2026-11-22 10:02"
    assert a.local_text("2026-11-22T18:02:09", "Europe/Paris") == "2026-11-22 19:02"  # no zone: UTC
    assert a.local_text(None, "UTC") == "" and a.local_text("garbage", "UTC") == "garbage"


def test_the_csv_carries_ids_not_customers_names():
    entry = a.AuditEntry(id="m1", at="2026-11-22T18:02:09Z", applied_at="2026-11-22T18:05:00Z",
                         associate_id="A0002", associate_name="Léa Adams", action=p.PICKUP_COLLECT,
                         target="O-1", target_text="Ada Lovelace", customer_id="C-9", status="rejected",
                         code="already_collected")
    rows = a.csv_rows([entry], "America/Los_Angeles")
    assert rows == [["2026-11-22 10:02", "2026-11-22T18:05:00Z", "A0002", "Léa Adams", "pickup.collect",
                     "Handed over a pickup", "O-1", "C-9", "rejected", "already_collected"]]
    assert len(rows[0]) == len(a.CSV_HEADER) and "Ada Lovelace" not in rows[0]
