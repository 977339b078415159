"""The Windows MSI source, checked on Linux: Product.wxs keeps what upgrades and silent installs rely
on (fixed UpgradeCode, MajorUpgrade, per-machine, Secure public properties); harvest.py turns a
bundle folder into stable components; and the provisioning command line of the custom action,
formatted as msiexec would, writes the properties into the config file the app reads. With wixl
and msiinfo (Debian: msitools, wixl), an MSI is built from a tiny fake bundle and its tables read."""

from __future__ import annotations

import importlib.util
import os
import re
import shlex
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from clienteling.__main__ import main
from clienteling.config import load_config

ROOT = Path(__file__).resolve().parents[2]
WINDOWS = ROOT / "packaging" / "windows"
_spec = importlib.util.spec_from_file_location("harvest", WINDOWS / "harvest.py")
harvest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(harvest)

NS = {"w": harvest.WIX_NS}
GUID = re.compile(r"[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}")
PROPERTIES = {"STOREID": "S001", "APIURL": "https://central.example.com", "ENROLLCODE": "ABCD-EFGH-JKLM"}
needs_msitools = pytest.mark.skipif(shutil.which("wixl") is None or shutil.which("msiinfo") is None,
                                    reason="wixl/msiinfo not installed (apt-get install wixl msitools)")


@pytest.fixture(scope="module")
def product() -> ET.Element:
    return ET.parse(WINDOWS / "Product.wxs").getroot().find("w:Product", NS)


def _custom_action(product: ET.Element) -> ET.Element:
    return product.find("w:CustomAction[@Id='WriteMachineConfig']", NS)


def _fake_bundle(folder: Path) -> Path:
    files = {"clienteling.exe": b"MZ", "_internal/python311.dll": b"dll",
             "_internal/PySide6/Qt6Core.dll": b"qt", "_internal/resources/i18n/clienteling_fr.qm": b"qm"}
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder


def _run_as_msiexec(command: str, config_dir: Path) -> int:
    """Format a custom action's command line as Windows Installer does ([PROPERTY], unset = empty)
    and run it through the app's command line."""
    values = {**PROPERTIES, "CONFIGDIR": f"{config_dir}{os.sep}"}  # folder properties end with a separator
    formatted = re.sub(r"\[([A-Za-z_][A-Za-z0-9_.]*)\]", lambda m: values.get(m.group(1), ""), command)
    return main(shlex.split(formatted))


def _assert_provisioned(config_dir: Path) -> None:
    config = load_config(files=[config_dir / "terminal.toml"], env={}, cli={})
    assert (config.store_id, config.server_url, config.enroll_code) == tuple(PROPERTIES.values())
    log = (config_dir / "provision.log").read_text(encoding="utf-8")
    assert "provision: wrote store_id, server_url, enroll_code" in log
    assert PROPERTIES["ENROLLCODE"] not in log


def test_upgrade_code_is_a_fixed_guid_and_each_build_gets_a_new_product_code(product):
    assert GUID.fullmatch(product.get("UpgradeCode"))
    assert product.get("Id") == "*"
    assert product.get("Version") == "$(var.Version)"


def test_major_upgrade_replaces_older_versions_and_refuses_downgrades(product):
    upgrade = product.find("w:MajorUpgrade", NS)
    assert upgrade is not None
    assert upgrade.get("DowngradeErrorMessage")
    assert upgrade.get("AllowDowngrades") in (None, "no")


def test_the_package_installs_per_machine_into_program_files(product):
    assert product.find("w:Package", NS).get("InstallScope") == "perMachine"
    install_dir = product.find(".//w:Directory[@Id='ProgramFiles64Folder']/w:Directory[@Id='INSTALLDIR']", NS)
    assert install_dir is not None and install_dir.get("Name") == "Clienteling"


def test_the_public_properties_are_secure_and_the_code_hidden(product):
    properties = {p.get("Id"): p for p in product.findall("w:Property", NS)}
    for name in PROPERTIES:
        assert properties[name].get("Secure") == "yes", name
        assert properties[name].get("Value") is None, f"{name} must have no default"
    assert properties["ENROLLCODE"].get("Hidden") == "yes"


def test_the_config_file_is_written_under_common_app_data_after_the_files_are_installed(product):
    config_dir = product.find(".//w:Directory[@Id='CommonAppDataFolder']/w:Directory[@Id='CONFIGDIR']", NS)
    assert config_dir is not None and config_dir.get("Name") == "Clienteling"
    action = _custom_action(product)
    assert (action.get("FileKey"), action.get("Execute"), action.get("Impersonate"), action.get("Return"),
            action.get("HideTarget")) == ("ClientelingExe", "deferred", "no", "check", "yes")
    assert '--config "[CONFIGDIR]terminal.toml"' in action.get("ExeCommand")
    scheduled = product.find("w:InstallExecuteSequence/w:Custom[@Action='WriteMachineConfig']", NS)
    assert scheduled.get("After") == "InstallFiles"
    assert scheduled.text == '(STOREID OR APIURL OR ENROLLCODE) AND NOT REMOVE~="ALL"'


