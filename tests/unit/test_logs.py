"""Log hygiene: the formatter masks personal-looking values and writes tracebacks without
exception messages; failures are described by type and kind/code; the replication loop logs no
exception message (no Qt, no network)."""

from __future__ import annotations

import asyncio
import logging

import pytest

from clienteling.config import Config
from clienteling.domain import DomainError
from clienteling import logs
from clienteling.logs import (EMAIL_MASK, LOG_BACKUPS, LOG_FILE, NUMBER_MASK, PrivateFormatter, close_logging,
                              describe_exception, log_files, redact, setup_logging, traceback_frames)
from clienteling.replication import runner
from sync.client import SyncError, map_status_error

EMAIL = "ana.lima@example.com"


@pytest.mark.parametrize("phone", ["+1 415-555-0123", "(415) 555 0123", "4155550123", "+14155550123",
                                   "415.555.0123", "(415) 555-0123", "415 555 0123", "+1 (415) 555-0123"])
def test_phone_numbers_in_every_seeded_format_are_masked(phone):
    assert redact(f"call {phone} today") == f"call {NUMBER_MASK} today"


def test_emails_and_loyalty_numbers_are_masked():
    assert redact(f"{EMAIL} has card 1234567897: ok") == f"{EMAIL_MASK} has card {NUMBER_MASK}: ok"
    assert redact("loyalty=1234567897,") == f"loyalty={NUMBER_MASK},"


@pytest.mark.parametrize("phone", ["0612-34-56-78", "2125-55-0199", "2026-13-45"])
def test_phone_numbers_shaped_like_dates_are_masked(phone):
    assert redact(f"call {phone} now") == f"call {NUMBER_MASK} now"
    assert redact("sent 2026-11-22T10:00:00Z and 2026-11-22 10:00") == "sent 2026-11-22T10:00:00Z and 2026-11-22 10:00"


def test_a_phone_and_a_loyalty_number_side_by_side_are_masked():
    # Read as one run of 20 digits, they were too long for either and were left in clear.
    assert redact("card +1 925-555-7065 1843701499 seen") == f"card {NUMBER_MASK} seen"
    assert redact("pan 4111111111111111") == f"pan {NUMBER_MASK}"


@pytest.mark.parametrize("text", [
    "mutation 123e4567-e89b-12d3-a456-426614174000 (hold.create, seq 12) rejected",
    "12345678-1234-1234-1234-123456789012", "customer C0001234, order W1234567, store S001",
    "synced at 2026-11-22T10:00:00.123456+00:00", "2026-11-22 10:00:00", "http://127.0.0.1:8000/v1/health",
    "192.168.100.200", "retrying in 0.25s after offline", "seeded 123456 rows", "version 1.2.3",
])
def test_ids_times_addresses_and_counts_are_kept(text):
    assert redact(text) == text


def _raise_chained():
    try:
        raise KeyError(EMAIL)
    except KeyError as exc:
        raise DomainError("invalid_arguments", f"no customer {EMAIL}") from exc


def test_tracebacks_keep_frames_and_drop_messages():
    with pytest.raises(DomainError) as info:
        _raise_chained()
    text = traceback_frames(info.value)
    assert EMAIL not in text
    assert "in _raise_chained" in text and "direct cause" in text
    assert text.endswith("DomainError (code=invalid_arguments) [message not logged]")
    assert "KeyError [message not logged]" in text


def test_describe_exception_names_type_and_machine_readable_details():
    assert describe_exception(ValueError(EMAIL)) == "ValueError"
    assert describe_exception(DomainError("not_found", EMAIL)) == "DomainError (code=not_found)"
    refused = map_status_error(400, b'{"code": "bad_request", "message": "q: ana.lima@example.com"}')
    assert describe_exception(refused) == "SyncError (kind=protocol, status=400)"
    assert describe_exception(OSError(28, "No space left")) == "OSError (errno=28)"
    assert describe_exception(DomainError("odd code with spaces", "x")) == "DomainError"


def _record(msg, *args, exc=None) -> logging.LogRecord:
    exc_info = (type(exc), exc, exc.__traceback__) if exc else None
    return logging.LogRecord("t", logging.WARNING, __file__, 1, msg, args, exc_info)


