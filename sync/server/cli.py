"""``clienteling-central``: seed, serve, enroll-code, scope-stats, devices, set-policy, set-pin,
place-order, recompute-affinity, kpis, erase-customer (and a few fleet chores).

Every command takes ``--db URL`` (a SQLite file path, ``sqlite:///...`` or
``postgresql+psycopg://...``) and migrates the database before using it. Operator mistakes (bad
URL, unreachable database, unknown store) print one line on stderr and exit with status 2.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
from datetime import UTC, datetime, timedelta

import orjson
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError

from sync.server import admin, clock
from sync.server.db import DatabaseURLError, normalize_url, open_engine, upgrade
from sync.server.watcher import WAKE_BUDGET

EXIT_USAGE = 2


class CliError(Exception):
    """A one-line, user-facing failure."""


def _safe_url(url: str) -> str:
    try:
        return make_url(normalize_url(url)).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _engine(url: str):
    try:
        engine = open_engine(url)
    except (DatabaseURLError, ArgumentError) as exc:
        raise CliError(str(exc)) from None
    except ModuleNotFoundError as exc:
        raise CliError(f"database driver missing for {_safe_url(url)}: {exc.name}") from None
    try:
        upgrade(engine)
    except (OperationalError, DBAPIError) as exc:
        engine.dispose()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc).splitlines()[0]
        raise CliError(f"cannot open database {_safe_url(url)}: {reason}") from None
    return engine


def cmd_seed(args: argparse.Namespace) -> int:
    """Replace all data with a synthetic data set."""
    from sync.server.seed import seed

    _engine(args.db).dispose()  # surfaces URL / connection problems as one line
    counts = seed(args.db, size=args.size, seed=args.seed)
    print(orjson.dumps({"seeded": counts, "total": sum(counts.values())}).decode())
    return 0


KEEP_ALIVE_S = 65
"""Idle seconds before the service closes a kept-alive connection: longer than a terminal's pull
interval (30 s) and long-poll (25 s), so terminals reuse their connections (uvicorn's default
of 5 s made every pull a new TCP connection, and a client that answered late found its
connection closed under its next request)."""


def cmd_serve(args: argparse.Namespace) -> int:
    """Run the HTTP service (blocks)."""
    import uvicorn

    from sync.server.app import WORKER_DB_ENV, WORKER_WAKE_BUDGET_ENV, create_app
    from sync.server.gc_policy import settle_heap

    engine = _engine(args.db)  # migrates once, before any worker starts
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if args.workers == 1:
        app = create_app(engine, wake_budget=args.wake_budget)
        settle_heap()
        uvicorn.run(app, host=args.host, port=args.port, log_level="info", timeout_keep_alive=KEEP_ALIVE_S)
        return 0
    engine.dispose()
    # Worker processes build their own app (engine, pool, watcher) from the environment.
    os.environ[WORKER_DB_ENV] = normalize_url(args.db)
    os.environ[WORKER_WAKE_BUDGET_ENV] = repr(args.wake_budget)
    uvicorn.run("sync.server.app:worker_app", factory=True, workers=args.workers, host=args.host,
                port=args.port, log_level="info", timeout_keep_alive=KEEP_ALIVE_S)
    return 0


def cmd_enroll_code(args: argparse.Namespace) -> int:
    """Print a one-time enrollment code."""
    engine = _engine(args.db)
    try:
        code = admin.create_enroll_code(engine, args.store, timedelta(hours=args.ttl_hours))
    except admin.UnknownStore as exc:
        raise CliError(str(exc)) from None
    finally:
        engine.dispose()
    print(code)
    return 0


def cmd_scope_stats(args: argparse.Namespace) -> int:
    """Print row counts and checksums per scope."""
    engine = _engine(args.db)
    try:
        stats = admin.scope_stats(engine, args.store)
    except admin.UnknownStore as exc:
        raise CliError(str(exc)) from None
    finally:
        engine.dispose()
    if args.json:
        print(orjson.dumps(stats).decode())
    else:
        for scope, s in stats["scopes"].items():
            rows = sum(e["rows"] for e in s["entities"].values())
            print(f"{scope:<24} version {s['version']:>8}  rows {rows:>9}  checksum {s['checksum']}")
    return 0


def cmd_revoke(args: argparse.Namespace) -> int:
    """Revoke a device."""
    engine = _engine(args.db)
    try:
        if not admin.revoke_device(engine, args.device):
            raise CliError(f"no active device {args.device!r}")
    finally:
        engine.dispose()
    return 0


def cmd_devices(args: argparse.Namespace) -> int:
    """List the enrolled devices and their health, flagging stale and failing ones."""
    if args.stale_after_minutes <= 0:
        raise CliError(f"--stale-after-minutes must be above 0, not {args.stale_after_minutes:g}")
    stale_after = timedelta(minutes=args.stale_after_minutes)
    listed = _admin(args, lambda engine: admin.list_devices(engine, stale_after))
    if args.json:
        print(orjson.dumps(listed).decode())
        return 0
    for d in listed:
        outbox = "-" if d["outbox_pending"] is None else f"{d['outbox_pending']}/{d['outbox_rejected'] or 0}"
        age = "-" if d["cache_age_s"] is None else f"{d['cache_age_s']}s"
        print(f"{d['device_id']}  {d['store_id']:<6} {d['hostname'] or '-':<20} {d['app_version'] or '-':<10} "
              f"seen {d['last_seen_at'] or '-'}  synced {d['last_sync_at'] or '-'}  outbox {outbox:<7} "
              f"cache {age:<8} {','.join(d['flags'])}" + (f" ({d['last_error']})" if d["last_error"] else ""))
    return 0


def cmd_purge_tombstones(args: argparse.Namespace) -> int:
    """Purge old tombstones and print how many."""
    engine = _engine(args.db)
    try:
        print(admin.purge(engine, timedelta(days=args.older_than_days)))
    finally:
        engine.dispose()
    return 0


def _admin(args: argparse.Namespace, action):
    """Run ``action(engine)`` on the migrated database; AdminError becomes a one-line CliError."""
    engine = _engine(args.db)
    try:
        return action(engine)
    except admin.AdminError as exc:
        raise CliError(str(exc)) from None
    finally:
        engine.dispose()


def cmd_set_policy(args: argparse.Namespace) -> int:
    """Validate a policy TOML file and make it the central policy."""
    try:
        policy = admin.read_policy_file(args.file)
    except admin.AdminError as exc:
        raise CliError(str(exc)) from None
    version = _admin(args, lambda engine: admin.set_policy(engine, policy))
    print(orjson.dumps({"policy": policy.to_dict(), "version": version}).decode())
    return 0


def _read_pin(associate: str) -> str:
    """The new PIN from a prompt (typed twice, not echoed) when stdin is a terminal, else the first
    line of stdin: a PIN on the command line would stay in the shell history and process list."""
    if sys.stdin.isatty():
        pin = getpass.getpass(f"New PIN for {associate}: ")
        if getpass.getpass("Type it again: ") != pin:
            raise CliError("the two PINs typed differ; nothing was changed")
        return pin
    line = sys.stdin.readline().strip()
    if not line:
        raise CliError("no PIN: type it at the prompt, give it as one line on standard input, or use --pin")
    return line


def cmd_set_pin(args: argparse.Namespace) -> int:
    """Set an associate's PIN (stored as a salted scrypt hash)."""
    pin = args.pin if args.pin is not None else _read_pin(args.associate)
    _admin(args, lambda engine: admin.set_pin(engine, args.associate, pin))
    return 0


