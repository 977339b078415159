"""The Linux package: the example config and the dependency tools always; the real build only with
``PACKAGING_CHECK=1`` (it takes about two minutes and needs PyInstaller in the venv).

The build test runs ``packaging/check-linux.sh`` (bundle, .deb, bundled selftest, Depends check),
then drives the bundled executable the way IT does: enrol against a real central service on
loopback, sync once, and a selftest that passes while the service is up and fails once it is gone;
and the bundled demo (its own central service, started by the bundle) renders the styled window.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import tomllib
from pathlib import Path

import pytest

from clienteling.config import SETTINGS, load_config
from tests.helpers.central import seeded_db_url, start_central

ROOT = Path(__file__).resolve().parents[2]


def _packaging_module(name: str):
    """A script of packaging/ (not a package) loaded as a module."""
    spec = importlib.util.spec_from_file_location(f"packaging_{name}", ROOT / "packaging" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


elfdeps = _packaging_module("elfdeps")
example_config = _packaging_module("example_config")

packaging_check = pytest.mark.skipif(os.environ.get("PACKAGING_CHECK") != "1",
                                     reason="builds the bundle and the .deb: set PACKAGING_CHECK=1")
QT_LIB = Path(__import__("PySide6").__file__).parent / "Qt"


def test_example_config_is_all_comments_and_every_key_in_it_loads(tmp_path):
    text = example_config.render()
    assert tomllib.loads(text) == {}
    uncommented = tmp_path / "terminal.toml"
    uncommented.write_text(re.sub(r"(?m)^# (\w+ = )", r"\1", text), encoding="utf-8")

    config = load_config(files=[uncommented], env={}, cli={})

    assert set(config.sources) == {s.key for s in SETTINGS}
    for setting in SETTINGS:
        if setting.default is not None and setting.key != "data_dir":
            assert getattr(config, setting.key) == setting.default, setting.key


def test_dropping_a_plugin_drops_the_libraries_only_it_needs():
    toc = [("PySide6/QtGui.abi3.so", str(QT_LIB.parent / "QtGui.abi3.so"), "EXTENSION"),
           ("PySide6/Qt/lib/libQt6Gui.so.6", str(QT_LIB / "lib" / "libQt6Gui.so.6"), "BINARY"),
           ("PySide6/Qt/lib/libQt6Core.so.6", str(QT_LIB / "lib" / "libQt6Core.so.6"), "BINARY"),
           ("PySide6/Qt/lib/libQt6Pdf.so.6", str(QT_LIB / "lib" / "libQt6Pdf.so.6"), "BINARY"),
           ("PySide6/Qt/plugins/imageformats/libqpdf.so",
            str(QT_LIB / "plugins" / "imageformats" / "libqpdf.so"), "BINARY"),
           ("libQt6Pdf.so.6", "PySide6/Qt/lib/libQt6Pdf.so.6", "SYMLINK")]

    unused = elfdeps.unused_plugin_libraries(toc)

    assert unused == {"libqpdf.so", "libQt6Pdf.so.6"}
    assert [dest for dest, _src, _kind in elfdeps.without(toc, unused)] == [
        "PySide6/QtGui.abi3.so", "PySide6/Qt/lib/libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Core.so.6"]


@pytest.mark.parametrize("soname, package", [
    ("libxcb-icccm.so.4", "libxcb-icccm4"), ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
    ("libEGL.so.1", "libegl1"), ("libwayland-egl.so.1", "libwayland-egl1")])
def test_package_name_guessed_from_a_soname(soname, package):
    assert elfdeps.guess_package(soname) == package


def test_depends_names_reads_alternatives_and_versions():
    assert elfdeps.depends_names("libc6 (>= 2.28), libglib2.0-0t64 | libglib2.0-0, libgl1") == {
        "libc6", "libglib2.0-0t64", "libglib2.0-0", "libgl1"}


@pytest.fixture(scope="module")
def bundle() -> Path:
    """dist/clienteling, built and checked by packaging/check-linux.sh."""
    done = subprocess.run(["bash", str(ROOT / "packaging" / "check-linux.sh")], cwd=ROOT,
                          capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, (done.stdout + done.stderr)[-4000:]
    assert "selftest passed" in done.stdout
    return ROOT / "dist" / "clienteling"


def _run(bundle: Path, home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("CLIENTELING_", "XDG_")) and k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(HOME=str(home), QT_QPA_PLATFORM="offscreen")
    return subprocess.run([str(bundle / "clienteling"), *args, "--data-dir", str(home / "data"),
                           "--credential-store", "file"], env=env, capture_output=True, text=True, timeout=300)


@packaging_check
@pytest.mark.slow
def test_bundled_app_enrols_syncs_and_selftest_sees_the_server_go(bundle, tmp_path):
    central = start_central(seeded_db_url("sqlite", tmp_path))
    try:
        enrolled = _run(bundle, tmp_path, "enroll", "--server", central.url,
                        "--code", central.enroll_code("S001"), "--json")
        assert enrolled.returncode == 0, enrolled.stderr
        assert json.loads(enrolled.stdout)["store_id"] == "S001"

        synced = _run(bundle, tmp_path, "sync", "--once", "--json")
        assert synced.returncode == 0, synced.stderr
        assert sum(json.loads(synced.stdout)["rows"].values()) > 0

        healthy = _run(bundle, tmp_path, "selftest", "--json")
        assert healthy.returncode == 0, healthy.stdout + healthy.stderr
        statuses = {c["name"]: c["status"] for c in json.loads(healthy.stdout)["checks"]}
        assert statuses["cache"] == statuses["server"] == statuses["qt"] == "ok", statuses
    finally:
        central.stop()

    gone = _run(bundle, tmp_path, "selftest", "--json")
    assert gone.returncode == 1
    server = next(c for c in json.loads(gone.stdout)["checks"] if c["name"] == "server")
    assert server["status"] == "failed" and server["detail"]


@packaging_check
@pytest.mark.slow
def test_bundled_demo_renders_the_styled_window(bundle, tmp_path):
    shot = tmp_path / "demo.png"
    done = _run(bundle, tmp_path, "demo", "--offscreen", "--size", "tiny", "--new-order-every", "0",
                "--screenshot", str(shot))
    assert done.returncode == 0, done.stderr[-4000:]
    from PySide6.QtGui import QImage

    image = QImage(str(shot))
    assert not image.isNull() and image.width() >= 800
    # The theme's window background (#f6f5f2, resources/style.qss) shows the .qss files were bundled.
    assert image.pixelColor(5, 5).name() == "#f6f5f2"
