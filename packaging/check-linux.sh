#!/usr/bin/env bash
# Check the Linux package end to end (about 1.5 minutes here): build the bundle and the .deb, run the
# bundled 'clienteling selftest' offscreen with a throw-away data folder, check that every system library
# the bundle needs is in the .deb's Depends, and check the .deb's metadata and contents.
#   packaging/check-linux.sh [--skip-bundle]     (--skip-bundle: reuse dist/clienteling/)
# Exits non-zero, naming the failed check, on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
fail() { echo "check-linux.sh: FAILED: $*" >&2; exit 1; }

packaging/build-linux.sh "$@" || fail "the build (see above)"
VERSION=$(.venv/bin/python -c 'import clienteling; print(clienteling.__version__)')
DEB="dist/clienteling_${VERSION}_$(dpkg --print-architecture).deb"
[ -f "$DEB" ] || fail "$DEB was not built"

say "bundled selftest (offscreen)"
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
# A fresh HOME: no user config or data of this machine leaks in, nothing is left behind.
# The 'file' credential store: there is no desktop keyring on a build machine.
env -u DISPLAY -u WAYLAND_DISPLAY HOME="$SCRATCH/home" XDG_CONFIG_HOME="$SCRATCH/home/.config" \
    XDG_DATA_HOME="$SCRATCH/home/.local/share" XDG_STATE_HOME="$SCRATCH/home/.local/state" \
    QT_QPA_PLATFORM=offscreen \
    dist/clienteling/clienteling selftest --data-dir "$SCRATCH/data" --credential-store file \
    || fail "dist/clienteling/clienteling selftest exited with $? (its report is above)"

say "system libraries the bundle needs are in Depends"
DEPENDS=$(dpkg-deb --field "$DEB" Depends)
.venv/bin/python packaging/elfdeps.py check dist/clienteling --depends "$DEPENDS" \
    || fail "a library the bundle needs is not covered by Depends (packaging/build-linux.sh DEPENDS)"

# Every Depends name must exist in this distribution (a misspelt one would make the .deb uninstallable).
if apt-cache show libgl1 >/dev/null 2>&1; then
    say "apt can resolve Depends (simulated install)"
    apt-get install --simulate --no-install-recommends "./$DEB" >"$SCRATCH/apt.log" 2>&1 \
        || { tail -20 "$SCRATCH/apt.log" >&2; fail "apt cannot install $DEB's dependencies (see above)"; }
else
    say "apt has no package lists here (apt-get update): the simulated install is skipped"
fi

say "package metadata and contents"
dpkg-deb --info "$DEB" >/dev/null || fail "dpkg-deb --info cannot read $DEB"
[ "$(dpkg-deb --field "$DEB" Package)" = clienteling ] || fail "Package is not 'clienteling'"
[ "$(dpkg-deb --field "$DEB" Version)" = "$VERSION" ] || fail "Version is not $VERSION"
for pkg in libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 libxkbcommon0 \
        libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1; do
    grep -Eq "(^|[ ,|])$pkg([ ,|(]|$)" <<<"$DEPENDS" || fail "Depends lacks $pkg"
done
dpkg-deb --ctrl-tarfile "$DEB" | tar -xO ./conffiles | grep -qx /etc/clienteling/terminal.toml \
    || fail "/etc/clienteling/terminal.toml is not a conffile"
CONTENTS=$(dpkg-deb --contents "$DEB")
for path in ./opt/clienteling/clienteling ./usr/share/applications/clienteling.desktop \
        ./usr/share/icons/hicolor/scalable/apps/clienteling.svg ./etc/clienteling/terminal.toml \
        ./opt/clienteling/_internal/resources/style.qss; do
    grep -q " $path\( \|$\)" <<<"$CONTENTS" || fail "$DEB lacks $path"
done
for ts in resources/i18n/*.ts; do
    [ -e "$ts" ] || continue
    qm="./opt/clienteling/_internal/resources/i18n/$(basename "${ts%.ts}").qm"
    grep -q " $qm$" <<<"$CONTENTS" || fail "$DEB lacks $qm (the translation built from $ts)"
done
grep -q "^-rwxr-xr-x root/root .* ./opt/clienteling/clienteling$" <<<"$CONTENTS" \
    || fail "/opt/clienteling/clienteling is not an executable owned by root"
grep -q " ./usr/bin/clienteling -> /opt/clienteling/clienteling$" <<<"$CONTENTS" \
    || fail "/usr/bin/clienteling is not a link to /opt/clienteling/clienteling"
if grep -Eq "Qt6(WebEngine|Quick|Qml|Pdf|3D|Multimedia)" <<<"$CONTENTS"; then
    fail "unused Qt modules are in the bundle: $(grep -Eo 'libQt6(WebEngine|Quick|Qml|Pdf|3D|Multimedia)[^ ]*' <<<"$CONTENTS" | sort -u | head -5 | tr '\n' ' ')"
fi
dpkg-deb --fsys-tarfile "$DEB" | tar -xO ./etc/clienteling/terminal.toml \
    | .venv/bin/python -c 'import sys, tomllib; sys.exit(tomllib.loads(sys.stdin.read()) != {})' \
    || fail "the example terminal.toml is not an all-commented TOML file"
if command -v desktop-file-validate >/dev/null; then
    dpkg-deb --fsys-tarfile "$DEB" | tar -xO ./usr/share/applications/clienteling.desktop > "$SCRATCH/clienteling.desktop"
    desktop-file-validate "$SCRATCH/clienteling.desktop" || fail "the desktop entry does not validate"
fi
say "ok: $DEB ($(du -h "$DEB" | cut -f1), bundle $(du -sh dist/clienteling | cut -f1))"
