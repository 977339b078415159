"""Style co-purchase affinity: which styles are bought together (pure, shared by central and benchmarks)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from itertools import combinations

__all__ = ["compute", "affinity_rows"]


def compute(baskets: Iterable[Collection[str]], top_k: int = 20, min_support: int = 3
            ) -> dict[str, list[tuple[str, float]]]:
    """style -> [(related style, score)] best first; score = cosine c(a,b)/sqrt(c(a)*c(b)).

    A basket is the distinct styles of one non-cancelled order; pairs seen in fewer than
    ``min_support`` baskets are dropped. Ties break on the related style id for determinism.
    """
    single: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for basket in baskets:
        styles = sorted(set(basket))
        single.update(styles)
        if len(styles) > 1:
            pairs.update(combinations(styles, 2))
    related: dict[str, list[tuple[str, float]]] = {}
    for (a, b), together in pairs.items():
        if together < min_support:
            continue
        score = together / math.sqrt(single[a] * single[b])
        related.setdefault(a, []).append((b, score))
        related.setdefault(b, []).append((a, score))
    return {style: sorted(items, key=lambda item: (-item[1], item[0]))[:top_k]
            for style, items in sorted(related.items())}


def affinity_rows(table: Mapping[str, list[tuple[str, float]]]) -> list[dict]:
    """AFFINITY entity rows for ``compute``'s result: id ``style:related``, rank 1..k."""
    return [{"id": f"{style}:{other}", "style_id": style, "related_style_id": other,
             "score": round(score, 6), "rank": rank}
            for style, items in table.items()
            for rank, (other, score) in enumerate(items, start=1)]
