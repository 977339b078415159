"""Rows of the order history (ledger, orders, order lines, handovers, returns) formatted from the compact arrays."""

from __future__ import annotations

from bisect import bisect_right

from sync.policy import POINTS_PER_CENTS

from .codes import Clock, Permutation, pickup_code
from .orders import EARN, KINDS, LEDGER_KINDS, REDEEM, WELCOME, History


def order_number(k: int, fulfilment: str) -> str:
    """"R1000001" for an in-store sale, "W1000001" for a web/app order; unique across both."""
    return ("R" if fulfilment == "carry" else "W") + str(1_000_001 + k)


def order_id(k: int) -> str:
    return f"O-{k + 1:08d}"


def ledger_rows(h: History, clock: Clock, cust_ids: list[str], cust_scope: list[str], loc_ids: list[str]):
    ts = clock.ts
    kinds = LEDGER_KINDS
    o_kind = h.o_kind
    for n, (c, t, kind, pts, k, store) in enumerate(
            zip(h.g_cust, h.g_time, h.g_kind, h.g_points, h.g_order, h.g_store), 1):
        if k >= 0:
            num = order_number(k, KINDS[o_kind[k]][1])
            desc = (f"Points earned on order {num}" if kind == EARN else
                    f"Reward redeemed on order {num}" if kind == REDEEM else f"Return on order {num}")
            oid = order_id(k)
        else:
            oid = None
            desc = "Welcome bonus" if kind == WELCOME else "Goodwill adjustment"
        yield (cust_scope[c], f"L-{n:08d}", cust_ids[c], ts(t), kinds[kind], pts, oid, loc_ids[store], desc)


def order_rows(h: History, clock: Clock, cust_ids: list[str], cust_scope: list[str], loc_ids: list[str],
               assoc_ids: list[str], code_perm: Permutation):
    ts = clock.ts
    for k, (c, kind, store, pick, placed, ready, collected, closed, total, items, assoc) in enumerate(zip(
            h.o_cust, h.o_kind, h.o_store, h.o_pick, h.o_placed, h.o_ready, h.o_collected, h.o_closed,
            h.o_total, h.o_items, h.o_assoc)):
        channel, ful, status = KINDS[kind]
        pickup = pick >= 0
        yield (cust_scope[c], order_id(k), order_number(k, ful),
               cust_ids[c], channel, ful, loc_ids[store], loc_ids[pick] if pickup else None,
               pickup_code(k, code_perm) if pickup else None, status, ts(placed),
               ts(ready) if ready >= 0 else None, ts(collected) if collected >= 0 else None,
               ts(closed) if closed >= 0 else None, total, items,
               assoc_ids[assoc] if assoc >= 0 else None, loc_ids[pick] if collected >= 0 else None)


def line_rows(h: History, cust_scope: list[str], sku_ids: list[str]):
    start = 0
    l_sku, l_qty, l_price, l_ret, l_pick = h.l_sku, h.l_qty, h.l_price, h.l_ret, h.l_pick
    for k, (c, kind, end) in enumerate(zip(h.o_cust, h.o_kind, h.o_end)):
        oid = order_id(k)
        scope = cust_scope[c]
        _, ful, status = KINDS[kind]
        # collected_qty: pickups only (handed over whole in the history); null for other orders.
        collected = (status == "collected") if ful == "pickup" else None
        for j in range(start, end):
            yield (scope, f"{oid}-{j - start + 1}", oid, sku_ids[l_sku[j]], l_qty[j], l_price[j], l_ret[j],
                   l_pick[j], None, None if collected is None else (l_pick[j] if collected else 0))
        start = end


def handover_rows(h: History, clock: Clock, cust_ids: list[str], cust_scope: list[str], loc_ids: list[str],
                  assoc_ids: list[str]):
    """One handover per collected pickup order: every picked unit, verified by pickup code."""
    start = 0
    l_pick = h.l_pick
    for k, (c, kind, pick, collected, assoc, end) in enumerate(zip(
            h.o_cust, h.o_kind, h.o_pick, h.o_collected, h.o_assoc, h.o_end)):
        _, ful, status = KINDS[kind]
        if ful == "pickup" and status == "collected":
            oid = order_id(k)
            lines = [{"line_id": f"{oid}-{j - start + 1}", "qty": l_pick[j]} for j in range(start, end) if l_pick[j]]
            yield (cust_scope[c], f"HO-{k + 1:08d}", oid, cust_ids[c], loc_ids[pick],
                   assoc_ids[assoc] if assoc >= 0 else None, clock.ts(collected), "pickup_code", None, lines,
                   {"code_checked": True})
        start = end


# Historical returns: weighted reason codes; conditions and dispositions follow from the reason.
_REASONS = ["wrong_size"] * 35 + ["changed_mind"] * 30 + ["not_as_described"] * 12 + ["defective"] * 10 + \
           ["late_delivery"] * 5 + ["other"] * 8


def _mix(n: int) -> int:
    """A stable pseudo-random number for return ``n`` (no RNG draw, so other streams are unchanged)."""
    return (n * 2654435761 + 97) % 4294967291


def return_id(n: int) -> str:
    return f"RH-{n + 1:08d}"


def _return_facts(h: History, n: int) -> tuple[int, int, int]:
    """(order k, line index within the order from 0, global line index) of historical return ``n``."""
    line = h.r_line[n]
    k = bisect_right(h.o_end, line)
    return k, line - (h.o_end[k - 1] if k else 0), line


def return_rows(h: History, clock: Clock, cust_ids: list[str], cust_scope: list[str], loc_ids: list[str],
                assoc_ids: list[str], store_staff: list[list[int]]):
    """One accepted, receipted return per returned line, at the time and place its points were reversed."""
    for n, (when, store) in enumerate(zip(h.r_time, h.r_store)):
        k, _, line = _return_facts(h, n)
        c = h.o_cust[k]
        staff = store_staff[store]
        qty, price = h.l_ret[line], h.l_price[line]
        yield (cust_scope[c], return_id(n), order_id(k), cust_ids[c], loc_ids[store],
               assoc_ids[staff[_mix(n) % len(staff)]] if staff else None, clock.ts(when), True,
               "original_tender", qty * price, qty * price // POINTS_PER_CENTS, None, "accepted")


def return_line_rows(h: History, cust_scope: list[str], sku_ids: list[str]):
    """The single line of each historical return, with a plausible reason, condition and disposition."""
    for n in range(len(h.r_line)):
        k, j, line = _return_facts(h, n)
        x = _mix(n)
        reason = _REASONS[x % len(_REASONS)]
        if reason == "late_delivery" and KINDS[h.o_kind[k]][1] != "ship":
            reason = "changed_mind"
        if reason == "defective":
            condition, disposition = ("damaged", "vendor") if x % 3 else ("opened", "vendor")
        else:
            condition = "new" if (x >> 8) % 4 else "opened"
            disposition = "restock"
        qty = h.l_ret[line]
        yield (cust_scope[h.o_cust[k]], f"{return_id(n)}-1", return_id(n), f"{order_id(k)}-{j + 1}",
               sku_ids[h.l_sku[line]], qty, qty * h.l_price[line], reason, condition, disposition)
