"""sync.affinity: cosine co-purchase scores by hand, support and top-k cuts, planted looks recovered."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import UTC, datetime

import pytest

from sync.affinity import affinity_rows, compute
from sync.datagen import clusters, generate
from sync.entities import ENTITIES


def test_scores_are_cosine_of_co_purchase_counts():
    baskets = [{"A", "B"}, {"A", "B"}, {"A", "B", "C"}, {"A"}, {"B", "C"}, {"C"}, ["A", "A", "C"]]
    # c(A)=5, c(B)=4, c(C)=4; c(A,B)=3, c(A,C)=2, c(B,C)=2
    table = compute(baskets, min_support=2)
    assert table["A"] == [("B", pytest.approx(3 / math.sqrt(20))), ("C", pytest.approx(2 / math.sqrt(20)))]
    assert table["B"] == [("A", pytest.approx(3 / math.sqrt(20))), ("C", pytest.approx(2 / math.sqrt(16)))]
    assert table["C"] == [("B", pytest.approx(0.5)), ("A", pytest.approx(2 / math.sqrt(20)))]


def test_pairs_below_min_support_are_dropped_and_top_k_cuts():
    baskets = [{"A", "B"}] * 3 + [{"A", "C"}] * 2 + [{"A", "D"}] * 4
    table = compute(baskets, min_support=3)
    assert [s for s, _ in table["A"]] == ["D", "B"]
    assert "C" not in table
    assert [s for s, _ in compute(baskets, top_k=1, min_support=1)["A"]] == ["D"]


def test_ties_break_on_style_id_and_single_item_baskets_give_nothing():
    table = compute([{"A", "C"}, {"A", "B"}], min_support=1)
    assert [s for s, _ in table["A"]] == ["B", "C"]
    assert compute([{"A"}, {"B"}, set()], min_support=1) == {}


def test_rows_have_ids_ranks_and_the_entity_columns():
    rows = affinity_rows(compute([{"A", "B", "C"}, {"A", "B"}], min_support=1))
    assert {r["id"] for r in rows} == {"A:B", "A:C", "B:A", "B:C", "C:A", "C:B"}
    by_id = {r["id"]: r for r in rows}
    assert by_id["A:B"]["rank"] == 1 and by_id["A:C"]["rank"] == 2
    assert by_id["A:B"]["score"] == pytest.approx(1.0)
    assert all(set(r) == set(ENTITIES["affinity"].column_names) for r in rows)


def baskets_from(size: str, seed: int) -> list[set[str]]:
    style_of: dict[str, str] = {}
    status: dict[str, str] = {}
    styles: dict[str, set[str]] = defaultdict(set)
    p_style = ENTITIES["products"].column_names.index("style_id") + 1
    o_status = ENTITIES["orders"].column_names.index("status") + 1
    l_order, l_sku = (ENTITIES["order_lines"].column_names.index(c) + 1 for c in ("order_id", "sku"))
    for batch in generate(size, seed=seed, now=datetime(2025, 6, 15, tzinfo=UTC)):
        if batch.entity == "notes":  # everything needed has streamed
            break
        if batch.entity == "products":
            style_of.update((r[1], r[p_style]) for r in batch.rows)
        elif batch.entity == "orders":
            status.update((r[1], r[o_status]) for r in batch.rows)
        elif batch.entity == "order_lines":
            for r in batch.rows:
                styles[r[l_order]].add(style_of[r[l_sku]])
    return [s for order, s in styles.items() if status[order] != "cancelled"]


def look_share(table: dict[str, list[tuple[str, float]]], looks: list[list[str]]) -> list[float]:
    """Per look: the share of its styles' top-n related styles (n = min(5, look size - 1)) inside the look."""
    shares = []
    for look in looks:
        members, n = set(look), min(5, len(look) - 1)
        shares.append(sum(sum(r in members for r, _ in table.get(s, [])[:n]) for s in look) / (n * len(look)))
    return shares


def test_planted_looks_are_recovered_on_demo():
    table = compute(baskets_from("demo", 42))
    looks = clusters("demo", 42)
    shares = look_share(table, looks)
    assert min(shares) >= 0.6, shares
    # Shuffling which styles belong to which look destroys the signal: the check can fail.
    styles = sorted({s for look in looks for s in look})
    fake = [styles[i::len(looks)] for i in range(len(looks))]
    assert max(look_share(table, [f for f in fake if len(f) > 1])) < 0.6
