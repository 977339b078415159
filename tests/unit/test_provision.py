"""`clienteling provision` (what the MSI's custom action and deployment scripts run) writes the
machine-wide config file that the real config loader then reads: only the keys given, keeping IT's
other keys and comments; a bad value or file is refused with one message and the file untouched."""

from __future__ import annotations

import tomllib

import pytest

from clienteling.__main__ import main
from clienteling.config import ConfigError, load_config
from clienteling.provision import write_machine_config

URL = "https://central.example.com"
CODE = "ABCD-EFGH-JKLM"


def test_a_new_file_holds_the_three_keys_and_the_config_loader_reads_them(tmp_path):
    path = tmp_path / "ProgramData" / "Clienteling" / "terminal.toml"

    written = write_machine_config(path, "S001", URL + "/", CODE)

    assert written == ["store_id", "server_url", "enroll_code"]
    config = load_config(files=[path], env={}, cli={})
    assert (config.store_id, config.server_url, config.enroll_code) == ("S001", URL, CODE)
    assert config.sources["server_url"] == str(path)
    assert path.read_text(encoding="utf-8").startswith("# Clienteling terminal: machine-wide settings")


def test_existing_keys_are_replaced_in_place_and_other_lines_kept(tmp_path):
    path = tmp_path / "terminal.toml"
    path.write_bytes(b'# IT: store 12, Lyon\r\nstore_id = "S999"\r\nproxy = "http://proxy.lan:3128"\r\n'
                     b'server_url = "https://old.example.com" # old\r\nlog_level = "debug"')

    write_machine_config(path, store_id="S012", server_url=URL)

    assert path.read_bytes() == (b'# IT: store 12, Lyon\r\nstore_id = "S012"\r\n'
                                 b'proxy = "http://proxy.lan:3128"\r\n'
                                 b'server_url = "https://central.example.com"\r\nlog_level = "debug"\r\n')
    config = load_config(files=[path], env={}, cli={})
    assert (config.store_id, config.proxy, config.log_level) == ("S012", "http://proxy.lan:3128", "debug")


def test_only_given_values_are_written(tmp_path):
    path = tmp_path / "terminal.toml"
    write_machine_config(path, "S001", URL, CODE)

    assert write_machine_config(path, enroll_code="WXYZ-2345-6789") == ["enroll_code"]

    assert tomllib.loads(path.read_text(encoding="utf-8")) == {
        "store_id": "S001", "server_url": URL, "enroll_code": "WXYZ-2345-6789"}


def test_quotes_and_backslashes_in_a_value_stay_valid_toml(tmp_path):
    path = tmp_path / "terminal.toml"
    store = 'Lyon "Part-Dieu" \\ 2'

    write_machine_config(path, store_id=store)

    assert load_config(files=[path], env={}, cli={}).store_id == store


def test_a_bad_url_names_the_file_key_option_property_and_expectation_and_writes_nothing(tmp_path):
    path = tmp_path / "terminal.toml"
    path.write_text('store_id = "S001"\n', encoding="utf-8")

    with pytest.raises(ConfigError) as caught:
        write_machine_config(path, "S002", "ftp://central.example.com", CODE)

    assert str(caught.value) == (f"{path}: server_url (--server, MSI property APIURL) = "
                                 "'ftp://central.example.com' is not valid: expected an http:// or "
                                 "https:// URL, such as https://central.example.com")
    assert path.read_text(encoding="utf-8") == 'store_id = "S001"\n'


def test_nothing_to_write_is_an_error(tmp_path):
    path = tmp_path / "terminal.toml"

    with pytest.raises(ConfigError, match="nothing to write: give --store, --server or --enroll-code"):
        write_machine_config(path, "", " ", "")
    assert not path.exists()


def test_a_file_that_is_not_toml_is_left_alone(tmp_path):
    path = tmp_path / "terminal.toml"
    path.write_text("store_id = S001\n", encoding="utf-8")

    with pytest.raises(ConfigError, match=r"terminal\.toml: not valid TOML"):
        write_machine_config(path, store_id="S002")
    assert path.read_text(encoding="utf-8") == "store_id = S001\n"


def test_a_key_in_a_form_it_cannot_edit_is_refused(tmp_path):
    path = tmp_path / "terminal.toml"
    original = 'server_url = """\nhttps://old.example.com"""\n'
    path.write_text(original, encoding="utf-8")

    with pytest.raises(ConfigError, match="simple `key = \"value\"` lines"):
        write_machine_config(path, server_url=URL)
    assert path.read_text(encoding="utf-8") == original


def test_the_command_writes_the_file_and_logs_the_keys_but_not_the_code(tmp_path, capsys):
    path, log = tmp_path / "conf" / "terminal.toml", tmp_path / "conf" / "provision.log"

    code = main(["provision", "--store", "S001", "--server", URL, "--enroll-code", CODE,
                 "--config", str(path), "--log-file", str(log)])

    assert code == 0
    assert load_config(files=[path], env={}, cli={}).enroll_code == CODE
    assert f"Wrote store_id, server_url, enroll_code to {path}." in capsys.readouterr().out
    line = log.read_text(encoding="utf-8")
    assert line.endswith(f" provision: wrote store_id, server_url, enroll_code to {path}\n")
    assert CODE not in line


def test_the_command_reports_a_bad_value_on_stderr_and_in_the_log(tmp_path, capsys):
    path, log = tmp_path / "terminal.toml", tmp_path / "provision.log"

    code = main(["provision", "--store", "S001", "--server", "central", "--enroll-code", CODE,
                 "--config", str(path), "--log-file", str(log)])

    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith(f"clienteling provision: configuration error: {path}: server_url (--server, "
                          "MSI property APIURL) = 'central' is not valid: expected an http:// or "
                          "https:// URL")
    assert "provision failed: configuration error:" in log.read_text(encoding="utf-8")
    assert CODE not in err + log.read_text(encoding="utf-8")
    assert not path.exists()


def test_the_command_says_when_the_file_cannot_be_written(tmp_path, capsys):
    path = tmp_path / "terminal.toml"
    (tmp_path / "terminal.toml.tmp").mkdir()  # the file is written beside it first, then renamed

    code = main(["provision", "--store", "S001", "--config", str(path)])

    assert code == 1
    assert capsys.readouterr().err.startswith(f"clienteling provision: cannot write {path} (")
    assert not path.exists()
