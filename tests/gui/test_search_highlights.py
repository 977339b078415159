"""Search results explain why they matched; a card scan opens the customer; the central
service is asked for other regions when nothing matches here (and not when offline)."""

from __future__ import annotations

import asyncio

import pytest

from clienteling.cache.search import SearchHit
from clienteling.ui.customers.results_model import CustomerResultsModel, marked_up
from clienteling.ui.customers.search_panel import CustomerSearchPanel
from clienteling.ui.messages import MessageBridge
from clienteling.ui.ops import Ops


def hit(id_: str, first: str, last: str, matched_on: str = "name", text: str = "", spans=(), **kw) -> SearchHit:
    return SearchHit(id_, first, last, kw.pop("loyalty", "4677325666"), "gold", "S1", "Heights",
                     "2026-11-20T10:00:00Z", "x@example.com", "+1 (650) 555-0134", matched_on,  # type: ignore[arg-type]
                     match_text=text, match_spans=tuple(spans), **kw)


JOHN = hit("C1", "John", "Smith", "name", "John Smith", [(0, 4), (5, 8)], loyalty="1111111111")
PHONE = hit("C2", "Ann", "Lee", "phone", "+1 (650) 555-0134", [(13, 17)])
FAR = hit("C9", "Odile", "Far", "name", "Odile Far", [(0, 3)], other_region=True, loyalty="9876543210")
CARD = hit("C3", "Zoë", "Card", "loyalty", "4677325666", [(0, 10)])


async def until(predicate, timeout_s: float = 5.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout_s
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.02)


def test_model_highlights_the_matched_part(qtmodeltester):
    model = CustomerResultsModel()
    model.set_hits([JOHN, PHONE, FAR])
    qtmodeltester.check(model, force_py=True)
    assert model.data(model.index(0, 0), model.HIGHLIGHT_ROLE) == "<b>John</b> <b>Smi</b>th"
    assert model.data(model.index(1, 4)) == "phone +1 (650) 555-0134"
    assert "<b>0134</b>" in model.data(model.index(1, 4), model.HIGHLIGHT_ROLE)
    assert "other region" in model.data(model.index(2, 4))
    assert model.data(model.index(2, 0), model.OTHER_REGION_ROLE) is True
    assert model.data(model.index(9, 0), model.HIGHLIGHT_ROLE) is None
    assert marked_up("a<b", [(0, 1)]) == "<b>a</b>&lt;b"
    assert marked_up("abc", [(2, 9)]) == "abc"  # a span past the end is ignored, never raised


class FakeRemote:
    def __init__(self, hits, fail: bool = False) -> None:
        self.hits, self.fail = hits, fail
        self.searched: list[str] = []
        self.opened: list[str] = []

    async def search(self, q):
        self.searched.append(q)
        await asyncio.sleep(0)
        if self.fail:
            raise RuntimeError("central down")
        return self.hits

    async def open(self, customer_id):
        self.opened.append(customer_id)
        return object()


def make_panel(qtbot, local, remote=None, online=True) -> CustomerSearchPanel:
    async def search(text):
        await asyncio.sleep(0)
        return [h for h in local if text.lower() in (h.match_text or "").lower() or text == h.loyalty_number]

    panel = CustomerSearchPanel(search, Ops(MessageBridge()), remote=remote, is_online=lambda: online)
    qtbot.addWidget(panel)
    panel.resize(900, 400)
    panel.show()
    return panel


@pytest.mark.asyncio
async def test_a_loyalty_card_with_one_hit_opens_the_customer(qtbot):
    panel = make_panel(qtbot, [JOHN, CARD])
    opened: list[str] = []
    panel.customer_activated.connect(opened.append)
    panel.search_for("4677325666")
    await until(lambda: opened)
    assert opened == ["C3"]
    panel.search_for("john")  # a name never opens by itself
    await until(lambda: panel.model.rowCount() == 1)
    await asyncio.sleep(0.1)
    assert opened == ["C3"]


@pytest.mark.asyncio
async def test_nothing_here_asks_other_regions_and_opening_caches_first(qtbot):
    remote = FakeRemote([FAR])
    panel = make_panel(qtbot, [JOHN], remote)
    opened: list[str] = []
    panel.customer_activated.connect(opened.append)
    qtbot.keyClicks(panel.box, "odile")
    await until(lambda: panel.model.rowCount() == 1)
    assert remote.searched == ["odile"]
    assert panel.notice.isVisible() and "region" in panel.notice.text()
    assert "other region" in panel.model.data(panel.model.index(0, 4))
    qtbot.keyClick(panel.box, "\r")
    await until(lambda: opened)
    assert remote.opened == ["C9"] and opened == ["C9"]

    panel.search_for("jo")  # local hits: central is not asked
    await until(lambda: panel.model.rowCount() == 1)
    assert remote.searched == ["odile"]


@pytest.mark.asyncio
async def test_offline_says_other_regions_cannot_be_searched(qtbot):
    remote = FakeRemote([FAR])
    panel = make_panel(qtbot, [], remote, online=False)
    shown: list[int] = []
    panel.results_shown.connect(shown.append)
    panel.search_for("odile")
    await until(lambda: shown)
    assert remote.searched == []
    assert "offline" in panel.empty.text() and "odile" in panel.empty.text()


@pytest.mark.asyncio
async def test_central_failure_is_an_empty_state_not_an_error(qtbot):
    panel = make_panel(qtbot, [], FakeRemote([], fail=True))
    shown: list[int] = []
    panel.results_shown.connect(shown.append)
    panel.search_for("odile")
    await until(lambda: shown)
    assert "did not answer" in panel.empty.text()


@pytest.mark.asyncio
async def test_highlighted_results_render(qtbot, themed_app, tmp_path):
    panel = make_panel(qtbot, [JOHN, PHONE, FAR])
    panel.model.set_hits([JOHN, PHONE, FAR])
    panel.stack.setCurrentWidget(panel.table)
    await asyncio.sleep(0.05)
    image = panel.grab().toImage()
    assert not image.isNull() and image.width() >= 900
    assert panel.grab().save(str(tmp_path / "search-highlights.png"))
