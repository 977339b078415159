"""The Customer 360 "For them" tab against a real central service, a real synced cache and the
real RecommendationService: the suggestions with their reasons and availability, a hold and a
follow-up from a suggestion (sent to the central service), and the empty, offline and unavailable states."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt

from clienteling.services.recommendations import RecommendationService
from clienteling.ui.profile import CustomerProfileScreen
from clienteling.ui.profile.fmt import money
from tests.gui.test_profile_screen import central, context, synced_terminal, until  # noqa: F401


def _customers(terminal) -> list[tuple[str, bool]]:
    """Every customer in the cache, and whether they have ordered anything or state preferences."""
    with terminal.cache.read() as conn:
        return [(r[0], bool(r[1])) for r in conn.exec_driver_sql(
            "SELECT c.id, EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id) "
            "OR coalesce(c.preferences, '{}') NOT IN ('{}', '') FROM customers c ORDER BY c.id")]


def _associate(terminal) -> str:
    """An active associate of this store (holds and tasks record who made them)."""
    with terminal.cache.read() as conn:
        return conn.exec_driver_sql("SELECT id FROM associates WHERE store_id = 'S001' ORDER BY id").scalar()


async def with_service(central, tmp_path):
    terminal = await synced_terminal(central, tmp_path)
    terminal.recommendations = RecommendationService(terminal.cache, terminal.clock)
    return terminal


async def pick(terminal, want) -> tuple[str, list]:
    """The first customer (by id) whose suggestions satisfy ``want``, and those suggestions."""
    def scan():
        for customer_id, active in _customers(terminal):
            if active:
                items = terminal.recommendations.for_customer(customer_id)
                if want(items):
                    return customer_id, items
        raise AssertionError("no customer in the tiny demo data fits")
    return await terminal.worker.run(scan)


async def open_for_them(qtbot, terminal, customer_id, associate_id=None, online=None) -> CustomerProfileScreen:
    ctx = context(terminal, associate_id)
    ctx.is_online = lambda: online
    screen = CustomerProfileScreen(ctx)
    qtbot.addWidget(screen)
    screen.resize(1280, 860)
    screen.show()
    ranked: list[int] = []
    screen.recommendations_loaded.connect(lambda: ranked.append(1))
    screen.show_customer(customer_id)
    await until(lambda: bool(ranked))
    screen.tabs.setCurrentWidget(screen.for_them)
    return screen


async def reranked(screen: CustomerProfileScreen) -> None:
    ranked: list[int] = []
    screen.recommendations_loaded.connect(lambda: ranked.append(1))
    await until(lambda: bool(ranked))


@pytest.mark.asyncio
async def test_suggestions_show_reasons_price_and_where_to_get_them(qtbot, tmp_path, central):
    terminal = await with_service(central, tmp_path)
    try:
        customer_id, items = await pick(terminal, lambda r: any(x.available_here for x in r)
                                        and any(x.nearest for x in r))
        screen = await open_for_them(qtbot, terminal, customer_id, online=True)
        first_name = screen.profile.customer.first_name
        assert screen.tabs.tabText(screen.tabs.currentIndex()) == "For them"
        assert screen.for_them.title.text() == f"Suggestions for {first_name}"
        assert screen.for_them.as_of.text().startswith("Stock and catalogue as of ")
        assert screen.for_them.offline.isHidden()
        assert [c.reco.sku for c in screen.for_them.cards] == [r.sku for r in items]
        for card, reco in zip(screen.for_them.cards, items):
            assert card.name.text() == reco.name
            assert card.price.text() == money(reco.price_cents)
            assert card.reason.text() == reco.reasons[0]
            if reco.size and reco.size != "One Size":
                assert f"size {reco.size}" in card.variant.text()
            if reco.available_here:
                assert card.stock.text() == f"{reco.available_here} in stock here"
                assert card.hold.isEnabled()
            else:
                assert reco.nearest is not None
                assert card.stock.text().startswith(f"Not here · {reco.nearest.qty} at {reco.nearest.store_name} (")
                assert card.stock.text().endswith("km)") or card.stock.text().endswith(" m)")
                assert not card.hold.isEnabled()
        with_more = [c for c in screen.for_them.cards if c.more.isVisibleTo(c)]
        assert all(c.more.text() for c in with_more)

        requested: list[str] = []
        screen.product_requested.connect(requested.append)
        qtbot.mouseClick(screen.for_them.cards[0].see_stock, Qt.MouseButton.LeftButton)
        assert requested == [items[0].sku]
    finally:
        await terminal.aclose()


@pytest.mark.asyncio
async def test_hold_from_a_suggestion_puts_one_aside_and_reaches_the_central_service(qtbot, tmp_path, central):
    terminal = await with_service(central, tmp_path)
    try:
        customer_id, items = await pick(terminal, lambda r: any(x.available_here for x in r))
        associate = await terminal.worker.run(_associate, terminal)
        screen = await open_for_them(qtbot, terminal, customer_id, associate_id=associate)
        card = next(c for c in screen.for_them.cards if c.reco.available_here)
        sku, before = card.reco.sku, card.reco.available_here
        said: list = []
        screen.ctx.messages.listen(said.append)
        qtbot.mouseClick(card.hold, Qt.MouseButton.LeftButton)
        await reranked(screen)

        assert [m.text for m in said if m.level == "info"] == [f"{card.reco.name} ({card.reco.size}) put on hold"]
        holds = await terminal.worker.run(lambda: terminal.inventory.holds(customer_id=customer_id))
        assert [(h.sku, h.qty, h.pending) for h in holds] == [(sku, 1, True)]
        after = {c.reco.sku: c.reco.available_here for c in screen.for_them.cards}
        assert after.get(sku, 0) in (before - 1, 0)  # one fewer here (or gone from the list)

        await terminal.replicator.sync_once()
        with central.engine().connect() as conn:
            rows = conn.execute(sa.text("SELECT sku, qty, location_id, associate_id FROM holds "
                                        "WHERE customer_id = :c AND status = 'active'"),
                                {"c": customer_id}).mappings().all()
        assert [dict(r) for r in rows] == [{"sku": sku, "qty": 1, "location_id": "S001", "associate_id": associate}]
    finally:
        await terminal.aclose()


@pytest.mark.asyncio
async def test_follow_up_from_a_suggestion_names_the_product(qtbot, tmp_path, central):
    terminal = await with_service(central, tmp_path)
    try:
        customer_id, items = await pick(terminal, lambda r: len(r) >= 2)
        screen = await open_for_them(qtbot, terminal, customer_id, await terminal.worker.run(_associate, terminal))
        card = screen.for_them.cards[1]
        qtbot.mouseClick(card.follow_up, Qt.MouseButton.LeftButton)
        await until(lambda: screen.profile is not None and any(card.reco.name in t.title for t in screen.profile.tasks))

        tasks = await terminal.worker.run(terminal.tasks.of_customer, customer_id)
        made = [t for t in tasks if card.reco.name in t.title]
        assert len(made) == 1
        task = made[0]
        assert task.kind == "follow_up" and task.status == "open" and task.pending
        assert task.title.startswith(f"Suggest the {card.reco.name}")
        if card.reco.colour:
            assert card.reco.colour in task.title
        assert task.due_on == (date.today() + timedelta(days=2)).isoformat()
        assert any(card.reco.name in (screen.notes.tasks.data(screen.notes.tasks.index(row, col)) or "")
                   for row in range(screen.notes.tasks.rowCount()) for col in range(screen.notes.tasks.columnCount()))
    finally:
        await terminal.aclose()


@pytest.mark.asyncio
async def test_empty_offline_and_unavailable_states(qtbot, tmp_path, central):
    terminal = await with_service(central, tmp_path)
    try:
        # a customer who just signed up at the counter: no purchases, no sizes: best sellers that
        # need no size; with no best sellers either, nothing to suggest
        fields = {"first_name": "Nina", "last_name": "Neu", "email": "nina.neu@example.com", "phone": "+1 415 555 0199"}
        quiet = (await terminal.worker.run(terminal.signup.create, fields, "A0002")).id
        cold = await terminal.worker.run(terminal.recommendations.for_customer, quiet)
        assert cold and all(r.reasons[0] == "One of our best sellers" and len(r.reasons) == 2 for r in cold)
        assert {r.size for r in cold} <= {"One Size", None}
        terminal.recommendations = RecommendationService(terminal.cache, best_sellers=0)
        assert await terminal.worker.run(terminal.recommendations.for_customer, quiet) == []
        screen = await open_for_them(qtbot, terminal, quiet, online=False)
        assert screen.for_them.list.currentWidget() is screen.for_them.list.empty
        assert screen.for_them.list.empty.text().startswith("No suggestions right now")
        assert not screen.for_them.cards
        assert screen.for_them.offline.isVisible()
        assert "last sync" in screen.for_them.offline.text()

        # offline with suggestions: the list still shows, under the notice
        customer_id, items = await pick(terminal, bool)
        screen.show_customer(customer_id)
        await reranked(screen)
        assert screen.tabs.currentWidget() is screen.overview  # another customer opens on the Overview
        screen.tabs.setCurrentWidget(screen.for_them)
        assert len(screen.for_them.cards) == len(items)
        assert screen.for_them.offline.isVisible()

        # opening another customer drops these suggestions at once: a tap must never hold them for the wrong person
        screen.show_customer(quiet)
        assert not screen.for_them.cards and screen.for_them.list.empty.text() == "Finding suggestions…"
        await reranked(screen)

        # no recommendation service on this terminal: a plain explanation, nothing else
        terminal.recommendations = None
        screen.refresh()
        await reranked(screen)
        assert not screen.for_them.cards
        assert screen.for_them.list.empty.text() == "Suggestions are not available on this terminal right now."
        assert screen.for_them.offline.isHidden()
    finally:
        await terminal.aclose()
