"""BOPIS pickups at this store: the queue, picking, ready, cancel and the handover (in part or in full)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Sequence

from sync import protocol as p
from sync.policy import pickup_aging

from clienteling.cache import Cache, effects, order_reads, outbox, pickup_reads, repos
from clienteling.domain.models import Order, Verification, WriteResult
from clienteling.domain.pickups import (Handover, HandoverReceipt, PickupSummary, ReceiptLine, StoreHeader,
                                        mask_loyalty, receipt_number)
from clienteling.domain.rules import DomainError, check_pickup
from clienteling.services.clock import Clock, iso, utc_now

OPEN_STATES = ("placed", "picking", "ready")


class PickupService:
    """Pickup orders of this store; every write is a local change plus its outbox entry."""

    def __init__(self, cache: Cache, clock: Clock = utc_now) -> None:
        self.cache = cache
        self.clock = clock

    # ----- reads --------------------------------------------------------------------------------

    def _summaries(self, conn, rows) -> list[PickupSummary]:  # type: ignore[no-untyped-def]
        rules = order_reads.policy(conn).pickups
        now = iso(self.clock())
        lines = order_reads.lines_of_orders(conn, [o.id for o, _ in rows])
        out = []
        for order, name in rows:
            aging = pickup_aging(rules, {"status": order.status, "placed_at": order.placed_at,
                                         "ready_at": order.ready_at}, now)
            out.append(PickupSummary(replace(order, lines=tuple(lines[order.id])), name, aging,
                                     is_new=order.status == "placed"))
        return out

    def queue(self, states: Sequence[str] = OPEN_STATES, limit: int = 500) -> list[PickupSummary]:
        """This store's pickup orders in ``states``, newest first, with their lines and SLA."""
        with self.cache.read() as conn:
            rows = pickup_reads.queue(conn, pickup_reads.store_id(conn), tuple(states), limit)
            return self._summaries(conn, rows)

    def counts(self) -> dict[str, int]:
        """Orders per status at this store, plus ``overdue`` (open orders past their SLA)."""
        with self.cache.read() as conn:
            store = pickup_reads.store_id(conn)
            out = {s: 0 for s in (*OPEN_STATES, "collected", "cancelled", "expired")}
            rules = order_reads.policy(conn).pickups
            now = self.clock()
            out.update(pickup_reads.counts(conn, store, iso(now - timedelta(hours=rules.ready_within_hours)),
                                           iso(now - timedelta(days=rules.collect_within_days))))
            return out

    def arrivals(self, after_version: int | None) -> tuple[list[PickupSummary], int]:
        """New ``placed`` orders of this store since the watermark ``after_version`` (None: just the
        watermark), and the new watermark."""
        with self.cache.read() as conn:
            store = pickup_reads.store_id(conn)
            top = pickup_reads.max_version(conn, store)
            if after_version is None:
                return [], top
            rows = pickup_reads.queue(conn, store, ("placed",), 200, after_version=after_version)
            return self._summaries(conn, rows), max(top, after_version)

    def find(self, text: str) -> list[Order]:
        """Orders by number, pickup code, scanned payload or customer (name / loyalty number), this
        store's pickups first (pickup codes are short: another store may have issued the same one)."""
        code = _scan_payload(text)
        if not code:
            return []
        with self.cache.read() as conn:
            store = pickup_reads.store_id(conn)
            orders = repos.find_orders(conn, code=code)
            if not orders:
                for customer_id in _customers_matching(conn, code, store):
                    orders += [o for o in repos.find_orders(conn, customer_id=customer_id)
                               if o.fulfilment == "pickup"]
        return sorted(orders, key=lambda o: o.pickup_store_id != store)

    def get(self, order_id: str) -> Order | None:
        """The order with its lines (product facts, pending handed-over and returned units)."""
        with self.cache.read() as conn:
            return repos.get_order(conn, order_id)

    def ready(self, limit: int = 200) -> list[Order]:
        """Pickup orders ready at this store."""
        with self.cache.read() as conn:
            return repos.find_orders(conn, pickup_store_id=pickup_reads.store_id(conn), status="ready", limit=limit)

    def handovers(self, order_id: str) -> list[Handover]:
        """Handovers of the order so far, oldest first (pending: not confirmed yet)."""
        with self.cache.read() as conn:
            return pickup_reads.handovers(conn, order_id)

    # ----- writes -------------------------------------------------------------------------------

    def _open_here(self, conn, order_id: str, doing: str) -> Order:  # type: ignore[no-untyped-def]
        order = repos.get_order(conn, order_id)
        if order is None:
            raise DomainError("not_found", "This order is not in this terminal's cache.")
        if order.fulfilment not in (None, "pickup"):
            raise DomainError("not_collectable", "This order is not a pickup order.")
        store = pickup_reads.store_id(conn)
        if store and order.pickup_store_id and order.pickup_store_id != store:
            raise DomainError("not_collectable", "This order is to be collected at another store.")
        if order.status not in OPEN_STATES:
            raise DomainError("not_collectable", f"This order is {order.status}: it cannot be {doing} any more.")
        return order

    def pick(self, order_id: str, picks: list[tuple[str, int, str | None]],
             associate_id: str | None) -> WriteResult[Order]:
        """Record picked units per line ``(line_id, picked_qty, short_reason)``; short needs a reason."""
        with self.cache.write() as conn:
            order = self._open_here(conn, order_id, "picked")
            if order.status == "ready":
                raise DomainError("not_collectable", "This order is ready already: it cannot be picked again.")
            lines = {ln.id: ln for ln in order.lines}
            args_lines = []
            for line_id, qty, reason in picks:
                line = lines.get(line_id)
                if line is None:
                    raise DomainError("invalid_arguments", "That line is not part of this order.")
                if not 0 <= qty <= line.qty:
                    raise DomainError("invalid_arguments",
                                      f"Pick between 0 and {line.qty} of {line.product_name or line.sku}.")
                item = {"line_id": line_id, "picked_qty": int(qty)}
                if qty < line.qty:
                    if reason not in p.SHORT_REASONS:
                        raise DomainError("short_reason",
                                          f"Say why {line.product_name or line.sku} is short "
                                          f"({qty} of {line.qty} picked).")
                    item["short_reason"] = reason
                args_lines.append(item)
            if not args_lines:
                raise DomainError("invalid_arguments", "Pick at least one line.")
            entry = effects.record(conn, p.PICKUP_PICK, {"order_id": order_id, "lines": args_lines},
                                   associate_id, iso(self.clock()))
            return WriteResult(repos.get_order(conn, order_id), entry.id)  # type: ignore[arg-type]

    def mark_ready(self, order_id: str, associate_id: str | None) -> WriteResult[Order]:
        """placed | picking -> ready once every line is picked in full or short with a reason."""
        with self.cache.write() as conn:
            order = self._open_here(conn, order_id, "made ready")
            if order.status == "ready":
                raise DomainError("not_collectable", "This order is ready already.")
            unpicked = [ln for ln in order.lines if ln.picked_qty < ln.qty and not ln.short_reason]
            if unpicked:
                raise DomainError("not_picked", f"{len(unpicked)} line(s) are not picked yet: pick them, "
                                                "or record why they are short.")
            if order.lines and sum(ln.picked_qty for ln in order.lines) <= 0:
                raise DomainError("not_picked", "Nothing was picked: cancel the order instead.")
            entry = effects.record(conn, p.PICKUP_READY, {"order_id": order_id}, associate_id, iso(self.clock()))
            return WriteResult(repos.get_order(conn, order_id), entry.id)  # type: ignore[arg-type]

    def cancel(self, order_id: str, reason: str, associate_id: str | None) -> WriteResult[Order]:
        """Cancel an open order nothing of which was handed over."""
        reason = (reason or "").strip()
        if not reason:
            raise DomainError("invalid_arguments", "Say why the order is cancelled.")
        with self.cache.write() as conn:
            order = self._open_here(conn, order_id, "cancelled")
            if any(ln.collected_now for ln in order.lines):
                raise DomainError("not_collectable", "Items of this order were handed over already: "
                                                     "take them back as a return instead.")
            entry = effects.record(conn, p.PICKUP_CANCEL, {"order_id": order_id, "reason": reason[:200]},
                                   associate_id, iso(self.clock()))
            return WriteResult(repos.get_order(conn, order_id), entry.id)  # type: ignore[arg-type]

    def collect(self, order_id: str, verification: Verification, associate_id: str | None,
                lines: list[tuple[str, int]] | None = None, collector_name: str | None = None) -> WriteResult[Handover]:
        """Hand over ``lines`` ``(line_id, units)`` (None: every picked unit not yet handed over)."""
        with self.cache.write() as conn:
            order = repos.get_order(conn, order_id)
            if order is None:
                raise DomainError("not_found", "This order is not in this terminal's cache.")
            check_pickup(order, verification, pickup_reads.store_id(conn))
            remaining = {ln.id: ln.picked_qty - ln.collected_now for ln in order.lines}
            if lines is None:
                chosen = [(line_id, n) for line_id, n in remaining.items() if n > 0]
            else:
                chosen = [(line_id, int(n)) for line_id, n in lines if int(n) > 0]
                for line_id, n in chosen:
                    if line_id not in remaining:
                        raise DomainError("invalid_arguments", "That line is not part of this order.")
                    if n > remaining[line_id]:
                        raise DomainError("already_collected",
                                          f"Only {max(0, remaining[line_id])} unit(s) of that line are left to hand over.")
                if not chosen:
                    raise DomainError("invalid_arguments", "Choose at least one item to hand over.")
            if order.lines and not chosen:
                raise DomainError("already_collected", "Every picked item of this order was handed over already.")
            handover_id = outbox.new_id()
            args: dict = {"handover_id": handover_id, "order_id": order_id, "verification": verification.as_args()}
            if chosen:
                args["lines"] = [{"line_id": line_id, "qty": n} for line_id, n in chosen]
            name = (collector_name or "").strip()
            if name:
                args["collector_name"] = name[:120]
            entry = effects.record(conn, p.PICKUP_COLLECT, args, associate_id, iso(self.clock()))
            return WriteResult(pickup_reads.handover(conn, handover_id), entry.id)  # type: ignore[arg-type]

    def receipt(self, handover_id: str) -> HandoverReceipt:
        """What the handover receipt prints."""
        with self.cache.read() as conn:
            h = pickup_reads.handover(conn, handover_id)
            if h is None:
                raise DomainError("not_found", "This handover is not in this terminal's cache.")
            order = repos.get_order(conn, h.order_id)
            by_id = {ln.id: ln for ln in (order.lines if order else ())}
            printed = []
            for line_id, qty in h.lines:
                ln = by_id.get(line_id)
                unit = ln.price_cents if ln else 0
                printed.append(ReceiptLine(name=(ln.product_name or ln.sku or line_id) if ln else line_id,
                                           sku=ln.sku if ln else None, colour=ln.colour if ln else None,
                                           size=ln.size if ln else None, qty=qty, unit_cents=unit,
                                           amount_cents=unit * qty))
            name, loyalty = pickup_reads.customer_card(conn, h.customer_id or (order.customer_id if order else None))
            return HandoverReceipt(
                store=StoreHeader(*pickup_reads.store_header(conn, h.store_id or pickup_reads.store_id(conn))),
                order_number=order.order_number if order else None, customer_name=name,
                loyalty_number=mask_loyalty(loyalty), lines=tuple(printed), verification=h.method or "",
                id_type=h.details.get("id_type"), collector_name=h.collector_name,
                associate_name=h.associate_name, time=h.collected_at, receipt_number=receipt_number(h.id),
                pending=h.pending)


