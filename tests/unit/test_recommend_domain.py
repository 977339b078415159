"""Recommendation ranking (pure): candidates from affinity and preferences, sizes, SKU choice, reasons."""

from __future__ import annotations

from datetime import UTC, datetime

from clienteling.domain.recommend import (POPULAR_WEIGHT, STYLE_BONUS, Nearby, Preferences, Purchase,
                                          Sku, StyleFact, candidates, choose, recency_weight,
                                          recommendation, size_for)

NOW = datetime(2026, 11, 1, tzinfo=UTC)


def bought(style: str, placed_at: str, *, name: str = "Linen Shirt", category: str = "tops",
           size: str | None = "M", returned: bool = False) -> Purchase:
    return Purchase(style, name, category, size, "Navy", "Aster", placed_at, returned)


def sku(code: str, colour: str, size: str = "M", style: str = "ST-9") -> Sku:
    return Sku(code, style, "Wool Coat", "Northwind", "coats", colour, size, 19900)


def test_recency_halves_every_half_life_and_is_one_today():
    assert recency_weight(NOW, "2026-11-01T00:00:00Z") == 1.0
    assert abs(recency_weight(NOW, "2026-05-05T00:00:00Z") - 0.5) < 0.01  # 180 days
    assert recency_weight(NOW, "not a time") < 0.1


def test_affinity_of_bought_styles_ranks_candidates_and_drops_owned_styles():
    purchases = [bought("A", "2026-10-01T10:00:00Z"), bought("B", "2025-01-01T10:00:00Z", name="Denim")]
    affinity = {"A": [("X", 0.5), ("B", 0.9)], "B": [("Y", 0.9), ("X", 0.1)]}
    ranked = candidates(purchases, affinity, Preferences(), [], NOW)
    assert [c.style_id for c in ranked] == ["X", "Y"]  # B is owned; A is recent, B old
    x, y = ranked
    assert x.goes_with is not None and x.goes_with.style_id == "A"
    w_a, w_b = recency_weight(NOW, "2026-10-01T10:00:00Z"), recency_weight(NOW, "2025-01-01T10:00:00Z")
    assert x.score == 1.0  # scaled: the best affinity candidate scores 1
    assert abs(y.score - 0.9 * w_b / (0.5 * w_a + 0.1 * w_b)) < 1e-9


def test_returned_styles_are_not_suggested_and_weigh_less_as_seeds():
    purchases = [bought("A", "2026-10-01T10:00:00Z", returned=True), bought("B", "2026-10-01T10:00:00Z")]
    affinity = {"A": [("X", 0.8), ("B", 0.5)], "B": [("Y", 0.5), ("A", 0.5)]}
    ranked = candidates(purchases, affinity, Preferences(), [], NOW)
    assert [c.style_id for c in ranked] == ["Y", "X"]  # 0.8 * 0.3 from a return < 0.5


def test_liked_brands_boost_affinity_candidates_and_add_weaker_ones():
    purchases = [bought("A", "2026-10-01T10:00:00Z")]
    affinity = {"A": [("X", 0.30), ("Z", 0.29)]}
    prefs = Preferences(brands=("Northwind",))
    preferred = [StyleFact("Z", "Northwind", "coats"), StyleFact("P", "northwind", "coats"),
                 StyleFact("Q", "Other", "coats"), StyleFact("A", "Northwind", "tops"),
                 StyleFact("Z", "Northwind", "coats")]  # listed twice: boosted once
    ranked = candidates(purchases, affinity, prefs, preferred, NOW)
    assert [c.style_id for c in ranked] == ["Z", "X", "P"]  # Q: no liked brand; A: owned
    assert ranked[0].brand_liked == "Northwind" and ranked[2].goes_with is None
    assert ranked[2].score < ranked[1].score
    assert abs(ranked[0].score - 0.29 / 0.30 * 1.08) < 1e-9


