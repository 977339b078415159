"""The merges both sides apply the same way (``sync.protocol``): preferences edited from a base."""

from __future__ import annotations

from sync.protocol import merge_preferences

BASE = {"sizes": {"tops": "M", "shoes": "40"}, "brands": ["Arket", "COS"], "styles": ["minimal"], "colours": []}


def test_only_what_changed_from_the_base_is_applied_to_what_is_stored():
    stored = {"sizes": {"tops": "M", "shoes": "40", "jeans": "30"}, "brands": ["Arket", "COS", "Toteme"],
              "styles": ["minimal"], "colours": ["navy"]}  # another terminal added jeans, Toteme, navy
    edited = {"sizes": {"tops": "L"}, "brands": ["COS", "Filippa K"], "styles": ["minimal"], "colours": []}
    assert merge_preferences(stored, BASE, edited) == {
        "sizes": {"tops": "L", "jeans": "30"},  # tops changed, shoes cleared, jeans kept
        "brands": ["COS", "Toteme", "Filippa K"],  # Arket removed, Filippa K added at the end
        "styles": ["minimal"], "colours": ["navy"]}


def test_an_unchanged_edit_changes_nothing_and_a_replay_gives_the_same_result():
    stored = {"sizes": {"tops": "S"}, "brands": ["Arket"], "styles": [], "colours": ["red"]}
    assert merge_preferences(stored, BASE, BASE) == stored
    edited = {**BASE, "brands": ["Arket", "COS", "Rains"]}
    once = merge_preferences(stored, BASE, edited)
    assert merge_preferences(once, BASE, edited) == once and once["brands"] == ["Arket", "Rains"]


def test_stored_json_text_or_nothing_is_read_as_such():
    assert merge_preferences('{"brands": ["A"]}', {}, {"brands": ["B"]}) == {
        "sizes": {}, "brands": ["A", "B"], "styles": [], "colours": []}
    assert merge_preferences(None, BASE, BASE) == {"sizes": {}, "brands": [], "styles": [], "colours": []}
