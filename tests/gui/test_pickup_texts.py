"""Words on the pickup queue: how long ago an order was placed, to the minute under a day."""

from __future__ import annotations

import pytest

from clienteling.ui.pickups.text import placed_ago


@pytest.mark.parametrize("seconds, text", [
    (30, "30 s ago"), (35 * 60, "35 min ago"), (100 * 60, "1 h 40 min ago"), (2 * 3600, "2 h ago"),
    (23 * 3600 + 59 * 60 + 30, "23 h 59 min ago"), (26 * 3600 + 5 * 60, "26 h ago"), (-5, "just now"),
])
def test_placed_ago(qapp, seconds, text):
    assert placed_ago(seconds) == text
