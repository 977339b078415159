"""Receipts for handovers and returns: HTML (every value escaped), saved as a PDF on a narrow
receipt-like page or sent to a named printer, and the two buttons that do it for a screen."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QMarginsF, QSizeF, Qt, Signal
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from clienteling.domain.pickups import HandoverReceipt, ReceiptLine, StoreHeader
from clienteling.domain.returns import ReturnReceipt
from clienteling.ui.formatting import parse_time
from clienteling.ui.pickups.text import verification_label
from clienteling.ui.profile.fmt import money
from clienteling.ui.returns.text import condition_label, reason_label, refund_method_label

PAGE_MM = QSizeF(80, 200)
"""A receipt roll's width; long receipts continue on further pages."""
PT_PER_MM = 72 / 25.4
MARGIN_PT = 10.0

_CSS = """
body { font-family: sans-serif; font-size: 9pt; color: #000; }
h1 { font-size: 12pt; margin: 0; text-align: center; }
.store { text-align: center; font-size: 8pt; }
.title { font-size: 11pt; font-weight: bold; text-align: center; margin-top: 6px; }
.pending { text-align: center; font-weight: bold; border: 1px solid #000; padding: 2px; }
table { width: 100%; border-collapse: collapse; }
td { padding: 1px 0; vertical-align: top; }
td.label { width: 45%; }
td.num { text-align: right; white-space: nowrap; }
.sub { font-size: 8pt; color: #333; }
.total td { font-weight: bold; border-top: 1px solid #000; }
.foot { font-size: 8pt; text-align: center; margin-top: 8px; }
"""


_TABLE = "<table width='100%' cellspacing='0' style='margin-top: 8px'>"


class ReceiptError(RuntimeError):
    """A receipt could not be written or printed; the message is for the associate."""


def _tr(text: str) -> str:
    return QCoreApplication.translate("Receipts", text)


def _e(value: object) -> str:
    return escape("" if value is None else str(value))


def _when(text: str | None) -> str:
    value = parse_time(text)
    if value is None:
        return text or ""
    local = value.astimezone()
    return f"{local.strftime(f'{local.day} %b %Y %H:%M')}"


def _head(store: StoreHeader, title: str, receipt_number: str, pending: bool) -> list[str]:
    out = [f"<h1>{_e(store.name)}</h1>"]
    contact = [x for x in (store.address, store.phone) if x]
    if contact:
        out.append(f"<p class='store'>{'<br>'.join(_e(x) for x in contact)}</p>")
    out.append(f"<p class='title'>{_e(title)}</p>")
    out.append(f"<p class='store'>{_e(_tr('Receipt no. %1').replace('%1', receipt_number))}</p>")
    if pending:
        out.append(f"<p class='pending'>{_e(_tr('Recorded offline: not yet confirmed by the central service'))}</p>")
    return out


def _facts(rows: list[tuple[str, str | None]]) -> str:
    cells = "".join(f"<tr><td class='label'>{_e(label)}</td><td class='num'>{_e(value)}</td></tr>"
                    for label, value in rows if value)
    return f"{_TABLE}{cells}</table>"


def _line(line: ReceiptLine, with_reason: bool) -> str:
    variant = ", ".join(x for x in (line.colour, line.size) if x)
    sub = " · ".join(x for x in (line.sku, variant) if x)
    extra = ""
    if with_reason and (line.reason or line.condition):
        extra = "<br><span class='sub'>" + _e(" · ".join(
            x for x in (reason_label(line.reason), condition_label(line.condition)) if x)) + "</span>"
    qty = f"{line.qty} × {money(line.unit_cents)}" if line.unit_cents else str(line.qty)
    amount = money(line.amount_cents) if line.amount_cents else ""
    return (f"<tr><td>{_e(line.name)}<br><span class='sub'>{_e(sub)}</span>{extra}</td>"
            f"<td class='num'>{_e(qty)}<br>{_e(amount)}</td></tr>")


