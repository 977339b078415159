"""Loyalty sign-up dialog against a real encrypted cache: validation, duplicate warning with
"Open", offline creation with a pending loyalty number, and the server's refusal shown."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest

from clienteling.cache import outbox
from clienteling.services.signup import SignupService
from clienteling.ui.context import ScreenContext
from clienteling.ui.customers.create_dialog import CreateCustomerDialog
from clienteling.ui.messages import MessageBridge
from clienteling.ui.ops import Ops
from tests.gui.test_search_highlights import until
from tests.unit.test_cache_engine import REGION, load, make_cache, row


@pytest.fixture
def cache(tmp_path):
    cache = make_cache(tmp_path)
    load(cache, "stores", "catalog", row("stores", "S1", name="Heights"))
    load(cache, "customers", REGION,
         row("customers", "C1", first_name="Jane", last_name="Doe", email="jane.doe@example.com",
             phone="+1 (415) 555-0100", loyalty_number="4677325666", home_store_id="S1"),
         row("customers", "C2", first_name="Bob", last_name="Stone", email="bob@example.org",
             phone=None, loyalty_number="8033408181", home_store_id="S1"))
    yield cache
    cache.close()


def make_dialog(qtbot, cache, online=False, prefill="") -> tuple[CreateCustomerDialog, list]:
    performed: list = []

    async def db(fn, *args):
        await asyncio.sleep(0)
        return fn(*args)

    async def perform(fn, *args):
        performed.append(fn.__name__)
        return await db(fn, *args)

    messages = MessageBridge()
    ctx = ScreenContext(ops=Ops(messages), messages=messages, db=db, perform=perform,
                        services=SimpleNamespace(signup=SignupService(cache)), store_id="S1",
                        store_name="Heights", associate_id="A1", is_online=lambda: online)
    dialog = CreateCustomerDialog(ctx, prefill=prefill)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog, performed


def fill(qtbot, dialog, **values) -> None:
    for key, value in values.items():
        dialog.inputs[key].clear()
        qtbot.keyClicks(dialog.inputs[key], value)


@pytest.mark.asyncio
async def test_invalid_fields_are_shown_and_nothing_is_saved(qtbot, cache):
    dialog, performed = make_dialog(qtbot, cache)
    fill(qtbot, dialog, first_name="Ann", last_name="Lee", email="ann@", phone="12")
    dialog.save_button.click()
    await until(lambda: dialog.errors["email"].isVisible() and dialog.errors["phone"].isVisible())
    assert "7 to 15 digits" in dialog.errors["phone"].text()
    assert performed == [] and dialog.customer_id is None


@pytest.mark.asyncio
async def test_duplicates_are_listed_before_saving_and_can_be_opened(qtbot, cache, themed_app, tmp_path):
    dialog, performed = make_dialog(qtbot, cache)
    opened: list[str] = []
    dialog.open_existing.connect(opened.append)
    fill(qtbot, dialog, first_name="Jayne", last_name="Doe", email="jd@example.net", phone="415 555 0100")
    await until(lambda: dialog.duplicate_box.isVisible())
    assert [c.customer_id for c in dialog.duplicates] == ["C1"]
    assert dialog.duplicates[0].reasons == ("phone", "name")
    await asyncio.sleep(0.05)
    assert dialog.grab().save(str(tmp_path / "create-customer-duplicate.png"))

    dialog.save_button.click()  # first click: the associate is asked to confirm
    await until(lambda: dialog.save_button.text() == "Create anyway")
    assert performed == []
    open_button = [b for b in dialog.duplicate_box.findChildren(type(dialog.save_button)) if b.text() == "Open"][0]
    open_button.click()
    assert opened == ["C1"] and not dialog.isVisible()


@pytest.mark.asyncio
async def test_offline_create_shows_a_pending_loyalty_number(qtbot, cache):
    dialog, performed = make_dialog(qtbot, cache, online=False, prefill="nina neu")
    assert dialog.inputs["first_name"].text() == "Nina" and dialog.inputs["last_name"].text() == "Neu"
    fill(qtbot, dialog, email="nina@example.com")
    created: list[str] = []
    dialog.created.connect(created.append)
    dialog.save_button.click()
    await until(lambda: dialog.customer_id is not None)
    assert performed == ["create"]
    assert "pending" in dialog.status.text() and "back online" in dialog.status.text()
    with cache.read() as conn:
        (entry,) = outbox.pending(conn)
        assert entry.args["customer_id"] == dialog.customer_id and entry.args["email"] == "nina@example.com"
    dialog.open_button.click()
    assert created == [entry.args["customer_id"]]


@pytest.mark.asyncio
async def test_the_servers_verdict_is_shown(qtbot, cache):
    dialog, _ = make_dialog(qtbot, cache, online=True)
    fill(qtbot, dialog, first_name="Nina", last_name="Neu", email="nina@example.com")
    dialog.save_button.click()
    await until(lambda: dialog.customer_id is not None)
    assert "waiting for the central service" in dialog.status.text()
    customer_id = dialog.customer_id
    with cache.write() as conn:  # what replication does with a "duplicate" result
        (entry,) = outbox.pending(conn)
        outbox.mark_done(conn, entry.seq, "rejected", "duplicate",
                         "a customer with this email already exists (loyalty card 8033408181)", "2026-11-22T10:00:00Z")
        conn.exec_driver_sql("DELETE FROM customers WHERE id = ?", (customer_id,))
    await until(lambda: "refused" in dialog.status.text())
    assert "8033408181" in dialog.status.text()
    assert dialog.status.property("state") == "rejected"
    assert dialog.save_button.isVisible() and not dialog.inputs["email"].isReadOnly()