def test_best_sellers_fill_after_affinity_and_a_liked_style_word_raises_them():
    purchases = [bought("A", "2026-10-01T10:00:00Z")]
    affinity = {"A": [("X", 0.30), ("Y", 0.03)]}
    sellers = [("A", 900), ("S1", 500), ("S2", 400), ("Y", 100)]  # A: owned, never suggested
    prefs = Preferences(styles=("Boho",))
    facts = [StyleFact("S2", "Aster", "tops", "Boho blouse in silk from Aster's SS26 collection.")]
    ranked = candidates(purchases, affinity, prefs, facts, NOW, sellers)
    assert [c.style_id for c in ranked] == ["X", "S2", "S1", "Y"]
    x, s2, s1, y = ranked
    assert x.score == 1.0 and not x.popular
    assert abs(s1.score - POPULAR_WEIGHT * 500 / 900) < 1e-9 and s1.popular and s1.goes_with is None
    assert abs(s2.score - POPULAR_WEIGHT * 400 / 900 * (1 + STYLE_BONUS)) < 1e-9 and s2.style_liked == "Boho"
    assert y.popular and y.goes_with is not None  # related and a best seller: both add up
    assert abs(y.score - (0.1 + POPULAR_WEIGHT * 100 / 900)) < 1e-9
    sku_ = Sku("K", "S2", "Silk Blouse", "Aster", "tops", "Red", "M", 5900)
    assert recommendation(s2, sku_, 1, None, prefs).reasons == (
        "One of our best sellers", "Their style: Boho", "Size M in stock here")


def test_size_is_stated_then_most_bought_then_only_then_usual():
    prefs = Preferences(sizes={"Tops": "L"})
    history = [bought("A", "2026-01-01T00:00:00Z", category="coats", size="S"),
               bought("B", "2026-02-01T00:00:00Z", category="coats", size="S"),
               bought("C", "2026-03-01T00:00:00Z", category="coats", size="M")]
    assert size_for("tops", ("S", "M", "L"), prefs, history) == "L"  # stated, case-insensitive
    assert size_for("tops", ("S", "M"), prefs, history) is None  # stated size not made
    assert size_for("coats", ("S", "M", "L"), prefs, history) == "S"  # bought most
    assert size_for("bags", ("One Size",), prefs, history) == "One Size"
    assert size_for("knits", ("S", "M", "XL"), prefs, history) == "S"  # usual elsewhere
    assert size_for("shoes", ("8", "9"), prefs, history) is None


def test_choose_prefers_here_and_a_liked_colour_then_the_nearest_store():
    navy, sand = sku("N", "Navy"), sku("S", "Sand")
    far, near = Nearby("S3", "San Jose", 70.2, 1), Nearby("S2", "Oakland", 12.4, 3)
    assert choose([navy, sand], ["Sand"], {"N": 4, "S": 1}, {}) == (sand, 1, None)
    assert choose([navy, sand], ["Red"], {"N": 4, "S": 1}, {}) == (navy, 4, None)
    assert choose([navy, sand], ["Sand"], {"N": 0}, {"N": [near], "S": [far]}) == (sand, 0, far)
    assert choose([navy, sand], ["Red"], {}, {"N": [far], "S": [near]}) == (sand, 0, near)
    assert choose([navy, sand], ["Red"], {"N": 0}, {"N": [Nearby("S2", "Oakland", 1, 0)]}) is None


def test_recommendation_reasons_name_the_purchase_month_the_brand_and_where():
    ranked = candidates([bought("A", "2026-03-14T10:00:00Z")], {"A": [("ST-9", 0.4)]},
                        Preferences(brands=("Northwind",)), [StyleFact("ST-9", "Northwind", "coats")], NOW)
    prefs = Preferences(brands=("Northwind",), colours=("Navy",))
    here = recommendation(ranked[0], sku("N", "Navy"), 2, None, prefs)
    assert here.reasons == ("Goes with the Linen Shirt bought in March", "A brand they like: Northwind",
                            "Size M in stock here", "In Navy, a colour they like")
    assert here.available_here == 2 and here.nearest is None and here.score > ranked[0].score
    away = recommendation(ranked[0], sku("S", "Sand"), 0, Nearby("S2", "Oakland", 12.4, 3), prefs)
    assert away.reasons[-1] == "Size M at Oakland (12 km)" and away.nearest is not None
    assert (away.sku, away.style_id, away.name, away.price_cents) == ("S", "ST-9", "Wool Coat", 19900)


def test_preferences_parse_tolerates_missing_and_malformed_keys():
    prefs = Preferences.from_json({"sizes": {"tops": "M", "shoes": None}, "brands": ["Aster", ""],
                                   "colours": "Navy", "styles": ["minimal"]})
    assert prefs == Preferences({"tops": "M"}, ("Aster",), (), (), ("minimal",))
    assert Preferences.from_json(None) == Preferences()
