"""Inventory table models pass qtmodeltester, never raise from data(), and the hold dialog limits."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from clienteling.domain.inventory import Availability, Product, ProductHit, Style, build_grid
from clienteling.ui.inventory.availability_model import AvailabilityModel
from clienteling.ui.inventory.grid_model import StyleGridModel
from clienteling.ui.inventory.hold_dialog import HoldDialog
from clienteling.ui.inventory.results_model import ProductResultsModel

STYLE = Style("ST-1", "Linen Shirt", "Aster", "tops", "women", "SS26", "")


def _grid():
    products = [Product("A", "ST-1", "Linen Shirt, Navy, M", "Aster", "tops", "Navy", "M", 5900, "1"),
                Product("B", "ST-1", "Linen Shirt, Navy, S", "Aster", "tops", "Navy", "S", 5900, "2"),
                Product("C", "ST-1", "Linen Shirt, Sand, XL", "Aster", "tops", "Sand", "XL", 6900, "3")]
    return build_grid(STYLE, products, {"A": 3}, {"A": 1, "B": 4})


def test_results_model(qtmodeltester):
    model = ProductResultsModel()
    qtmodeltester.check(model)
    model.set_hits([ProductHit("ST-1", "Linen Shirt", "Aster", "tops", "name", price_cents=5900, colours=2,
                               sizes=3, available_here=3),
                    ProductHit("ST-1", "Linen Shirt, Navy, M", "Aster", "tops", "barcode", sku="A", colour="Navy",
                               size="M", price_cents=5900)])
    qtmodeltester.check(model)
    assert model.index(0, 0).data(model.DETAIL_ROLE) == "Aster · 2 colours · 3 sizes"
    assert model.index(1, 0).data(model.DETAIL_ROLE) == "Aster · Navy · M · A"
    assert model.index(1, 2).data() == "none" and model.index(0, 1).data() == "$59"
    assert model.data(QModelIndex()) is None and model.hit(7) is None


def test_grid_model_cells_and_missing_combinations(qtmodeltester):
    model = StyleGridModel()
    qtmodeltester.check(model)
    model.set_grid(_grid())
    qtmodeltester.check(model)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == ["S", "M", "XL"]
    assert [model.headerData(r, Qt.Orientation.Vertical) for r in range(2)] == ["Navy", "Sand"]
    assert model.index(0, 1).data(model.STATUS_ROLE) == "here" and model.index(0, 1).data() == "3"
    assert model.index(0, 0).data(model.STATUS_ROLE) == "elsewhere"
    assert model.index(1, 2).data(model.STATUS_ROLE) == "none"
    missing = model.index(1, 0)
    assert missing.data(model.STATUS_ROLE) == "missing" and missing.data() is None
    assert not missing.flags() & Qt.ItemFlag.ItemIsEnabled
    assert model.index_of("C") == model.index(1, 2) and not model.index_of("nope").isValid()
    assert "Navy · M: 3 here, 1 at other locations" in model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole)


def test_availability_model(qtmodeltester):
    model = AvailabilityModel()
    qtmodeltester.check(model)
    model.set_rows([Availability("S1", "Market St", "here", 0.0, 3, 1, 1, "2026-11-22T14:00:00Z"),
                    Availability("S2", "Oakland", "store", 12.34, 2, 0, 0, None),
                    Availability("DC1", "Distribution centre", "dc", None, 80, 0, 0, "2026-11-22T14:00:00Z")])
    qtmodeltester.check(model)
    assert [model.index(r, 1).data() for r in range(3)] == ["here", "12 km", "—"]
    assert model.index(0, 3).data() == "1 + 1 pending" and model.index(0, 4).data() == "1"
    assert model.index(1, 5).data() == "not synced yet"
    assert model.index(0, 0).data(Qt.ItemDataRole.FontRole).bold()


def test_hold_dialog_limits_quantity_to_what_is_available(qtbot, themed_app):
    dialog = HoldDialog("Linen Shirt", "Navy, size M", "Ada Lovelace", available=3, days=2)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.values() == (1, 2)
    assert not dialog.qty.minus.isEnabled()
    for _ in range(5):
        qtbot.mouseClick(dialog.qty.plus, Qt.MouseButton.LeftButton)
    assert dialog.values() == (3, 2) and not dialog.qty.plus.isEnabled()
    assert dialog.expiry.text()
    big = HoldDialog("Linen Shirt", "Navy, size M", "Ada", available=50, days=30)
    qtbot.addWidget(big)
    assert big.qty.box.maximum() == 10 and big.days.value() == 14
