"""Recommendations for one customer: candidate styles, scoring, SKU choice, availability.

Pure (no SQL, no Qt): the service reads the cache into the inputs below and calls ``rank``; the
benchmark calls the same code with affinity computed from training baskets.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


@dataclass(frozen=True)
class Nearby:
    """Another store that has the recommended SKU."""

    store_id: str
    store_name: str
    distance_km: float
    qty: int


@dataclass(frozen=True)
class Recommendation:
    """One product to suggest, why, and where it can be had."""

    sku: str
    style_id: str
    name: str
    brand: str | None
    category: str | None
    colour: str | None
    size: str | None
    price_cents: int
    score: float
    reasons: tuple[str, ...]
    available_here: int
    nearest: Nearby | None


@dataclass(frozen=True)
class Purchase:
    """A style the customer bought (one order line), with when and whether it all went back."""

    style_id: str
    name: str
    category: str | None
    size: str | None
    colour: str | None
    brand: str | None
    placed_at: str
    returned: bool = False


@dataclass(frozen=True)
class Sku:
    """One SKU of a candidate style."""

    sku: str
    style_id: str
    name: str
    brand: str | None
    category: str | None
    colour: str | None
    size: str | None
    price_cents: int


@dataclass(frozen=True)
class Preferences:
    """The customer's stated preferences (customers.preferences)."""

    sizes: Mapping[str, str] = field(default_factory=dict)
    brands: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    colours: tuple[str, ...] = ()
    styles: tuple[str, ...] = ()  # style words they like ("minimal", "preppy")

    @staticmethod
    def from_json(value: object) -> "Preferences":
        """Tolerant parse of the preferences JSON (missing or malformed keys are empty)."""
        d = value if isinstance(value, dict) else {}
        sizes = d.get("sizes") if isinstance(d.get("sizes"), dict) else {}

        def strs(key: str) -> tuple[str, ...]:
            v = d.get(key)
            return tuple(str(x) for x in v if x) if isinstance(v, list) else ()

        return Preferences({str(k): str(v) for k, v in sizes.items() if v}, strs("brands"),
                           strs("categories"), strs("colours"), strs("styles"))


@dataclass(frozen=True)
class Candidate:
    """A style worth suggesting, before a SKU is chosen: its score and the reasons behind it."""

    style_id: str
    score: float
    goes_with: Purchase | None  # the purchase contributing most affinity (None: not related)
    brand_liked: str | None = None
    popular: bool = False  # among the best sellers
    style_liked: str | None = None  # a style word of theirs in its description


@dataclass(frozen=True)
class StyleFact:
    """What ranking needs to know of a candidate style."""

    style_id: str
    brand: str | None
    category: str | None
    description: str | None = None


HALF_LIFE_DAYS = 180.0
RETURNED_WEIGHT = 0.3  # a style sent back still says something about taste, but less
POPULAR_WEIGHT = 0.8
"""A best seller's score on its own; the customer's best affinity candidate scores 1.0, other
best sellers scale by units sold. Affinity ranks first; best sellers fill what it leaves."""
BRAND_BONUS = 0.08
CATEGORY_BONUS = 0.03
STYLE_BONUS = 0.5
COLOUR_BONUS = 0.02
PREFERENCE_BASE = 0.02  # preference-only candidates rank below nearly every other candidate


def _days(later: datetime, iso_time: str) -> float:
    try:
        then = datetime.fromisoformat(iso_time.replace("Z", "+00:00"))
    except (AttributeError, ValueError):
        return HALF_LIFE_DAYS * 4
    return max(0.0, (later - then).total_seconds() / 86400)


def recency_weight(now: datetime, placed_at: str) -> float:
    """1.0 for today, halving every HALF_LIFE_DAYS."""
    return 0.5 ** (_days(now, placed_at) / HALF_LIFE_DAYS)


def _words(text: str | None) -> set[str]:
    return {w.strip(".,;:!?()'\"").casefold() for w in (text or "").split()}


