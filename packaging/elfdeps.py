"""Shared-library dependencies of the Linux bundle: prune unused Qt plugins, list what the system must give.

Used by ``clienteling.spec`` (dropping plugins the app never loads, with the libraries only they
pulled in) and by ``check-linux.sh``: every library a bundled ELF file needs is either in the bundle or
comes from a Debian package named in the .deb's ``Depends``.

    python packaging/elfdeps.py check BUNDLE_DIR --depends "libegl1, libgl1, ..."
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

# Qt plugins the app never loads, and what each would drag in: the virtual keyboard needs
# QtQuick/QML (~17 MB), the PDF image format QtPdf, and the GTK theme bundles cairo/pango next to
# whatever GTK the terminal has (the app is styled by its own .qss).
DROPPED_PLUGINS = (
    "platforminputcontexts/libqtvirtualkeyboardplugin.so",
    "imageformats/libqpdf.so",
    "platformthemes/libqgtk3.so",
)
# Packages every Debian/Ubuntu system has (Priority: required): a library of theirs may be left out of Depends.
BASE_PACKAGES = {"libc6", "libgcc-s1", "libstdc++6", "zlib1g"}
_NEEDED = re.compile(r"\(NEEDED\)\s+Shared library: \[(.+?)\]")


def is_elf(path: Path) -> bool:
    """Whether ``path`` is an ELF file (a library, plugin or executable)."""
    try:
        with path.open("rb") as fh:
            return fh.read(4) == b"\x7fELF"
    except OSError:
        return False


def needed(path: Path) -> list[str]:
    """Sonames ``path`` links against (its ELF NEEDED entries)."""
    out = subprocess.run(["readelf", "-d", "--wide", str(path)], capture_output=True, text=True, check=True)
    return _NEEDED.findall(out.stdout)


def _closure(roots: set[str], deps: dict[str, list[str]]) -> set[str]:
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(d for d in deps.get(name, ()) if d in deps)
    return seen


def unused_plugin_libraries(binaries: list[tuple], dropped: tuple[str, ...] = DROPPED_PLUGINS) -> set[str]:
    """File names of the dropped plugins and of the libraries only they need, among PyInstaller's binaries."""
    files = [(dest, src) for dest, src, kind in binaries if kind != "SYMLINK"]
    by_name = {Path(dest).name: src for dest, src in files}
    dropped_names = {Path(dest).name for dest, _src in files if dest.endswith(dropped)}
    deps = {name: needed(Path(src)) for name, src in by_name.items() if is_elf(Path(src))}
    candidates = _closure(dropped_names, deps)
    return candidates - _closure({n for n in by_name if n not in candidates}, deps)


def without(toc: list[tuple], names: set[str]) -> list[tuple]:
    """A PyInstaller TOC less the binaries named ``names`` and the symlinks PyInstaller made to them."""
    return [entry for entry in toc
            if not (Path(entry[0]).name in names and entry[2] in ("BINARY", "EXTENSION", "SYMLINK"))]


def external_sonames(bundle: Path) -> dict[str, list[str]]:
    """Sonames needed by files in ``bundle`` that the bundle does not carry, with who needs them."""
    files = [p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink() and is_elf(p)]
    inside = {p.name for p in bundle.rglob("*")}
    missing: dict[str, list[str]] = {}
    for path in files:
        for soname in needed(path):
            if soname not in inside:
                missing.setdefault(soname, []).append(str(path.relative_to(bundle)))
    return missing


def _system_paths() -> dict[str, str]:
    out = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=True).stdout
    paths: dict[str, str] = {}
    for line in out.splitlines():
        m = re.match(r"\s*(\S+) \((libc6,x86-64|libc6,AArch64)[^)]*\) => (\S+)", line)
        if m:
            paths.setdefault(m.group(1), m.group(3))
    return paths


def _owner(path: str) -> str | None:
    candidates = [path, str(Path(path).resolve())]
    candidates += [c.removeprefix("/usr") for c in candidates if c.startswith("/usr/")]
    for candidate in candidates:
        done = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        if done.returncode == 0:
            return done.stdout.split(":", 1)[0].strip()
    return None


def guess_package(soname: str) -> str:
    """Debian's naming rule for a library package: libfoo-bar.so.1 -> libfoo-bar1, libfoo2.so.0 -> libfoo2-0."""
    stem, _, version = soname.partition(".so.")
    stem = stem.lower()
    return f"{stem}-{version.split('.')[0]}" if stem[-1].isdigit() else f"{stem}{version.split('.')[0]}"


def depends_names(depends: str) -> set[str]:
    """Package names in a Depends field (every alternative of each entry, without versions)."""
    names = set()
    for entry in depends.split(","):
        for alternative in entry.split("|"):
            name = alternative.strip().split(" ")[0].split("(")[0]
            if name:
                names.add(name)
    return names


def check(bundle: Path, depends: str) -> list[str]:
    """Problems: system libraries the bundle needs whose package is not in ``depends``."""
    listed = depends_names(depends) | BASE_PACKAGES
    system = _system_paths()
    problems = []
    for soname, users in sorted(external_sonames(bundle).items()):
        package = _owner(system[soname]) if soname in system else None
        how = "owns it here" if package else "guessed from its name, not installed here"
        package = package or guess_package(soname)
        if package not in listed:
            problems.append(f"{soname} (needed by {users[0]}): package {package} ({how}) is not in Depends")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="elfdeps.py", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    chk = sub.add_parser("check", help="every system library the bundle needs is covered by Depends")
    chk.add_argument("bundle", type=Path)
    chk.add_argument("--depends", required=True, help="the control file's Depends value")
    args = parser.parse_args(argv)
    for tool in ("readelf", "ldconfig", "dpkg"):
        if shutil.which(tool) is None:
            print(f"elfdeps.py: {tool} is needed (apt-get install binutils dpkg)", file=sys.stderr)
            return 2
    if not args.bundle.is_dir():
        print(f"elfdeps.py: {args.bundle} is not a folder (build the bundle first)", file=sys.stderr)
        return 2
    problems = check(args.bundle, args.depends)
    for problem in problems:
        print(f"elfdeps.py: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
