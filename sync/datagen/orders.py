"""Order history: each customer's orders, lines and loyalty ledger, simulated once.

The simulation runs while customers are emitted (a customer row needs its points and lifetime
value), but orders, lines and the ledger are emitted later, so they wait in compact arrays
(~40 bytes an order) rather than as row tuples.
"""

from __future__ import annotations

import random
from array import array
from bisect import bisect_left, bisect_right
from itertools import accumulate

from sync.policy import DEFAULT_POLICY, POINTS_PER_CENTS

from .catalog import Catalog
from .codes import Clock

HOUR, DAY = 3600, 86400
PICKUP_HOLD_DAYS = DEFAULT_POLICY.pickups.collect_within_days
"""A ready pickup not collected within this many days expires."""
REDEEM_STEP = 500
"""Points are redeemed in blocks of 500."""

# (channel, fulfilment) mix of organic orders, in percent.
_MIX = [("store", "carry")] * 52 + [("online", "ship")] * 20 + [("online", "pickup")] * 10 + \
       [("app", "ship")] * 10 + [("app", "pickup")] * 8
_LINES = [1] * 45 + [2] * 27 + [3] * 15 + [4] * 8 + [5] * 5
_QTY = [1] * 88 + [2] * 10 + [3] * 2
_STORE_HOURS = [h for h, w in zip(range(10, 21), (3, 5, 7, 8, 8, 8, 9, 10, 10, 8, 5), strict=True) for _ in range(w)]
_ONLINE_HOURS = [h for h, w in enumerate((2, 1, 1, 1, 1, 1, 2, 3, 4, 5, 5, 6, 7, 6, 5, 5, 5, 6, 7, 9, 10, 10, 8, 4))
                 for _ in range(w)]
_RETURN_P = {"carry": 0.06, "ship": 0.16, "pickup": 0.09}

EARN, REDEEM, REVERSE, WELCOME, GOODWILL = range(5)
LEDGER_KINDS = ("earn", "redeem", "reverse", "adjust", "adjust")

STATUSES = {
    "carry": ("completed",),
    "ship": ("placed", "shipped", "delivered", "cancelled"),
    "pickup": ("placed", "picking", "ready", "collected", "cancelled", "expired"),
}
PLANTED = ("placed", "picking", "ready", "collected", "expired", "cancelled")
"""Pickup states planted at every store, so every state exists whatever the size."""
KINDS = [(ch, ful, st) for ch, ful in dict.fromkeys(_MIX) for st in STATUSES[ful]]
_KIND = {k: i for i, k in enumerate(KINDS)}
_CLOSED = frozenset({"cancelled", "expired"})


class History:
    """Orders, lines and ledger entries in parallel arrays; -1 stands for "none"."""

    def __init__(self) -> None:
        def a(code: str) -> array:
            return array(code)

        # Orders ("i" int32, "h" int16 location/associate index, "B" byte); times in clock seconds.
        self.o_cust, self.o_kind, self.o_store, self.o_pick = a("i"), a("B"), a("h"), a("h")
        self.o_placed, self.o_ready, self.o_collected, self.o_closed = a("i"), a("i"), a("i"), a("i")
        self.o_total, self.o_items, self.o_assoc, self.o_end = a("i"), a("i"), a("h"), a("i")
        # Lines of order k are l_*[o_end[k-1]:o_end[k]].
        self.l_sku, self.l_qty, self.l_price, self.l_ret, self.l_pick = a("i"), a("B"), a("i"), a("B"), a("B")
        # Ledger, per customer in time order; g_order -1 for bonuses.
        self.g_cust, self.g_time, self.g_kind, self.g_points = a("i"), a("i"), a("B"), a("i")
        self.g_order, self.g_store = a("i"), a("h")
        # Returns, one per returned line (global line index), when and where the points were reversed.
        self.r_line, self.r_time, self.r_store = a("i"), a("i"), a("h")


