"""The ``clienteling-central`` command line and the migrations, on both databases."""

from __future__ import annotations

import subprocess
import sys

import orjson
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select

from sync.protocol import scope_checksum
from sync.server import admin, cli
from sync.server.db import open_engine, read_meta, read_tx, upgrade
from sync.server.models import ENTITY_TABLES, metadata, scope_heads
from tests.helpers import databases
from tests.helpers.central import seeded_db_url


@pytest.fixture
def empty_db(db_kind, tmp_path) -> str:
    return databases.sqlite_url(tmp_path) if db_kind == "sqlite" else databases.new_postgres_url()


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based index")
def test_migrations_create_exactly_the_models(empty_db):
    engine = open_engine(empty_db)
    try:
        upgrade(engine)
        upgrade(engine)  # idempotent
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
            meta = read_meta(conn)
        assert diff == []
        assert len(meta["secret"]) == 64 and meta["epoch"]
    finally:
        engine.dispose()


def test_seed_enroll_code_and_scope_stats(empty_db, capsys):
    assert cli.main(["seed", "--db", empty_db, "--size", "tiny", "--seed", "3"]) == 0
    seeded = orjson.loads(capsys.readouterr().out)
    assert seeded["seeded"]["customers"] > 0
    engine = open_engine(empty_db)
    try:
        with read_tx(engine) as conn:
            epoch = read_meta(conn)["epoch"]
            assert set(conn.execute(select(scope_heads.c.version)).scalars()) == {1}
    finally:
        engine.dispose()

    assert cli.main(["enroll-code", "--db", empty_db, "--store", "S001", "--ttl-hours", "2"]) == 0
    code = capsys.readouterr().out
    assert len(code.strip()) == 14 and code.count("\n") == 1

    assert cli.main(["scope-stats", "--db", empty_db, "--store", "S001", "--json"]) == 0
    stats = orjson.loads(capsys.readouterr().out)
    assert stats["store_id"] == "S001"
    engine = open_engine(empty_db)
    try:
        assert list(stats["scopes"]) == admin.store_scopes(engine, "S001")
    finally:
        engine.dispose()
    for scope, s in stats["scopes"].items():
        assert s["version"] == 1
        assert all(e["rows"] > 0 and len(e["checksum"]) == 16 for e in s["entities"].values())
        assert s["checksum"] == scope_checksum(s["entities"])
    assert "customers" in stats["scopes"][next(iter(stats["scopes"]))]["entities"]

    # Reseeding makes a new epoch.
    assert cli.main(["seed", "--db", empty_db, "--size", "tiny", "--seed", "3"]) == 0
    engine = open_engine(empty_db)
    try:
        with read_tx(engine) as conn:
            assert read_meta(conn)["epoch"] != epoch
    finally:
        engine.dispose()


def test_unknown_store_is_a_one_line_error(db_kind, tmp_path, capsys):
    url = seeded_db_url(db_kind, tmp_path)
    for argv in (["enroll-code", "--db", url, "--store", "S999"], ["scope-stats", "--db", url, "--store", "S999"]):
        assert cli.main(argv) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "unknown store 'S999'" in err


