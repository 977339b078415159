"""Drive the returns screen through its steps for ``clienteling screenshots``.

``place_purchase`` puts an in-store purchase into the demo central database (through
``sync.server`` functions): lines that can come back and lines that cannot (the window of an
accessory ended, a line already returned, a final-sale item when the catalogue has one).
``capture`` brings the screen into each state and calls ``save(name, widget)`` (``widget`` None:
the window): the purchase found, the lines with the live preview, the summary of the submitted
return once the central service accepted it, and a receipt-less return over the customer's limit
with the manager's PIN dialog open.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from clienteling.ui.pickups.shots import settle, until
from clienteling.ui.returns.screen import ReturnsScreen

Save = Callable[[str, "QWidget | None"], None]
Replicating = Callable[[], AbstractAsyncContextManager[Any]]

DAYS_AGO = 20
"""The purchase's age: inside the default window (30 days), past the accessories' (14)."""


def place_purchase(db_url: str, store_id: str) -> dict[str, Any]:
    """A completed purchase at ``store_id`` ``DAYS_AGO`` days ago by a customer of the store, and a
    second customer and an item for a receipt-less return. Returns ``{"order_id", "order_number",
    "customer_id", "lookup", "receiptless": {"customer_id", "name", "sku"}}``."""
    from sqlalchemy import text

    from sync.server import clock
    from sync.server.db import open_engine, write_tx
    from sync.server.versions import upsert_rows

    engine = open_engine(db_url)
    try:
        with write_tx(engine) as conn:
            def customer(offset: int):
                return conn.execute(text(
                    "SELECT id, scope, first_name, last_name, loyalty_number FROM customers "
                    "WHERE home_store_id = :s ORDER BY id LIMIT 1 OFFSET :o"), {"s": store_id, "o": offset}
                ).mappings().one()

            def products(where: str, n: int) -> list:  # one size of each of the dearest styles
                return list(conn.execute(text(
                    f"SELECT id, price_cents FROM products p WHERE active AND {where} AND id = "
                    "(SELECT min(q.id) FROM products q WHERE q.style_id = p.style_id AND q.active) "
                    "ORDER BY price_cents DESC, id LIMIT :n"), {"n": n}).mappings())

            buyer, other = customer(3), customer(4)
            regular = products("NOT final_sale AND category NOT IN ('accessories', 'bags')", 3)
            accessory = products("NOT final_sale AND category IN ('accessories', 'bags')", 1)
            final = products("final_sale", 1)
            # (product, qty, returned): two lines that can come back, then the ones that cannot
            wanted = [(regular[0], 2, 0), (regular[1], 1, 0), *((p, 1, 0) for p in accessory),
                      *((p, 1, 0) for p in final), (regular[2], 1, 1)]
            order_id = str(uuid.uuid4())
            last = conn.execute(text("SELECT max(order_number) FROM orders WHERE order_number LIKE 'R%'")).scalar()
            number = f"R{int(last[1:]) + 1 if last and last[1:].isdigit() else 1_000_001}"
            scope = buyer["scope"]
            lines = [{"id": f"{order_id}-{i}", "order_id": order_id, "sku": p["id"], "qty": qty,
                      "price_cents": p["price_cents"], "returned_qty": returned, "picked_qty": 0}
                     for i, (p, qty, returned) in enumerate(wanted, 1)]
            upsert_rows(conn, "orders", scope, [{
                "id": order_id, "order_number": number, "customer_id": buyer["id"], "channel": "store",
                "fulfilment": "carry", "store_id": store_id, "status": "completed",
                "placed_at": clock.iso(clock.now() - timedelta(days=DAYS_AGO)),
                "total_cents": sum(line["qty"] * line["price_cents"] for line in lines),
                "item_count": sum(line["qty"] for line in lines)}])
            upsert_rows(conn, "order_lines", scope, lines)
    finally:
        engine.dispose()
    return {"order_id": order_id, "order_number": number, "customer_id": buyer["id"],
            "lookup": buyer["loyalty_number"] or f"{buyer['first_name']} {buyer['last_name']}",
            "receiptless": {"customer_id": other["id"], "name": f"{other['first_name']} {other['last_name']}",
                            "sku": regular[0]["id"]}}


async def _previewed(screen: ReturnsScreen, change: Callable[[], None]) -> None:
    """Make ``change`` to the lines and wait for the preview of the result."""
    step = screen.lines_step
    shown: list[int] = []
    step.preview_shown.connect(lambda: shown.append(1))
    change()
    await until(lambda: bool(shown) and not step._preview_timer.isActive() and step.preview is not None,
                what="the return preview")


async def capture(screen: ReturnsScreen, purchase: dict[str, Any], save: Save, replicating: Replicating) -> None:
    """``purchase`` from :func:`place_purchase` (already in the terminal's cache). Shots:
    ``return-find``, ``return-lines``, ``return-summary`` (submitted inside ``replicating()``,
    accepted) and ``return-approval`` (``widget``: the PIN dialog over the receipt-less return)."""
    screen.reset()
    find = screen.find_step
    found: list[int] = []
    find.results_shown.connect(found.append)
    find.box.setText(purchase["lookup"])
    await until(lambda: bool(found) and find.orders.rowCount() > 0)
    row = next((i for i in range(find.orders.rowCount()) if find.orders.row_at(i).id == purchase["order_id"]), None)
    if row is None:  # the customer lookup missed it: the order number always finds it
        found.clear()
        find.find(purchase["order_number"])
        await until(lambda: bool(found) and find.orders.rowCount() == 1)
        row = 0
    find.orders_table.selectRow(row)
    await settle()
    save("return-find", None)

    steps: list[str] = []
    screen.step_changed.connect(steps.append)
    step = screen.lines_step
    await _previewed(screen, find.open_order.click)
    await until(lambda: steps[-1:] == ["lines"] and step.quote is not None
                and step.quote.order is not None and step.quote.order.id == purchase["order_id"])
    first = next(i for i, rl in enumerate(step.quote.lines) if rl.verdict.returnable_qty > 1)

    def choose() -> None:
        step.qty[first].setValue(1)
        step.reasons[first].setCurrentIndex(max(0, step.reasons[first].findData("wrong_size")))

    await _previewed(screen, choose)
    await until(lambda: step.submit.isEnabled(), what="the return's submit button")
    await settle()
    save("return-lines", None)

    states: list[str] = []
    screen.outcome_shown.connect(states.append)
    async with replicating():
        step.submit.click()
        await until(lambda: bool(states), timeout_s=30, what="the central service's verdict")
    if states != ["applied"]:
        raise RuntimeError(f"the return was not accepted ({states}): {screen.summary_step.status.text()}")
    await settle()
    save("return-summary", None)

    await _receiptless(screen, purchase["receiptless"], save)


async def _receiptless(screen: ReturnsScreen, who: dict[str, Any], save: Save) -> None:
    screen.reset()
    find = screen.find_step
    find.no_receipt.click()
    find.customer_box.setText(who["name"])

    def match() -> int | None:
        return next((i for i in range(find.customers.count())
                     if find.customers.item(i).data(Qt.ItemDataRole.UserRole)[0] == who["customer_id"]), None)

    await until(lambda: match() is not None, what="the customer search")
    find.customers.setCurrentRow(match())
    find.add_item(who["sku"])
    await until(lambda: find.items.count() == 1, what="the item")
    step = screen.lines_step
    await _previewed(screen, find.continue_receiptless.click)
    await until(lambda: step.quote is not None and step.quote.order is None and bool(step.qty))
    spin = step.qty[0]
    while not (step.preview and step.preview.needs_approval):
        if spin.value() >= spin.box.maximum():
            raise RuntimeError("a receipt-less return never reached the limit that needs a manager")
        await _previewed(screen, lambda: spin.setValue(spin.value() + 1))
    await settle()
    step.approve.click()
    await until(lambda: screen.pin_dialog is not None and screen.pin_dialog.manager.count() >= 1,
                what="the manager PIN dialog")
    dialog = screen.pin_dialog
    dialog.pin.setText("2468")
    await settle()
    save("return-approval", dialog)
    dialog.reject()
    await settle()
