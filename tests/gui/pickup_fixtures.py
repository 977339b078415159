"""Shared set-up for the pickup, return and flag screens: a real central service, terminals of
S001 enrolled and synced, and pickup orders placed straight into the central database."""

from __future__ import annotations

import asyncio
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa

from sync.server.db import write_tx
from sync.server.versions import upsert_rows

from clienteling.config import load_config
from clienteling.security.credentials import MemoryCredentialStore
from clienteling.terminal import Terminal
from clienteling.services.sessions import Session
from clienteling.ui.context import ScreenContext
from clienteling.ui.messages import MessageBridge
from clienteling.ui.ops import Ops
from tests.helpers.central import seeded_db_url, start_central

STORE = "S001"
SHOTS = Path("/tmp/issue4/shots")


@pytest.fixture(scope="module")
def central(tmp_path_factory):
    """A central service on loopback with the tiny seeded data (one per test module)."""
    server = start_central(seeded_db_url("sqlite", tmp_path_factory.mktemp("central")))
    yield server
    server.stop()


def shot(widget, name: str) -> None:
    """Save a screenshot for review when /tmp/issue4 exists (the issue's review folder)."""
    if SHOTS.parent.is_dir():
        SHOTS.mkdir(exist_ok=True)
        widget.grab().save(str(SHOTS / name))


def iso(when: datetime) -> str:
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


async def until(predicate, timeout_s: float = 15.0) -> None:
    """Poll (letting the loop run) until ``predicate()`` holds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.02)


async def refreshing_until(widget, predicate, timeout_s: float = 20.0) -> None:
    """Like :func:`until`, asking ``widget`` to re-read its data every 0.3 s (as new rows arrive)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError("condition not met in time")
        widget.refresh()
        await asyncio.sleep(0.3)


async def synced_terminal(central, path, name: str = "terminal") -> Terminal:
    config = load_config(files=[], env={}, cli={"data_dir": str(path / name)})
    terminal = await Terminal.enroll(config, MemoryCredentialStore(), central.url, central.enroll_code(STORE))
    await terminal.replicator.sync_once()
    return terminal


def context(terminal: Terminal, associate_id: str | None, *, online: bool | None = True,
            receipts_dir: str | None = None, receipt_printer: str = "", role: str = "associate") -> ScreenContext:
    """A screen context with ``associate_id`` signed in as ``role``."""
    messages = MessageBridge()
    ctx = ScreenContext(ops=Ops(messages), messages=messages, db=terminal.worker.run, perform=terminal.perform,
                        services=terminal, store_id=terminal.device.store_id,
                        store_name=terminal.device.store_name, is_online=lambda: online,
                        receipts_dir=receipts_dir, receipt_printer=receipt_printer)
    ctx.sign(Session(associate_id, associate_id, role) if associate_id else None)
    return ctx


def assert_plain_text(widget, data: str) -> None:
    """Every label of ``widget`` showing ``data`` (a name typed by someone) shows it as plain text,
    never as markup."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel
    labels = [label for label in widget.findChildren(QLabel) if data and data in label.text()]
    assert labels, f"no label shows {data!r}"
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in labels), \
        [label.text() for label in labels if label.textFormat() != Qt.TextFormat.PlainText]


def printed_receipts(monkeypatch) -> list[tuple[str, str]]:
    """(html, printer) of every receipt sent to a printer (this terminal has none installed)."""
    sent: list[tuple[str, str]] = []
    from clienteling.ui import receipts
    monkeypatch.setattr(receipts, "print_html", lambda html, printer: sent.append((html, printer)))
    return sent


def replicating(terminal: Terminal):
    """The app's replication loop (pull + push on demand) for the duration of the block."""
    return terminal.replicator.running()


