"""Notes and follow-up tasks: add a note, list notes with author and time; add a follow-up with a
due date ("call when size M is back") and tick it off."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QLineEdit, QPlainTextEdit, QPushButton, QWidget

from clienteling.domain.models import CustomerProfile, Task
from clienteling.ui.profile.fmt import day, moment, short_day
from clienteling.ui.profile.rows_model import Col, RowsModel
from clienteling.ui.profile.widgets import EmptyOr, panel, tab_columns, table, wrap_rows


class NotesTab(QWidget):
    """Signals: ``note_requested(body)``, ``task_requested(title, due_on)``, ``complete_requested(task_id)``."""

    note_requested = Signal(str)
    task_requested = Signal(str, str)
    complete_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._people: dict[str, str] = {}
        self._today = date.today().isoformat()

        notes, notes_layout = panel(self, self.tr("Notes"))
        self.note_edit = QPlainTextEdit(notes)
        self.note_edit.setPlaceholderText(self.tr("What should colleagues know? e.g. prefers linen, size M in tops"))
        self.note_edit.setAccessibleName(self.tr("New note"))
        self.note_edit.setFixedHeight(84)
        self.note_edit.setTabChangesFocus(True)
        self.add_note = QPushButton(self.tr("Add note"), notes)
        self.add_note.setObjectName("primaryButton")
        self.add_note.setAccessibleName(self.tr("Add note"))
        self.add_note.clicked.connect(self._add_note)
        self.note_edit.textChanged.connect(
            lambda: self.add_note.setEnabled(bool(self.note_edit.toPlainText().strip())))
        self.add_note.setEnabled(False)
        self.notes = RowsModel([
            Col(self.tr("When"), lambda n: moment(n.created_at)
                + ("\n" + self.tr("waiting to be sent") if n.pending else ""),
                sort_key=lambda n: n.created_at, tone=lambda n: "warn" if n.pending else None),
            Col(self.tr("By"), lambda n: self._people.get(n.associate_id or "", n.associate_id or "")),
            Col(self.tr("Note"), lambda n: n.body, tooltip=lambda n: n.body),
        ], self)
        self.notes_table = table(self.notes, self.tr("Notes"), notes, stretch=2, widths={0: 170, 1: 130})
        wrap_rows(self.notes_table)
        self.notes_list = EmptyOr(self.notes_table, self.tr("No notes yet."), notes)
        add_row = QHBoxLayout()
        add_row.addWidget(self.note_edit, 1)
        add_row.addWidget(self.add_note)
        notes_layout.addLayout(add_row)
        notes_layout.addWidget(self.notes_list, 1)

        tasks, tasks_layout = panel(self, self.tr("Follow-ups"))
        self.task_title = QLineEdit(tasks)
        self.task_title.setPlaceholderText(self.tr("Follow-up, e.g. call when size M is back"))
        self.task_title.setAccessibleName(self.tr("New follow-up"))
        self.task_title.returnPressed.connect(self._add_task)
        self.task_due = QDateEdit(tasks)
        self.task_due.setCalendarPopup(True)
        self.task_due.setDisplayFormat("d MMM yyyy")
        self.task_due.setAccessibleName(self.tr("Due date"))
        self.task_due.setDate(QDate.currentDate().addDays(7))
        self.add_task = QPushButton(self.tr("Add follow-up"), tasks)
        self.add_task.setAccessibleName(self.tr("Add follow-up"))
        self.add_task.clicked.connect(self._add_task)
        self.add_task.setEnabled(False)
        self.task_title.textChanged.connect(lambda text: self.add_task.setEnabled(bool(text.strip())))
        self.tasks = RowsModel([
            Col(self.tr("Due"), lambda t: short_day(t.due_on) if t.kind == "follow_up" else "",
                sort_key=lambda t: t.due_on, tone=self._due_tone),
            Col(self.tr("Follow-up"), self._task_text, tooltip=lambda t: self.tr("Added by %1").replace(
                "%1", self._people.get(t.associate_id or "", t.associate_id or "?"))),
            Col(self.tr("Status"), self._status, tone=lambda t: "muted" if t.status == "done" else None),
        ], self)
        self.tasks_table = table(self.tasks, self.tr("Follow-ups"), tasks, stretch=1, widths={0: 80, 2: 150})
        wrap_rows(self.tasks_table)
        self.tasks_table.selectionModel().currentRowChanged.connect(lambda *_: self._update_complete())
        self.tasks_list = EmptyOr(self.tasks_table, self.tr("No follow-ups. Add one above."), tasks)
        self.complete = QPushButton(self.tr("Mark done"), tasks)
        self.complete.setAccessibleName(self.tr("Mark the selected follow-up done"))
        self.complete.clicked.connect(self._complete)
        self.complete.setEnabled(False)
        task_row = QHBoxLayout()
        task_row.addWidget(self.task_title, 1)
        task_row.addWidget(self.task_due)
        task_row.addWidget(self.add_task)
        done_row = QHBoxLayout()
        done_row.addStretch(1)
        done_row.addWidget(self.complete)
        tasks_layout.addLayout(task_row)
        tasks_layout.addWidget(self.tasks_list, 1)
        tasks_layout.addLayout(done_row)

        tab_columns(self, (notes, 4), (tasks, 3))
        self.setTabOrder(self.note_edit, self.add_note)
        self.setTabOrder(self.add_note, self.task_title)
        self.setTabOrder(self.task_title, self.task_due)
        self.setTabOrder(self.task_due, self.add_task)

    def _task_text(self, t: Task) -> str:
        if t.kind == "outreach":
            channel = {"email": self.tr("Email"), "sms": self.tr("SMS"), "phone": self.tr("Call")}.get(
                t.channel or "", t.channel or "")
            return f"{channel}: {t.title}"
        return t.title

    def _status(self, t: Task) -> str:
        if t.pending:
            return self.tr("waiting to be sent")
        if t.status == "done":
            return self.tr("done %1").replace("%1", day(t.done_at)) if t.done_at else self.tr("done")
        return self.tr("open")

    def _due_tone(self, t: Task) -> str | None:
        if t.status != "open" or not t.due_on:
            return None
        return "bad" if t.due_on < self._today else "warn" if t.due_on == self._today else None

    def show_profile(self, profile: CustomerProfile) -> None:
        self._people = dict(profile.associate_names)
        self._today = date.today().isoformat()
        self.notes.set_rows(profile.notes)
        self.notes_list.set_empty(not profile.notes)
        follow_ups = [t for t in profile.tasks if t.kind == "follow_up"]
        self.tasks.set_rows(follow_ups)
        self.tasks_list.set_empty(not follow_ups)
        self._update_complete()

    def selected_task(self) -> Task | None:
        index = self.tasks_table.currentIndex()
        return self.tasks.row_at(index.row()) if index.isValid() else None

    def _update_complete(self) -> None:
        task = self.selected_task()
        self.complete.setEnabled(task is not None and task.status == "open")

    def _add_note(self) -> None:
        body = self.note_edit.toPlainText().strip()
        if body:
            self.note_requested.emit(body)

    def _add_task(self) -> None:
        title = self.task_title.text().strip()
        if title:
            self.task_requested.emit(title, self.task_due.date().toString("yyyy-MM-dd"))

    def _complete(self) -> None:
        task = self.selected_task()
        if task is not None and task.status == "open":
            self.complete_requested.emit(task.id)

    def clear_note(self) -> None:
        self.note_edit.clear()

    def clear_task(self) -> None:
        self.task_title.clear()
