"""The catalogue: styles, their size x colour products, planted "looks" (clusters), and stock.

Looks are the planted co-purchase structure: each style belongs to exactly one look of 3-6 styles
from mixed categories and one gender; orders draw most of their lines from one look. The catalogue
(and so the looks) depends only on (size, seed), never on ``now``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from itertools import accumulate

from sync.scopes import CATALOG, inventory_scope

from . import names
from .codes import Clock, Permutation, barcode
from .places import Location

GENDER_WEIGHTS = {"women": 50, "men": 35, "unisex": 15}
CLEARANCE_SHARE = 0.05
"""Share of styles on clearance: reduced price and every variant ``final_sale``."""


@dataclass
class Catalog:
    style_ids: list[str] = field(default_factory=list)
    style_rows: list[tuple] = field(default_factory=list)
    style_cat: list[int] = field(default_factory=list)  # index into names.CATEGORIES
    style_gender: list[str] = field(default_factory=list)
    style_brand: list[str] = field(default_factory=list)
    style_first: list[int] = field(default_factory=list)  # first SKU index of the style
    style_nsizes: list[int] = field(default_factory=list)
    style_sizepos: list[dict[str, int]] = field(default_factory=list)
    style_colours: list[tuple[int, ...]] = field(default_factory=list)  # index into names.COLOURS
    sku_ids: list[str] = field(default_factory=list)
    product_rows: list[tuple] = field(default_factory=list)
    price: list[int] = field(default_factory=list)
    final_sale: list[bool] = field(default_factory=list)
    active: list[bool] = field(default_factory=list)
    looks: list[list[int]] = field(default_factory=list)  # style indices per look
    look_of: list[int] = field(default_factory=list)  # style -> look
    look_gender: list[str] = field(default_factory=list)
    look_tag: list[str] = field(default_factory=list)
    popular_styles: list[int] = field(default_factory=list)  # sampling table, repeats ~ popularity
    popular_looks: dict[str, list[int]] = field(default_factory=dict)  # gender -> sampling table

    def sku(self, style: int, colour_pos: int, size_pos: int) -> int:
        return self.style_first[style] + colour_pos * self.style_nsizes[style] + size_pos


def _sampling_table(weights: list[float], size: int) -> list[int]:
    total = sum(weights)
    table: list[int] = []
    for i, w in enumerate(weights):
        table.extend([i] * max(1, round(w / total * size)))
    return table


def _build_looks(cat: Catalog, rng: random.Random) -> None:
    """Cut each gender's styles into looks of 3-6, categories interleaved so a look mixes them."""
    pools: dict[str, list[int]] = {"women": [], "men": []}
    for s, g in enumerate(cat.style_gender):
        pools[g if g != "unisex" else ("women" if rng.random() < 0.5 else "men")].append(s)
    if len(pools["men"]) < 3:  # only in tiny catalogues: too few to make a look
        pools = {"women": pools["women"] + pools["men"]}
    cat.look_of = [0] * len(cat.style_gender)
    for gender, pool in pools.items():
        by_cat: dict[int, list[int]] = {}
        for s in pool:
            by_cat.setdefault(cat.style_cat[s], []).append(s)
        keyed = []
        for members in by_cat.values():
            rng.shuffle(members)
            keyed += [((j + rng.random()) / len(members), s) for j, s in enumerate(members)]
        order = [s for _, s in sorted(keyed)]
        i = 0
        while i < len(order):
            n, rest = rng.randint(3, 6), len(order) - i
            if rest <= 6:
                n = rest
            elif rest - n < 3:  # never leave fewer than 3 behind
                n = rest - 3
            look = order[i:i + n]
            i += n
            for s in look:
                cat.look_of[s] = len(cat.looks)
            cat.looks.append(look)
            cat.look_gender.append(gender)
            cat.look_tag.append(rng.choice(names.LOOKS))


