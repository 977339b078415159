"""``clienteling selftest`` and ``clienteling diagnostics`` through the command line, on a real
terminal: enrolled on a real central on loopback (SQLite and PostgreSQL) and synced, its secrets in
the file credential store, its logs in its own folder, Qt started offscreen in a child process."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
import zipfile
from dataclasses import replace
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from clienteling.__main__ import main
from clienteling.config import load_config
from clienteling.logs import LOG_FILE, close_logging, setup_logging
from clienteling.security.credentials import CACHE_KEY, DEVICE_TOKEN, credential_store_for
from clienteling.selftest import FAILED, OK, SKIPPED, WARNING, SelftestReport, check_python_and_libraries
from clienteling.terminal import Terminal
from tests.integration.conftest import STORE
from tests.integration.test_logs_have_no_personal_data import _personal_values
from tests.integration.test_terminal_pickups import server_rows


@pytest.fixture
def terminal_env(tmp_path, monkeypatch) -> Path:
    """The command line's configuration: a data folder, the file credential store and a log folder
    of its own; no user file."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    monkeypatch.setenv("CLIENTELING_DATA_DIR", str(tmp_path / "term"))
    monkeypatch.setenv("CLIENTELING_CREDENTIAL_STORE", "file")
    monkeypatch.setenv("CLIENTELING_LOG_DIR", str(tmp_path / "logs"))
    for name in ("SERVER_URL", "STORE_ID", "LOG_LEVEL", "LANGUAGE", "ENROLL_CODE", "CA_BUNDLE", "PROXY"):
        monkeypatch.delenv(f"CLIENTELING_{name}", raising=False)
    return tmp_path


