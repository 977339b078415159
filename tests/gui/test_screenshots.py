"""`clienteling screenshots` renders every main screen from a real demo service (tiny data), the
counter screens (pickups, returns, flags) included."""

from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtGui import QImage

EXPECTED = ["01-enrol.png", "02-initial-download.png", "02b-sign-in.png", "02c-sign-in-wrong-pin.png",
            "03-search-results.png", "03b-search-typo.png",
            "03c-search-phone-last4.png", "04-search-no-match.png", "05-offline-pending.png",
            "06-create-customer.png", "07-inventory-grid.png", "07-inventory-hold-dialog.png",
            "07-inventory-hold.png", "07-inventory-search.png", "08-pickups-queue.png", "08b-pickup-detail.png",
            "08c-handover.png", "08d-handover-refused.png", "09-return-find.png", "09b-return-lines.png",
            "09c-return-approval.png", "09d-return-summary.png", "10-flags.png", "audit-7days.png",
            "audit-gate.png", "dashboard-custom.png",
            "dashboard-gate.png", "dashboard-month.png", "dashboard-pin.png", "dashboard-today.png", "my-clients.png",
            "profile-1-overview.png", "profile-2-purchases.png", "profile-3-loyalty.png",
            "profile-4-notes.png", "profile-5-consent.png", "profile-6-for-them.png"]


def test_screenshots_command_writes_every_screen(tmp_path):
    out = tmp_path / "shots"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-m", "clienteling", "screenshots", "--out", str(out),
                           "--size", "tiny", "--data-dir", str(tmp_path / "demo")],
                          env=env, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-2000:]
    assert sorted(p.name for p in out.iterdir()) == EXPECTED
    for name in EXPECTED:
        image = QImage(str(out / name))
        assert not image.isNull() and image.width() >= 400, name
