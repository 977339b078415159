"""Translations: the assembled window (app.build_window, a real synced cache) in French and English,
the system locale followed when the config names no language, and the .ts -> .qm build."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication

from clienteling.app import build_window
from clienteling.i18n import TranslationBuildError, compile_translations, install_translator, translations_dir
from clienteling.ui.messages import MessageBridge
from clienteling.ui.ops import Ops
from tests.gui.test_main_window_routes import _window, central  # noqa: F401  (module fixture)

FRENCH = translations_dir() / "clienteling_fr.ts"

# Screens the French translation covers completely (the rest falls back to English for now).
COMPLETE_IN_FRENCH = ("MainWindow", "SyncStatusWidget", "formatting", "SignInScreen", "CustomerSearchPanel",
                      "CustomerResultsModel", "CustomerCard", "EnrolDialog", "CreateCustomerDialog",
                      "ManagerGate", "PinDialog", "DashboardScreen", "PeriodBar", "Dashboard",
                      "CustomerProfileScreen", "ProfileHeader", "app")


@pytest.fixture
def language(qapp):
    """Install a language for the test's widgets; English again afterwards for the other tests."""
    yield lambda lang: install_translator(qapp, lang)
    install_translator(qapp, "en")


def visible_texts(win) -> dict[str, str]:
    profile = win.screens["profile"]
    return {"sign-in title": win.signin.button.text(), "pin placeholder": win.signin.pin.placeholderText(),
            **{f"nav {name}": button.text() for name, button in win.nav_buttons.items()},
            "switch": win.switch_button.text(), "search": win.search.box.placeholderText(),
            "new customer": win.search.new_button.text(), "pending": win.status.pending.text(),
            "tabs": " | ".join(profile.tabs.tabText(i) for i in range(profile.tabs.count()))}


@pytest.mark.asyncio
async def test_switching_language_changes_the_visible_text(qtbot, tmp_path, central, language):  # noqa: F811
    assert language("en") == "en"
    english, terminal = await _window(qtbot, tmp_path, central, signed_in=False)
    try:
        assert language("fr") == "fr"
        messages = MessageBridge()
        french, _ctx = build_window(terminal, Ops(messages), messages)  # widgets made after the switch
        qtbot.addWidget(french)
        en, fr = visible_texts(english), visible_texts(french)
        assert (en["sign-in title"], en["nav customers"], en["nav inventory"], en["switch"]) == (
            "Sign in", "Customers", "Inventory", "Switch")
        assert (fr["sign-in title"], fr["nav customers"], fr["nav inventory"], fr["switch"]) == (
            "Se connecter", "Clients", "Stock", "Changer")
        assert fr["pending"] == "Toutes les modifications sont envoyées" and en["pending"] == "All changes sent"
        assert fr["tabs"].startswith("Aperçu | Pour ce client | Achats | Fidélité")
        assert [key for key in en if en[key] == fr[key]] == []  # every one of these texts is translated
    finally:
        await terminal.aclose()


def test_strings_not_yet_reviewed_stay_in_english(qapp, language):
    guessed = [(ctx, m.findtext("source")) for ctx, m in _messages(FRENCH)
               if m.find("translation").get("type") == "unfinished" and (m.find("translation").text or "").strip()]
    assert language("fr") == "fr"
    assert [QCoreApplication.translate(ctx, source) for ctx, source in guessed] == [s for _c, s in guessed]


def test_an_unknown_language_falls_back_to_english(qapp, language):
    assert language("de") == "en"
    assert QCoreApplication.translate("SignInScreen", "Sign in") == "Sign in"
    assert language("fr_CA") == "fr"  # a regional variant gets the language's file
    assert QCoreApplication.translate("SignInScreen", "Sign in") == "Se connecter"


SYSTEM_LOCALE_PROBE = """
from PySide6.QtCore import QCoreApplication
from clienteling.i18n import install_translator
app = QCoreApplication([])
print(install_translator(app, ""), QCoreApplication.translate("MainWindow", "Customers"))
"""


@pytest.mark.parametrize("lang, expected", [("fr_FR.UTF-8", "fr Clients"), ("en_GB.UTF-8", "en Customers")])
def test_no_configured_language_follows_the_system_locale(lang, expected):
    # Qt reads the system locale once per process: ask a fresh one.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    env.update(LANG=lang, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", SYSTEM_LOCALE_PROBE], capture_output=True, text=True, env=env,
                          cwd=Path(__file__).resolve().parents[2], check=True)
    assert done.stdout.strip() == expected


def _messages(ts: Path):
    for context in ET.parse(ts).getroot().iter("context"):
        for message in context.iter("message"):
            yield context.findtext("name"), message


def test_the_french_translation_is_complete_for_the_main_screens():
    unfinished = [(ctx, m.findtext("source")) for ctx, m in _messages(FRENCH)
                  if ctx in COMPLETE_IN_FRENCH and m.find("translation").get("type") == "unfinished"]
    assert unfinished == []


def test_translations_keep_every_placeholder_of_their_source():
    wrong = []
    for ts in sorted(translations_dir().glob("clienteling_*.ts")):
        for ctx, m in _messages(ts):
            translation = m.find("translation")
            forms = [f.text or "" for f in translation.iter("numerusform")] or [translation.text or ""]
            wanted = sorted(set(re.findall(r"%\w", m.findtext("source"))))
            wrong += [(ts.name, ctx, m.findtext("source"), form) for form in forms
                      if form and sorted(set(re.findall(r"%\w", form))) != wanted]
    assert wrong == []


def test_compiling_writes_a_qm_per_ts_and_skips_up_to_date_ones(tmp_path):
    shutil.copy(FRENCH, tmp_path / FRENCH.name)
    assert [p.name for p in compile_translations(tmp_path)] == ["clienteling_fr.qm"]
    assert compile_translations(tmp_path, stale_only=True) == []
    qm = tmp_path / "clienteling_fr.qm"
    os.utime(qm, (0, 0))  # older than its .ts: a dev run compiles it again
    assert compile_translations(tmp_path, stale_only=True) == [qm]


def test_a_broken_ts_names_the_file(tmp_path):
    broken = tmp_path / "clienteling_xx.ts"
    broken.write_text("<TS><context><name>x</name><message>", encoding="utf-8")
    with pytest.raises(TranslationBuildError, match=r"clienteling_xx\.ts: not a valid Qt translation source"):
        compile_translations(tmp_path)


def test_the_build_script_compiles_every_ts():
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, str(root / "packaging" / "i18n.py"), "compile"],
                          capture_output=True, text=True, cwd=root)
    assert done.returncode == 0, done.stderr
    assert "compiled resources/i18n/clienteling_fr.qm" in done.stdout
