"""Table model of customer search results (holds the hits of one query; never raises from data()).

Each hit says why it matched: the name column bolds the matched part of the name, and the
"Matched" column names the field with its matched part in bold ("phone +1 650-555-**1234**").
``HIGHLIGHT_ROLE`` carries that rich text; :class:`HighlightDelegate` paints it.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from clienteling.ui.formatting import relative_day

_MATCH_LABELS = {"name": "name", "email": "email", "phone": "phone", "loyalty": "loyalty card"}
OTHER_REGION_COLOUR = "#8a5a00"


def marked_up(text: str, spans: Any) -> str:
    """``text`` as HTML with the ``spans`` (start, end) in bold."""
    out, at = [], 0
    for start, end in sorted(spans or ()):
        if start < at or end > len(text):
            continue
        out.append(html.escape(text[at:start]))
        out.append(f"<b>{html.escape(text[start:end])}</b>")
        at = end
    out.append(html.escape(text[at:]))
    return "".join(out)


class CustomerResultsModel(QAbstractTableModel):
    COLUMNS = ("name", "tier", "home_store", "last_visit", "matched_on")
    ID_ROLE = Qt.ItemDataRole.UserRole + 1
    HIGHLIGHT_ROLE = Qt.ItemDataRole.UserRole + 2
    OTHER_REGION_ROLE = Qt.ItemDataRole.UserRole + 3

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._hits: list[Any] = []
        self._headers = (self.tr("Name"), self.tr("Tier"), self.tr("Home store"),
                         self.tr("Last visit"), self.tr("Matched"))

    def set_hits(self, hits: list[Any]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def hit(self, row: int) -> Any | None:
        return self._hits[row] if 0 <= row < len(self._hits) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._hits)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._headers):
            return self._headers[section]
        return None

    def match_label(self, hit: Any) -> str:
        """Plain text of why the hit matched (also for screen readers)."""
        kind = self.tr(_MATCH_LABELS.get(hit.matched_on, hit.matched_on or ""))
        text = getattr(hit, "match_text", "") or ""
        label = f"{kind} {text}".strip() if hit.matched_on != "name" else kind
        if getattr(hit, "corrected", False):
            label += " " + self.tr("(similar spelling)")
        if getattr(hit, "other_region", False):
            label += " · " + self.tr("other region")
        return label

    def _match_html(self, hit: Any) -> str:
        kind = html.escape(self.tr(_MATCH_LABELS.get(hit.matched_on, hit.matched_on or "")))
        parts = [kind]
        if hit.matched_on != "name" and getattr(hit, "match_text", ""):
            parts.append(marked_up(hit.match_text, getattr(hit, "match_spans", ())))
        if getattr(hit, "corrected", False):
            parts.append(html.escape(self.tr("(similar spelling)")))
        if getattr(hit, "other_region", False):
            parts.append(f"<span style='color:{OTHER_REGION_COLOUR}'>· {html.escape(self.tr('other region'))}</span>")
        return " ".join(parts)

    def _name_html(self, hit: Any) -> str:
        name = f"{hit.first_name or ''} {hit.last_name or ''}".strip()
        spans = getattr(hit, "match_spans", ()) if hit.matched_on == "name" and \
            getattr(hit, "match_text", "") == name else ()
        return marked_up(name, spans)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        hit = self.hit(index.row())
        if hit is None or not 0 <= index.column() < len(self.COLUMNS):
            return None
        column = self.COLUMNS[index.column()]
        if role == self.ID_ROLE:
            return hit.id
        if role == self.OTHER_REGION_ROLE:
            return bool(getattr(hit, "other_region", False))
        if role == self.HIGHLIGHT_ROLE:
            if column == "name":
                return self._name_html(hit)
            if column == "matched_on":
                return self._match_html(hit)
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if column == "name":
                return f"{hit.first_name or ''} {hit.last_name or ''}".strip()
            if column == "tier":
                return (hit.tier or "").capitalize()
            if column == "home_store":
                return hit.home_store_name or hit.home_store_id or ""
            if column == "last_visit":
                return relative_day(hit.last_visit_at) if hit.last_visit_at else self.tr("never")
            if column == "matched_on":
                return self.match_label(hit)
        if role == Qt.ItemDataRole.ToolTipRole and column == "name":
            return hit.loyalty_number or self.tr("loyalty number pending")
        return None


class HighlightDelegate(QStyledItemDelegate):
    """Paints ``HIGHLIGHT_ROLE`` rich text (bold matched parts) inside the normal item frame."""

    def _document(self, option: QStyleOptionViewItem, markup: str) -> QTextDocument:
        doc = QTextDocument()
        doc.setDocumentMargin(0)
        doc.setDefaultFont(option.font)
        doc.setHtml(markup)
        return doc

    def paint(self, painter, option, index) -> None:  # type: ignore[no-untyped-def]
        markup = index.data(CustomerResultsModel.HIGHLIGHT_ROLE)
        if not markup:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget)
        doc = self._document(opt, markup)
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(role))
        painter.save()
        top = rect.top() + max(0.0, (rect.height() - doc.size().height()) / 2)
        painter.translate(rect.left() + 4, top)
        painter.setClipRect(0, 0, rect.width() - 4, rect.height())
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:  # type: ignore[no-untyped-def]
        size = super().sizeHint(option, index)
        markup = index.data(CustomerResultsModel.HIGHLIGHT_ROLE)
        if markup:
            doc = self._document(option, markup)
            size.setWidth(max(size.width(), int(doc.idealWidth()) + 16))
        return size
