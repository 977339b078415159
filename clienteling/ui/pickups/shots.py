"""Drive the pickups screen through its main states for ``clienteling screenshots``.

``place_orders`` puts a few pickup orders for the store into the demo central database (as the
web shop would, through ``sync.server.admin``), some of them backdated so the queue shows every
SLA state; ``collect_elsewhere`` records, in that database, another associate handing an order over
(the competing collection a second counter would make). ``capture`` brings the screen into each
state and calls ``save(name, widget)`` (``widget`` None: the window): the queue, an order being
picked with a short line, the handover dialog filled in, and that dialog once the central service
refused the handover because the order was already collected.
"""

from __future__ import annotations

import asyncio
import random
import uuid
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import timedelta
from typing import Any

from PySide6.QtWidgets import QWidget

from clienteling.ui.pickups.screen import TAB_ORDER, PickupsScreen

Save = Callable[[str, "QWidget | None"], None]
Replicating = Callable[[], AbstractAsyncContextManager[Any]]

# name -> (lines, minutes since placed, status); "short" is picked on screen, "handover" handed over.
ORDERS: dict[str, tuple[int, int, str]] = {
    "late": (2, 150, "picking"),      # overdue by half an hour, one line put aside
    "soon": (1, 100, "placed"),       # due in 20 minutes
    "short": (3, 45, "placed"),
    "new": (2, 2, "placed"),          # just arrived
    "handover": (2, 50, "ready"),
}


async def until(predicate: Callable[[], bool], timeout_s: float = 20.0, what: str = "the screen") -> None:
    """Poll ``predicate`` on the running loop until it holds; TimeoutError after ``timeout_s``."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while not predicate():
        if loop.time() > deadline:
            raise TimeoutError(f"{what} did not get there in time")
        await asyncio.sleep(0.05)


async def settle() -> None:
    await asyncio.sleep(0.25)  # let layouts repaint before grabbing


def place_orders(db_url: str, store_id: str) -> dict[str, str]:
    """The orders of :data:`ORDERS` for pickup at ``store_id``; returns name -> order id."""
    from sync.server import admin, clock
    from sync.server.db import open_engine, write_tx
    from sync.server.versions import upsert_rows

    engine = open_engine(db_url)
    placed: dict[str, str] = {}
    try:
        for index, (name, (lines, minutes, status)) in enumerate(ORDERS.items()):
            order = admin.place_order(engine, store_id, lines=lines, rng=random.Random(f"screenshots-{index}"))
            now = clock.now()
            change: dict[str, Any] = {"id": order["order_id"], "status": status,
                                      "placed_at": clock.iso(now - timedelta(minutes=minutes))}
            picked: list[dict[str, Any]] = []
            if status == "ready":
                change["ready_at"] = clock.iso(now - timedelta(minutes=20))
                picked = [{"id": line["line_id"], "picked_qty": line["qty"]} for line in order["lines"]]
            elif status == "picking":
                first = order["lines"][0]
                picked = [{"id": first["line_id"], "picked_qty": first["qty"]}]
            with write_tx(engine) as conn:
                scope = _scope_of(conn, order["order_id"])
                upsert_rows(conn, "orders", scope, [change])
                if picked:
                    upsert_rows(conn, "order_lines", scope, picked)
            placed[name] = order["order_id"]
    finally:
        engine.dispose()
    return placed


def _scope_of(conn: Any, order_id: str) -> str:
    from sqlalchemy import text

    return conn.execute(text("SELECT scope FROM orders WHERE id = :i"), {"i": order_id}).scalar_one()


def collect_elsewhere(db_url: str, order_id: str, minutes_ago: int = 4) -> str:
    """Record in the central database that another associate of the order's pickup store handed
    every picked unit over ``minutes_ago`` minutes ago (a handover row, the lines and the order
    collected), as the central service does when another counter's handover is accepted. Returns
    the associate's id."""
    from sqlalchemy import text

    from sync.server import clock
    from sync.server.db import open_engine, write_tx
    from sync.server.versions import upsert_rows

    engine = open_engine(db_url)
    try:
        with write_tx(engine) as conn:
            order = conn.execute(text("SELECT id, scope, customer_id, pickup_store_id FROM orders WHERE id = :i"),
                                 {"i": order_id}).mappings().one()
            store = order["pickup_store_id"]
            associate = conn.execute(text(
                "SELECT id FROM associates WHERE store_id = :s AND role != 'manager' ORDER BY id DESC LIMIT 1"),
                {"s": store}).scalar_one()
            lines = conn.execute(text("SELECT id, qty, picked_qty FROM order_lines WHERE order_id = :i ORDER BY id"),
                                 {"i": order_id}).mappings().all()
            when = clock.iso(clock.now() - timedelta(minutes=minutes_ago))
            taken = [{"line_id": line["id"], "qty": line["picked_qty"] if line["picked_qty"] is not None
                      else line["qty"]} for line in lines]
            scope = order["scope"]
            upsert_rows(conn, "handovers", scope, [{
                "id": str(uuid.uuid4()), "order_id": order_id, "customer_id": order["customer_id"],
                "store_id": store, "associate_id": associate, "collected_at": when, "method": "pickup_code",
                "collector_name": None, "lines": [t for t in taken if t["qty"]], "details": {"code_checked": True}}])
            upsert_rows(conn, "order_lines", scope, [{"id": t["line_id"], "collected_qty": t["qty"]} for t in taken])
            upsert_rows(conn, "orders", scope, [{"id": order_id, "status": "collected", "collected_at": when,
                                                 "collected_by_associate_id": associate,
                                                 "collected_at_store_id": store}])
    finally:
        engine.dispose()
    return associate