def handover_html(r: HandoverReceipt) -> str:
    """The handover receipt: the order, what was handed over, how the collector was verified."""
    parts = _head(r.store, _tr("Pickup handover"), r.receipt_number, r.pending)
    parts.append(_facts([(_tr("Order"), r.order_number), (_tr("Customer"), r.customer_name),
                         (_tr("Loyalty no."), r.loyalty_number), (_tr("Collected by"), r.collector_name),
                         (_tr("Verified with"), verification_label(r.verification, r.id_type)),
                         (_tr("Date"), _when(r.time))]))
    parts.append(_TABLE + "".join(_line(line, False) for line in r.lines)
                 + f"<tr class='total'><td>{_e(_tr('Items handed over'))}</td>"
                   f"<td class='num'>{sum(line.qty for line in r.lines)}</td></tr></table>")
    if r.associate_name:
        parts.append(f"<p class='foot'>{_e(_tr('Served by %1').replace('%1', r.associate_name))}</p>")
    return _document(parts)


def return_html(r: ReturnReceipt) -> str:
    """The return receipt: lines with reason and condition, refund, points reversed, approval."""
    parts = _head(r.store, _tr("Return"), r.receipt_number, r.pending)
    parts.append(_facts([(_tr("Order"), r.order_number or _tr("No receipt")), (_tr("Customer"), r.customer_name),
                         (_tr("Loyalty no."), r.loyalty_number), (_tr("Date"), _when(r.time))]))
    rows = "".join(_line(line, True) for line in r.lines)
    rows += f"<tr class='total'><td>{_e(_tr('Refund'))}</td><td class='num'>{_e(money(r.refund_cents))}</td></tr>"
    parts.append(f"{_TABLE}{rows}</table>")
    parts.append(_facts([(_tr("Refunded to"), refund_method_label(r.refund_method)),
                         (_tr("Points reversed"), f"{r.points_reversed:,}" if r.points_reversed else None),
                         (_tr("Approved by"), r.approved_by)]))
    if r.associate_name:
        parts.append(f"<p class='foot'>{_e(_tr('Served by %1').replace('%1', r.associate_name))}</p>")
    return _document(parts)


def _document(parts: list[str]) -> str:
    return f"<html><head><style>{_CSS}</style></head><body>{''.join(parts)}</body></html>"


def _text_document(html: str) -> QTextDocument:
    """A document laid out on the receipt page (a valid page size: no page numbers, our margins)."""
    doc = QTextDocument()
    doc.setDocumentMargin(MARGIN_PT)
    doc.setPageSize(QSizeF(PAGE_MM.width() * PT_PER_MM, PAGE_MM.height() * PT_PER_MM))
    doc.setHtml(html)
    return doc


def write_pdf(html: str, path: str | Path) -> Path:
    """Render ``html`` to a PDF at ``path`` (folders created) on an 80 mm receipt page."""
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReceiptError(_tr("The receipt could not be saved in %1: %2").replace("%1", str(target.parent))
                           .replace("%2", exc.strerror or str(exc))) from exc
    writer = QPdfWriter(str(target))
    writer.setPageSize(QPageSize(PAGE_MM, QPageSize.Unit.Millimeter, "Receipt"))
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    writer.setResolution(300)
    writer.setTitle(_tr("Receipt"))
    _text_document(html).print_(writer)
    del writer  # the file is finished when the writer goes
    if not target.exists() or target.stat().st_size == 0:
        raise ReceiptError(_tr("The receipt could not be saved as %1.").replace("%1", str(target)))
    return target


def printer_names() -> list[str]:
    """Printers this terminal knows."""
    from PySide6.QtPrintSupport import QPrinterInfo
    return [p.printerName() for p in QPrinterInfo.availablePrinters()]