def test_the_start_menu_shortcut_starts_the_bundled_exe(product):
    shortcut = product.find(".//w:DirectoryRef[@Id='ProgramMenuFolder']//w:Shortcut", NS)
    assert shortcut.get("Target") == f"[#{harvest.EXE_ID}]"
    feature = product.find("w:Feature", NS)
    assert {r.get("Id") for r in feature} == {harvest.GROUP_ID, "StartMenuShortcut"}


def test_the_custom_action_command_line_writes_the_properties_into_the_config(product, tmp_path):
    config_dir = tmp_path / "ProgramData" / "Clienteling"

    assert _run_as_msiexec(_custom_action(product).get("ExeCommand"), config_dir) == 0

    _assert_provisioned(config_dir)


def test_harvest_makes_one_stable_component_per_file(tmp_path):
    bundle = _fake_bundle(tmp_path / "clienteling")

    first, second = harvest.harvest(bundle).getroot(), harvest.harvest(bundle).getroot()

    assert ET.tostring(first) == ET.tostring(second)
    files = first.findall(".//w:File", NS)
    assert sorted(f.get("Source") for f in files) == sorted(
        f"$(var.BundleDir)/{p.relative_to(bundle).as_posix()}" for p in bundle.rglob("*") if p.is_file())
    assert len({f.get("Id") for f in files}) == len(files)
    exe_sources = [f.get("Source") for f in files if f.get("Id") == harvest.EXE_ID]
    assert exe_sources == ["$(var.BundleDir)/clienteling.exe"]
    refs = [r.get("Id") for r in first.findall(".//w:ComponentGroup[@Id='BundleFiles']/w:ComponentRef", NS)]
    assert sorted(refs) == sorted(c.get("Id") for c in first.findall(".//w:Component", NS))
    assert all(len(i) <= 72 and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", i)
               for i in refs + [f.get("Id") for f in files])


def test_harvest_refuses_a_folder_without_the_windows_executable(tmp_path, capsys):
    (tmp_path / "clienteling").mkdir()
    (tmp_path / "clienteling" / "clienteling").write_bytes(b"\x7fELF")

    code = harvest.main([str(tmp_path / "clienteling"), "--out", str(tmp_path / "Files.wxs")])

    assert code == 2
    assert f"{tmp_path / 'clienteling'}: has no clienteling.exe; expected a Windows PyInstaller bundle" \
        in capsys.readouterr().err
    assert not (tmp_path / "Files.wxs").exists()


def _msi_table(msi: Path, table: str) -> list[dict[str, str]]:
    out = subprocess.run(["msiinfo", "export", str(msi), table], check=True, capture_output=True,
                         text=True).stdout.splitlines()
    columns = out[0].split("\t")
    return [dict(zip(columns, line.split("\t"))) for line in out[3:]]


@pytest.fixture(scope="module")
def built_msi(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("msi")
    bundle = _fake_bundle(work / "clienteling")
    assert harvest.main([str(bundle), "--out", str(work / "Files.wxs")]) == 0
    msi = work / "Clienteling-0.1.0-x64.msi"
    # wixl finds sources relative to its working folder (it does not open absolute ones).
    subprocess.run(["wixl", "-a", "x64", "-D", "Version=0.1.0", "-D", f"BundleDir={bundle.name}",
                    "-o", str(msi), str(WINDOWS / "Product.wxs"), str(work / "Files.wxs")],
                   check=True, capture_output=True, cwd=work)
    return msi


@needs_msitools
def test_wixl_builds_a_per_machine_msi_with_the_fixed_upgrade_code(built_msi, product):
    properties = {row["Property"]: row["Value"] for row in _msi_table(built_msi, "Property")}
    assert properties["UpgradeCode"] == "{" + product.get("UpgradeCode") + "}"
    assert (properties["ALLUSERS"], properties["ProductVersion"]) == ("1", "0.1.0")
    assert set(PROPERTIES).isdisjoint(properties), "public properties must come from the command line"
    upgrades = _msi_table(built_msi, "Upgrade")
    assert {row["ActionProperty"] for row in upgrades} == {"WIX_UPGRADE_DETECTED", "WIX_DOWNGRADE_DETECTED"}
    assert {row["UpgradeCode"] for row in upgrades} == {properties["UpgradeCode"]}


@needs_msitools
def test_the_msi_installs_every_bundle_file_and_runs_provision_after_them(built_msi, tmp_path):
    assert sorted(row["FileName"].split("|")[-1] for row in _msi_table(built_msi, "File")) == sorted(
        ["clienteling.exe", "python311.dll", "Qt6Core.dll", "clienteling_fr.qm"])
    [action] = [row for row in _msi_table(built_msi, "CustomAction") if row["Action"] == "WriteMachineConfig"]
    # 18 = run an installed file, 1024 = deferred, 2048 = as SYSTEM (no impersonation)
    assert int(action["Type"]) & 0x0FFF == 18 | 1024 | 2048
    assert action["Source"] == harvest.EXE_ID
    sequence = {row["Action"]: row for row in _msi_table(built_msi, "InstallExecuteSequence")}
    assert int(sequence["WriteMachineConfig"]["Sequence"]) > int(sequence["InstallFiles"]["Sequence"])
    assert "NOT REMOVE" in sequence["WriteMachineConfig"]["Condition"]

    config_dir = tmp_path / "ProgramData" / "Clienteling"
    assert _run_as_msiexec(action["Target"], config_dir) == 0
    _assert_provisioned(config_dir)
