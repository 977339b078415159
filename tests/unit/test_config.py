"""Settings layering and the messages a wrong value gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from clienteling.config import ConfigError, load_config


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_layers_override_in_documented_order(tmp_path):
    machine = _write(tmp_path / "machine.toml", 'server_url = "https://machine.example.com"\nsync_interval_s = 10\n')
    user = _write(tmp_path / "user.toml", 'sync_interval_s = 20\n')
    config = load_config(files=[machine, user], env={"CLIENTELING_SYNC_INTERVAL_S": "40"},
                         cli={"data_dir": str(tmp_path / "d"), "log_level": None})
    assert config.server_url == "https://machine.example.com"
    assert config.sync_interval_s == 40.0
    assert config.sources["sync_interval_s"] == "environment"
    assert config.data_dir == tmp_path / "d"
    assert config.cache_path == tmp_path / "d" / "cache.db"


def test_cli_beats_environment(tmp_path):
    config = load_config(files=[], env={"CLIENTELING_LOG_LEVEL": "debug"}, cli={"log_level": "error"})
    assert config.log_level == "error"


@pytest.mark.parametrize("text, expected", [
    ('server_url = "ftp://x"', "server_url"),
    ('sync_interval_s = "often"', "a number"),
    ('colour = "blue"', "unknown key 'colour'"),
    ('server_url = ', "not valid TOML"),
])
def test_bad_file_values_name_file_key_and_expectation(tmp_path, text, expected):
    path = _write(tmp_path / "terminal.toml", text)
    with pytest.raises(ConfigError) as info:
        load_config(files=[path], env={})
    assert str(path) in str(info.value)
    assert expected in str(info.value)


def test_bad_environment_value_names_the_variable():
    with pytest.raises(ConfigError, match="CLIENTELING_CREDENTIAL_STORE"):
        load_config(files=[], env={"CLIENTELING_CREDENTIAL_STORE": "vault"})


def test_return_and_receipt_settings(tmp_path):
    config = load_config(files=[], env={"CLIENTELING_DATA_DIR": str(tmp_path)})
    assert config.offline_return_cap_cents == 20_000 and config.receipt_printer == ""
    assert config.receipts_path == tmp_path / "receipts"
    config = load_config(files=[], env={"CLIENTELING_DATA_DIR": str(tmp_path), "CLIENTELING_OFFLINE_RETURN_CAP_CENTS": "0",
                                        "CLIENTELING_RECEIPTS_DIR": str(tmp_path / "out"),
                                        "CLIENTELING_RECEIPT_PRINTER": " Front desk "})
    assert (config.offline_return_cap_cents, config.receipt_printer) == (0, "Front desk")
    assert config.receipts_path == tmp_path / "out"
    with pytest.raises(ConfigError, match="offline_return_cap_cents"):
        load_config(files=[], env={}, cli={"offline_return_cap_cents": -1})
