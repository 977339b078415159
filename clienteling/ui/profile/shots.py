"""Drive the Customer 360 and My clients screens through their tabs for ``clienteling screenshots``.

The caller owns the screens and the file names; ``seed_activity`` gives a demo customer some
counter activity (follow-ups, a contact, a redemption, a note) through the services, and
``capture`` shows each tab and calls ``save(name, widget)``."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from PySide6.QtWidgets import QWidget

from clienteling.domain.rules import has_consent
from clienteling.ui.clientbook.screen import MyClientsScreen
from clienteling.ui.profile.screen import CustomerProfileScreen

Save = Callable[[str, QWidget], None]
TABS = ("overview", "purchases", "loyalty", "notes", "consent")

_FOLLOW_UPS = ("Thank-you call after the coat purchase", "Alterations ready: let them know",
               "Birthday: remind them of the voucher", "Check the fit of the new chinos")


async def _until(predicate: Callable[[], bool], timeout_s: float = 15.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while not predicate():
        if loop.time() > deadline:
            raise TimeoutError("the screen did not load in time")
        await asyncio.sleep(0.05)


async def seed_activity(terminal: Any, customer_id: str, associate_id: str, clients: list[str]) -> None:
    """Follow-ups (one overdue, one due today), a contact where consent allows, a $5 reward and a
    note, as an associate would leave them (all queued through the outbox)."""
    today = date.today()
    run = terminal.perform
    await run(terminal.tasks.add, customer_id, "Call when the linen blazer is back in size M",
              (today + timedelta(days=2)).isoformat(), associate_id)
    for offset, (other, title) in enumerate(zip(clients, _FOLLOW_UPS)):
        await run(terminal.tasks.add, other, title, (today + timedelta(days=offset - 1)).isoformat(), associate_id)
    customer = await terminal.worker.run(terminal.customers.get, customer_id)
    for channel in ("email", "sms", "phone"):
        if customer is not None and has_consent(customer.consent, channel):
            await run(terminal.tasks.log_outreach, customer_id, channel,
                      "Sent the spring lookbook with the linen edit", associate_id)
            break
    allowance = await terminal.worker.run(terminal.loyalty.allowance, customer_id)
    if allowance.max_now >= 500:
        await run(terminal.loyalty.redeem, customer_id, 500, "$5 off", associate_id)
    await run(terminal.notes.add, customer_id, "Prefers slim fit; no wool — suggest cotton knits.", associate_id)


async def capture(profile: CustomerProfileScreen, clients: MyClientsScreen, customer_id: str, save: Save) -> None:
    """Each profile tab as ``profile-<n>-<tab>`` (suggestions as ``profile-6-for-them`` when the
    terminal has a recommendation service) and the client book as ``my-clients``."""
    ranked: list[int] = []
    profile.recommendations_loaded.connect(lambda: ranked.append(1))
    profile.show_customer(customer_id)
    await _until(lambda: profile.profile is not None and profile.profile.customer.id == customer_id)
    tabs = [getattr(profile, name) for name in TABS]
    for index, name in enumerate(TABS):
        profile.tabs.setCurrentWidget(tabs[index])
        if name == "purchases" and profile.purchases.orders.rowCount():
            profile.purchases.select_order(0)
        await asyncio.sleep(0.2)  # let layouts repaint before grabbing
        save(f"profile-{index + 1}-{name}", profile)
    if getattr(profile.ctx.services, "recommendations", None) is not None:
        await _until(lambda: bool(ranked))
        profile.tabs.setCurrentWidget(profile.for_them)
        await asyncio.sleep(0.2)
        save("profile-6-for-them", profile)
    loaded: list[int] = []
    clients.loaded.connect(lambda: loaded.append(1))
    clients.refresh()
    await _until(lambda: bool(loaded))
    await asyncio.sleep(0.2)
    save("my-clients", clients)
