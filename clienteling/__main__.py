"""Command line of the terminal app.

    clienteling [run]                      open the window (enrolment dialog on first start)
    clienteling enroll --server URL --code CODE [--data-dir DIR]
    clienteling sync --once [--json] [--data-dir DIR]
    clienteling demo [--offscreen] [--screenshot PATH] [--size demo|tiny] [--data-dir DIR]
                     [--new-order-every SECONDS]
    clienteling screenshots --out DIR [--size demo|tiny]

Common options: ``--data-dir`` (where the encrypted cache lives) and ``--credential-store
keyring|file``. Exit codes: 0 ok, 1 the operation failed (reason printed), 2 bad configuration
or usage.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", help="folder of the encrypted cache (default: per-user data folder)")
    common.add_argument("--credential-store", choices=("keyring", "file"),
                        help="where the device token and cache key live (default: keyring)")
    common.add_argument("--log-level", choices=("debug", "info", "warning", "error"))

    parser = argparse.ArgumentParser(prog="clienteling", description="Clienteling store terminal",
                                     parents=[common])
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", parents=[common], help="open the app window (default)")

    enroll = sub.add_parser("enroll", parents=[common], help="enrol this terminal with a one-time code")
    enroll.add_argument("--server", required=True, help="central service URL")
    enroll.add_argument("--code", required=True, help="one-time enrolment code from IT")
    enroll.add_argument("--json", action="store_true", help="print the result as JSON")
    enroll.add_argument("--force", action="store_true",
                        help="enrol even if the current cache holds changes not sent yet (they are lost)")

    sync = sub.add_parser("sync", parents=[common], help="synchronise with the central service")
    sync.add_argument("--once", action="store_true", required=True, help="one full sync, then exit")
    sync.add_argument("--json", action="store_true", help="print row counts and checksums as JSON")

    demo = sub.add_parser("demo", parents=[common], help="local central service with demo data + the app")
    demo.add_argument("--offscreen", action="store_true", help="render without a screen")
    demo.add_argument("--screenshot", type=Path, help="save the main window to this PNG and exit")
    demo.add_argument("--size", default="demo", choices=("tiny", "demo", "large"), help="demo data size")
    demo.add_argument("--query", default=None, help="search text shown in the screenshot")
    demo.add_argument("--new-order-every", type=float, default=120.0, metavar="SECONDS",
                      help="place a new pickup order for the demo store this often (0: never)")

    shots = sub.add_parser("screenshots", parents=[common], help="render every main screen with demo data")
    shots.add_argument("--out", type=Path, required=True, help="folder for the PNG files")
    shots.add_argument("--size", default="demo", choices=("tiny", "demo", "large"), help="demo data size")
    return parser


def _config(args: argparse.Namespace, **extra):
    from clienteling.config import load_config

    cli = {"data_dir": args.data_dir, "credential_store": args.credential_store, "log_level": args.log_level}
    cli.update(extra)
    return load_config(cli=cli)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command = args.command or "run"
    from clienteling.config import ConfigError
    from clienteling.errors import user_facing_errors

    try:
        if command == "demo":
            from clienteling.demo import run_demo

            return run_demo(args)
        if command == "screenshots":
            from clienteling.screenshots import run_screenshots

            return run_screenshots(args.out, args.size, args.data_dir)
        config = _config(args)
        from clienteling.logs import setup_logging

        setup_logging(config)
        if command == "enroll":
            return _enroll(config, args)
        if command == "sync":
            return _sync_once(config, args)
        from clienteling.app import run_app

        return run_app(config)
    except ConfigError as exc:
        print(f"clienteling: configuration error: {exc}", file=sys.stderr)
        return 2
    except user_facing_errors() as exc:
        print(f"clienteling: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _enroll(config, args) -> int:
    from clienteling.security.credentials import credential_store_for
    from clienteling.terminal import enroll_command

    result = asyncio.run(enroll_command(config, credential_store_for(config), args.server, args.code,
                                        force=args.force))
    if args.json:
        print(json.dumps(result, indent=2, sort_keys=True))
    else:
        print(f"Enrolled device {result['device_id']} for store {result['store_id']}.")
    return 0


def _sync_once(config, args) -> int:
    from clienteling.security.credentials import credential_store_for
    from clienteling.terminal import sync_once_command

    report = asyncio.run(sync_once_command(config, credential_store_for(config)))
    if args.json:
        print(json.dumps(report, indent=2, sort_keys=True))
    else:
        total = sum(report.get("rows", {}).values())
        print(f"Synced {total:,} rows in {report.get('seconds', 0):.1f} s; "
              f"{report.get('outbox', {}).get('pending', 0)} changes waiting to send.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