def _scan_payload(text: str) -> str:
    """The order number or pickup code in what was typed or scanned (a QR payload may be a URL or
    ``key=value`` text: its last path segment / value)."""
    value = (text or "").strip()
    for sep in ("=", "/", ":"):
        if sep in value:
            value = value.rstrip(sep).rsplit(sep, 1)[-1]
    return value.strip()


def _customers_matching(conn, text: str, store: str | None) -> list[str]:  # type: ignore[no-untyped-def]
    """Customers by loyalty number, or by name among this store's open pickups (a short list)."""
    ids = [r[0] for r in conn.exec_driver_sql("SELECT id FROM customers WHERE loyalty_number = ?", (text,))]
    if ids or len(text) < 2:
        return ids
    words = text.lower().split()
    where = " AND ".join("(lower(coalesce(c.first_name, '')) LIKE ? OR lower(coalesce(c.last_name, '')) LIKE ?)"
                         for _ in words)
    params = [x for w in words for x in (w + "%", w + "%")]
    return [r[0] for r in conn.exec_driver_sql(
        "SELECT DISTINCT c.id FROM orders o JOIN customers c ON c.id = o.customer_id "
        f"WHERE o.pickup_store_id = ? AND o.status IN ('placed', 'picking', 'ready') AND {where} LIMIT 20",
        (store, *params))]

