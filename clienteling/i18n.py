"""Translations: the app's language (the config's, else the system's) and the compiled ``.qm`` files.

Translators edit ``resources/i18n/clienteling_<lang>.ts``; the ``.qm`` files Qt loads are generated
from them and never committed. The build compiles them before PyInstaller
(``python packaging/i18n.py compile``); a run from a source checkout compiles a missing or stale
``.qm`` on the fly, so a dev run never shows translations older than the ``.ts`` it ships. English is
the source language: it needs no file, and any string a ``.ts`` leaves unfinished falls back to it.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import PySide6
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from clienteling.resources import resources_dir

log = logging.getLogger(__name__)

SOURCE_LANGUAGE = "en"
CATALOG = "clienteling"
"""Translation files are ``<CATALOG>_<language>.ts`` / ``.qm`` in :func:`translations_dir`."""
_TRANSLATOR_NAME = "clienteling-i18n"


class TranslationBuildError(RuntimeError):
    """A ``.ts`` file could not be compiled (lrelease missing, or the file is malformed)."""


def translations_dir() -> Path:
    """``resources/i18n``: the ``.ts`` sources and, once compiled, the ``.qm`` files beside them."""
    return resources_dir() / "i18n"


def lrelease_path() -> Path:
    """Qt's ``lrelease`` shipped inside the PySide6 wheel."""
    name = "lrelease.exe" if sys.platform == "win32" else "lrelease"
    return Path(PySide6.__file__).resolve().parent / name


def compile_translation(ts: Path) -> Path:
    """Compile one ``.ts`` into the ``.qm`` beside it; returns the ``.qm`` path."""
    qm = ts.with_suffix(".qm")
    tool = lrelease_path()
    if not tool.is_file():
        raise TranslationBuildError(f"{ts}: cannot compile, {tool} not found (is PySide6 installed?)")
    # -nounfinished: lupdate's guesses (same text in another context) wait for a translator's review.
    done = subprocess.run([str(tool), "-silent", "-nounfinished", str(ts), "-qm", str(qm)],
                          capture_output=True, text=True)
    if done.returncode != 0 or not qm.is_file():
        reason = (done.stderr or done.stdout).strip() or f"lrelease exited with {done.returncode}"
        raise TranslationBuildError(f"{ts}: not a valid Qt translation source ({reason})")
    return qm


def compile_translations(folder: Path | None = None, *, stale_only: bool = False) -> list[Path]:
    """Compile every ``.ts`` of ``folder`` (default :func:`translations_dir`); with ``stale_only``,
    only those whose ``.qm`` is missing or older than the ``.ts``. Returns the ``.qm`` written."""
    folder = translations_dir() if folder is None else folder
    written = []
    for ts in sorted(folder.glob(f"{CATALOG}_*.ts")):
        qm = ts.with_suffix(".qm")
        if stale_only and qm.is_file() and qm.stat().st_mtime >= ts.stat().st_mtime:
            continue
        written.append(compile_translation(ts))
    return written


def _refresh_for_dev_run(folder: Path) -> None:
    # A bundle carries the .qm the build compiled (and no lrelease): nothing to refresh there.
    if getattr(sys, "frozen", False):
        return
    try:
        compiled = compile_translations(folder, stale_only=True)
    except (OSError, TranslationBuildError) as exc:
        log.warning("translations not compiled, the app may show English: %s", exc)
        return
    if compiled:
        log.info("compiled %d translation file(s) in %s", len(compiled), folder)


def _remove_installed(app: QCoreApplication) -> None:
    for old in app.findChildren(QTranslator, _TRANSLATOR_NAME):
        app.removeTranslator(old)
        old.setParent(None)  # Python drops the last reference: Qt frees it now, not at a later event


def _load(app: QCoreApplication, locale: QLocale, catalog: str, folder: str) -> QTranslator | None:
    translator = QTranslator(app)
    translator.setObjectName(_TRANSLATOR_NAME)
    if translator.load(locale, catalog, "_", folder) and app.installTranslator(translator):
        return translator
    translator.setParent(None)
    return None


def install_translator(app: QCoreApplication, language: str = "") -> str:
    """Translate the app into ``language`` ("fr", "fr_CA"...; "" = the system locale) and return
    the language used ("en" when there is no translation for it). Create widgets after this call."""
    _remove_installed(app)
    locale = QLocale(language) if language else QLocale.system()
    folder = translations_dir()
    _refresh_for_dev_run(folder)
    ours = _load(app, locale, CATALOG, str(folder))
    if ours is None:
        if locale.language() != QLocale.Language.English:
            log.info("no translation for %s in %s: the app shows English", locale.name(), folder)
        return SOURCE_LANGUAGE
    used = QLocale(ours.language()).name().split("_")[0]
    # Qt's own texts (standard buttons, context menus) in the same language, when Qt ships them.
    if _load(app, QLocale(used), "qtbase", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)) is None:
        log.info("Qt's own texts have no %s translation here: standard buttons stay in English", used)
    return used
