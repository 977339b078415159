"""Returns at the counter: find what was bought, quote what can come back, preview and record.

The central service decides (sync.policy rules, server-side prices); this service applies the same
rules offline so the associate sees the verdict before submitting, and caps what this terminal
refunds before the central service has confirmed it.
"""

from __future__ import annotations

from sync import protocol as p
from sync.policy import (LineVerdict, ReceiptlessAllowance, condition_problem, line_verdict, points_for,
                         receiptless_allowance)

from clienteling.cache import Cache, effects, order_reads, outbox, pickup_reads, repos, return_reads
from clienteling.cache.search import search_customers
from clienteling.domain.models import Approval, Order, OrderLine, WriteResult
from clienteling.domain.pickups import ReceiptLine, StoreHeader, mask_loyalty, receipt_number
from clienteling.domain.returns import (ReturnableLine, ReturnDraft, ReturnPreview, ReturnQuote, ReturnReceipt,
                                        ReturnRecord)
from clienteling.domain.rules import DomainError
from clienteling.services.clock import Clock, iso, utc_now


NEED_RECEIPTLESS_LIMIT = "receiptless_limit"
NEED_OFFLINE_CAP = "offline_cap"


def _money(cents: int) -> str:
    return f"${cents / 100:,.2f}"


class ReturnService:
    """Returns taken at this store, with or without a receipt."""

    def __init__(self, cache: Cache, clock: Clock = utc_now, offline_return_cap_cents: int = 20_000) -> None:
        self.cache = cache
        self.clock = clock
        self.offline_return_cap_cents = offline_return_cap_cents

    # ----- finding what was bought ---------------------------------------------------------------

    def find_orders(self, text: str) -> list[Order]:
        """Orders by number (typed or the receipt's barcode) or by customer (loyalty number or name),
        newest first, any channel."""
        text = (text or "").strip()
        if not text:
            return []
        with self.cache.read() as conn:
            orders = repos.find_orders(conn, code=text)
            if not orders:
                for hit in search_customers(conn, text, limit=5):
                    orders += repos.find_orders(conn, customer_id=hit.id)
        return sorted(orders, key=lambda o: o.placed_at or "", reverse=True)

    def orders_of(self, customer_id: str) -> list[Order]:
        """The customer's orders with their lines, newest first."""
        with self.cache.read() as conn:
            return repos.orders_with_lines(conn, customer_id)

    # ----- what can come back --------------------------------------------------------------------

    def _returnable(self, conn, order: Order, line: OrderLine, now: str) -> ReturnableLine:  # type: ignore[no-untyped-def]
        rules = order_reads.policy(conn).returns
        verdict = line_verdict(
            rules, order={"status": order.status, "fulfilment": order.fulfilment, "placed_at": order.placed_at,
                          "collected_at": order.collected_at},
            line={"qty": line.qty, "returned_qty": line.returned_qty, "collected_qty": line.collected_qty},
            category=line.category, final_sale=line.final_sale, now=now, pending_qty=line.pending_returned)
        earned = bool(order.customer_id) and order.status in order_reads.EARNING_STATUSES
        return ReturnableLine(line, line.product_name, verdict, line.price_cents,
                              points_for(line.price_cents) if earned else 0)

    def quote(self, order_id: str) -> ReturnQuote:
        """Every line of the order with what can come back now and why not."""
        now = iso(self.clock())
        with self.cache.read() as conn:
            order = repos.get_order(conn, order_id)
            if order is None:
                raise DomainError("not_found", "This order is not in this terminal's cache.")
            customer = repos.get_customer(conn, order.customer_id) if order.customer_id else None
            lines = tuple(self._returnable(conn, order, ln, now) for ln in order.lines)
        return ReturnQuote(order, customer, lines, None, p.REFUND_METHODS)

    def receiptless_quote(self, customer_id: str, skus: list[str]) -> ReturnQuote:
        """SKUs (or barcodes) brought back without a receipt: the refund per unit (lowest recent
        price) and the customer's receipt-less allowance. Lines have ``line.id`` None."""
        with self.cache.read() as conn:
            return _receiptless(conn, customer_id, skus, iso(self.clock()))

    # ----- preview and submit --------------------------------------------------------------------

    def _offline_cap_left(self, conn) -> int:  # type: ignore[no-untyped-def]
        used = return_reads.unconfirmed_refunds(conn, pickup_reads.store_id(conn))
        return max(0, self.offline_return_cap_cents - used)

    def _preview(self, conn, draft: ReturnDraft, online: bool | None) -> ReturnPreview:  # type: ignore[no-untyped-def]
        now = iso(self.clock())
        rules = order_reads.policy(conn).returns
        problems: list[str] = []
        needs: list[str] = []
        codes: list[str] = []
        refund = points = 0
        if not draft.lines:
            problems.append("Choose at least one item to take back.")
        if draft.refund_method not in p.REFUND_METHODS:
            problems.append("Choose how the refund is given.")
        if draft.order_id:
            order = repos.get_order(conn, draft.order_id)
            if order is None:
                raise DomainError("not_found", "This order is not in this terminal's cache.")
            quoted = {ln.id: self._returnable(conn, order, ln, now) for ln in order.lines}
            earned = bool(order.customer_id) and order.status in order_reads.EARNING_STATUSES
            wanted: dict[str, int] = {}
            for d in draft.lines:
                wanted[d.line_id or ""] = wanted.get(d.line_id or "", 0) + d.qty
            for d in draft.lines:
                q = quoted.get(d.line_id or "")
                if q is None:
                    problems.append(f"{d.sku} is not a line of this order.")
                    continue
                name = q.product_name or d.sku
                if d.qty <= 0:
                    problems.append(f"{name}: choose how many units come back.")
                elif wanted[d.line_id or ""] > q.verdict.returnable_qty:
                    problems.append(f"{name}: {q.verdict.returnable_qty} unit(s) can be returned"
                                    + (f" ({q.verdict.message})." if q.verdict.message else "."))
                self._condition(rules, d, name, problems)
                amount = d.qty * q.line.price_cents
                refund += amount
                points += points_for(amount) if earned else 0
        else:
            if not draft.customer_id:
                problems.append("A return without a receipt needs the customer: look them up first.")
            quote = None
            if draft.customer_id:
                try:
                    quote = _receiptless(conn, draft.customer_id, [d.sku for d in draft.lines], now)
                except DomainError as exc:
                    problems.append(exc.message)
            by_sku = {q.line.sku: q for q in quote.lines} if quote else {}
            for d in draft.lines:
                q = by_sku.get(d.sku)
                name = (q.product_name if q else None) or d.sku
                if q is not None and q.verdict.returnable_qty <= 0:
                    problems.append(f"{name}: {q.verdict.message}.")
                if d.qty <= 0:
                    problems.append(f"{name}: choose how many units come back.")
                self._condition(rules, d, name, problems)
                refund += d.qty * (q.unit_refund_cents if q else 0)
            if draft.refund_method not in rules.receiptless_refund_methods:
                problems.append("Without a receipt the refund is given as "
                                + " or ".join(m.replace("_", " ") for m in rules.receiptless_refund_methods) + ".")
            if quote is not None and quote.allowance is not None and not quote.allowance.allows(refund):
                needs.append(_allowance_words(quote.allowance, refund))
                codes.append(NEED_RECEIPTLESS_LIMIT)
        cap_left = None
        if online is not True:
            cap_left = self._offline_cap_left(conn)
            if refund > cap_left:
                needs.append(f"This terminal can refund {_money(cap_left)} more before the central service "
                             f"confirms its returns; this return refunds {_money(refund)}.")
                codes.append(NEED_OFFLINE_CAP)
        return ReturnPreview(refund, points, tuple(problems), tuple(needs), cap_left, tuple(codes))

    @staticmethod
    def _condition(rules, d, name: str, problems: list[str]) -> None:  # type: ignore[no-untyped-def]
        if d.disposition not in p.RETURN_DISPOSITIONS:
            problems.append(f"{name}: choose what happens to the item.")
        problem = condition_problem(rules, d.condition, d.reason)
        if problem is not None:
            problems.append(f"{name}: {problem[1]}.")

    def preview(self, draft: ReturnDraft, online: bool | None) -> ReturnPreview:
        """Refund, points reversed, blocking problems and what needs a manager (``online`` False or
        None: this terminal's offline cap applies)."""
        with self.cache.read() as conn:
            return self._preview(conn, draft, online)

    def submit(self, draft: ReturnDraft, associate_id: str | None, online: bool | None,
               approval: Approval | None = None) -> WriteResult[ReturnRecord]:
        """Record the return and queue ``return.create``; DomainError on a problem, or
        ``manager_required`` when a manager must approve and ``approval`` is None."""
        with self.cache.write() as conn:
            preview = self._preview(conn, draft, online)
            if preview.problems:
                raise DomainError("not_returnable", " ".join(preview.problems))
            if preview.needs_approval and approval is None:
                raise DomainError("manager_required", " ".join(preview.needs_approval))
            if preview.needs_approval and not approval.covers(preview.refund_cents,  # type: ignore[union-attr]
                                                              preview.approval_codes):
                raise DomainError("manager_required", "The manager approved a different return (a smaller refund "
                                  "or other limits); ask for their approval again. "
                                  + " ".join(preview.needs_approval))
            return_id = outbox.new_id()
            lines = []
            for d in draft.lines:
                item = {"return_line_id": outbox.new_id(), "sku": d.sku, "qty": int(d.qty), "reason": d.reason,
                        "condition": d.condition, "disposition": d.disposition}
                if draft.order_id:
                    item["line_id"] = d.line_id
                lines.append(item)
            args: dict = {"return_id": return_id, "lines": lines, "refund_method": draft.refund_method,
                          "counter_refund_cents": preview.refund_cents}
            if draft.order_id:
                args["order_id"] = draft.order_id
            if draft.customer_id:
                args["customer_id"] = draft.customer_id
            if approval is not None:
                args["override"] = {"manager_id": approval.manager_id, "reason": approval.reason}
            entry = effects.record(conn, p.RETURN_CREATE, args, associate_id, iso(self.clock()))
            return WriteResult(return_reads.get(conn, return_id), entry.id)  # type: ignore[arg-type]

    # ----- recorded returns ----------------------------------------------------------------------

    def get(self, return_id: str) -> ReturnRecord | None:
        with self.cache.read() as conn:
            return return_reads.get(conn, return_id)

    def returns_of(self, customer_id: str) -> list[ReturnRecord]:
        """The customer's returns, newest first."""
        with self.cache.read() as conn:
            return return_reads.of_customer(conn, customer_id)

    def receipt(self, return_id: str) -> ReturnReceipt:
        """What the return receipt prints."""
        with self.cache.read() as conn:
            r = return_reads.get(conn, return_id)
            if r is None:
                raise DomainError("not_found", "This return is not in this terminal's cache.")
            order = repos.get_order(conn, r.order_id) if r.order_id else None
            by_id = {ln.id: ln for ln in (order.lines if order else ())}
            printed = []
            for rl in r.lines:
                ln = by_id.get(rl.order_line_id or "")
                variant = conn.exec_driver_sql("SELECT colour, size FROM products WHERE id = ?", (rl.sku,)).first()
                printed.append(ReceiptLine(
                    name=rl.product_name or rl.sku or "", sku=rl.sku, colour=variant[0] if variant else None,
                    size=variant[1] if variant else None, qty=rl.qty,
                    unit_cents=ln.price_cents if ln else (rl.refund_cents // rl.qty if rl.qty else 0),
                    amount_cents=rl.refund_cents, reason=rl.reason, condition=rl.condition))
            name, loyalty = pickup_reads.customer_card(conn, r.customer_id)
            return ReturnReceipt(
                store=StoreHeader(*pickup_reads.store_header(conn, r.store_id or pickup_reads.store_id(conn))),
                order_number=order.order_number if order else None, customer_name=name,
                loyalty_number=mask_loyalty(loyalty), lines=tuple(printed), refund_method=r.refund_method,
                refund_cents=r.refund_cents, points_reversed=r.points_reversed,
                approved_by=pickup_reads.associate_name(conn, r.approved_by) or r.approved_by,
                associate_name=pickup_reads.associate_name(conn, r.associate_id), time=r.created_at,
                receipt_number=receipt_number(r.id), pending=r.pending)


def _allowance_words(allowance: ReceiptlessAllowance, refund: int) -> str:
    return (f"Over the receipt-less limit: the customer has {allowance.returns_left} receipt-less return(s) and "
            f"{_money(allowance.cents_left)} left in {allowance.period_days} days; this return refunds "
            f"{_money(refund)}.")


def _receiptless(conn, customer_id: str, skus: list[str], now: str) -> ReturnQuote:  # type: ignore[no-untyped-def]
    customer = repos.get_customer(conn, customer_id)
    if customer is None:
        raise DomainError("not_found", "This customer is not in this terminal's cache.")
    rules = order_reads.policy(conn).returns
    allowance = receiptless_allowance(rules, return_reads.receiptless_history(conn, customer_id), now)
    lines = []
    for sku in dict.fromkeys(s.strip() for s in skus if s and s.strip()):
        product = conn.exec_driver_sql(
            "SELECT id, name, category, final_sale, colour, size FROM products WHERE id = ? OR barcode = ? "
            "ORDER BY id = ? DESC LIMIT 1", (sku, sku, sku)).first()
        if product is None:
            raise DomainError("not_found", f"No product with SKU or barcode {sku} in the catalogue.")
        unit = order_reads.receiptless_unit_cents(conn, product[0], rules.receiptless_price_days, now) or 0
        line = OrderLine(id=None, order_id=None, sku=product[0], qty=1, price_cents=unit,  # type: ignore[arg-type]
                         returned_qty=0, picked_qty=0, product_name=product[1], category=product[2],
                         final_sale=bool(product[3]), colour=product[4], size=product[5])
        verdict = LineVerdict(0, "final_sale", "final sale: not returnable") if product[3] else LineVerdict(1000)
        lines.append(ReturnableLine(line, product[1], verdict, unit, 0))
    return ReturnQuote(None, customer, tuple(lines), allowance, tuple(rules.receiptless_refund_methods))