class OrderSimulator:
    """Draws a customer's orders from their profile (looks, sizes, colours) and records them."""

    def __init__(self, rng: random.Random, clock: Clock, catalog: Catalog, days: int, orders_per_year: float,
                 region_stores: list[list[int]], store_staff: list[list[int]], online: int,
                 utc_offset_h: list[int]) -> None:
        self.rng, self.clock, self.cat, self.h = rng, clock, catalog, History()
        self.now = clock.now
        self.period_start = max(0, clock.now - days * DAY)
        self.rate = orders_per_year / (365 * DAY)
        self.region_stores = region_stores  # per location: stores of its region
        self.store_staff = store_staff  # per location: active associate indices
        self.online = online
        self.offset = [-o * HOUR for o in utc_offset_h]
        table = []
        for d in range(self.period_start // DAY, clock.today + 1):
            m = clock.month(d)
            w = 10 + 4 * (clock.weekday(d) >= 5) + {11: 3, 12: 6, 1: -2}.get(m, 0)
            table += [d] * w
        self.day_table = table

    def _placed(self, start: int, home: int) -> int:
        """A purchase time after ``start``: busier weekends and holidays, local opening hours."""
        rand = self.rng.random
        table = self.day_table
        lo = bisect_left(table, start // DAY)
        day = table[lo + int(rand() * (len(table) - lo))] if lo < len(table) else start // DAY
        t = day * DAY + _STORE_HOURS[int(rand() * len(_STORE_HOURS))] * HOUR + int(rand() * HOUR) + self.offset[home]
        if t < start:
            t = start + int(rand() * HOUR)
        if t >= self.now:
            t = self.now - 1 - int(rand() * min(2 * HOUR, max(1, self.now - start)))
        return t

    def simulate(self, ci: int, home: int, women: bool, sizes: dict[int, str], looks: list[int],
                 colours: list[int], activity: float, created: int, planted: list[tuple[int, str]]):
        """Record customer ``ci``'s history; returns (points, lifetime value, last visit, last activity,
        categories bought, brand counts)."""
        rng = self.rng
        rand = rng.random
        now = self.now
        cat = self.cat
        h = self.h
        start = max(created, self.period_start)
        n = int(self.rate * (now - start) * activity + rand()) if start < now else 0
        specs = [(self._placed(start, home), None, -1) for _ in range(n)]
        specs += [(_planted_time(target, now, rand), target, store) for store, target in planted]
        specs.sort()
        look_pool = cat.popular_looks["women" if women else "men"]
        basket = self._basket
        final_of = cat.final_sale
        region = self.region_stores[home]
        events: list[tuple[int, int, int, int, int]] = []
        candidates: list[tuple[int, int, int]] = []
        ltv = 0
        last_visit = -1
        last_activity = created
        bought: dict[int, int] = {}
        brands: dict[str, int] = {}
        for placed, target, pick_store in specs:
            k = len(h.o_cust)
            if target is not None:
                channel, ful = ("online" if rand() < 0.6 else "app"), "pickup"
            else:
                channel, ful = _MIX[int(rand() * 100)]
            r = rand()  # the look this basket comes from: a favourite, sometimes any popular one
            look = looks[0] if len(looks) == 1 or r < 0.5 else looks[1]
            if r >= 0.8:
                look = look_pool[int(rand() * len(look_pool))]
            line_skus, line_qty, line_price, total, items = basket(look, sizes, colours, bought, brands)
            # Lifecycle.
            ready = collected = closed = -1
            assoc = -1
            pick = -1
            done = -1  # completion time, when points are earned
            if ful == "carry":
                store = home if rand() < 0.8 else region[int(rand() * len(region))]
                status, done = "completed", placed
                last_visit = max(last_visit, placed)
            else:
                store = self.online
                if ful == "ship":
                    status, done, closed = _ship_state(placed, now, rand)
                else:
                    pick = pick_store if pick_store >= 0 else (
                        home if rand() < 0.75 else region[int(rand() * len(region))])
                    status, ready, collected, closed = _pickup_state(placed, now, rand, target)
                    if status == "collected":
                        done = collected
                        staff = self.store_staff[pick]
                        assoc = staff[int(rand() * len(staff))] if staff else -1
                        last_visit = max(last_visit, collected)
            if status not in _CLOSED:
                ltv += total
            if done >= 0:
                events.append((done, EARN, total // POINTS_PER_CENTS, k, pick if pick >= 0 else store))
            if status != "cancelled":
                candidates.append((placed, k, pick if pick >= 0 else store))
            last_activity = max(last_activity, placed, collected, closed, done)
            # Line states: picking, returns (never final-sale goods), reversals.
            ret_p = _RETURN_P[ful]
            line_ret, line_pick = [], []
            first_line = len(h.l_sku)
            for j, (sku, qty, price) in enumerate(zip(line_skus, line_qty, line_price, strict=True)):
                if status in ("placed", "cancelled") and ready < 0:
                    picked = 0
                elif status == "picking":
                    picked = int(rand() * (qty + 1))
                else:
                    picked = qty
                ret = 0
                if done >= 0 and not final_of[sku] and rand() < ret_p:
                    back = done + 2 * HOUR + int(rand() * 25 * DAY)
                    if back < now:
                        ret = qty if qty == 1 or rand() < 0.7 else 1 + int(rand() * (qty - 1))
                        where = store if ful == "carry" else (pick if pick >= 0 else (home if rand() < 0.5 else store))
                        events.append((back, REVERSE, -(ret * price // POINTS_PER_CENTS), k, where))
                        h.r_line.append(first_line + j)
                        h.r_time.append(back)
                        h.r_store.append(where)
                        last_activity = max(last_activity, back)
                line_ret.append(ret)
                line_pick.append(picked)
            h.l_sku.extend(line_skus)
            h.l_qty.extend(line_qty)
            h.l_price.extend(line_price)
            h.l_ret.extend(line_ret)
            h.l_pick.extend(line_pick)
            h.o_cust.append(ci)
            h.o_kind.append(_KIND[channel, ful, status])
            h.o_store.append(store)
            h.o_pick.append(pick)
            h.o_placed.append(placed)
            h.o_ready.append(ready)
            h.o_collected.append(collected)
            h.o_closed.append(closed)
            h.o_total.append(total)
            h.o_items.append(items)
            h.o_assoc.append(assoc)
            h.o_end.append(len(h.l_sku))
        if created >= self.period_start:
            events.append((created, WELCOME, 100, -1, home))
        if rand() < 0.03 and start < now:
            when = start + int(rand() * (now - start))
            events.append((when, GOODWILL, 50 * (1 + int(rand() * 5)), -1, home))
            last_activity = max(last_activity, when)
        points = self._ledger(ci, events, candidates)
        return points, ltv, last_visit, min(last_activity, now), bought, brands

    def _basket(self, look: int, sizes: dict[int, str], colours: list[int], bought: dict[int, int],
                brands: dict[str, int]) -> tuple[list[int], list[int], list[int], int, int]:
        """Lines of one order: ~70 % styles of ``look``, the rest popularity-skewed; the customer's
        size and (often) a favourite colour. Returns (SKUs, quantities, prices, total, items) and
        counts categories and brands bought."""
        rand = self.rng.random
        cat = self.cat
        members, pop = cat.looks[look], cat.popular_styles
        style_cat, style_colours, sizepos = cat.style_cat, cat.style_colours, cat.style_sizepos
        style_first, style_nsizes, price_of, final_of = cat.style_first, cat.style_nsizes, cat.price, cat.final_sale
        chosen: list[int] = []
        for _ in range(_LINES[int(rand() * 100)]):
            s = members[int(rand() * len(members))] if rand() < 0.7 else pop[int(rand() * len(pop))]
            if s not in chosen:
                chosen.append(s)
        skus, qtys, prices = [], [], []
        total = items = 0
        for s in chosen:
            cols = style_colours[s]
            cp = -1
            if rand() < 0.6:
                for j, c in enumerate(cols):
                    if c in colours:
                        cp = j
                        break
            if cp < 0:
                cp = int(rand() * len(cols))
            ns = style_nsizes[s]
            sp = sizepos[s].get(sizes.get(style_cat[s], ""), -1) if ns > 1 else 0
            if sp < 0 or rand() < 0.08:  # a gift, or a size they don't usually take
                sp = int(rand() * ns)
            sku = style_first[s] + cp * ns + sp
            qty = _QTY[int(rand() * 100)]
            price = price_of[sku]
            if not final_of[sku] and rand() < 0.1:
                price -= price // 5  # promotion
            skus.append(sku)
            qtys.append(qty)
            prices.append(price)
            total += qty * price
            items += qty
            c = style_cat[s]
            bought[c] = bought.get(c, 0) + 1
            b = cat.style_brand[s]
            brands[b] = brands.get(b, 0) + 1
        return skus, qtys, prices, total, items

    def _ledger(self, ci: int, events: list, candidates: list) -> int:
        """Add redemptions that never take the balance below zero, then record the ledger."""
        if not events:
            return 0
        rand = self.rng.random
        events.sort()
        balance = list(accumulate(e[2] for e in events))
        if balance[-1] >= REDEEM_STEP and candidates:
            floor = balance[:]  # floor[j] = lowest balance from event j on
            for j in range(len(floor) - 2, -1, -1):
                if floor[j + 1] < floor[j]:
                    floor[j] = floor[j + 1]
            times = [e[0] for e in events]
            spent = 0
            redeems = []
            for t, k, store in candidates:
                p = bisect_right(times, t)
                avail = (balance[p - 1] if p else 0) if p == len(times) else min(balance[p - 1] if p else 0, floor[p])
                avail -= spent
                if avail >= REDEEM_STEP and rand() < 0.4:
                    r = REDEEM_STEP * min(avail // REDEEM_STEP, 1 + int(rand() * 3))
                    spent += r
                    redeems.append((t, REDEEM, -r, k, store))
            if redeems:
                events += redeems
                events.sort()
        h = self.h
        total = 0
        for t, kind, pts, k, store in events:
            h.g_cust.append(ci)
            h.g_time.append(t)
            h.g_kind.append(kind)
            h.g_points.append(pts)
            h.g_order.append(k)
            h.g_store.append(store)
            total += pts
        return total


def _ship_state(placed: int, now: int, rand) -> tuple[str, int, int]:
    """(status, delivered time or -1, closed time or -1) of a shipped order at ``now``."""
    if rand() < 0.03:
        cancel = placed + HOUR // 5 + int(rand() * 12 * HOUR)
        return ("cancelled", -1, cancel) if cancel <= now else ("placed", -1, -1)
    shipped = placed + 6 * HOUR + int(rand() * 42 * HOUR)
    delivered = shipped + DAY + int(rand() * 3 * DAY)
    if delivered <= now:
        return "delivered", delivered, -1
    return ("shipped" if shipped <= now else "placed"), -1, -1


def _planted_time(target: str, now: int, rand) -> int:
    """A placed time that, with the delays forced in :func:`_pickup_state`, yields ``target``."""
    lo, hi = {"placed": (5 * 60, 40 * 60), "picking": (2 * HOUR, 3 * HOUR), "ready": (DAY, 3 * DAY),
              "collected": (3 * DAY, 10 * DAY), "expired": (9 * DAY, 16 * DAY), "cancelled": (DAY, 9 * DAY)}[target]
    return now - lo - int(rand() * (hi - lo))


def _pickup_state(placed: int, now: int, rand, target: str | None) -> tuple[str, int, int, int]:
    """(status, ready_at, collected_at, closed_at) of a pickup order at ``now``; -1 = none.

    Plan: picking starts 30 min-3 h after placing and takes up to 20 h; 90 % are collected within
    ~4 days of ready, 6 % never come (expired after PICKUP_HOLD_DAYS), 4 % cancel.
    """
    r = rand()
    plan = "cancel" if r < 0.04 else "noshow" if r < 0.10 else "collect"
    pick_start = placed + HOUR // 2 + int(rand() * 150 * 60)
    ready = pick_start + HOUR // 2 + int(rand() * 20 * HOUR)
    collect = ready + HOUR + int(rand() * rand() * 4 * DAY)
    cancel = placed + HOUR // 5 + int(rand() * 30 * HOUR)
    if target is not None:  # force the plan and delays so the state at `now` is the target
        plan = {"collected": "collect", "expired": "noshow", "cancelled": "cancel"}.get(target, "collect")
        pick_start = placed + (HOUR if target == "placed" else HOUR // 2)
        if target == "picking":
            ready = now + HOUR + int(rand() * 5 * HOUR)
        elif target in ("ready", "collected", "expired"):
            ready = placed + 3 * HOUR + int(rand() * 17 * HOUR)
        if target == "ready":
            collect = now + DAY
        elif target == "collected":
            collect = ready + HOUR + int(rand() * 2 * DAY)
        cancel = placed + HOUR + int(rand() * 11 * HOUR)
    if plan == "cancel" and cancel <= now:
        return "cancelled", (ready if ready <= cancel else -1), -1, cancel
    if now < pick_start:
        return "placed", -1, -1, -1
    if now < ready:
        return "picking", -1, -1, -1
    if plan == "collect" and collect <= now:
        return "collected", ready, collect, -1
    expires = ready + PICKUP_HOLD_DAYS * DAY
    if expires <= now:
        return "expired", ready, -1, expires
    return "ready", ready, -1, -1
