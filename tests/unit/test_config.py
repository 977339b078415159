"""Settings layering and the messages a wrong value gives."""

from __future__ import annotations

import sys
from dataclasses import fields
from pathlib import Path

import certifi
import pytest

from clienteling.config import SETTINGS, SETTINGS_BY_KEY, Config, ConfigError, default_log_dir, load_config


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
    # unknown keys, with a suggestion when one is close
    ("sync_intervall_s = 10", "unknown key 'sync_intervall_s': did you mean 'sync_interval_s'?"),
    ('Server-URL = "https://x.example.com"', "did you mean 'server_url'?"),
    ('[server]\nurl = "https://x.example.com"', "unknown key 'server': did you mean 'server_url'?"),
    ('colour = "blue"', "unknown key 'colour': (known keys: data_dir, server_url,"),
    # wrong TOML types
    ('sync_interval_s = "30"', "sync_interval_s = '30' has the wrong type: expected a number without quotes "
                               "(found a TOML string)"),
    ("hold_days = 2.5", "hold_days = 2.5 has the wrong type: expected a whole number without quotes "
                        "(found a TOML float)"),
    ("idle_lock_minutes = true", "expected a whole number without quotes (found a TOML boolean)"),
    ("receipt_printer = 5", "receipt_printer = 5 has the wrong type: expected a string in quotes "
                            "(found a TOML integer)"),
    ('server_url = ["https://x.example.com"]', "expected a string in quotes (found a TOML array)"),
    ("language = 1979-05-27", "expected a string in quotes (found a TOML date or time)"),
])
def test_bad_file_values_name_file_key_and_expectation(tmp_path, text, expected):
    path = _write(tmp_path / "terminal.toml", text)
    with pytest.raises(ConfigError) as info:
        load_config(files=[path], env={})
    assert str(info.value).startswith(f"{path}: ")
    assert expected in str(info.value)


def test_bad_environment_value_names_the_variable():
    with pytest.raises(ConfigError, match="CLIENTELING_CREDENTIAL_STORE"):
        load_config(files=[], env={"CLIENTELING_CREDENTIAL_STORE": "vault"})


def test_an_unknown_variable_is_refused_with_a_suggestion():
    with pytest.raises(ConfigError, match=r"unknown variable CLIENTELING_SEVER_URL: did you mean CLIENTELING_SERVER_URL\?"):
        load_config(files=[], env={"CLIENTELING_SEVER_URL": "https://central.example.com"})
    with pytest.raises(ConfigError, match=r"unknown variable CLIENTELING_COLOUR: \(the terminal reads CLIENTELING_DATA_DIR"):
        load_config(files=[], env={"CLIENTELING_COLOUR": "blue"})
    # The central service's and the test suite's variables are not the terminal's business.
    config = load_config(files=[], env={"CLIENTELING_TEST_PGPORT": "5432", "CLIENTELING_CENTRAL_WORKER_DB": "x",
                                        "CLIENTELING_LOG_LEVEL": "DEBUG", "OTHER": "1"})
    assert config.log_level == "debug"


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


def test_numbers_keep_working_from_the_environment_and_command_line():
    config = load_config(files=[], env={"CLIENTELING_HOLD_DAYS": "3"}, cli={"sync_interval_s": 12})
    assert (config.hold_days, config.sync_interval_s) == (3, 12.0)


def test_secrets_are_never_echoed(tmp_path):
    path = _write(tmp_path / "terminal.toml", "enroll_code = 48213377\n")
    with pytest.raises(ConfigError) as info:
        load_config(files=[path], env={})
    assert "enroll_code = (hidden) has the wrong type" in str(info.value) and "48213377" not in str(info.value)
    config = load_config(files=[], env={"CLIENTELING_ENROLL_CODE": "K7-48213377", "CLIENTELING_STORE_ID": "S001"})
    assert (config.enroll_code, config.store_id) == ("K7-48213377", "S001")
    assert "K7-48213377" not in repr(config)


@pytest.mark.parametrize("value, expected", [("", ""), ("fr", "fr"), (" EN ", "en"), ("fr-ca", "fr_CA"),
                                             ("pt_BR", "pt_BR")])
def test_language_codes(value, expected):
    assert load_config(files=[], env={"CLIENTELING_LANGUAGE": value}).language == expected


@pytest.mark.parametrize("value", ["french", "f", "fr_CAN", "fr.UTF-8"])
def test_bad_language_names_the_key_and_the_expected_form(tmp_path, value):
    path = _write(tmp_path / "terminal.toml", f'language = "{value}"\n')
    with pytest.raises(ConfigError) as info:
        load_config(files=[path], env={})
    assert str(path) in str(info.value) and "language" in str(info.value)
    assert 'a language code such as "fr" or "en"' in str(info.value)


def test_log_dir_defaults_to_the_platform_log_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    config = load_config(files=[], env={})
    assert config.log_dir is None and config.log_path == tmp_path / "state" / "clienteling" / "logs"
    monkeypatch.delenv("XDG_STATE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_log_dir() == tmp_path / "home" / ".local" / "state" / "clienteling" / "logs"
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "Local"))
    assert default_log_dir() == tmp_path / "Local" / "Clienteling" / "Logs"


def test_log_dir_can_be_set(tmp_path):
    path = _write(tmp_path / "terminal.toml", f'log_dir = "{tmp_path / "logs"}"\n')
    config = load_config(files=[path], env={})
    assert config.log_path == tmp_path / "logs" and config.sources["log_dir"] == str(path)


def test_every_setting_is_a_config_field_with_the_same_default():
    defaults = {f.name: f.default for f in fields(Config)}
    for setting in SETTINGS:
        assert setting.description.strip(), setting.key
        assert setting.key in defaults, f"Config has no field {setting.key}"
        if setting.key != "data_dir":
            assert defaults[setting.key] == setting.default, setting.key
    assert set(defaults) - {"sources"} == set(SETTINGS_BY_KEY)


def test_the_readme_documents_every_key():
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    missing = [s.key for s in SETTINGS if f"| `{s.key}` |" not in readme]
    assert not missing, f"README.md's configuration table lacks {missing}"
