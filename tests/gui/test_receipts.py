"""Receipts: every value escaped in the HTML, a real PDF whose text carries the order number, and a
clear error for a printer that does not exist."""

from __future__ import annotations

import pytest
from PySide6.QtPdf import QPdfDocument

from clienteling.domain.pickups import HandoverReceipt, ReceiptLine, StoreHeader
from clienteling.domain.returns import ReturnReceipt
from clienteling.ui.receipts import ReceiptError, handover_html, print_html, return_html, write_pdf

STORE = StoreHeader("Main Street <Flagship>", "1 Main St & 2nd Ave", "+1 555 0100")
LINES = (ReceiptLine("Linen shirt", "SKU-1", "Navy", "M", 2, 4_900, 9_800, "wrong_size", "new"),
         ReceiptLine("Wool coat", "SKU-2", "Camel", "L", 1, 19_900, 19_900, "defective", "damaged"))


def handover(**overrides) -> HandoverReceipt:
    values = dict(store=STORE, order_number="W-100234", customer_name="Ann <b>Lee</b>", loyalty_number="••••1234",
                  lines=LINES, verification="id_document", id_type="passport", collector_name="Bob & Co",
                  associate_name="Sam Doe", time="2026-11-22T10:00:00Z", receipt_number="ABCD1234", pending=False)
    values.update(overrides)
    return HandoverReceipt(**values)


def a_return(**overrides) -> ReturnReceipt:
    values = dict(store=STORE, order_number="W-100234", customer_name="Ann Lee", loyalty_number="••••1234",
                  lines=LINES, refund_method="store_credit", refund_cents=29_700, points_reversed=297,
                  approved_by="Max <Manager>", associate_name="Sam Doe", time="2026-11-22T10:00:00Z",
                  receipt_number="EF567890", pending=True)
    values.update(overrides)
    return ReturnReceipt(**values)


def pdf_text(path) -> str:
    doc = QPdfDocument()
    assert doc.load(str(path)) == QPdfDocument.Error.None_
    try:
        return "\n".join(doc.getAllText(page).text() for page in range(doc.pageCount()))
    finally:
        doc.close()


def test_handover_html_escapes_and_says_everything(qapp):
    html = handover_html(handover())
    assert "<b>Lee</b>" not in html and "Ann &lt;b&gt;Lee&lt;/b&gt;" in html
    assert "Main Street &lt;Flagship&gt;" in html and "1 Main St &amp; 2nd Ave" in html
    for text in ("W-100234", "••••1234", "Bob &amp; Co", "ID checked: Passport", "ABCD1234", "Sam Doe",
                 "Linen shirt", "SKU-1 · Navy, M", "2 × $49"):
        assert text in html, text
    assert "not yet confirmed" not in html
    assert "not yet confirmed" in handover_html(handover(pending=True))


def test_return_html_lines_refund_points_and_approval(qapp):
    html = return_html(a_return())
    for text in ("Wrong size", "Damaged", "$297", "Store credit", "297", "Max &lt;Manager&gt;", "EF567890",
                 "not yet confirmed"):
        assert text in html, text
    assert "No receipt" in return_html(a_return(order_number=None))


def test_pdf_opens_and_carries_the_order_number(qapp, tmp_path):
    path = write_pdf(handover_html(handover()), tmp_path / "deep" / "handover-ABCD1234.pdf")
    assert path.read_bytes().startswith(b"%PDF") and path.stat().st_size > 1_000
    text = pdf_text(path)
    assert "W-100234" in text and "ABCD1234" in text
    text = pdf_text(write_pdf(return_html(a_return()), tmp_path / "return.pdf"))
    assert "EF567890" in text and "Store credit" in text


def test_a_long_receipt_continues_on_more_pages(qapp, tmp_path):
    many = tuple(ReceiptLine(f"Item {i}", f"SKU-{i}", "Navy", "M", 1, 1_000, 1_000) for i in range(60))
    path = write_pdf(handover_html(handover(lines=many)), tmp_path / "long.pdf")
    doc = QPdfDocument()
    doc.load(str(path))
    assert doc.pageCount() > 1
    doc.close()
    assert "Item 59" in pdf_text(path)


def test_unknown_printer_is_a_clear_error(qapp):
    with pytest.raises(ReceiptError, match="“No Such Printer” is not installed"):
        print_html(handover_html(handover()), "No Such Printer")
    with pytest.raises(ReceiptError, match="none configured"):
        print_html(handover_html(handover()), "")


def test_unwritable_folder_is_a_clear_error(qapp, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ReceiptError, match="could not be saved"):
        write_pdf("<p>x</p>", blocker / "sub" / "r.pdf")