def _fit(dialog: QWidget, window_width: int) -> None:
    """Size the dialog as a terminal's screen would: Qt caps a new dialog at 2/3 of the screen,
    and the offscreen screen is only 800 px wide, which would cut the item names."""
    hint = dialog.sizeHint()
    dialog.resize(max(dialog.width(), min(hint.width(), window_width * 2 // 3)), max(dialog.height(), hint.height()))


async def _open(screen: PickupsScreen, order_id: str) -> None:
    screen.show_order(order_id)
    await until(lambda: screen.detail.order is not None and screen.detail.order.id == order_id
                and screen.model.row_of(order_id) >= 0)
    await settle()


async def capture(screen: PickupsScreen, orders: dict[str, str], save: Save,
                  collect_elsewhere: Callable[[str], Any], replicating: Replicating) -> None:
    """``orders`` from :func:`place_orders` (already in the terminal's cache). Shots:
    ``pickups-queue`` (To pick, the overdue order open), ``pickup-detail`` (a short pick being
    entered), ``handover`` (the dialog filled in) and ``handover-refused`` (after
    ``collect_elsewhere(order_id)`` put a competing collection in the central database and the
    push, run inside ``replicating()``, came back refused)."""
    await _open(screen, orders["late"])  # its tab (To pick) comes along
    await until(lambda: screen.tabs.currentIndex() == TAB_ORDER.index("todo")
                and all(screen.model.row_of(orders[n]) >= 0 for n in ("late", "soon", "short", "new")))
    await settle()
    save("pickups-queue", None)

    await _open(screen, orders["short"])
    detail = screen.detail
    lines = detail.order.lines
    for line in lines:
        detail.editor.spins[line.id].setValue(line.qty)
    short = lines[1]
    detail.editor.spins[short.id].setValue(0)
    reasons = detail.editor.reasons[short.id]
    reasons.setCurrentIndex(reasons.findData("not_found"))
    await settle()
    save("pickup-detail", None)

    handover = orders["handover"]
    await _open(screen, handover)
    await until(lambda: screen.tabs.currentIndex() == TAB_ORDER.index("ready") and detail.hand_over.isEnabled())
    code = detail.order.pickup_code or ""
    detail.hand_over.click()
    await until(lambda: screen.handover_dialog is not None and screen.handover_dialog.isVisible())
    dialog = screen.handover_dialog
    dialog.code.setText(code)
    _fit(dialog, screen.window().width())
    await settle()
    save("handover", dialog)

    # Another counter hands the order over first; this terminal has not heard of it yet.
    collect_elsewhere(handover)
    states: list[str] = []
    dialog.outcome_shown.connect(states.append)
    dialog.confirm.click()
    await until(lambda: dialog.result_value is not None or dialog.error.isVisible(), what="the handover")
    if dialog.result_value is None:
        raise RuntimeError(f"the handover was refused at the counter: {dialog.error.text()}")
    async with replicating():
        await until(lambda: bool(states), timeout_s=30, what="the central service's verdict")
    if states != ["rejected"]:
        raise RuntimeError(f"the central service did not refuse the competing handover ({states})")
    await settle()
    save("handover-refused", dialog)
    dialog.accept()
    await settle()
