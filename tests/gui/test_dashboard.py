"""The manager dashboard against a real central service and a real synced cache: locked until a
manager's PIN, figures equal to the KPI service's for each period, charts and leaderboard filled,
CSV export of every table, offline freshness, and locked again by ``lock()``."""

from __future__ import annotations

import contextlib
import csv
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from clienteling.domain.kpis import Dashboard, tables
from clienteling.services.kpis import KpiService
from clienteling.ui.dashboard import DashboardScreen
from clienteling.ui.dashboard.tiles import Metric, change, metrics, percent
from tests.gui.pickup_fixtures import central  # noqa: F401  (the module's central service fixture)
from tests.gui.pickup_fixtures import context, place_purchase, synced_terminal, until

SHOTS = Path("/tmp/issue5/shots")


def shot(widget, name: str) -> None:
    """Save a screenshot for review when /tmp/issue5 exists (the issue's review folder)."""
    if SHOTS.parent.is_dir():
        SHOTS.mkdir(exist_ok=True)
        widget.grab().save(str(SHOTS / name))


@contextlib.asynccontextmanager
async def dashboard_terminal(central, tmp_path):
    """A synced terminal of S001 with its KPI service (as the lead wires ``terminal.kpis``)."""
    terminal = await synced_terminal(central, tmp_path)
    terminal.kpis = KpiService(terminal.cache, terminal.clock)
    try:
        yield terminal
    finally:
        await terminal.aclose()


def open_screen(qtbot, ctx) -> DashboardScreen:
    screen = DashboardScreen(ctx)
    qtbot.addWidget(screen)
    screen.resize(1440, 900)
    screen.show()
    return screen


async def loaded(screen: DashboardScreen, kind: str, **dates) -> Dashboard:
    """Choose the period as the manager would and wait for its figures."""
    got: list[Dashboard] = []
    screen.loaded.connect(got.append)
    screen.period.select(kind, **dates)
    if kind == "custom":
        screen.period.apply.click()
    await until(lambda: bool(got) and got[-1].period.kind == kind)
    return got[-1]


def visible_texts(widget) -> list[str]:
    return [label.text() for label in widget.findChildren(QLabel) if label.isVisibleTo(widget) and label.text()]


def assert_tiles(screen: DashboardScreen, d: Dashboard) -> None:
    for row in metrics():
        for metric in row:
            tile = screen.tiles[metric.key]
            now, before = getattr(d.current, metric.key), getattr(d.before, metric.key)
            assert tile.value.text() == metric.show(now), metric.key
            assert tile.before.text() == f"Before: {metric.show(before)}", metric.key
            assert (tile.delta.text(), tile.delta.property("state")) == change(metric, now, before), metric.key


@pytest.mark.asyncio
async def test_locked_until_a_manager_pin_then_locks_again(qtbot, tmp_path, central, themed_app):
    sale = place_purchase(central, qty=(1, 2), days_ago=0)  # a sale today: today's figures are not all zero
    async with dashboard_terminal(central, tmp_path) as terminal:
        ctx = context(terminal, await terminal.default_associate())
        screen = open_screen(qtbot, ctx)
        assert screen.stack.currentWidget() is screen.gate and not screen.unlocked
        assert "Manager sign-in" in visible_texts(screen)
        assert not screen.content.isVisible() and screen.dashboard is None
        shot(screen, "dashboard-gate.png")

        qtbot.mouseClick(screen.gate.button, Qt.MouseButton.LeftButton)
        await until(lambda: screen.pin_dialog is not None and screen.pin_dialog.manager.count() >= 1)
        dialog = screen.pin_dialog
        qtbot.keyClicks(dialog.pin, "1111")
        qtbot.mouseClick(dialog.approve_button, Qt.MouseButton.LeftButton)
        await until(lambda: dialog.error.isVisible())
        assert "Wrong PIN" in dialog.error.text() and not screen.unlocked
        shot(dialog, "dashboard-pin.png")
        got: list[Dashboard] = []
        screen.loaded.connect(got.append)
        qtbot.keyClicks(dialog.pin, "2468")
        qtbot.mouseClick(dialog.approve_button, Qt.MouseButton.LeftButton)
        await until(lambda: bool(got))
        assert screen.unlocked and screen.stack.currentWidget() is screen.content
        assert screen.signed_in.text() == f"Manager: {screen.manager.manager_name}"

        expected = await terminal.worker.run(terminal.kpis.dashboard, "today")
        d = got[-1]
        assert d.period.kind == "today" and d.current == expected.current and d.before == expected.before
        total = sum(line["qty"] * line["price_cents"] for line in sale["lines"])
        assert d.current.orders >= 1 and d.current.gross_sales_cents >= total
        assert_tiles(screen, d)
        assert screen.freshness.text().startswith("Data as of ")
        assert screen.leaders.rowCount() == len(d.leaderboard) > 0
        assert screen.leaders.index(0, 0).data() == d.leaderboard[0].name
        assert len(screen.sales_chart.chart().series()) == 2 and len(screen.orders_chart.chart().series()) == 1
        shot(screen, "dashboard-today.png")

        screen.lock()
        assert screen.stack.currentWidget() is screen.gate and not screen.unlocked and screen.dashboard is None
        assert screen.leaders.rowCount() == 0
        assert all(tile.value.text() == "—" for tile in screen.tiles.values())
        screen.refresh()  # nothing is read while locked
        assert screen._task is None