def place_pickup(central, *, status: str = "placed", qty: tuple[int, ...] = (2, 1), store: str = STORE,
                 placed_hours_ago: float = 0.5) -> dict:
    """A BOPIS order for ``store`` in the central database (as the web shop would place it)."""
    now = datetime.now(timezone.utc)
    with write_tx(central.engine()) as conn:
        region = conn.execute(sa.text("SELECT region FROM stores WHERE id = :s"), {"s": store}).scalar_one()
        customer = conn.execute(sa.text(
            "SELECT id, first_name, last_name FROM customers WHERE scope = :sc ORDER BY id LIMIT 1"),
            {"sc": f"region:{region}"}).mappings().one()
        products = conn.execute(sa.text(
            "SELECT id, name, price_cents FROM products WHERE final_sale = :f ORDER BY id LIMIT :n"),
            {"f": False, "n": len(qty)}).mappings().all()
        order_id = str(uuid.uuid4())
        number = "T" + order_id[:7].upper()
        code = order_id[-6:].upper()
        ready = status in ("ready", "collected")
        scope = f"region:{region}"
        lines = [{"id": str(uuid.uuid4()), "order_id": order_id, "sku": p["id"], "qty": n,
                  "price_cents": p["price_cents"], "returned_qty": 0, "picked_qty": n if ready else 0,
                  "collected_qty": 0}
                 for p, n in zip(products, qty)]
        upsert_rows(conn, "orders", scope, [{
            "id": order_id, "order_number": number, "customer_id": customer["id"], "channel": "online",
            "fulfilment": "pickup", "store_id": None, "pickup_store_id": store, "pickup_code": code,
            "status": status, "placed_at": iso(now - timedelta(hours=placed_hours_ago)),
            "ready_at": iso(now - timedelta(minutes=10)) if ready else None,
            "total_cents": sum(line["qty"] * line["price_cents"] for line in lines),
            "item_count": sum(qty)}])
        upsert_rows(conn, "order_lines", scope, lines)
    return {"id": order_id, "number": number, "code": code, "customer": customer, "lines": lines,
            "products": [dict(p) for p in products]}


def place_purchase(central, *, qty: tuple[int, ...] = (2, 1), days_ago: int = 3, store: str = STORE) -> dict:
    """A completed in-store purchase (it earned points) by a customer of ``store``'s region."""
    now = datetime.now(timezone.utc)
    with write_tx(central.engine()) as conn:
        region = conn.execute(sa.text("SELECT region FROM stores WHERE id = :s"), {"s": store}).scalar_one()
        customer = conn.execute(sa.text(
            "SELECT id, first_name, last_name, points FROM customers WHERE scope = :sc ORDER BY id LIMIT 1 OFFSET 1"),
            {"sc": f"region:{region}"}).mappings().one()
        products = conn.execute(sa.text(
            "SELECT id, name, price_cents FROM products WHERE final_sale = :f AND category NOT IN ('accessories', 'bags') "
            "ORDER BY price_cents DESC LIMIT :n"), {"f": False, "n": len(qty)}).mappings().all()
        order_id = str(uuid.uuid4())
        scope = f"region:{region}"
        lines = [{"id": str(uuid.uuid4()), "order_id": order_id, "sku": p["id"], "qty": n,
                  "price_cents": p["price_cents"], "returned_qty": 0, "picked_qty": 0}
                 for p, n in zip(products, qty)]
        upsert_rows(conn, "orders", scope, [{
            "id": order_id, "order_number": "R" + order_id[:7].upper(), "customer_id": customer["id"],
            "channel": "store", "fulfilment": "carry", "store_id": store, "status": "completed",
            "placed_at": iso(now - timedelta(days=days_ago)),
            "total_cents": sum(line["qty"] * line["price_cents"] for line in lines), "item_count": sum(qty)}])
        upsert_rows(conn, "order_lines", scope, lines)
    return {"id": order_id, "number": "R" + order_id[:7].upper(), "customer": dict(customer), "lines": lines,
            "products": [dict(p) for p in products]}


def server_order(central, order_id: str) -> tuple[dict, list[dict]]:
    with central.engine().connect() as conn:
        order = conn.execute(sa.text("SELECT * FROM orders WHERE id = :i"), {"i": order_id}).mappings().one()
        lines = conn.execute(sa.text("SELECT * FROM order_lines WHERE order_id = :i ORDER BY id"),
                             {"i": order_id}).mappings().all()
    return dict(order), [dict(x) for x in lines]
