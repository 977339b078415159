"""Drive the inventory screen through its main states for ``clienteling screenshots``.

The caller owns the window and the file names; this only brings the screen into each state
(search results, a style's grid with a SKU's stock, the hold dialog, a hold waiting for the
central service) and calls ``save(name, widget)`` at each one (``widget`` None: the window)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from clienteling.ui.inventory.screen import InventoryScreen

Save = Callable[[str, "QWidget | None"], None]


async def wait_until(predicate: Callable[[], bool], timeout_s: float = 15.0) -> None:
    """Poll ``predicate`` on the running loop until it holds; TimeoutError after ``timeout_s``."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while not predicate():
        if loop.time() > deadline:
            raise TimeoutError("the inventory screen did not get there in time")
        await asyncio.sleep(0.05)


async def _settle() -> None:
    await asyncio.sleep(0.2)  # let layouts repaint before grabbing


async def capture(screen: InventoryScreen, save: Save, query: str = "shirt", customer_id: str | None = None,
                  hold: bool = True) -> None:
    """Search ``query``, open the first style, pick its best-stocked size here, open the hold
    dialog (for ``customer_id``) and, with ``hold``, confirm it."""
    if customer_id:
        screen.set_customer(customer_id)
    shown: list[int] = []
    screen.results_shown.connect(shown.append)
    screen.box.setText(query)
    await wait_until(lambda: bool(shown) and screen.panel.grid_model.grid is not None)
    await _settle()
    save("inventory-search", None)
    grid = screen.panel.grid_model.grid
    cell = max(grid.cells.values(), key=lambda c: (c.available_here, c.available_elsewhere))
    stock: list[str] = []
    screen.stock_shown.connect(stock.append)
    screen.panel.select_sku(cell.sku)
    await wait_until(lambda: cell.sku in stock)
    await _settle()
    save("inventory-grid", None)
    if not customer_id or not screen.panel.hold_button.isEnabled():
        return
    screen.panel.hold_button.click()
    await wait_until(lambda: screen.hold_dialog is not None and screen.hold_dialog.isVisible())
    await _settle()
    save("inventory-hold-dialog", screen.hold_dialog)
    if not hold:
        screen.hold_dialog.reject()
        return
    states: list[str] = []
    screen.hold_changed.connect(states.append)
    screen.hold_dialog.confirm.click()
    await wait_until(lambda: bool(states))
    await _settle()
    save("inventory-hold", None)
