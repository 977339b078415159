"""Build step for translations: refresh the ``.ts`` sources from the code, compile them to ``.qm``.

    python packaging/i18n.py compile       # every resources/i18n/*.ts -> .qm (the build, before PyInstaller)
    python packaging/i18n.py update [LANG...]
        # re-scan clienteling/ui and clienteling/app.py into every existing .ts (and a new
        # clienteling_LANG.ts for each LANG given); translators then fill them in Qt Linguist

``update`` also finds the strings of the modules that translate through a small helper
(``def _tr(text): return QCoreApplication.translate("Context", text)``), which lupdate cannot see:
it writes each such module's ``_tr("...")`` calls as ``QCoreApplication.translate("Context", "...")``
at the same line of a shadow copy under ``build/``, scans the copies too, and points the locations
back at the real files.
"""

from __future__ import annotations

import argparse
import ast
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: the app's package lives at the repository root

from clienteling.i18n import (CATALOG, TranslationBuildError, compile_translations,  # noqa: E402
                              translations_dir)

SHADOW = "build/i18n-shadow"


def sources() -> list[Path]:
    """The files whose visible text is translated."""
    return sorted((ROOT / "clienteling" / "ui").rglob("*.py")) + [ROOT / "clienteling" / "app.py"]


def _helper_context(tree: ast.Module) -> str | None:
    """The context of a module-level ``_tr(text)`` that returns ``X.translate("Context", text)``."""
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == "_tr":
            for ret in ast.walk(node):
                call = ret.value if isinstance(ret, ast.Return) else None
                if (isinstance(call, ast.Call) and getattr(call.func, "attr", "") == "translate"
                        and call.args and isinstance(call.args[0], ast.Constant)):
                    return str(call.args[0].value)
    return None


def shadow_source(path: Path) -> str | None:
    """The ``_tr("...")`` calls of ``path`` as lupdate-visible calls on the same lines, or None."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    context = _helper_context(tree)
    if context is None:
        return None
    lines: dict[int, list[str]] = {}
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_tr"
                and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            call = f"QCoreApplication.translate({context!r}, {node.args[0].value!r})"
            lines.setdefault(node.lineno, []).append(call)
    if not lines:
        return None
    # Line 1 of a module is never a call (its docstring or an import): lupdate wants the import.
    body = ["from PySide6.QtCore import QCoreApplication"]
    body += ["; ".join(lines.get(n, [])) for n in range(2, max(lines) + 1)]
    return "\n".join(body) + "\n"


def update(languages: list[str]) -> list[Path]:
    """Re-scan the sources into every ``.ts`` (creating one per new language); returns the files."""
    folder = translations_dir()
    folder.mkdir(parents=True, exist_ok=True)
    targets = {ts: None for ts in sorted(folder.glob(f"{CATALOG}_*.ts"))}
    targets.update({folder / f"{CATALOG}_{lang}.ts": lang for lang in languages})
    if not targets:
        raise SystemExit(f"no {CATALOG}_*.ts in {folder}: name a language to create one (e.g. fr)")
    shadow = ROOT / SHADOW
    shutil.rmtree(shadow, ignore_errors=True)
    files = [str(p) for p in sources()]
    for path in sources():
        text = shadow_source(path)
        if text is not None:
            copy = shadow / path.relative_to(ROOT)
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(text, encoding="utf-8")
            files.append(str(copy))
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    try:
        for ts, lang in targets.items():
            extra = ["-target-language", lang] if lang and not ts.exists() else []
            subprocess.run([str(lupdate), "-silent", "-no-obsolete", "-locations", "absolute",
                            "-source-language", "en", *extra, *files, "-ts", str(ts)], check=True)
            # Locations of helper strings name the shadow copy: point them at the real file.
            ts.write_text(ts.read_text(encoding="utf-8").replace(SHADOW + "/", ""), encoding="utf-8")
    finally:
        shutil.rmtree(shadow, ignore_errors=True)
    return list(targets)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="packaging/i18n.py", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("compile", help="compile every resources/i18n/*.ts into a .qm beside it")
    up = sub.add_parser("update", help="re-scan the code into the .ts files")
    up.add_argument("languages", nargs="*", help="also create clienteling_LANG.ts for these languages")
    args = parser.parse_args(argv)
    if args.command == "update":
        for ts in update(args.languages):
            print(f"updated {ts.relative_to(ROOT)}")
        return 0
    try:
        written = compile_translations()
    except TranslationBuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for qm in written:
        print(f"compiled {qm.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
