"""The core stays Qt-free and dependencies point one way (DESIGN.md, STYLE.md #1)."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
QT_FREE = ["clienteling.domain", "clienteling.cache", "clienteling.services", "clienteling.security",
           "clienteling.replication", "clienteling.terminal", "clienteling.config", "sync"]


def _modules(package: str) -> list[str]:
    path = ROOT / package.replace(".", "/")
    if path.with_suffix(".py").exists():
        return [package]
    if not path.is_dir():
        return []
    names = [package]
    for info in pkgutil.walk_packages([str(path)], prefix=package + "."):
        names.append(info.name)
    return names


def test_core_modules_import_no_qt():
    modules = [m for pkg in QT_FREE for m in _modules(pkg) if ".migrations." not in m]
    assert any(m.startswith("clienteling.cache") for m in modules), "the cache package should exist"
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'qasync'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"Qt imported by the core: {out.stdout.strip()}"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_sync_never_imports_the_app():
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "sync").rglob("*.py")
                 if any(n.split(".")[0] == "clienteling" for n in _imports(p))]
    assert offenders == []


def test_domain_services_cache_do_not_import_ui():
    offenders = []
    for pkg in ("domain", "services", "cache", "security"):
        for p in (ROOT / "clienteling" / pkg).rglob("*.py"):
            if any(n.startswith(("clienteling.ui", "clienteling.app")) for n in _imports(p)):
                offenders.append(str(p.relative_to(ROOT)))
    assert offenders == []
