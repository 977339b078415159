#!/usr/bin/env bash
# Build the Linux package of the terminal app, in one command from a checkout:
#   packaging/build-linux.sh [--skip-bundle]
# 1. translations (.ts -> .qm), 2. the PyInstaller one-folder bundle dist/clienteling/,
# 3. dist/clienteling_<version>_<arch>.deb: the bundle in /opt/clienteling, /usr/bin/clienteling,
#    a desktop entry and icon, and /etc/clienteling/terminal.toml (a commented example; a conffile,
#    so an edited copy survives upgrades). Needs the .venv made by ./dev, plus binutils and dpkg-deb.
# --skip-bundle reuses dist/clienteling/ (only the .deb is rebuilt).
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
DEB_MAINTAINER="${DEB_MAINTAINER:-Clienteling IT <it@clienteling.invalid>}"
# Libraries the bundle takes from the system (PyInstaller leaves out libGL/EGL, X11/xcb, fontconfig,
# D-Bus and glib on purpose). packaging/check-linux.sh fails when a bundled file needs one not covered.
DEPENDS="libc6 (>= 2.28), libegl1, libgl1, libdrm2, libx11-6, libx11-xcb1, libdbus-1-3, \
libfontconfig1, libfreetype6, libglib2.0-0t64 | libglib2.0-0, libxkbcommon0, libxkbcommon-x11-0, \
libxcb1, libxcb-cursor0, libxcb-glx0, libxcb-icccm4, libxcb-image0, libxcb-keysyms1, libxcb-randr0, \
libxcb-render-util0, libxcb-render0, libxcb-shape0, libxcb-shm0, libxcb-sync1, libxcb-util1, \
libxcb-xfixes0, libxcb-xinput0, libxcb-xkb1, libwayland-client0, libwayland-cursor0, libwayland-egl1"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { echo "build-linux.sh: $*" >&2; exit 1; }

skip_bundle=0
for arg in "$@"; do
    case "$arg" in
        --skip-bundle) skip_bundle=1 ;;
        *) die "unknown option $arg (usage: packaging/build-linux.sh [--skip-bundle])" ;;
    esac
done

[ -x "$PY" ] || die "$PY not found: run ./dev shell once to create the environment"
for tool in dpkg-deb readelf; do
    command -v "$tool" >/dev/null || die "$tool not found (apt-get install dpkg binutils)"
done
if ! "$PY" -c 'import PyInstaller' 2>/dev/null; then
    say "installing PyInstaller into .venv (the 'packaging' extra)"
    "$PY" -m pip install -q -e ".[packaging]"
    "$PY" -c 'import PyInstaller' 2>/dev/null \
        || die "PyInstaller is still missing: pyproject.toml needs the extra packaging = [\"pyinstaller>=6.10\"]"
fi

VERSION=$("$PY" -c 'import clienteling; print(clienteling.__version__)')
DECLARED=$("$PY" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
[ "$VERSION" = "$DECLARED" ] \
    || die "clienteling/__init__.py has __version__ $VERSION but pyproject.toml has version $DECLARED: make them equal"
ARCH=$(dpkg --print-architecture)

if [ "$skip_bundle" -eq 0 ]; then
    say "translations"
    "$PY" packaging/i18n.py compile
    say "PyInstaller bundle (about half a minute)"
    "$PY" -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller \
        packaging/clienteling.spec
fi
[ -x dist/clienteling/clienteling ] || die "dist/clienteling/clienteling missing: run without --skip-bundle"

say "clienteling_${VERSION}_${ARCH}.deb"
STAGE=build/deb/root
rm -rf build/deb
mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
    "$STAGE/usr/share/icons/hicolor/scalable/apps" "$STAGE/etc/clienteling"
cp -a dist/clienteling "$STAGE/opt/clienteling"
# The bootloader finds its _internal folder through /proc/self/exe, so a symlink is enough.
ln -s /opt/clienteling/clienteling "$STAGE/usr/bin/clienteling"
install -m 0644 resources/icons/clienteling.svg "$STAGE/usr/share/icons/hicolor/scalable/apps/clienteling.svg"
"$PY" packaging/example_config.py "$STAGE/etc/clienteling/terminal.toml"
cat > "$STAGE/usr/share/applications/clienteling.desktop" <<'EOF'
[Desktop Entry]
Type=Application
Name=Clienteling
GenericName=Store terminal
GenericName[fr]=Terminal de magasin
Comment=Customers, pickups, returns and stock at the counter
Comment[fr]=Clients, retraits, retours et stock au comptoir
Exec=clienteling
Icon=clienteling
Terminal=false
Categories=Office;
StartupWMClass=clienteling
EOF
echo "/etc/clienteling/terminal.toml" > "$STAGE/DEBIAN/conffiles"
cat > "$STAGE/DEBIAN/control" <<EOF
Package: clienteling
Version: $VERSION
Architecture: $ARCH
Maintainer: $DEB_MAINTAINER
Installed-Size: $(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
Depends: $DEPENDS
Section: misc
Priority: optional
Description: Clienteling store terminal
 The store-counter app: customers, loyalty, pickups, returns, stock and
 recommendations, with an encrypted offline cache synchronised with the
 central service. Configure /etc/clienteling/terminal.toml, then enrol the
 terminal with: clienteling enroll --server URL --code CODE
EOF
chmod -R u=rwX,go=rX "$STAGE"
(cd "$STAGE" && find etc opt usr -type f -print0 | sort -z | xargs -0 md5sum > DEBIAN/md5sums)
chmod 0644 "$STAGE/DEBIAN/md5sums"
dpkg-deb --root-owner-group -Zgzip --build "$STAGE" "dist/clienteling_${VERSION}_${ARCH}.deb" >/dev/null
say "built dist/clienteling/ and dist/clienteling_${VERSION}_${ARCH}.deb ($(du -h "dist/clienteling_${VERSION}_${ARCH}.deb" | cut -f1))"