@pytest.mark.parametrize("url, words", [
    ("mysql://x@localhost/db", "unsupported database"),
    ("postgresql+psycopg://postgres@127.0.0.1:1/nowhere", "cannot open database"),
    ("postgresql+psycopg2://postgres@127.0.0.1/test", "psycopg 3"),
    ("not a url://", "not a database URL"),
])
def test_bad_database_urls_are_one_line_errors(url, words, capsys):
    assert cli.main(["scope-stats", "--db", url, "--store", "S001"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and words in err, err


def test_plain_path_means_sqlite_and_db_is_required(tmp_path, capsys):
    path = tmp_path / "plain.db"
    assert cli.main(["seed", "--db", str(path), "--size", "tiny"]) == 0
    assert path.exists()
    with pytest.raises(SystemExit) as exc:
        cli.main(["scope-stats", "--store", "S001"])
    assert exc.value.code == 2


def test_entry_point_runs_as_a_module():
    out = subprocess.run([sys.executable, "-m", "sync.server.cli", "--help"], capture_output=True, text=True)
    assert out.returncode == 0
    for command in ("seed", "serve", "enroll-code", "scope-stats", "set-policy", "set-pin", "place-order",
                    "recompute-affinity", "kpis"):
        assert command in out.stdout


# ----- set-policy, set-pin, place-order ---------------------------------------------------------

def test_set_policy_validates_and_replaces_the_policy_row(db_kind, tmp_path, capsys):
    from sync.policy import Policy
    from sync.server.settings import load_policy

    url = seeded_db_url(db_kind, tmp_path)
    good = tmp_path / "policy.toml"
    good.write_text('[returns]\nwindow_days = { default = 21, shoes = 60 }\nreceiptless_max_returns = 1\n'
                    '[pickups]\ncollect_within_days = 5\n')
    assert cli.main(["set-policy", "--db", url, "--file", str(good)]) == 0
    out = orjson.loads(capsys.readouterr().out)
    assert out["policy"]["returns"]["window_days"] == {"default": 21, "shoes": 60} and out["version"] > 1
    engine = open_engine(url)
    try:
        with read_tx(engine) as conn:
            policy = load_policy(conn)
    finally:
        engine.dispose()
    assert policy == Policy.from_dict(out["policy"])
    assert (policy.returns.receiptless_max_returns, policy.pickups.collect_within_days) == (1, 5)
    bad = tmp_path / "bad.toml"
    for text, words in (("[returns]\nwindow_days = { shoes = -1 }\n", "returns.window_days.shoes: expected"),
                        ("[pickups]\ncollect_in = 3\n", "pickups.collect_in: expected"),
                        ("[returns\n", "not valid TOML")):
        bad.write_text(text)
        assert cli.main(["set-policy", "--db", url, "--file", str(bad)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and f"{bad}: " in err and words in err, err
    assert cli.main(["set-policy", "--db", url, "--file", str(tmp_path / "missing.toml")]) == 2
    assert "missing.toml: cannot read" in capsys.readouterr().err


def test_set_pin_stores_a_strong_hash(db_kind, tmp_path, capsys):
    from sync.pins import STRONG, verify_pin
    from tests.integration.test_central_mutations import row

    url = seeded_db_url(db_kind, tmp_path)
    assert cli.main(["set-pin", "--db", url, "--associate", "A0002", "--pin", "908172"]) == 0
    engine = open_engine(url)
    try:
        pin = row(engine, "pins", "A0002")
    finally:
        engine.dispose()
    assert (pin["store_id"], pin["scope"]) == ("S001", "location:S001")
    assert pin["pin_hash"].startswith(f"scrypt${STRONG[0]}$") and verify_pin("908172", pin["pin_hash"])
    for argv, words in ((["--associate", "A0002", "--pin", "12a4"], "4 to 8 digits"),
                        (["--associate", "A9999", "--pin", "1234"], "unknown associate 'A9999'")):
        assert cli.main(["set-pin", "--db", url, *argv]) == 2
        assert words in capsys.readouterr().err


def _stored_pin(url: str, associate: str) -> str:
    from tests.integration.test_central_mutations import row

    engine = open_engine(url)
    try:
        return row(engine, "pins", associate)["pin_hash"]
    finally:
        engine.dispose()


def _set_pin_command(url: str, associate: str) -> list[str]:
    return [sys.executable, "-m", "sync.server.cli", "set-pin", "--db", url, "--associate", associate]


def test_set_pin_reads_the_pin_from_stdin_not_the_command_line(db_kind, tmp_path):
    from sync.pins import verify_pin

    url = seeded_db_url(db_kind, tmp_path)
    done = subprocess.run(_set_pin_command(url, "A0002"), input="908172\n", capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert verify_pin("908172", _stored_pin(url, "A0002"))
    empty = subprocess.run(_set_pin_command(url, "A0002"), input="", capture_output=True, text=True, timeout=120)
    assert empty.returncode == 2 and "no PIN" in empty.stderr
    assert verify_pin("908172", _stored_pin(url, "A0002"))  # unchanged


def _read_until(fd: int, text: bytes, timeout: float = 60.0) -> bytes:
    """Output of a pseudo-terminal up to ``text`` (fails after ``timeout`` seconds)."""
    import os
    import select
    import time

    seen, deadline = b"", time.monotonic() + timeout
    while text not in seen:
        left = deadline - time.monotonic()
        assert left > 0, f"waited for {text!r}, got {seen!r}"
        if select.select([fd], [], [], left)[0]:
            seen += os.read(fd, 1024)
    return seen


def test_set_pin_prompts_twice_without_echo_on_a_terminal(db_kind, tmp_path):
    import os

    from sync.pins import verify_pin

    url = seeded_db_url(db_kind, tmp_path)
    for second, code in (("908172", 0), ("908173", 2)):
        master, slave = os.openpty()
        # A new session without a controlling terminal: getpass falls back to the pty on stdin.
        proc = subprocess.Popen(_set_pin_command(url, "A0003"), stdin=slave, stdout=slave, stderr=slave,
                                start_new_session=True)
        os.close(slave)
        try:
            _read_until(master, b"New PIN for A0003: ")
            os.write(master, b"908172\n")
            typed = _read_until(master, b"Type it again: ")
            os.write(master, second.encode() + b"\n")
            assert proc.wait(timeout=120) == code
            assert b"908172" not in typed  # not echoed
        finally:
            os.close(master)
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    assert verify_pin("908172", _stored_pin(url, "A0003"))  # the mismatch changed nothing


def test_place_order_makes_a_new_pickup_a_terminal_can_pick_and_hand_over(db_kind, tmp_path, capsys):
    from sync import protocol as p
    from tests.helpers.central import start_central
    from tests.integration.conftest import enroll_device
    from tests.integration.test_central_mutations import Pusher, row

    url = seeded_db_url(db_kind, tmp_path)
    assert cli.main(["place-order", "--db", url, "--store", "S001", "--lines", "3"]) == 0
    order = orjson.loads(capsys.readouterr().out)
    assert order["order_number"].startswith("W") and len(order["pickup_code"]) == 6 and len(order["lines"]) == 3
    server = start_central(url)
    dev = enroll_device(server)
    try:
        stored = row(server.engine(), "orders", order["order_id"])
        assert (stored["status"], stored["pickup_store_id"], stored["fulfilment"]) == ("placed", "S001", "pickup")
        assert stored["total_cents"] == sum(ln["price_cents"] for ln in order["lines"]) and stored["placed_at"]
        customer = row(server.engine(), "customers", order["customer_id"])
        assert customer["home_store_id"] == "S001" and stored["scope"] == customer["scope"]
        for ln in order["lines"]:
            stock = row(server.engine(), "inventory", f"S001:{ln['sku']}")
            assert stock["on_hand"] - (stock["reserved"] or 0) > 0
        pusher = Pusher(dev)
        picks = [{"line_id": ln["line_id"], "picked_qty": 1} for ln in order["lines"]]
        assert pusher.one(p.PICKUP_PICK, {"order_id": order["order_id"], "lines": picks})["status"] == "applied"
        assert pusher.one(p.PICKUP_READY, {"order_id": order["order_id"]})["status"] == "applied"
        res = pusher.one(p.PICKUP_COLLECT, {"handover_id": "H-cli", "order_id": order["order_id"],
                                            "verification": {"method": "pickup_code", "code": order["pickup_code"]}})
        assert res["status"] == "applied", res
    finally:
        dev.http.close()
        server.stop()
    assert cli.main(["place-order", "--db", url, "--store", "S001", "--customer", order["customer_id"]]) == 0
    again = orjson.loads(capsys.readouterr().out)
    assert again["pickup_code"] != order["pickup_code"] and again["order_number"] != order["order_number"]
    for argv, words in ((["--store", "S999"], "unknown store"), (["--store", "S001", "--customer", "C-NOPE"],
                                                                   "unknown customer"),
                        (["--store", "S001", "--lines", "0"], "1 to 20 lines")):
        assert cli.main(["place-order", "--db", url, *argv]) == 2
        assert words in capsys.readouterr().err


# ----- recompute-affinity, kpis -------------------------------------------------------------------


def test_recompute_affinity_keeps_seeded_rows_and_follows_top_k(db_kind, tmp_path, capsys):
    url = seeded_db_url(db_kind, tmp_path)
    assert cli.main(["recompute-affinity", "--db", url]) == 0
    first = orjson.loads(capsys.readouterr().out)
    assert first["rows"] > 0 and first["upserted"] == first["deleted"] == 0
    assert cli.main(["recompute-affinity", "--db", url, "--top-k", "2"]) == 0
    cut = orjson.loads(capsys.readouterr().out)
    assert 0 < cut["rows"] < first["rows"] and cut["deleted"] == first["rows"] - cut["rows"]
    engine = open_engine(url)
    try:
        with read_tx(engine) as conn:
            aff = ENTITY_TABLES["affinity"]
            assert conn.execute(select(func.max(aff.c.rank), func.count()).select_from(aff)).one() == (2, cut["rows"])
    finally:
        engine.dispose()
    assert cli.main(["recompute-affinity", "--db", url, "--top-k", "0"]) == 2
    assert "at least 1" in capsys.readouterr().err


def _sales_and_returns(url: str, store: str, start: str, end: str) -> tuple[int, int, int]:
    """(gross sales, orders, returns refunded) of a store over [start, end), from plain rows."""
    engine = open_engine(url)
    try:
        with read_tx(engine) as conn:
            orders = conn.execute(select(ENTITY_TABLES["orders"])).mappings().all()
            returns = conn.execute(select(ENTITY_TABLES["returns"])).mappings().all()
    finally:
        engine.dispose()
    sales = [o for o in orders
             if (o["fulfilment"] == "carry" and o["store_id"] == store and o["status"] == "completed"
                 and start <= o["placed_at"] < end)
             or (o["fulfilment"] == "pickup" and o["pickup_store_id"] == store and o["status"] == "collected"
                 and start <= o["collected_at"] < end)]
    refunds = sum(r["refund_cents"] for r in returns if r["store_id"] == store and start <= r["created_at"] < end)
    return sum(o["total_cents"] for o in sales), len(sales), refunds


def test_kpis_prints_a_stores_figures_as_json_or_lines(db_kind, tmp_path, capsys):
    url = seeded_db_url(db_kind, tmp_path)
    argv = ["kpis", "--db", url, "--store", "S001", "--from", "2000-01-01", "--to", "2100-01-01T00:00:00Z"]
    assert cli.main([*argv, "--json"]) == 0
    kpis = orjson.loads(capsys.readouterr().out)
    assert kpis["store_id"] == "S001" and kpis["from"] == "2000-01-01T00:00:00Z"
    gross, count, refunds = _sales_and_returns(url, "S001", "2000-01-01T00:00:00Z", "2100-01-01T00:00:00Z")
    assert (kpis["gross_sales_cents"], kpis["orders"], kpis["returns_cents"]) == (gross, count, refunds)
    assert count > 0 and refunds > 0 and kpis["net_sales_cents"] == gross - refunds
    assert cli.main(argv) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any(line.split() == ["gross_sales_cents", str(gross)] for line in lines)
    for extra, words in ((["--store", "S999"], "unknown store"), (["--from", "2100-01-01"], "before --to"),
                         (["--to", "yesterday"], "not an ISO date")):
        bad = [*argv]
        for i in range(0, len(extra), 2):
            bad[bad.index(extra[i]) + 1] = extra[i + 1]
        assert cli.main(bad) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and words in err, err
