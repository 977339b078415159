"""The flags panel: both sides of a refused counter fact in words (no raw ids), and a manager's
resolution reaching the central service."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt

from clienteling.domain.models import Verification
from clienteling.services.sessions import Session
from clienteling.ui.incidents import IncidentsPanel
from clienteling.ui.incidents.details import readable, sentence
from tests.gui.pickup_fixtures import central  # noqa: F401  (the module's central service fixture)
from tests.gui.pickup_fixtures import (context, place_pickup, refreshing_until, replicating, synced_terminal,
                                       until)


def test_details_read_as_words(qapp):
    lines = readable({"order_id": "5b36086a-f121-43ff-a253-473eb6a38616", "status": "collected",
                      "verification": {"method": "id_document", "id_type": "passport", "id_last4": "4321"},
                      "handovers": [{"associate_id": "A0002", "associate_name": "Léa Adams", "refund_cents": 1250}]})
    text = "\n".join(lines)
    assert "5b36086a" not in text and "A0002" not in text
    assert "Status: Collected" in text and "Method: ID checked" in text and "ID type: Passport" in text
    assert "    1." in text and "Associate: Léa Adams" in text and "Refund: $12.50" in text
    named = "\n".join(readable(
        {"order_id": "O-1", "pickup_store_id": "S001", "associate_id": "A0003", "customer_id": "C9",
         "lines": [{"line_id": "O-1-1", "sku": "SKU-1", "qty": 1}, {"sku": "SKU-2", "qty": 1},
                   {"line_id": "O-1-3", "sku": "SKU-3"}]},
        names={("orders", "O-1"): "W1000470", ("stores", "S001"): "San Francisco Market",
               ("associates", "A0003"): "Léa O'Brien", ("order_lines", "O-1-1"): "Linen shirt",
               ("products", "SKU-2"): "Belt"}))
    assert named.splitlines() == [
        "Order: W1000470", "Pickup store: San Francisco Market", "Associate: Léa O'Brien", "Lines:",
        "    1.", "        Product: Linen shirt", "        SKU: SKU-1", "        Units: 1",
        "    2.", "        Product: Belt · SKU-2", "        Units: 1",
        "    3.", "        SKU: SKU-3"]  # ids the cache does not know (C9, O-1-3) are left out, never raw
    assert sentence("this order was handed over") == "This order was handed over."
    assert sentence("") == ""


@pytest.mark.asyncio
async def test_a_manager_resolves_a_flag(qtbot, tmp_path, central, themed_app):
    ready = place_pickup(central, status="ready", qty=(1,))
    here = await synced_terminal(central, tmp_path, "here")
    other = await synced_terminal(central, tmp_path, "other")
    try:
        with central.engine().connect() as conn:
            manager = conn.execute(sa.text("SELECT id FROM associates WHERE store_id = 'S001' AND role = 'manager' "
                                           "ORDER BY id LIMIT 1")).scalar_one()
        code = Verification("pickup_code", code=ready["code"])
        await other.worker.run(other.pickups.collect, ready["id"], code, manager)
        await other.replicator.sync_once()
        await here.worker.run(here.pickups.collect, ready["id"], code, manager)  # offline, too late
        await here.replicator.sync_once()

        panel = IncidentsPanel(context(here, manager, role="manager"))
        qtbot.addWidget(panel)
        panel.resize(1280, 760)
        panel.show()
        counts: list[int] = []
        panel.badge_changed.connect(counts.append)
        panel.refresh()
        await until(lambda: any(i.order_id == ready["id"] for i in panel.model.rows()))
        incident = next(i for i in panel.model.rows() if i.order_id == ready["id"])
        panel.show_incident(incident.id)
        await until(lambda: panel.incident_id == incident.id)
        assert counts and counts[-1] >= 1
        assert panel.model.index(panel.model.rows().index(incident), 1).data() == ready["number"]
        assert not panel.resolve.isEnabled()
        # both sides name the order, products, associate and store; no raw ids
        await until(lambda: ready["number"] in panel.counter_side.text())
        both = panel.counter_side.text() + "\n" + panel.server_side.text()
        assert ready["products"][0]["name"] in panel.server_side.text()
        assert manager not in both and "S001" not in both and ready["id"] not in both
        assert ready["lines"][0]["id"] not in both and "San Francisco" in panel.server_side.text()
        qtbot.keyClicks(panel.resolution, "Called the customer: both handovers were the same visit.")
        assert panel.resolve.isEnabled()
        panel.ctx.sign(Session("A-someone", "Someone", "associate"))  # associates see flags, managers resolve
        panel._update()
        assert not panel.resolve.isEnabled() and "manager" in panel.resolve.toolTip()
        panel.ctx.sign(Session(manager, "Manager", "manager"))
        panel._update()
        assert panel.resolve.isEnabled()
        async with replicating(here):
            qtbot.mouseClick(panel.resolve, Qt.MouseButton.LeftButton)
            await refreshing_until(panel, lambda: panel.banner.text() == "Resolved.")
        with central.engine().connect() as conn:
            row = conn.execute(sa.text("SELECT status, resolved_by, resolution FROM incidents WHERE id = :i"),
                               {"i": incident.id}).mappings().one()
        assert row["status"] == "resolved" and row["resolved_by"] == manager
        assert row["resolution"].startswith("Called the customer")
        panel.filter.setCurrentIndex(panel.filter.findData("resolved"))
        await until(lambda: any(i.id == incident.id for i in panel.model.rows()))
        await until(lambda: panel.resolved_text.isVisible() and panel.resolve.isHidden())
    finally:
        await here.aclose()
        await other.aclose()
