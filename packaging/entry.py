"""PyInstaller entry point: the bundle's ``clienteling`` executable runs the app's command line."""

import sys


def run() -> int:
    # The demo starts its central service as ``sys.executable -m sync.server.cli ...``; in the
    # bundle sys.executable is this program, so it answers that form the way Python would.
    if sys.argv[1:3] == ["-m", "sync.server.cli"]:
        from sync.server.cli import main as central_main

        return central_main(sys.argv[3:])
    from clienteling.__main__ import main

    return main()


if __name__ == "__main__":
    sys.exit(run())
