"""The search panel and main window with an in-memory search function (unit-level GUI tests)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import pytest
from pytestqt.modeltest import ModelTester

from clienteling.ui.customers.results_model import CustomerResultsModel
from clienteling.ui.customers.search_panel import CustomerSearchPanel
from clienteling.ui.main_window import MainWindow
from clienteling.ui.messages import MessageBridge
from clienteling.ui.ops import Ops


@dataclass
class Hit:
    id: str
    first_name: str
    last_name: str
    loyalty_number: str = "1234567890"
    tier: str = "gold"
    home_store_id: str = "S001"
    home_store_name: str = "Downtown"
    last_visit_at: str | None = "2026-11-20T10:00:00Z"
    email: str = "x@example.com"
    phone: str = "+1 415 555 0100"
    matched_on: str = "name"


PEOPLE = [Hit("C1", "Zoë", "Martin"), Hit("C2", "José", "Martínez", tier="member"), Hit("C3", "Ann", "Lee")]


async def fake_search(text: str):
    await asyncio.sleep(0)
    return [h for h in PEOPLE if text.lower() in f"{h.first_name} {h.last_name}".lower()]


def test_results_model_passes_model_tester(qtmodeltester: ModelTester):
    model = CustomerResultsModel()
    model.set_hits(PEOPLE)
    qtmodeltester.check(model, force_py=True)
    assert model.data(model.index(0, 0)) == "Zoë Martin"
    assert model.data(model.index(5, 0)) is None  # out of range never raises


@pytest.mark.asyncio
async def test_typing_shows_results_and_empty_state(qtbot):
    panel = CustomerSearchPanel(fake_search, Ops(MessageBridge()))
    qtbot.addWidget(panel)
    panel.show()
    shown: list[int] = []
    panel.results_shown.connect(shown.append)

    qtbot.keyClicks(panel.box, "mart")
    for _ in range(100):
        if shown:
            break
        await asyncio.sleep(0.02)
    assert shown[-1] == 2
    assert panel.stack.currentWidget() is panel.table
    assert {panel.model.hit(r).id for r in range(panel.model.rowCount())} == {"C1", "C2"}

    panel.box.setText("nobody")
    for _ in range(100):
        if shown[-1] == 0:
            break
        await asyncio.sleep(0.02)
    assert panel.stack.currentWidget() is panel.empty
    assert "nobody" in panel.empty.text()


@pytest.mark.asyncio
async def test_enter_activates_first_result_and_card_shows_it(qtbot):
    window = MainWindow(fake_search, Ops(MessageBridge()), MessageBridge(), store_name="Downtown")
    qtbot.addWidget(window)
    window.show()
    activated: list[str] = []
    window.search.customer_activated.connect(activated.append)
    window.search.box.setText("ann")
    for _ in range(100):
        if window.search.model.rowCount():
            break
        await asyncio.sleep(0.02)
    qtbot.keyClick(window.search.box, "\r")
    assert activated == ["C3"]
    assert window.card.title.text() == "Ann Lee"