def test_formatter_masks_messages_and_ignores_a_cached_exception_text():
    try:
        _raise_chained()
    except DomainError as exc:
        record = _record("failed for %s (%s)", EMAIL, "415-555-0123", exc=exc)
    logging.Formatter().format(record)  # another handler first: caches exc_text with the message
    assert EMAIL in record.exc_text
    out = PrivateFormatter("%(levelname)s %(message)s").format(record)
    assert out.startswith(f"WARNING failed for {EMAIL_MASK} ({NUMBER_MASK})\nTraceback")
    assert EMAIL not in out and "[message not logged]" in out


@pytest.fixture
def restore_root_level():
    root = logging.getLogger()
    level = root.level
    yield root
    close_logging()
    root.setLevel(level)


def test_setup_logging_writes_masked_lines_to_the_log_dir(tmp_path, restore_root_level):
    root = restore_root_level
    setup_logging(Config(data_dir=tmp_path / "data", log_dir=tmp_path / "logs", log_level="info"))
    logging.getLogger("clienteling.test").debug("not at info level")
    logging.getLogger("clienteling.test").info("searched %s", EMAIL)
    logging.getLogger("clienteling.test").error("boom", exc_info=ValueError(EMAIL))
    close_logging()
    assert not [h for h in root.handlers if getattr(h, "_clienteling", False)]
    text = (tmp_path / "logs" / LOG_FILE).read_text(encoding="utf-8")
    assert f"INFO clienteling.test: searched {EMAIL_MASK}" in text
    assert "ValueError [message not logged]" in text and EMAIL not in text
    assert "not at info level" not in text
    assert not (tmp_path / "data").exists()


def test_logs_go_to_the_platform_log_folder_by_default(tmp_path, monkeypatch, restore_root_level):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    setup_logging(Config(data_dir=tmp_path / "data", log_level="debug"))
    logging.getLogger("clienteling.test").debug("at debug level")
    close_logging()
    assert "at debug level" in (tmp_path / "state" / "clienteling" / "logs" / LOG_FILE).read_text(encoding="utf-8")


def test_log_files_rotate_and_are_listed_newest_first(tmp_path, monkeypatch, restore_root_level):
    monkeypatch.setattr(logs, "LOG_MAX_BYTES", 400)
    setup_logging(Config(data_dir=tmp_path, log_dir=tmp_path / "logs", log_level="info"))
    for n in range(40):
        logging.getLogger("clienteling.test").info("line %d", n)
    close_logging()
    files = log_files(tmp_path / "logs")
    assert [f.name for f in files] == [LOG_FILE] + [f"{LOG_FILE}.{n}" for n in range(1, LOG_BACKUPS + 1)]
    assert "line 39" in files[0].read_text(encoding="utf-8")
    assert log_files(tmp_path / "nowhere") == []


def test_an_unwritable_log_dir_is_reported_and_the_app_goes_on(tmp_path, capsys, restore_root_level):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    setup_logging(Config(data_dir=tmp_path, log_dir=not_a_folder, log_level="info"))
    err = capsys.readouterr().err
    assert f"cannot write logs in {not_a_folder}" in err and "set log_dir to a writable folder" in err
    assert [type(h) for h in logging.getLogger().handlers if getattr(h, "_clienteling", False)] == \
        [logging.StreamHandler]


class _Rep:
    """The part of a Replicator the loop's error handlers touch."""

    def __init__(self) -> None:
        self.status = type("Status", (), {})()
        self.failed: list[BaseException] = []

    def _failed(self, exc: BaseException) -> None:
        self.failed.append(exc)

    def _emit(self) -> None:
        pass


def test_replication_failures_are_logged_without_their_messages(caplog):
    caplog.set_level(logging.INFO, logger=runner.log.name)
    rep = _Rep()
    runner._internal(rep, ValueError(f"constraint failed: {EMAIL}"))  # type: ignore[arg-type]
    refused = map_status_error(400, b'{"code": "bad_request", "message": "q: ana.lima@example.com"}')
    runner._handle(rep, refused, asyncio.Event())  # type: ignore[arg-type]
    runner._handle(rep, SyncError("offline", "cannot reach the server: connection refused"),  # type: ignore[arg-type]
                   asyncio.Event())
    messages = [r.getMessage() for r in caplog.records]
    assert not [m for m in messages if EMAIL in m] and not [r for r in caplog.records if r.exc_info]
    assert messages[0].startswith("replication step failed: ValueError\nTraceback")
    assert messages[1:] == ["sync failed (protocol: HTTP 400 bad_request)",
                            "sync failed (offline: cannot reach the server: connection refused)"]