def candidates(purchases: Sequence[Purchase], affinity: Mapping[str, Sequence[tuple[str, float]]],
               prefs: Preferences, facts: Iterable[StyleFact], now: datetime,
               sellers: Sequence[tuple[str, int]] = ()) -> list[Candidate]:
    """Styles to suggest, best first; owned styles never.

    Affinity of bought styles weighted by recency, scaled so the best scores 1.0; plus
    POPULAR_WEIGHT x share of the top seller's units for ``sellers`` (style, units) best-selling
    styles; then raised by a liked brand, category or style word (``facts`` of the styles: related
    ones, best sellers and liked-brand ones, the latter weak candidates on their own).
    """
    owned = {p.style_id for p in purchases}
    seeds: dict[str, tuple[float, Purchase]] = {}
    for p in purchases:  # one seed per style: every purchase adds its recency weight
        w = recency_weight(now, p.placed_at) * (RETURNED_WEIGHT if p.returned else 1.0)
        total, _ = seeds.get(p.style_id, (0.0, p))
        seeds[p.style_id] = (total + w, p)  # the latest purchase names it in the reason
    score: dict[str, float] = {}
    best: dict[str, tuple[float, Purchase]] = {}
    for style, (w, p) in seeds.items():
        for related, s in affinity.get(style, ()):
            if related in owned:
                continue
            part = w * s
            score[related] = score.get(related, 0.0) + part
            if related not in best or part > best[related][0]:
                best[related] = (part, p)
    top = max(score.values(), default=0.0) or 1.0
    out: dict[str, Candidate] = {s: Candidate(s, v / top, best[s][1]) for s, v in score.items()}
    most = max((n for _, n in sellers), default=0) or 1
    for style, units in sellers:
        if style not in owned:
            c = out.get(style)
            out[style] = Candidate(style, (c.score if c else 0.0) + POPULAR_WEIGHT * units / most,
                                   c.goes_with if c else None, popular=True)
    return sorted(_liked(out, owned, prefs, facts).values(), key=lambda c: (-c.score, c.style_id))


def _liked(out: dict[str, Candidate], owned: set[str], prefs: Preferences, facts: Iterable[StyleFact]
           ) -> dict[str, Candidate]:
    """Candidates raised by a liked brand, category or style word; liked-brand styles that are
    not candidates yet join with PREFERENCE_BASE."""
    brands = {b.casefold(): b for b in prefs.brands}
    cats = {c.casefold() for c in (*prefs.categories, *prefs.sizes)}
    styles = {w.casefold(): w for w in prefs.styles}
    seen: set[str] = set()
    for f in facts:
        if f.style_id in owned or f.style_id in seen:
            continue
        seen.add(f.style_id)
        brand = brands.get((f.brand or "").casefold())
        style = next((styles[w] for w in _words(f.description) if w in styles), None) if styles else None
        bonus = (BRAND_BONUS if brand else 0.0) + (CATEGORY_BONUS if (f.category or "").casefold() in cats
                                                   else 0.0) + (STYLE_BONUS if style else 0.0)
        if not bonus:
            continue
        have = out.get(f.style_id)
        if have is not None:
            out[f.style_id] = Candidate(f.style_id, have.score * (1 + bonus), have.goes_with, brand,
                                        have.popular, style)
        elif brand:
            out[f.style_id] = Candidate(f.style_id, PREFERENCE_BASE * bonus / BRAND_BONUS, None, brand,
                                        style_liked=style)
    return out


