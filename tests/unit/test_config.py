"""Settings layering and the messages a wrong value gives."""

from __future__ import annotations

from pathlib import Path

import certifi
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


def test_transport_and_idle_lock_defaults(tmp_path):
    config = load_config(files=[], env={"CLIENTELING_DATA_DIR": str(tmp_path)})
    assert (config.ca_bundle, config.proxy, config.idle_lock_minutes) == ("", "", 5)


def test_ca_bundle_must_be_a_readable_pem_file(tmp_path):
    pem = certifi.where()  # a real bundle of CA certificates
    assert load_config(files=[], env={}, cli={"ca_bundle": str(pem)}).ca_bundle == str(pem)
    path = _write(tmp_path / "terminal.toml", f'ca_bundle = "{tmp_path / "missing.pem"}"\n')
    with pytest.raises(ConfigError) as info:
        load_config(files=[path], env={})
    message = str(info.value)
    assert str(path) in message and "ca_bundle" in message and "missing.pem" in message
    assert "cannot be read" in message
    not_pem = _write(tmp_path / "notes.txt", "hello")
    with pytest.raises(ConfigError, match="CLIENTELING_CA_BUNDLE.*holds no PEM certificate"):
        load_config(files=[], env={"CLIENTELING_CA_BUNDLE": str(not_pem)})
    broken = _write(tmp_path / "broken.pem", "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n")
    with pytest.raises(ConfigError, match="ca_bundle.*not a valid certificate bundle"):
        load_config(files=[], env={}, cli={"ca_bundle": str(broken)})
    with pytest.raises(ConfigError, match="ca_bundle.*is a folder"):
        load_config(files=[], env={}, cli={"ca_bundle": str(tmp_path)})


@pytest.mark.parametrize("value", ["proxy.example.com:3128", "ftp://proxy:21", "http://proxy.example.com",
                                   "http://:3128", "http://proxy:port", "http://proxy:3128/path"])
def test_bad_proxy_urls_are_refused(tmp_path, value):
    path = _write(tmp_path / "terminal.toml", f'proxy = "{value}"\n')
    with pytest.raises(ConfigError) as info:
        load_config(files=[path], env={})
    assert str(path) in str(info.value) and "proxy" in str(info.value) and "http://host:port" in str(info.value)


def test_proxy_and_idle_lock_values():
    config = load_config(files=[], env={"CLIENTELING_PROXY": "http://proxy.example.com:3128/",
                                        "CLIENTELING_IDLE_LOCK_MINUTES": "0"})
    assert (config.proxy, config.idle_lock_minutes) == ("http://proxy.example.com:3128", 0)
    assert load_config(files=[], env={}, cli={"proxy": "https://[::1]:8443"}).proxy == "https://[::1]:8443"
    with pytest.raises(ConfigError, match="idle_lock_minutes"):
        load_config(files=[], env={}, cli={"idle_lock_minutes": -1})
