"""Logs never hold personal data: a terminal with file logging on (debug) enrols on a real central
seeded with tiny data, syncs, and goes through the main flows with customers' names, emails and
phones in its inputs (searches, profile, note, redemption, hold, return, pickup, a refused
mutation, validation errors reported the UI's way); then every file in its log folder is read and
none of the touched customers' or 200 others' names, emails, phones or loyalty numbers is there."""

from __future__ import annotations

import logging
import random
import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from clienteling.config import load_config
from clienteling.domain import DomainError, Verification
from clienteling.domain.returns import DraftLine, ReturnDraft
from clienteling.logs import close_logging, setup_logging
from clienteling.security import MemoryCredentialStore
from clienteling.terminal import Terminal
from clienteling.ui.ops import Ops
from sync import protocol as p
from sync.server.db import write_tx
from sync.server.versions import upsert_rows
from tests.integration.conftest import STORE
from tests.integration.test_terminal_pickups import server_rows
from tests.integration.test_terminal_returns import returnable

pytestmark = pytest.mark.asyncio
SAMPLE = 200


class Bridge:
    """Stands in for the UI's message bridge: what the associate would be shown."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def error(self, text: str) -> None:
        self.errors.append(text)


@pytest.fixture
def file_logging(tmp_path):
    """The app's logging set-up (debug) writing into the terminal's data folder."""
    config = load_config(files=[], env={}, cli={"data_dir": str(tmp_path / "term"),
                                                "log_dir": str(tmp_path / "term" / "logs"), "log_level": "debug"})
    root = logging.getLogger()
    level = root.level
    setup_logging(config)
    yield config
    close_logging()
    root.setLevel(level)


def _customer_with_everything(terminal) -> dict:
    with terminal.cache.read() as conn:
        row = conn.exec_driver_sql(
            "SELECT c.id, c.first_name, c.last_name, c.email, c.phone, c.loyalty_number FROM customers c "
            "WHERE c.email IS NOT NULL AND c.phone IS NOT NULL AND c.loyalty_number IS NOT NULL "
            "AND (SELECT coalesce(sum(points), 0) FROM loyalty_ledger l WHERE l.customer_id = c.id) >= 100 "
            "ORDER BY c.id LIMIT 1").mappings().first()
    assert row, "the seed has customers with an email, a phone, a loyalty number and points"
    return dict(row)


def _sku_in_stock(terminal) -> str:
    with terminal.cache.read() as conn:
        sku = conn.exec_driver_sql(
            "SELECT sku FROM inventory WHERE location_id = ? AND on_hand - reserved >= 1 ORDER BY sku LIMIT 1",
            (STORE,)).scalar()
    assert sku, "the seed has stock at the store"
    return sku


async def _ready_pickup(terminal):
    for summary in await terminal.worker.run(terminal.pickups.queue, ("ready",)):
        if sum(ln.picked_qty - ln.collected_now for ln in summary.order.lines) >= 1:
            return summary.order
    pytest.fail("the seed has no ready pickup at the store: the test data changed")


def _seeded_people(central, touched: set[str]) -> list[dict]:
    people = [dict(r._mapping) for r in server_rows(
        central, "SELECT id, first_name, last_name, email, phone, loyalty_number FROM customers ORDER BY id")]
    others = [c for c in people if c["id"] not in touched]
    picked = [c for c in people if c["id"] in touched]
    assert len(picked) == len(touched)
    return picked + random.Random(6).sample(others, min(SAMPLE, len(others)))


def _personal_values(person: dict) -> list[str]:
    values = [f"{person['first_name']} {person['last_name']}", f"{person['last_name']}, {person['first_name']}",
              person["email"], person["loyalty_number"], person["phone"]]
    digits = "".join(ch for ch in person["phone"] or "" if ch.isdigit())
    return [v for v in values if v] + ([digits] if len(digits) >= 7 else [])


async def test_logs_hold_no_personal_data(fresh_central, file_logging: object):
    config = file_logging
    terminal = await Terminal.enroll(config, MemoryCredentialStore(), fresh_central.url,
                                     fresh_central.enroll_code(STORE))
    bridge = Bridge()
    ops = Ops(bridge)  # type: ignore[arg-type]  # failures are reported the UI's way
    touched: set[str] = set()
    try:
        await terminal.replicator.sync_once()
        who = await terminal.default_associate()
        person = _customer_with_everything(terminal)
        cid = person["id"]
        touched.add(cid)
        full_name = f"{person['first_name']} {person['last_name']}"

        # Counter search by name, email, phone and loyalty number; the online fallback; the profile.
        for text in (full_name, person["email"], person["phone"], person["loyalty_number"]):
            hits = await terminal.worker.run(terminal.customers.search, text)
            assert cid in [h.id for h in hits], text
        await terminal.remote_search.search(person["email"])
        await terminal.remote_search.search(person["last_name"])
        assert (await terminal.worker.run(terminal.customers.profile, cid)).customer.id == cid

        # Writes: a note quoting the phone, a redemption, a hold, a return, a pickup handover.
        note = await terminal.perform(terminal.notes.add, cid, f"Call back on {person['phone']}", who)
        await terminal.perform(terminal.loyalty.redeem, cid, 100, "Reward for " + full_name, who, True)
        sku = await terminal.worker.run(_sku_in_stock, terminal)
        refused_hold = await terminal.perform(terminal.inventory.hold, cid, sku, 1, who)
        order, q = await returnable(terminal)
        touched.add(order.customer_id)
        draft = ReturnDraft(lines=[DraftLine(q.line.sku, 1, "wrong_size", "new", "restock", q.line.id)],
                            refund_method="original_tender", order_id=order.id)
        await terminal.perform(terminal.returns.submit, draft, who, True)
        pickup = await _ready_pickup(terminal)
        touched.add(pickup.customer_id)
        await terminal.perform(terminal.pickups.collect, pickup.id, Verification("pickup_code", code=pickup.pickup_code),
                               who, None, full_name)

        # The central sold the last unit meanwhile: the hold is refused when it arrives.
        with write_tx(fresh_central.engine()) as conn:
            upsert_rows(conn, "inventory", f"stock:{STORE}", [{"id": f"{STORE}:{sku}", "location_id": STORE,
                                                               "sku": sku, "on_hand": 0, "reserved": 0}])
        report = await terminal.replicator.sync_once()
        assert report.rejected == 1 and report.applied >= 4, report
        outcome = await terminal.worker.run(terminal.inventory.hold_outcome, refused_hold.id)
        assert (outcome.state, outcome.code) == ("rejected", p.REJECT_INSUFFICIENT_STOCK)
        assert (await terminal.worker.run(terminal.customers.notes, cid))[0].id == note.id

        # Validation errors with the customer's email in the input, run and reported as the UI does.
        await ops.run(terminal.worker.run(terminal.customers.update, cid, {"email": f"{person['email']} x"}, who))
        await ops.run(terminal.remote_search.search(f"{person['email']} {full_name} " * 5))
        await ops.drain()
        # The search's validation error quotes the query (so the email went through Ops and its
        # logging); the associate is told its kind only (ops.failure_message).
        with pytest.raises(ValidationError) as raised:
            p.CustomerSearchRequest(q=f"{person['email']} {full_name} " * 5)
        assert person["email"] in str(raised.value)
        assert len(bridge.errors) == 2 and person["email"] not in bridge.errors[1]
        assert "(ValidationError)" in bridge.errors[1]
    finally:
        await terminal.aclose()
    close_logging()  # flushes and closes the file

    files = [f for f in Path(config.data_dir, "logs").rglob("*") if f.is_file()]
    assert files, "logging wrote no file"
    text = "\n".join(f.read_text(encoding="utf-8", errors="replace") for f in files)
    # The flows were logged (so the scan below means something), by ids, kinds and codes.
    for expected in (f"enrolled device {terminal.device.device_id} for store {STORE}",
                     f"HTTP Request: POST {fresh_central.url}/v1/customers/search",
                     f"HTTP Request: POST {fresh_central.url}/v1/mutations",
                     "background operation failed: DomainError (code=invalid_arguments)",
                     "background operation failed: ValidationError",
                     "[message not logged]"):
        assert expected in text, f"the log lacks {expected!r}"
    assert re.search(rf"mutation \S+ \(hold\.create, seq \d+\) rejected: {p.REJECT_INSUFFICIENT_STOCK}", text)
    leaks = {value for person in _seeded_people(fresh_central, touched) for value in _personal_values(person)
             if value.lower() in text.lower()}
    assert not leaks, f"personal data in the logs: {sorted(leaks)}"
