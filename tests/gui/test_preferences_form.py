"""The preferences form keeps what the associate is typing when a sync refreshes the profile, and
saves it with what it was filled from (``ui/profile/overview_tab.py``)."""

from __future__ import annotations

from types import SimpleNamespace

from clienteling.ui.profile.overview_tab import OverviewTab

SHOWN = {"sizes": {"tops": "M"}, "brands": ["Arket"], "styles": [], "colours": []}


def _profile(preferences: dict) -> SimpleNamespace:
    customer = SimpleNamespace(email="ana@example.com", phone=None, birthday=None, last_visit_at=None,
                               member_since=None, preferences=preferences)
    return SimpleNamespace(customer=customer)


def test_typing_survives_a_refresh_that_brings_another_terminals_change(qtbot):
    tab = OverviewTab()
    qtbot.addWidget(tab)
    tab.show_profile(_profile(SHOWN))
    saved = []
    tab.save_requested.connect(lambda prefs, base: saved.append((prefs, base)))
    tab.brands.setFocus()
    qtbot.keyClicks(tab.brands, ", COS")  # the associate types ...
    tab.show_profile(_profile({**SHOWN, "sizes": {"tops": "M", "shoes": "38"}}))  # ... a sync arrives
    assert tab.brands.text() == "Arket, COS" and tab.save.isEnabled()
    tab.save.click()
    assert saved == [({"sizes": {"tops": "M"}, "brands": ["Arket", "COS"], "styles": [], "colours": []}, SHOWN)]
    tab.mark_saved()  # the save went through: the merged result fills the form
    merged = {"sizes": {"tops": "M", "shoes": "38"}, "brands": ["Arket", "COS"], "styles": [], "colours": []}
    tab.show_profile(_profile(merged))
    assert tab.size_edits["shoes"].text() == "38" and not tab.save.isEnabled()


def test_undo_shows_the_newest_preferences(qtbot):
    tab = OverviewTab()
    qtbot.addWidget(tab)
    tab.show_profile(_profile(SHOWN))
    tab.brands.setFocus()
    qtbot.keyClicks(tab.brands, ", COS")
    tab.show_profile(_profile({**SHOWN, "sizes": {"tops": "M", "socks": "39-42"}}))  # a new category too
    tab.revert.click()
    assert tab.brands.text() == "Arket" and tab.size_edits["socks"].text() == "39-42"
    assert not tab.save.isEnabled()


def test_a_clean_form_follows_every_refresh(qtbot):
    tab = OverviewTab()
    qtbot.addWidget(tab)
    tab.show_profile(_profile(SHOWN))
    tab.show_profile(_profile({**SHOWN, "colours": ["navy"]}))
    assert tab.colours.text() == "navy" and not tab.save.isEnabled()