def build_catalog(skus: int, rng: random.Random, year: int) -> Catalog:
    """Styles ST-00001.. until their products SKU-0000001.. number at least ``skus``; seasons are
    relative to ``year``."""
    cat = Catalog()
    cats = names.CATEGORIES
    cat_cum = list(accumulate(c.weight for c in cats))
    drafts = []
    variants = 0
    while variants < skus:
        ci = rng.choices(range(len(cats)), cum_weights=cat_cum)[0]
        c = cats[ci]
        gender = rng.choices(c.genders, [GENDER_WEIGHTS[g] for g in c.genders])[0]
        lo, hi = c.price
        dollars = rng.randrange(lo // 5 + 1, hi // 5 + 1) * 5 - 1
        clearance = rng.random() < CLEARANCE_SHARE
        price = (dollars * 60 // 100) * 100 + 99 if clearance else dollars * 100
        ncol = rng.choices(range(1, c.max_colours + 1), [3, 4, 3, 2][:c.max_colours])[0]
        drafts.append(dict(
            ci=ci, gender=gender, brand=rng.choice(names.BRANDS), price=price, clearance=clearance,
            adjective=rng.choice(names.ADJECTIVES), material=rng.choice(names.MATERIALS), noun=rng.choice(c.nouns),
            season=rng.randrange(len(names.SEASONS)), colours=tuple(rng.sample(range(len(names.COLOURS)), ncol)),
            active=rng.random() > 0.03, inactive_draws=[rng.random() for _ in range(ncol)]))
        variants += ncol * len(c.sizes[gender])
        cat.style_cat.append(ci)
        cat.style_gender.append(gender)
    _build_looks(cat, rng)
    styles = len(drafts)
    ranks = list(range(styles))
    rng.shuffle(ranks)
    style_weight = [1.0 / (r + 1) ** 0.9 for r in ranks]
    cat.popular_styles = _sampling_table(style_weight, 40 * styles)
    for gender in ("women", "men"):
        ids = [i for i, g in enumerate(cat.look_gender) if g == gender] or list(range(len(cat.looks)))
        table = _sampling_table([sum(style_weight[s] for s in cat.looks[i]) for i in ids], 20 * len(ids))
        cat.popular_looks[gender] = [ids[t] for t in table]

    perm = Permutation(10**11, rng.randrange(10**11))
    y2 = year % 100
    for s, d in enumerate(drafts):
        c = cats[d["ci"]]
        sid = f"ST-{s + 1:05d}"
        season = names.SEASONS[d["season"]].format(y=y2, y1=(y2 - 1) % 100, y2=(y2 - 2) % 100)
        look = cat.look_tag[cat.look_of[s]]
        name = f"{d['adjective']} {d['material']} {d['noun']}"
        desc = (f"{look.capitalize()} {d['noun'].lower()} in {d['material'].lower()} from {d['brand']}'s"
                f" {season} collection{'; clearance, final sale' if d['clearance'] else ''}.")
        cat.style_ids.append(sid)
        cat.style_brand.append(d["brand"])
        cat.style_rows.append((CATALOG, sid, name, d["brand"], c.name, d["gender"], season, desc))
        run = c.sizes[d["gender"]]
        cat.style_first.append(len(cat.sku_ids))
        cat.style_nsizes.append(len(run))
        cat.style_sizepos.append({sz: i for i, sz in enumerate(run)})
        cat.style_colours.append(d["colours"])
        for colour, draw in zip(d["colours"], d["inactive_draws"], strict=True):
            cname = names.COLOURS[colour]
            active = d["active"] and draw > 0.02
            for sz in run:
                sku = f"SKU-{len(cat.sku_ids) + 1:07d}"
                label = f"{name}, {cname}" + ("" if sz == "One Size" else f", {sz}")
                cat.product_rows.append((CATALOG, sku, sid, label, d["brand"], c.name, cname, sz, d["price"],
                                         barcode(len(cat.sku_ids), perm), d["clearance"], active))
                cat.sku_ids.append(sku)
                cat.price.append(d["price"])
                cat.final_sale.append(d["clearance"])
                cat.active.append(active)
    return cat


# On-hand distributions: a store holds few of each SKU, the DC many, online a pool in between.
_STORE_ON_HAND = [0] * 14 + [1] * 22 + [2] * 18 + [3] * 14 + [4] * 10 + [5] * 7 + [6] * 5 + [8] * 4 + \
    [12] * 3 + [20] * 2
_DC_ON_HAND = [0] * 3 + list(range(5, 60, 5)) * 3 + list(range(60, 400, 20)) + [600, 800]
_ONLINE_ON_HAND = [0] * 5 + list(range(1, 40)) * 2 + list(range(40, 150, 10))


def inventory_rows(cat: Catalog, locations: list[Location], held: dict[tuple[int, int], int],
                   coverage: float, rng: random.Random, clock: Clock):
    """Every active SKU at the DC and online; a ``coverage`` share of them at each store.

    ``held`` maps (location, SKU) to quantity on active holds: those are stocked and reserved.
    """
    rand = rng.random
    ts = clock.ts
    now = clock.now
    week = 7 * 86400
    active = [i for i, a in enumerate(cat.active) if a]
    sku_ids = cat.sku_ids
    for li, loc in enumerate(locations):
        scope = inventory_scope(loc.ref)
        prefix = loc.id + ":"
        lid = loc.id
        table = _STORE_ON_HAND if loc.kind == "store" else _DC_ON_HAND if loc.kind == "dc" else _ONLINE_ON_HAND
        n = len(table)
        stocked = 1.0 if loc.kind != "store" else coverage
        for k in active:
            h = held.get((li, k), 0) if held else 0
            if rand() >= stocked and not h:
                continue
            on_hand = table[int(rand() * n)]
            r = rand()
            reserved = 0 if r < 0.85 or not on_hand else (1 if r < 0.97 or on_hand < 2 else 2)
            if h:
                reserved = max(reserved, h)
                on_hand = max(on_hand, reserved + int(rand() * 3))
            sku = sku_ids[k]
            yield (scope, prefix + sku, lid, sku, on_hand, reserved, ts(now - int(rand() * week)))