def cmd_place_order(args: argparse.Namespace) -> int:
    """Place a BOPIS order for pickup at a store and print it as JSON."""
    order = _admin(args, lambda engine: admin.place_order(engine, args.store, args.customer, args.lines))
    print(orjson.dumps(order).decode())
    return 0


def cmd_erase_customer(args: argparse.Namespace) -> int:
    """Erase a customer (GDPR) everywhere and print what was removed as JSON (ids and counts)."""
    summary = _admin(args, lambda engine: admin.erase_customer(engine, args.customer))
    print(orjson.dumps(summary).decode())
    return 0


def cmd_recompute_affinity(args: argparse.Namespace) -> int:
    """Recompute the co-purchase AFFINITY rows and print the counts as JSON."""
    from sync.server.affinity import recompute

    if args.top_k < 1 or args.min_support < 1:
        raise CliError("--top-k and --min-support must be at least 1")
    counts = _admin(args, lambda engine: recompute(engine, top_k=args.top_k, min_support=args.min_support))
    print(orjson.dumps(counts).decode())
    return 0


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more: {value!r}")
    return number


def _positive_float(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not number > 0:
        raise argparse.ArgumentTypeError(f"must be more than 0: {value!r}")
    return number


def _iso(value: str) -> str:
    """An ISO date or time (naive = UTC) as the canonical UTC string the tables hold."""
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise CliError(f"not an ISO date or time: {value!r}") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return clock.iso(parsed)


def cmd_kpis(args: argparse.Namespace) -> int:
    """Print a store's KPIs over [from, to) (one JSON object with --json, else one line each)."""
    from sync.server.kpis import store_kpis

    start, end = _iso(args.start), _iso(args.end)
    if start >= end:
        raise CliError("--from must be before --to")
    now = _iso(args.now) if args.now else clock.now_iso()

    def run(engine):
        admin.store_scopes(engine, args.store)  # raises UnknownStore
        return store_kpis(engine, args.store, start, end, now)

    kpis = _admin(args, run)
    if args.json:
        print(orjson.dumps({"store_id": args.store, "from": start, "to": end, **kpis}).decode())
    else:
        for name, value in kpis.items():
            print(f"{name:<32} {value}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for tests and docs)."""
    parser = argparse.ArgumentParser(prog="clienteling-central", description="Clienteling central sync service")
    sub = parser.add_subparsers(dest="command", required=True)

    def add(name: str, func, help_: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_)
        p.add_argument("--db", required=True, metavar="URL",
                       help="database: a SQLite file path, sqlite:///path or postgresql+psycopg://user@host/db")
        p.set_defaults(func=func)
        return p

    p = add("seed", cmd_seed, "replace all data with a synthetic data set (new epoch)")
    p.add_argument("--size", choices=("tiny", "demo", "large"), default="demo")
    p.add_argument("--seed", type=int, default=42)
    p = add("serve", cmd_serve, "run the HTTP service")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--workers", type=_positive_int, default=1, metavar="N",
                   help="worker processes sharing the port (default 1; about one per core: each is "
                        "one Python interpreter)")
    p.add_argument("--wake-budget", type=_positive_float, default=WAKE_BUDGET, metavar="N",
                   help="long-poll wake-ups per second each process allows itself while scopes change "
                        f"faster than terminals can be told (default {WAKE_BUDGET:g}; see sync/server/watcher.py)")
    p = add("enroll-code", cmd_enroll_code, "print a one-time enrollment code for a store's terminal")
    p.add_argument("--store", required=True, metavar="STORE_ID")
    p.add_argument("--ttl-hours", type=float, default=24.0)
    p = add("scope-stats", cmd_scope_stats, "row counts and checksums of the scopes a store's terminal receives")
    p.add_argument("--store", required=True, metavar="STORE_ID")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p = add("revoke-device", cmd_revoke, "revoke a device: its next call answers 401 revoked")
    p.add_argument("--device", required=True, metavar="DEVICE_ID")
    p = add("devices", cmd_devices, "list enrolled terminals with the health they report (version, last "
                                    "seen, last sync, outbox pending/rejected, cache age) and flag them "
                                    "revoked, stale, failing or ok")
    p.add_argument("--stale-after-minutes", type=float, default=60.0, metavar="N",
                   help="a terminal not seen for N minutes is stale (default 60)")
    p.add_argument("--json", action="store_true", help="print one JSON list of objects")
    p = add("purge-tombstones", cmd_purge_tombstones, "drop old tombstones (older cursors will reset)")
    p.add_argument("--older-than-days", type=float, default=30.0)
    p = add("set-policy", cmd_set_policy, "replace the return and pickup policy with a TOML file "
                                          "([returns] and [pickups] tables, see sync/policy.py)")
    p.add_argument("--file", required=True, metavar="POLICY_TOML")
    p = add("set-pin", cmd_set_pin, "set an associate's PIN (4 to 8 digits)")
    p.add_argument("--associate", required=True, metavar="ASSOCIATE_ID")
    p.add_argument("--pin", help="the PIN (default: prompt for it, or read one line from standard input)")
    p = add("place-order", cmd_place_order, "place an online order for pickup at a store now (prints JSON)")
    p.add_argument("--store", required=True, metavar="STORE_ID")
    p.add_argument("--customer", metavar="CUSTOMER_ID", help="default: a customer of that store")
    p.add_argument("--lines", type=int, default=2, help="SKUs in stock at the store (default 2)")
    p = add("erase-customer", cmd_erase_customer,
            "erase a customer and everything about them (GDPR); every terminal purges them at its next sync")
    p.add_argument("--customer", required=True, metavar="CUSTOMER_ID")
    p = add("recompute-affinity", cmd_recompute_affinity,
            "recompute the co-purchased styles (AFFINITY) from the order history")
    p.add_argument("--top-k", type=int, default=20, help="related styles kept per style (default 20)")
    p.add_argument("--min-support", type=int, default=3, help="orders a pair needs at least (default 3)")
    p = add("kpis", cmd_kpis, "a store's KPIs over a period [from, to) in UTC")
    p.add_argument("--store", required=True, metavar="STORE_ID")
    p.add_argument("--from", dest="start", required=True, metavar="ISO", help="period start (inclusive)")
    p.add_argument("--to", dest="end", required=True, metavar="ISO", help="period end (exclusive)")
    p.add_argument("--now", metavar="ISO", help="the time overdue pickups are judged at (default: now)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``clienteling-central``."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except CliError as exc:
        print(f"clienteling-central: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
