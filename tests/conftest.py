"""Test-wide set-up: Qt offscreen, no real keychain, no stray network."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")