@pytest.mark.asyncio
async def test_periods_export_and_offline(qtbot, tmp_path, central, themed_app):
    async with dashboard_terminal(central, tmp_path) as terminal:
        ctx = context(terminal, await terminal.default_associate(), online=False)
        manager_id = (await terminal.worker.run(terminal.approvals.managers))[0][0]
        approval = await terminal.worker.run(terminal.approvals.approve, manager_id, "2468", "Dashboard")
        screen = open_screen(qtbot, ctx)
        got: list[Dashboard] = []
        screen.loaded.connect(got.append)
        screen.unlock(approval)
        await until(lambda: bool(got))
        assert screen.freshness.text().startswith("Offline · Data as of ")

        month = await loaded(screen, "month")
        assert month.current == (await terminal.worker.run(terminal.kpis.dashboard, "month")).current
        assert_tiles(screen, month)
        assert screen.period.start.isHidden()
        bars = screen.orders_chart.chart().series()[0].barSets()  # bars up to a month: (before, now)
        assert [bars[1].at(i) for i in range(bars[1].count())] == \
            [float(o) for _, _, o in month.daily]
        shot(screen, "dashboard-month.png")

        end = date.today()
        start = end - timedelta(days=89)
        custom = await loaded(screen, "custom", start=start, end=end)
        assert screen.period.start.isVisible() and screen.period.apply.isVisible()
        expected = await terminal.worker.run(terminal.kpis.dashboard, "custom", start, end)
        assert custom.current == expected.current and custom.daily == expected.daily
        assert custom.current.orders > 0 and custom.current.net_sales_cents != 0
        assert_tiles(screen, custom)
        assert len(custom.daily) >= 90
        orders = screen.orders_chart.chart().series()  # lines beyond a month: (before, now)
        assert [orders[1].at(i).y() for i in range(orders[1].count())] == [float(o) for _, _, o in custom.daily]
        shot(screen, "dashboard-custom.png")

        written = screen.export_csv(str(tmp_path / "export"))
        assert sorted(p.name.rsplit("-", 1)[-1] for p in written) == ["daily.csv", "kpis.csv", "leaderboard.csv"]
        for (name, (header, rows)), path in zip(tables(custom).items(), written):
            with path.open(encoding="utf-8", newline="") as f:
                assert list(csv.reader(f)) == [header, *rows], name
        assert screen.export_csv(str(written[0])) == [] and screen.status.isVisible()  # a file, not a folder

        screen.hide()  # another page of the main window: locked for whoever comes next
        assert not screen.unlocked and screen.dashboard is None and screen.stack.currentWidget() is screen.gate


@pytest.mark.asyncio
async def test_screenshot_capture_goes_through_every_state(qtbot, tmp_path, central, themed_app):
    from clienteling.ui.dashboard.shots import capture
    async with dashboard_terminal(central, tmp_path) as terminal:
        screen = open_screen(qtbot, context(terminal, await terminal.default_associate()))
        saved: list[tuple[str, object]] = []
        await capture(screen, lambda name, widget: saved.append((name, widget)))
        assert [name for name, _ in saved] == ["dashboard-gate", "dashboard-pin", "dashboard-today",
                                                "dashboard-month", "dashboard-custom"]
        assert saved[1][1] is not None and all(w is None for n, w in saved if n != "dashboard-pin")
        assert screen.unlocked and screen.dashboard.period.kind == "custom"


def test_change_arrows_and_colours(qapp):
    sales = Metric("net_sales_cents", "Net sales", str)
    returns = Metric("return_rate_value", "Return rate", percent, higher_is_better=False, points=True)
    assert change(sales, 1500, 1000) == ("▲ 50%", "good")
    assert change(sales, 500, 1000) == ("▼ 50%", "bad")
    assert change(sales, 1004, 1000) == ("▲ 0.4%", "good")
    assert change(sales, 99990, 100000) == ("▼ < 0.1%", "bad")
    assert change(sales, 700, 0) == ("▲ new", "good")
    assert change(sales, 0, 0) == ("= no change", "flat")
    assert change(returns, 0.12, 0.10) == ("▲ 2.0 pts", "bad")  # more returns is worse
    assert change(returns, 0.05, 0.10) == ("▼ 5.0 pts", "good")
    assert change(returns, None, 0.10) == ("", "none")
