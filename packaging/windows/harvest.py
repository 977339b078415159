"""Write Files.wxs: one WiX component per file of the PyInstaller one-folder bundle, under INSTALLDIR.

    python packaging/windows/harvest.py dist/clienteling --out build/wix/Files.wxs

Used by build.ps1 (WiX candle/light) and by the Linux check (wixl, which has no heat). Ids are
derived from each file's path, so the same bundle layout gives the same ids in every build; the
app's executable gets the fixed id ``ClientelingExe`` that Product.wxs's shortcut and custom action
use. Sources are written as ``$(var.BundleDir)/<relative path>``: pass ``-dBundleDir=...``.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

WIX_NS = "http://schemas.microsoft.com/wix/2006/wi"
EXE_NAME = "clienteling.exe"
EXE_ID = "ClientelingExe"
GROUP_ID = "BundleFiles"
ROOT_DIR_ID = "INSTALLDIR"


class HarvestError(Exception):
    """The bundle folder cannot be harvested; the message says what is wrong with it."""


def _id(prefix: str, relative: str) -> str:
    # MSI identifiers: letters, digits, '_' and '.', at most 72 characters.
    return prefix + hashlib.sha1(relative.encode("utf-8")).hexdigest().upper()


def harvest(bundle: Path, exe_name: str = EXE_NAME) -> ET.ElementTree:
    """The Files.wxs document for the bundle folder; raises HarvestError when it has no ``exe_name``."""
    bundle = Path(bundle)
    if not bundle.is_dir():
        raise HarvestError(f"{bundle}: not a folder; expected the PyInstaller one-folder bundle "
                           "(dist/clienteling, built by pyinstaller packaging/clienteling.spec)")
    if not (bundle / exe_name).is_file():
        raise HarvestError(f"{bundle}: has no {exe_name}; expected a Windows PyInstaller bundle "
                           "(the shortcut and the provisioning custom action run it)")
    ET.register_namespace("", WIX_NS)
    wix = ET.Element(f"{{{WIX_NS}}}Wix")
    files_fragment = ET.SubElement(wix, f"{{{WIX_NS}}}Fragment")
    root = ET.SubElement(files_fragment, f"{{{WIX_NS}}}DirectoryRef", Id=ROOT_DIR_ID)
    group = ET.SubElement(ET.SubElement(wix, f"{{{WIX_NS}}}Fragment"), f"{{{WIX_NS}}}ComponentGroup",
                          Id=GROUP_ID)
    folders: dict[Path, ET.Element] = {Path("."): root}

    def folder(relative: Path) -> ET.Element:
        if relative not in folders:
            folders[relative] = ET.SubElement(folder(relative.parent), f"{{{WIX_NS}}}Directory",
                                              Id=_id("dir", relative.as_posix()), Name=relative.name)
        return folders[relative]

    for path in sorted(p for p in bundle.rglob("*") if p.is_file()):
        relative = path.relative_to(bundle)
        key = relative.as_posix()
        component = ET.SubElement(folder(relative.parent), f"{{{WIX_NS}}}Component",
                                  Id=_id("cmp", key), Guid="*", Win64="yes")
        file_id = EXE_ID if key == exe_name else _id("fil", key)
        ET.SubElement(component, f"{{{WIX_NS}}}File", Id=file_id, Name=relative.name, KeyPath="yes",
                      Source=f"$(var.BundleDir)/{key}")
        ET.SubElement(group, f"{{{WIX_NS}}}ComponentRef", Id=component.get("Id"))
    ET.indent(wix, space="  ")
    return ET.ElementTree(wix)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path, help="the PyInstaller one-folder bundle (dist/clienteling)")
    parser.add_argument("--out", type=Path, required=True, help="Files.wxs to write")
    parser.add_argument("--exe", default=EXE_NAME, help=f"the app's executable in the bundle ({EXE_NAME})")
    args = parser.parse_args(argv)
    try:
        tree = harvest(args.bundle, args.exe)
    except HarvestError as exc:
        print(f"harvest: {exc}", file=sys.stderr)
        return 2
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tree.write(args.out, encoding="utf-8", xml_declaration=True)
    count = sum(1 for _ in tree.getroot().iter(f"{{{WIX_NS}}}File"))
    print(f"{args.out}: {count} files from {args.bundle}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
