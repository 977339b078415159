"""Small building blocks the profile tabs share: section titles, tables, empty states."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QFrame, QHBoxLayout, QHeaderView, QLabel, QSplitter,
                               QStackedWidget, QTableView, QVBoxLayout, QWidget)

from clienteling.ui.profile.rows_model import RowsModel


def section(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("sectionTitle")
    return label


def table(model: RowsModel, name: str, parent: QWidget, stretch: int = 0,
          widths: dict[int, int] | None = None) -> QTableView:
    """A read-only, row-selecting table with touch-height rows; column ``stretch`` takes the rest,
    columns in ``widths`` start at that width (resizable), the others fit their contents."""
    view = QTableView(parent)
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(44)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(False)
    for column, width in (widths or {}).items():
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        view.setColumnWidth(column, width)
    if 0 <= stretch < model.columnCount():
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


def wrap_rows(view: QTableView) -> None:
    """Let long text (notes, product names) wrap onto a second line; the tooltip has it all.
    Rows keep one height so the list scans evenly (and no per-row measuring on reload)."""
    view.setWordWrap(True)
    view.verticalHeader().setDefaultSectionSize(64)


class EmptyOr(QStackedWidget):
    """Shows ``content`` when there is something to show, otherwise a friendly empty-state line."""

    def __init__(self, content: QWidget, empty_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.content = content
        self.empty = QLabel(empty_text, self)
        self.empty.setObjectName("emptyState")
        self.empty.setWordWrap(True)
        self.empty.setMinimumHeight(64)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.addWidget(content)
        self.addWidget(self.empty)

    def set_empty(self, empty: bool) -> None:
        self.setCurrentWidget(self.empty if empty else self.content)


def panel(parent: QWidget, title: str | None = None, name: str = "panel") -> tuple[QFrame, QVBoxLayout]:
    """A white card (``#panel`` in the theme) with its layout and an optional section title."""
    frame = QFrame(parent)
    frame.setObjectName(name)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(16, 12, 16, 12)
    layout.setSpacing(10)
    if title:
        layout.addWidget(section(title, frame))
    return frame, layout


def tab_columns(tab: QWidget, *columns: tuple[QWidget, int]) -> QHBoxLayout:
    """A tab's body: cards side by side with the given stretch factors."""
    layout = QHBoxLayout(tab)
    layout.setContentsMargins(0, 12, 0, 0)
    layout.setSpacing(16)
    for widget, stretch in columns:
        layout.addWidget(widget, stretch)
    return layout


def side_by_side(parent: QWidget, left: QWidget, right: QWidget, sizes: tuple[int, int]) -> QSplitter:
    """A list and its detail next to each other; the associate can drag the divide."""
    splitter = QSplitter(Qt.Orientation.Horizontal, parent)
    splitter.addWidget(left)
    splitter.addWidget(right)
    splitter.setStretchFactor(0, 3)
    splitter.setStretchFactor(1, 2)
    splitter.setSizes(list(sizes))
    splitter.setChildrenCollapsible(False)
    return splitter