def _cli(capsys, *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().out


def _selftest(capsys, *args: str) -> tuple[int, dict[str, dict]]:
    code, out = _cli(capsys, "selftest", "--json", *args)
    report = json.loads(out)
    assert report["ok"] is (code == 0)
    return code, {c["name"]: c for c in report["checks"]}


async def _enrol_sync_and_write(central) -> dict:
    """Enrol and sync for real with debug file logging, then leave one note unsent."""
    config = load_config()
    setup_logging(replace(config, log_level="debug"))
    terminal = await Terminal.enroll(config, credential_store_for(config), central.url, central.enroll_code(STORE))
    try:
        await terminal.replicator.sync_once()
        customer = (await terminal.worker.run(terminal.customers.search, "a"))[0]
        who = await terminal.default_associate()
        await terminal.worker.run(terminal.notes.add, customer.id, "prefers a call before noon", who)
        return {"device_id": terminal.device.device_id, "customer_id": customer.id}
    finally:
        await terminal.aclose()
        close_logging()


@pytest.fixture
def synced(fresh_central, terminal_env) -> dict:
    root = logging.getLogger()
    level = root.level
    try:
        return asyncio.run(_enrol_sync_and_write(fresh_central))
    finally:
        root.setLevel(level)


def test_selftest_passes_on_an_enrolled_synced_terminal(fresh_central, synced, capsys):
    code, checks = _selftest(capsys)
    assert code == 0, [c for c in checks.values() if c["status"] != OK]
    assert {name for name, c in checks.items() if c["status"] != OK} == set()
    assert checks["qt"]["detail"].startswith("Qt ") and "platform plugin 'offscreen'" in checks["qt"]["detail"]
    assert "quick_check ok" in checks["cache"]["detail"] and synced["device_id"] in checks["cache"]["detail"]
    assert checks["server"]["detail"].startswith(f"{fresh_central.url} answered")
    assert "probe entry was written, read back and deleted" in checks["credentials"]["detail"]

    code, out = _cli(capsys, "selftest")  # the text report
    assert code == 0 and out.rstrip().endswith("selftest passed (0 warning(s))")


def test_selftest_fails_with_the_reason_when_the_server_is_down_or_the_store_differs(
        fresh_central, synced, capsys, monkeypatch):
    monkeypatch.setenv("CLIENTELING_STORE_ID", "S002")
    code, checks = _selftest(capsys)
    assert code == 1 and checks["cache"]["status"] == FAILED
    assert checks["cache"]["detail"].startswith(f"enrolled for store {STORE}, but store_id = S002 (environment)")
    monkeypatch.delenv("CLIENTELING_STORE_ID")

    fresh_central.stop()
    code, out = _cli(capsys, "selftest")
    assert code == 1
    verdict = out.rstrip().splitlines()[-1]
    assert verdict.startswith(f"selftest FAILED: server: {fresh_central.url}: cannot reach the server")


def test_selftest_on_a_fresh_machine_warns_but_passes(terminal_env, capsys):
    code, checks = _selftest(capsys)
    assert code == 0
    assert (checks["cache"]["status"], checks["server"]["status"]) == (WARNING, WARNING)
    assert checks["cache"]["detail"].startswith("not enrolled")
    assert checks["server"]["detail"] == "not enrolled and no server_url configured: nothing to reach"
    assert not (terminal_env / "term" / "credentials.json").exists()  # the probe left nothing behind


def test_selftest_reports_a_damaged_cache(fresh_central, synced, terminal_env, capsys):
    cache = terminal_env / "term" / "cache.db"
    with cache.open("r+b") as fh:  # overwrite pages in the middle of the encrypted file
        fh.seek(cache.stat().st_size // 2)
        fh.write(b"\xff" * 8192)
    for side in ("cache.db-wal", "cache.db-shm"):
        (terminal_env / "term" / side).unlink(missing_ok=True)
    code, checks = _selftest(capsys)
    assert code == 1 and checks["cache"]["status"] == FAILED
    assert "damage" in checks["cache"]["detail"] or "damaged" in checks["cache"]["detail"]


def test_selftest_shows_a_config_error_and_skips_what_depends_on_it(terminal_env, capsys):
    user_file = terminal_env / "xdg-config" / "clienteling" / "terminal.toml"
    user_file.parent.mkdir(parents=True)
    user_file.write_text("sync_intervall_s = 10\n", encoding="utf-8")
    code, checks = _selftest(capsys)
    assert code == 1
    assert checks["config"] == {"name": "config", "status": FAILED, "detail": (
        f"{user_file}: unknown key 'sync_intervall_s': did you mean 'sync_interval_s'? "
        f"(known keys: {checks['config']['detail'].split('(known keys: ')[1]}")}
    assert [checks[n]["status"] for n in ("data dir", "log dir", "credentials", "cache", "server")] == [SKIPPED] * 5


def test_selftest_names_an_unusable_keyring_and_log_dir(terminal_env, capsys, monkeypatch):
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        not_a_folder = terminal_env / "a-file"
        not_a_folder.write_text("x")
        code, checks = _selftest(capsys, "--credential-store", "keyring", "--log-dir", str(not_a_folder))
    finally:
        keyring.set_keyring(previous)
    assert code == 1
    assert checks["credentials"]["detail"].startswith("No OS credential store is available")
    assert "CLIENTELING_CREDENTIAL_STORE=file" in checks["credentials"]["detail"]
    assert checks["log dir"]["status"] == FAILED and checks["log dir"]["detail"].startswith(
        f"{not_a_folder} is not writable")
    assert checks["cache"]["status"] == SKIPPED


def test_a_qt_platform_plugin_that_cannot_load_is_a_failed_check(terminal_env, capsys, monkeypatch):
    monkeypatch.setenv("QT_QPA_PLATFORM", "no-such-plugin")
    code, checks = _selftest(capsys)
    assert code == 1
    assert checks["qt"]["detail"].startswith("the Qt platform plugin did not load:")
    assert "no-such-plugin" in checks["qt"]["detail"]


def test_a_missing_library_is_a_failed_check_not_a_crash(monkeypatch):
    monkeypatch.setitem(sys.modules, "qasync", None)  # makes the import fail
    monkeypatch.setitem(sys.modules, "PySide6.QtCharts", None)
    report = SelftestReport()
    check_python_and_libraries(report)
    by_name = {c.name: c for c in report.checks}
    assert by_name["library qasync"].status == FAILED and "ModuleNotFoundError" in by_name["library qasync"].detail
    assert by_name["library PySide6"].status == FAILED and "QtCharts" in by_name["library PySide6"].detail
    assert by_name["library httpx"].status == OK and not report.ok


def test_diagnostics_hold_state_and_logs_without_secrets_or_personal_data(fresh_central, synced,
                                                                          terminal_env, capsys):
    people = [dict(r._mapping) for r in server_rows(
        fresh_central, "SELECT id, first_name, last_name, email, phone, loyalty_number FROM customers")]
    touched = next(p for p in people if p["email"] and p["phone"] and p["loyalty_number"])
    # A line that slipped past the log formatter: diagnostics masks it again.
    (terminal_env / "logs" / f"{LOG_FILE}.1").write_text(
        f"2026-11-22 10:00:00 INFO leak: {touched['email']} {touched['phone']} {touched['loyalty_number']}\n",
        encoding="utf-8")
    secrets = json.loads((terminal_env / "term" / "credentials.json").read_text(encoding="utf-8"))
    out = terminal_env / "support.zip"

    code, printed = _cli(capsys, "diagnostics", "--out", str(out))
    assert code == 0 and printed.startswith(f"Wrote {out} (")

    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        texts = {name: zf.read(name).decode("utf-8") for name in names}
    assert names == ["versions.json", "config.json", "device.json", "sync_state.json", "selftest.json",
                     f"logs/{LOG_FILE}", f"logs/{LOG_FILE}.1"]
    versions, config = json.loads(texts["versions.json"]), json.loads(texts["config.json"])
    device, state = json.loads(texts["device.json"]), json.loads(texts["sync_state.json"])
    assert versions["app"] and versions["qt"] and versions["sqlcipher"] and versions["libraries"]["httpx"]
    assert config["values"]["credential_store"] == "file"
    assert config["sources"]["log_dir"] == "environment"
    assert (device["device_id"], device["store_id"]) == (synced["device_id"], STORE)
    assert state["outbox"]["pending"] == 1 and state["schema_version"] > 0 and state["cache"]["bytes"] > 0
    assert state["last_sync_at"] and all(s["snapshot_done"] and s["has_changes_cursor"]
                                         for s in state["scopes"].values())
    assert json.loads(texts["selftest.json"])["ok"] is True
    assert f"enrolled device {synced['device_id']} for store {STORE}" in texts[f"logs/{LOG_FILE}"]
    assert texts[f"logs/{LOG_FILE}.1"].endswith("INFO leak: <email> <number>\n")

    everything = "\n".join(texts.values()).lower()
    for name in (DEVICE_TOKEN, CACHE_KEY):
        assert secrets[name].lower() not in everything, f"the {name} is in the zip"
    leaks = sorted({v for p in people for v in _personal_values(p) if v.lower() in everything})
    assert not leaks, f"personal data in the diagnostics: {leaks[:5]}"


def test_diagnostics_hide_secrets_in_the_config_and_survive_a_missing_enrolment(terminal_env, capsys,
                                                                                monkeypatch):
    monkeypatch.setenv("CLIENTELING_ENROLL_CODE", "K7-48213377")
    monkeypatch.setenv("CLIENTELING_PROXY", "http://it-user:s3cret@proxy.example.com:3128")
    out = terminal_env / "support.zip"
    assert _cli(capsys, "diagnostics", "--out", str(out))[0] == 0
    with zipfile.ZipFile(out) as zf:
        config = json.loads(zf.read("config.json"))
        device = json.loads(zf.read("device.json"))
        everything = b"".join(zf.read(n) for n in zf.namelist())
    assert config["values"]["enroll_code"] == "(set)"
    assert config["values"]["proxy"] == "http://proxy.example.com:3128"
    assert b"K7-48213377" not in everything and b"s3cret" not in everything and b"it-user" not in everything
    assert device["enrolled"] is False and "cache key" in device["missing"]


def test_diagnostics_into_a_missing_folder_says_so(terminal_env, capsys):
    out = terminal_env / "no-such-folder" / "support.zip"
    assert main(["diagnostics", "--out", str(out)]) == 1
    assert f"the folder {out.parent} does not exist" in capsys.readouterr().err
