"""Write the machine-wide example ``terminal.toml``: every setting commented out, with its description and default.

Generated from ``clienteling.config.SETTINGS`` at build time, so the file IT edits always lists the keys
the packaged version knows.

    python packaging/example_config.py OUT_FILE
"""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

from clienteling import __version__
from clienteling.config import SETTINGS

HEADER = f"""\
# Clienteling terminal: machine-wide settings (version {__version__}).
#
# Precedence: this file < the user's ~/.config/clienteling/terminal.toml < environment variables
# CLIENTELING_<KEY> < command-line options. Every key is optional; remove the '#' to set one.
# A wrong value stops the app with a message naming this file, the key and what is expected.
# Enrol each terminal with:  clienteling enroll --server URL --code CODE
"""


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return json.dumps(str(value))  # a JSON string is a valid TOML basic string


def render() -> str:
    """The example file's text."""
    parts = [HEADER]
    for setting in SETTINGS:
        lines = textwrap.wrap(setting.description, width=96, break_on_hyphens=False)
        parts.append("\n" + "".join(f"# {line}\n" for line in lines))
        if setting.default is None:
            parts.append(f"# {setting.key} = \"/path/to/folder\"  # unset by default: see above\n")
        else:
            parts.append(f"# {setting.key} = {_toml_value(setting.default)}\n")
    return "".join(parts)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python packaging/example_config.py OUT_FILE", file=sys.stderr)
        return 2
    Path(args[0]).write_text(render(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
