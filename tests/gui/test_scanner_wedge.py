"""The keyboard-wedge scanner: a fast burst ending in Enter anywhere is a scan (and does not
stay in the field it landed in); a person typing the same characters is not."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from clienteling.ui.scanner import ScannerFilter


class FakeClock:
    """Milliseconds that advance by ``step`` on each read: the keys' pace."""

    def __init__(self, step: float) -> None:
        self.now, self.step = 0.0, step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


@pytest.fixture
def form(qtbot, qapp):
    widget = QWidget()
    layout = QVBoxLayout(widget)
    name, other = QLineEdit(widget), QLineEdit(widget)
    layout.addWidget(name)
    layout.addWidget(other)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    name.setFocus()
    name.setText("Ada ")
    return widget, name, other


def make_scanner(qapp, step_ms: float) -> tuple[ScannerFilter, list]:
    scanner = ScannerFilter(clock=FakeClock(step_ms))
    scanner.install(qapp)
    got: list = []
    scanner.scanned.connect(lambda kind, value: got.append((kind, value)))
    return scanner, got


def test_a_burst_is_a_scan_and_leaves_the_field_as_it_was(qtbot, qapp, form):
    _, name, _ = form
    scanner, got = make_scanner(qapp, step_ms=5)
    entered: list[str] = []
    name.returnPressed.connect(lambda: entered.append(name.text()))
    try:
        qtbot.keyClicks(name, "4677325666")
        qtbot.keyClick(name, "\r")
    finally:
        scanner.uninstall()
    assert got == [("loyalty", "4677325666")]
    assert name.text() == "Ada "  # the digits did not stay in the field
    assert entered == []  # the Enter was the scanner's, not the form's


def test_human_typing_is_not_a_scan(qtbot, qapp, form):
    _, name, _ = form
    scanner, got = make_scanner(qapp, step_ms=120)
    try:
        qtbot.keyClicks(name, "4677325666")
        qtbot.keyClick(name, "\r")
    finally:
        scanner.uninstall()
    assert got == []
    assert name.text() == "Ada 4677325666"


def test_unknown_or_short_bursts_pass_through(qtbot, qapp, form):
    _, name, other = form
    scanner, got = make_scanner(qapp, step_ms=5)
    try:
        qtbot.keyClicks(name, "hello world")  # fast, but not a code
        qtbot.keyClick(name, "\r")
        other.setFocus()
        qtbot.keyClicks(other, "W100")  # a code too short to be a scan
        qtbot.keyClick(other, "\r")
    finally:
        scanner.uninstall()
    assert got == []
    assert name.text() == "Ada hello world" and other.text() == "W100"


def test_product_order_and_pickup_codes_from_anywhere(qtbot, qapp, form):
    widget, _, other = form
    other.setFocus()
    scanner, got = make_scanner(qapp, step_ms=3)
    try:
        for code in ("4006381333931", "W1000123", "K7M2QX"):
            qtbot.keyClicks(other, code)
            qtbot.keyClick(other, "\r")
    finally:
        scanner.uninstall()
    assert got == [("product", "4006381333931"), ("order", "W1000123"), ("pickup", "K7M2QX")]
    assert other.text() == ""


def test_a_slow_pause_inside_a_code_breaks_the_burst(qtbot, qapp, form):
    _, name, _ = form
    clock = FakeClock(5)
    scanner = ScannerFilter(clock=clock)
    scanner.install(qapp)
    got: list = []
    scanner.scanned.connect(lambda kind, value: got.append(kind))
    try:
        qtbot.keyClicks(name, "46773")
        clock.now += 500  # the associate stopped to think
        qtbot.keyClicks(name, "25666")
        qtbot.keyClick(name, "\r")
    finally:
        scanner.uninstall()
    assert got == []


def test_real_time_burst_with_qtbot(qtbot, qapp, form):
    """Without a fake clock: keyClicks without delay is machine speed, with 60 ms a person."""
    _, name, _ = form
    scanner = ScannerFilter()
    scanner.install(qapp)
    got: list = []
    scanner.scanned.connect(lambda kind, value: got.append(value))
    try:
        qtbot.keyClicks(name, "8033408181")
        qtbot.keyClick(name, "\r")
        qtbot.keyClicks(name, "8033408181", delay=60)
        qtbot.keyClick(name, "\r", delay=60)
    finally:
        scanner.uninstall()
    assert got == ["8033408181"]
    assert name.text() == "Ada 8033408181"


def test_a_card_scanned_while_typing_a_note_leaves_the_note_as_it_was(qtbot, qapp):
    from PySide6.QtWidgets import QPlainTextEdit

    note = QPlainTextEdit()
    qtbot.addWidget(note)
    note.show()
    qtbot.waitExposed(note)
    note.setFocus()
    note.setPlainText("Wants the blazer in M")
    note.moveCursor(note.textCursor().MoveOperation.End)
    scanner, got = make_scanner(qapp, step_ms=5)
    try:
        qtbot.keyClicks(note, "4677325666")
        qtbot.keyClick(note, "\r")
    finally:
        scanner.uninstall()
    assert got == [("loyalty", "4677325666")]
    assert note.toPlainText() == "Wants the blazer in M"
