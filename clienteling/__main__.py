"""Command line of the terminal app.

    clienteling [run]                      open the window (enrolment dialog on first start)
    clienteling enroll [--server URL] [--code CODE] [--data-dir DIR]   (defaults: server_url, enroll_code)
    clienteling sync --once [--json] [--data-dir DIR]
    clienteling selftest [--json]          check libraries, Qt, config, folders, credentials, cache, server
    clienteling diagnostics --out FILE.zip versions, config without secrets, sync state, selftest, logs
    clienteling demo [--offscreen] [--screenshot PATH] [--size demo|tiny] [--data-dir DIR]
                     [--new-order-every SECONDS]
    clienteling screenshots --out DIR [--size demo|tiny]
    clienteling provision [--store ID] [--server URL] [--enroll-code CODE] [--config FILE] [--log-file FILE]
                                           write the machine-wide config file (installers, IT scripts)

Common options: ``--data-dir`` (where the encrypted cache lives), ``--credential-store
keyring|file``, ``--log-level``, ``--log-dir`` and ``--language``. Exit codes: 0 ok, 1 the
operation failed (reason printed; for selftest: a check failed), 2 bad configuration or usage.
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
    common.add_argument("--log-dir", help="folder of the rotating log files (default: the platform's log folder)")
    common.add_argument("--language", help='language of the window, e.g. "fr" or "en" (default: the system\'s)')

    parser = argparse.ArgumentParser(prog="clienteling", description="Clienteling store terminal",
                                     parents=[common])
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", parents=[common], help="open the app window (default)")

    enroll = sub.add_parser("enroll", parents=[common], help="enrol this terminal with a one-time code")
    enroll.add_argument("--server", help="central service URL (default: server_url from the configuration)")
    enroll.add_argument("--code", help="one-time enrolment code from IT (default: enroll_code from the configuration)")
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

    selftest = sub.add_parser("selftest", parents=[common],
                              help="check that this terminal can run; exit 1 with the reason if not")
    selftest.add_argument("--json", action="store_true", help="print the checks as JSON")
    selftest.add_argument("--qt-probe", action="store_true", help=argparse.SUPPRESS)

    diagnostics = sub.add_parser("diagnostics", parents=[common],
                                 help="zip versions, config without secrets, sync state and logs for support")
    diagnostics.add_argument("--out", type=Path, required=True, help="the .zip file to write")

    shots = sub.add_parser("screenshots", parents=[common], help="render every main screen with demo data")
    shots.add_argument("--out", type=Path, required=True, help="folder for the PNG files")
    shots.add_argument("--size", default="demo", choices=("tiny", "demo", "large"), help="demo data size")

    from clienteling.provision import add_provision_parser

    add_provision_parser(sub)
    return parser


def _config(args: argparse.Namespace, **extra):
    from clienteling.config import load_config

    cli = {"data_dir": args.data_dir, "credential_store": args.credential_store, "log_level": args.log_level,
           "log_dir": args.log_dir, "language": args.language}
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
        if command == "provision":  # before any config is loaded: it writes the machine-wide one
            from clienteling.provision import provision_command

            return provision_command(args)
        if command == "selftest":
            return _selftest(args)
        if command == "diagnostics":
            return _diagnostics(args)
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
    from clienteling.config import ConfigError
    from clienteling.security.credentials import credential_store_for
    from clienteling.terminal import enroll_command

    server, code = args.server or config.server_url, args.code or config.enroll_code
    if not server or not code:
        missing = " and ".join(name for name, value in (("--server (or server_url)", server),
                                                        ("--code (or enroll_code)", code)) if not value)
        raise ConfigError(f"enroll needs {missing}: give it on the command line or in terminal.toml")
    result = asyncio.run(enroll_command(config, credential_store_for(config), server, code, force=args.force))
    if args.json:
        print(json.dumps(result, indent=2, sort_keys=True))
    else:
        print(f"Enrolled device {result['device_id']} for store {result['store_id']}.")
    if config.store_id and result["store_id"] != config.store_id:
        print(f"clienteling: the code enrolled this terminal for store {result['store_id']}, but store_id "
              f"is {config.store_id} ({config.sources.get('store_id')}): check the code and enrol again",
              file=sys.stderr)
        return 1
    return 0


def _selftest(args) -> int:
    from clienteling.selftest import qt_probe, run_selftest

    if args.qt_probe:
        return qt_probe()
    report = run_selftest(lambda: _config(args))
    print(json.dumps(report.as_dict(), indent=2) if args.json else report.text())
    return 0 if report.ok else 1


def _diagnostics(args) -> int:
    from clienteling.diagnostics import write_diagnostics

    members = write_diagnostics(args.out, lambda: _config(args))
    print(f"Wrote {args.out} ({len(members)} files: {', '.join(members)}).")
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
