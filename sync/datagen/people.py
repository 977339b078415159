"""Customers: names, contact details, sizes, tastes and consent, drawn from precomputed pools.

A profile is drawn before the customer's history (which depends on its sizes and tastes); the row
is built after it, because points, lifetime value and tier summarise that history.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from . import names
from .catalog import Catalog
from .codes import Clock

TIERS = (("platinum", 500_000), ("gold", 150_000), ("silver", 50_000), ("member", 0))
"""Tier by lifetime value in cents: platinum >= $5,000, gold >= $1,500, silver >= $500."""

PHONE_FORMATS = ("+1 {a}-555-{n}", "({a}) 555 {n}", "{a}555{n}", "+1{a}555{n}", "{a}.555.{n}",
                 "({a}) 555-{n}", "{a} 555 {n}", "+1 ({a}) 555-{n}", "+1 {a} 555 {n}")
_EMAIL_PATTERNS = ("{f}.{l}", "{f}{l}", "{i}{l}", "{f}.{l}{y}", "{f}_{l}", "{l}.{f}", "{f}{y}")
_AGES = [a for a, w in ((18, 2), (22, 6), (27, 9), (32, 10), (37, 10), (42, 9), (47, 8), (52, 7), (57, 5),
                        (62, 4), (67, 3), (74, 2)) for _ in range(w)]
_MMDD = tuple(f"{m:02d}-{d:02d}" for m, days in enumerate((31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31), 1)
              for d in range(1, days + 1))
_ACTIVITY = [0.0] * 8 + [0.3] * 16 + [0.6] * 20 + [1.0] * 24 + [1.5] * 14 + [2.5] * 10 + [4.0] * 6 + [7.0] * 2


def tier_for(lifetime_value_cents: int) -> str:
    for tier, floor in TIERS:
        if lifetime_value_cents >= floor:
            return tier
    return "member"


@dataclass(slots=True)
class Profile:
    index: int
    home: int  # location index
    women: bool
    first: str
    last: str
    email: str
    phone: str | None
    birthday: str | None
    created: int  # clock seconds
    sizes: dict[int, str]  # category index -> size
    looks: list[int]
    colours: list[int]
    activity: float
    associate: str | None


def _size_tables(gender: str) -> list[list[str] | None]:
    """Per category, sizes repeated by how common they are (middle of the run most)."""
    out: list[list[str] | None] = []
    for c in names.CATEGORIES:
        run = c.sizes.get(gender)
        if run is None or len(run) == 1:
            out.append(None)
            continue
        mid = (len(run) - 1) / 2
        out.append([sz for i, sz in enumerate(run) for _ in range(max(1, round(6 - 2.2 * abs(i - mid))))])
    return out


class PeopleFactory:
    """Draws profiles one by one from a single random stream; e-mails are unique by construction."""

    def __init__(self, rng: random.Random, clock: Clock, catalog: Catalog, period_start: int,
                 area_codes: list[tuple[str, ...]], store_associates: list[list[str]]) -> None:
        self.rng = rng
        self.clock = clock
        self.catalog = catalog
        self.period_start = period_start
        self.area_codes = area_codes  # per location
        self.store_associates = store_associates  # per location: active associate ids
        self.women = [(n, names.ascii_fold(n)) for n in names.WOMEN_FIRST]
        self.men = [(n, names.ascii_fold(n)) for n in names.MEN_FIRST]
        self.last = [(n, names.ascii_fold(n)) for n in names.LAST]
        self.sizes = {True: _size_tables("women"), False: _size_tables("men")}
        self.used_emails: set[str] = set()
        self.oldest = max(0, clock.now - 10 * 365 * 86400)

    def draw(self, index: int, home: int, veteran: bool = False) -> Profile:
        """A new profile; a ``veteran`` joined before the history starts (it has planted orders)."""
        rng = self.rng
        rand = rng.random
        women = rand() < 0.53
        pool = self.women if women else self.men
        first, fa = pool[int(rand() * len(pool))]
        last, la = self.last[int(rand() * len(self.last))]
        age = _AGES[int(rand() * len(_AGES))] + int(rand() * 5)
        year = self.clock.year - age
        birthday = None if rand() < 0.08 else f"{year}-{_MMDD[int(rand() * 365)]}"
        local = _EMAIL_PATTERNS[int(rand() * len(_EMAIL_PATTERNS))].format(f=fa, l=la, i=fa[0], y=year % 100)
        domain = names.EMAIL_DOMAINS[int(rand() * len(names.EMAIL_DOMAINS))]
        email = f"{local}@{domain}"
        used = self.used_emails
        while email in used:
            email = f"{local}{int(rand() * 9000) + 10}@{domain}"
        used.add(email)
        codes = self.area_codes[home]
        phone = None if rand() < 0.07 else PHONE_FORMATS[int(rand() * len(PHONE_FORMATS))].format(
            a=codes[int(rand() * len(codes))], n=f"{int(rand() * 9900) + 100:04d}")
        start, now = self.period_start, self.clock.now
        if (veteran or rand() < 0.55) and start > self.oldest:
            created = self.oldest + int(rand() * (start - self.oldest))
        else:
            created = start + int(rand() * (now - start))
        sizes = {ci: t[int(rand() * len(t))] for ci, t in enumerate(self.sizes[women]) if t is not None}
        cat = self.catalog
        looks_pool = cat.popular_looks["women" if women else "men"]
        looks = [looks_pool[int(rand() * len(looks_pool))]]
        if rand() < 0.4:
            other = looks_pool[int(rand() * len(looks_pool))]
            if other != looks[0]:
                looks.append(other)
        colours = rng.sample(range(len(names.COLOURS)), 2 + (rand() < 0.5))
        staff = self.store_associates[home]
        associate = staff[int(rand() * len(staff))] if staff and rand() < 0.6 else None
        return Profile(index, home, women, first, last, email, phone, birthday, created, sizes, looks,
                       colours, _ACTIVITY[int(rand() * len(_ACTIVITY))], associate)

    def row(self, p: Profile, scope: str, cid: str, loyalty: str, home_id: str, points: int, ltv: int,
            last_visit: int, last_activity: int, bought: dict[int, int], brands: dict[str, int]) -> tuple:
        """The customer row, summarising the history the simulator drew for this profile."""
        rand = self.rng.random
        ts = self.clock.ts
        cats = names.CATEGORIES
        sizes = {cats[c].name: p.sizes[c] for c in sorted(bought) if c in p.sizes}
        if not bought and rand() < 0.5:  # told us at sign-up
            sizes = {cats[0].name: p.sizes[0]}
        top_brands = sorted(brands, key=lambda b: (-brands[b], b))[:3]
        if not top_brands:
            look = self.catalog.looks[p.looks[0]]
            top_brands = [self.catalog.style_brand[look[0]]]
        tags = self.catalog.look_tag
        prefs = {"sizes": sizes, "brands": top_brands, "styles": list(dict.fromkeys(tags[x] for x in p.looks)),
                 "colours": [names.COLOURS[c] for c in p.colours]}
        created = ts(p.created)
        consent = {}
        for channel, share in (("email", 0.65), ("sms", 0.35), ("phone", 0.2)):
            changed = rand() < 0.1 and last_activity > p.created
            at = ts(p.created + int(rand() * (last_activity - p.created))) if changed else created
            consent[channel] = {"opt_in": rand() < share, "at": at}
        return (scope, cid, loyalty, p.first, p.last, p.email, p.phone, p.birthday, home_id, p.associate,
                tier_for(ltv), points, ltv, created[:10], prefs, consent,
                ts(last_visit) if last_visit >= 0 else None, created, ts(max(p.created, last_activity)))
