"""Recommendations use case: what to suggest to a customer, read offline from the cache."""

from __future__ import annotations

from clienteling.cache import Cache
from clienteling.cache import reco_reads as reads
from clienteling.domain import recommend as rec
from clienteling.domain.recommend import Recommendation
from clienteling.services.clock import Clock, utc_now

SHORTLIST = 1.5  # candidate styles looked up per wanted result (some have nothing in their size)


class RecommendationService:
    """Products for a customer ranked from affinity, recency and preferences; synchronous (DbWorker)."""

    def __init__(self, cache: Cache, clock: Clock = utc_now) -> None:
        self.cache = cache
        self.clock = clock

    def for_customer(self, customer_id: str, limit: int = 10) -> list[Recommendation]:
        """Up to ``limit`` recommendations, best first; only SKUs available here or at a nearby store."""
        if limit <= 0:
            return []
        now = self.clock()
        with self.cache.read() as conn:
            prefs = reads.preferences(conn, customer_id)
            if prefs is None:
                return []
            bought = reads.purchases(conn, customer_id)
            affinity = reads.affinity(conn, [p.style_id for p in bought])
            related = [s for rows in affinity.values() for s, _ in rows]
            facts = reads.style_facts(conn, related) + reads.styles_of_brands(
                conn, prefs.brands, [*prefs.sizes, *prefs.categories], 2 * limit)
            ranked = rec.candidates(bought, affinity, prefs, facts, now)
            out: list[Recommendation] = []
            start = 0
            while len(out) < limit and start < len(ranked):
                batch = ranked[start:start + max(int(SHORTLIST * (limit - len(out))), 2)]
                start += len(batch)
                out += self._resolve(conn, batch, bought, prefs, limit - len(out))
        return sorted(out, key=lambda r: (-r.score, r.style_id))

    @staticmethod
    def _resolve(conn, batch: list[rec.Candidate], bought: list[rec.Purchase],  # type: ignore[no-untyped-def]
                 prefs: rec.Preferences, want: int) -> list[Recommendation]:
        """Pick each candidate's SKU in their size and where it can be had; drop the unavailable."""
        made = reads.style_sizes(conn, [c.style_id for c in batch])
        wanted = []
        for c in batch:
            category, offered = made.get(c.style_id, (None, ()))
            size = rec.size_for(category, offered, prefs, bought)
            if size is not None:
                wanted.append((c.style_id, size))
        skus, here, nearby = reads.offers(conn, wanted)
        out = []
        for c in batch:
            chosen = rec.choose(skus.get(c.style_id, []), prefs.colours, here, nearby)
            if chosen is not None:
                out.append(rec.recommendation(c, *chosen, prefs))
                if len(out) == want:
                    break
        return out

