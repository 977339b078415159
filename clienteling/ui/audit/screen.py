"""The audit trail screen: who did what when at this store, filtered by period, associate and action,
with CSV export. Behind a manager's PIN (like the dashboard); reads only the cache."""

from __future__ import annotations

from collections.abc import Awaitable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QHeaderView, QTableView, QVBoxLayout, QWidget

from clienteling.services.audit import AuditPage
from clienteling.ui.audit.export import file_name, write_csv
from clienteling.ui.audit.filters import AuditFilters
from clienteling.ui.manager_screen import ManagerScreen
from clienteling.ui.audit.model import AuditModel
from clienteling.ui.context import ScreenContext


def _tr(text: str) -> str:
    return QCoreApplication.translate("Audit", text)


class AuditScreen(ManagerScreen):
    """``loaded(AuditPage)`` after each read; ``unlock_changed(bool)`` on sign-in and ``lock()``.
    Locked again by ``lock()`` (idle lock) and whenever the screen is left."""

    def __init__(self, ctx: ScreenContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _tr(
            "The audit trail lists who did what and when at %1: handovers, returns, notes, holds and every "
            "other change, including the ones the central service refused. A manager of this store signs "
            "in with their PIN to see it."), _tr("Open the audit trail"), parent)
        self.setObjectName("auditScreen")
        self.read_error = self.tr("The audit trail could not be read: %1")
        self.page: AuditPage | None = None
        self.set_content(self._content())

    def _content(self) -> QWidget:
        page = QWidget(self)
        title = self.tr("Audit trail · %1").replace("%1", self.ctx.store_name or self.ctx.store_id)
        top = self.top_bar(page, title, "audit")
        self.filters = AuditFilters(page)
        self.filters.changed.connect(self.refresh)
        self.summary = self.plain(page, "periodLabel")
        self.freshness = self.plain(page, "dashboardFreshness", wrap=False)
        info = QHBoxLayout()
        info.addWidget(self.summary, 1)
        info.addWidget(self.freshness)

        self.model = AuditModel(page)
        self.table = QTableView(page)
        self.table.setObjectName("auditTable")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)  # the outcome: a refusal's words take the room left

        layout = QVBoxLayout(page)
        layout.setContentsMargins(24, 18, 24, 12)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self.filters)
        layout.addLayout(info)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        return page

    # ----- reading and showing ---------------------------------------------------------------

    def on_unlocked(self) -> None:
        self.ctx.ops.run(self.ctx.db(self.ctx.services.audit.associates), self._on_associates)

    def read(self) -> Awaitable[AuditPage]:
        f = self.filters
        return self.ctx.db(self.ctx.services.audit.page, f.kind, f.associate_id, f.action)

    def _on_associates(self, people: list[tuple[str, str]]) -> None:
        if self.unlocked:
            self.filters.set_associates(people)

    def show_result(self, page: AuditPage) -> None:
        self.page = page
        self.model.set_entries(page.entries, page.tz)
        count = len(page.entries)
        if not count:
            text = self.tr("No actions recorded in this period.")
        elif count >= page.limit:
            text = self.tr("The newest %1 actions: choose a shorter period or filter to see older ones")
        else:
            text = self.tr("%1 action(s), newest first")
        zone = self.tr("times are store time (%1)").replace("%1", page.tz)
        self.summary.setText(f"{text.replace('%1', f'{count:,}')} · {zone}")
        self.freshness.setText(self.freshness_text(page.as_of))
        self.export_button.setEnabled(bool(count))

    def clear(self) -> None:
        self.page = None
        self.model.set_entries([], "UTC")
        self.summary.clear()

    # ----- export ----------------------------------------------------------------------------

    def export_csv(self, folder: str | None = None) -> Path | None:
        """Write the entries on screen as CSV into ``folder`` (asked for with a folder dialog when None)."""
        page = self.page
        if page is None or not page.entries:
            return None
        if folder is None:
            folder = QFileDialog.getExistingDirectory(self, self.tr("Export the audit trail to a folder"))
            if not folder:
                return None
        try:
            path = write_csv(page.entries, page.tz, folder, file_name(self.ctx.store_id, self.filters.kind, page.since))
        except OSError as exc:
            self.show_status(self.tr("The CSV file could not be written: %1").replace("%1", exc.strerror or str(exc)))
            return None
        self.ctx.messages.info(self.tr("Audit trail saved as %1").replace("%1", str(path)))
        return path