def print_html(html: str, printer_name: str) -> None:
    """Send ``html`` to the printer called ``printer_name``; ReceiptError when it does not exist."""
    from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
    info = QPrinterInfo.printerInfo(printer_name) if printer_name else QPrinterInfo()
    if info.isNull():
        raise ReceiptError(_tr("The receipt printer “%1” is not installed on this terminal.")
                           .replace("%1", printer_name or _tr("(none configured)")))
    printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(PAGE_MM, QPageSize.Unit.Millimeter, "Receipt"))
    _text_document(html).print_(printer)


class ReceiptActions(QWidget):
    """"Save receipt (PDF)" and "Print receipt" for one handover or return. ``fetch`` is a service
    call returning the receipt (run on the DB worker), ``render`` turns it into HTML, files are named
    ``<prefix>-<receipt number>.pdf`` in the context's receipts folder."""

    saved = Signal(str)
    printed = Signal()

    def __init__(self, ctx: Any, prefix: str, render: Callable[[Any], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._prefix = prefix
        self._render = render
        self._fetch: Callable[[], Any] | None = None
        self._auto_printed: set[str] = set()
        self.save_button = QPushButton(_tr("Save receipt (PDF)"), self)
        self.save_button.setObjectName("receiptSave")
        self.save_button.clicked.connect(self._save)
        self.print_button = QPushButton(_tr("Print receipt"), self)
        self.print_button.setObjectName("receiptPrint")
        self.print_button.clicked.connect(self._print)
        self.result = QLabel(self)
        self.result.setObjectName("receiptResult")
        self.result.setWordWrap(True)
        self.result.setTextFormat(Qt.TextFormat.PlainText)
        self.result.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(10)
        row.addWidget(self.save_button)
        row.addWidget(self.print_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(row)
        layout.addWidget(self.result)
        if not ctx.receipts_dir:
            self.save_button.setEnabled(False)
            self.save_button.setToolTip(_tr("No receipts folder is configured on this terminal."))
        if not ctx.receipt_printer:
            self.print_button.setEnabled(False)
            self.print_button.setToolTip(_tr("No receipt printer is configured on this terminal."))

    def set_source(self, fetch: Callable[[], Any] | None) -> None:
        """What to print: a no-argument service call (None: nothing yet)."""
        self._fetch = fetch
        self.result.hide()

    def auto_print(self, key: str) -> bool:
        """Print the current receipt on the configured printer, once per ``key`` (a handover or
        return id); False when no printer is configured or it was already printed."""
        if not self.ctx.receipt_printer or self._fetch is None or key in self._auto_printed:
            return False
        self._auto_printed.add(key)
        self._print()
        return True

    def _with_receipt(self, then: Callable[[Any], None]) -> None:
        if self._fetch is not None:
            self.ctx.ops.run(self.ctx.db(self._fetch), then, self._failed)

    def _save(self) -> None:
        def write(receipt: Any) -> None:
            path = Path(self.ctx.receipts_dir) / f"{self._prefix}-{receipt.receipt_number}.pdf"
            try:
                written = write_pdf(self._render(receipt), path)
            except ReceiptError as exc:
                self._failed(exc)
                return
            self._say(_tr("Receipt saved: %1").replace("%1", str(written)), "ok")
            self.saved.emit(str(written))
        self._with_receipt(write)

    def _print(self) -> None:
        def send(receipt: Any) -> None:
            try:
                print_html(self._render(receipt), self.ctx.receipt_printer)
            except ReceiptError as exc:
                self._failed(exc)
                return
            self._say(_tr("Receipt sent to %1.").replace("%1", self.ctx.receipt_printer), "ok")
            self.printed.emit()
        self._with_receipt(send)

    def _failed(self, exc: BaseException) -> None:
        self._say(str(exc) or type(exc).__name__, "error")

    def _say(self, text: str, state: str) -> None:
        self.result.setText(text)
        self.result.setProperty("state", state)
        self.result.style().unpolish(self.result)
        self.result.style().polish(self.result)
        self.result.show()