def size_for(category: str | None, offered: Sequence[str], prefs: Preferences,
             purchases: Sequence[Purchase]) -> str | None:
    """Their size for a style made in ``offered`` sizes: the stated one for its category, else the
    one they bought most there, else the only size made, else their usual size elsewhere; None
    when none of these is made."""
    sizes = set(offered)
    if len(sizes) == 1:
        return next(iter(sizes))
    kept = [p for p in purchases if p.size and not p.returned]
    if category is not None:
        stated = {k.casefold(): v for k, v in prefs.sizes.items()}.get(category.casefold())
        if stated:
            return stated if stated in sizes else None
        here = _most_common(p.size for p in kept if p.category == category)
        if here is not None:
            return here if here in sizes else None
    usual = [v for v in prefs.sizes.values() if v in sizes] + [p.size for p in kept if p.size in sizes]
    return _most_common(usual)


def _most_common(sizes: Iterable[str | None]) -> str | None:
    counts: dict[str, int] = {}
    for size in sizes:
        if size:
            counts[size] = counts.get(size, 0) + 1
    return max(counts, key=lambda s: (counts[s], s)) if counts else None


def choose(skus: Sequence[Sku], colours: Sequence[str], here: Mapping[str, int],
           nearby: Mapping[str, Sequence[Nearby]]) -> tuple[Sku, int, Nearby | None] | None:
    """The SKU to suggest: available here in a liked colour, else here in any colour, else the
    nearest other store (liked colour first); None when nowhere has it."""
    liked = {c.casefold() for c in colours}

    def fav(s: Sku) -> int:
        return 0 if (s.colour or "").casefold() in liked else 1

    local = [s for s in skus if here.get(s.sku, 0) > 0]
    if local:
        pick = min(local, key=lambda s: (fav(s), -here[s.sku], s.sku))
        return pick, here[pick.sku], None
    away = [(fav(s), n.distance_km, s.sku, s, n) for s in skus for n in nearby.get(s.sku, ()) if n.qty > 0]
    if not away:
        return None
    *_, pick, near = min(away, key=lambda t: t[:3])
    return pick, 0, near


def month_name(iso_time: str) -> str:
    """'March' for an ISO time (the reason text names the month of the purchase)."""
    try:
        return MONTHS[int(iso_time[5:7]) - 1]
    except (ValueError, IndexError):
        return ""


def reasons(c: Candidate, sku: Sku, here: int, near: Nearby | None, colours: Sequence[str]
            ) -> tuple[str, ...]:
    """Short English sentences, the main one first."""
    out = []
    if c.goes_with is not None:
        month = month_name(c.goes_with.placed_at)
        out.append(f"Goes with the {c.goes_with.name} bought in {month}" if month
                   else f"Goes with the {c.goes_with.name} they bought")
    elif c.popular:
        out.append("One of our best sellers")
    if c.brand_liked:
        out.append(f"A brand they like: {c.brand_liked}")
    if c.style_liked:
        out.append(f"Their style: {c.style_liked}")
    label = f"Size {sku.size}" if sku.size else "One size"
    if here > 0:
        out.append(f"{label} in stock here")
    elif near is not None:
        out.append(f"{label} at {near.store_name} ({near.distance_km:.0f} km)")
    if sku.colour and sku.colour.casefold() in {x.casefold() for x in colours}:
        out.append(f"In {sku.colour}, a colour they like")
    return tuple(out)


def recommendation(c: Candidate, sku: Sku, here: int, near: Nearby | None, prefs: Preferences
                   ) -> Recommendation:
    """Assemble the result for a chosen SKU (a liked colour adds a little to the score)."""
    liked = sku.colour is not None and sku.colour.casefold() in {x.casefold() for x in prefs.colours}
    score = c.score * (1 + COLOUR_BONUS) if liked else c.score
    return Recommendation(sku=sku.sku, style_id=sku.style_id, name=sku.name, brand=sku.brand,
                          category=sku.category, colour=sku.colour, size=sku.size,
                          price_cents=sku.price_cents, score=round(score, 6),
                          reasons=reasons(c, sku, here, near, prefs.colours), available_here=here,
                          nearest=near)


def nearest_first(rows: Iterable[Nearby]) -> list[Nearby]:
    """Other stores holding a SKU, nearest first."""
    return sorted(rows, key=lambda n: (n.distance_km, n.store_id))
