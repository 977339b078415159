"""The ``clienteling-central`` command line and the migrations, on both databases."""

from __future__ import annotations

import subprocess
import sys

import orjson
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select

from sync.protocol import scope_checksum
from sync.server import admin, cli
from sync.server.db import open_engine, read_meta, read_tx, upgrade
from sync.server.models import metadata, scope_heads
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
    for command in ("seed", "serve", "enroll-code", "scope-stats"):
        assert command in out.stdout
