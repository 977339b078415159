"""Recommendations use case: what to suggest to a customer, read offline from the cache."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from clienteling.cache import Cache
from clienteling.cache import reco_reads as reads
from clienteling.domain import recommend as rec
from clienteling.domain.recommend import Recommendation
from clienteling.services.clock import Clock, utc_now

BEST_SELLERS = 100  # best-selling styles blended into every customer's candidates
BEST_SELLER_DAYS = 365
BEST_SELLER_TTL = timedelta(hours=1)
SHORTLIST = 1.5  # candidate styles looked up per wanted result (some have nothing in their size)


class RecommendationService:
    """Products for a customer ranked from affinity, recency and preferences; synchronous (DbWorker)."""

    def __init__(self, cache: Cache, clock: Clock = utc_now, best_sellers: int = BEST_SELLERS) -> None:
        self.cache = cache
        self.clock = clock
        self.best_sellers = best_sellers
        self._sellers: tuple[datetime, list[tuple[str, int]]] | None = None

    def _best_sellers(self, conn, now: datetime) -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
        """The region's best-selling styles over BEST_SELLER_DAYS, recounted every BEST_SELLER_TTL."""
        if self._sellers is None or now - self._sellers[0] > BEST_SELLER_TTL or now < self._sellers[0]:
            since = (now - timedelta(days=BEST_SELLER_DAYS)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")
            self._sellers = (now, reads.best_sellers(conn, since, self.best_sellers) if self.best_sellers else [])
        return self._sellers[1]

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
            sellers = self._best_sellers(conn, now)
            related = [s for rows in affinity.values() for s, _ in rows] + [s for s, _ in sellers]
            facts = reads.style_facts(conn, related) + reads.styles_of_brands(
                conn, prefs.brands, [*prefs.sizes, *prefs.categories], 2 * limit)
            ranked = rec.candidates(bought, affinity, prefs, facts, now, sellers)
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

