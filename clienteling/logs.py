"""Logging set-up: rotating files in the platform's log folder (config ``log_dir``), level from
the config.

Log records never carry customer names, emails, phone numbers or loyalty numbers: code logs ids
and counts only, and failures by their type and machine-readable kind or code
(:func:`describe_exception`), never by their message, which can quote what was typed or the
parameters of a database statement. As a last line of defence, :class:`PrivateFormatter` writes
tracebacks without exception messages and masks anything shaped like an email address or a
phone or loyalty number.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import sys
import traceback
from pathlib import Path

from clienteling.config import Config

LOG_FILE = "clienteling.log"
LOG_BACKUPS = 5
LOG_MAX_BYTES = 2_000_000
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
EMAIL_MASK = "<email>"
NUMBER_MASK = "<number>"

_EMAIL = re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)+")
# Digits with phone punctuation, taken whole: not inside a word, an id or a time ("10:00:00.123456").
_NUMBER = re.compile(r"(?<![\w.@+-])(?<!\d[-. :])\+?\(?\d(?:[\d ().-]*\d)?(?!\w)(?![-.]?\w)(?! \d)")
_NOT_PERSONAL = (re.compile(r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?:[T ]\S*)?$"),  # an ISO date, maybe with the hour
                 re.compile(r"\d{1,3}(?:\.\d{1,3}){3}$"),    # an IPv4 address
                 re.compile(r"\d{8}-\d{4}-\d{4}-\d{4}-\d{12}$"))  # a UUID of digits only
_IDENTIFIER = re.compile(r"[A-Za-z0-9_.:-]{1,40}")
_CAUSE = "\nThe above exception was the direct cause of the following exception:\n\n"
_CONTEXT = "\nDuring handling of the above exception, another exception occurred:\n\n"


def _mask_number(match: re.Match[str]) -> str:
    text = match.group(0)
    digits = sum(ch.isdigit() for ch in text)
    # More than 15 digits is no single phone or loyalty number, but it can be two side by side.
    if digits < 7 or any(p.match(text) for p in _NOT_PERSONAL):
        return text
    return "(" + NUMBER_MASK if text.startswith("(") and ")" not in text else NUMBER_MASK


def redact(text: str) -> str:
    """``text`` with email addresses and phone- or loyalty-number-like digit runs masked."""
    return _NUMBER.sub(_mask_number, _EMAIL.sub(EMAIL_MASK, text))


def describe_exception(exc: BaseException) -> str:
    """The exception's type and its machine-readable details (kind, code, status, errno): what
    a log may say about a failure. The message is left out: it can quote personal data."""
    details = []
    for attr in ("kind", "code", "status", "errno"):
        value = getattr(exc, attr, None)
        if (isinstance(value, int) and not isinstance(value, bool)) or \
                (isinstance(value, str) and _IDENTIFIER.fullmatch(value)):
            details.append(f"{attr}={value}")
    name = type(exc).__qualname__
    return f"{name} ({', '.join(details)})" if details else name


def traceback_frames(exc: BaseException) -> str:
    """The traceback of ``exc`` and of its causes, frames only: each exception is named by
    :func:`describe_exception`, its message is withheld."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and not any(current is seen for seen in chain):
        chain.append(current)
        current = current.__cause__ if current.__cause__ is not None else (
            None if current.__suppress_context__ else current.__context__)
    parts: list[str] = []
    older: BaseException | None = None
    for newer in reversed(chain):
        if older is not None:
            parts.append(_CAUSE if newer.__cause__ is older else _CONTEXT)
        parts.append("Traceback (most recent call last):\n")
        parts.extend(traceback.format_tb(newer.__traceback__))
        parts.append(f"{describe_exception(newer)} [message not logged]\n")
        older = newer
    return "".join(parts).rstrip("\n")


class PrivateFormatter(logging.Formatter):
    """A formatter that masks personal-looking values in messages and writes exceptions
    without their messages (``exc_info`` anywhere in the app stays safe)."""

    def __init__(self, fmt: str = FORMAT) -> None:
        super().__init__(fmt)

    def format(self, record: logging.LogRecord) -> str:
        # Not super().format(): it would reuse an exc_text another handler cached with the message.
        record.message = redact(record.getMessage())
        if self.usesTime():
            record.asctime = self.formatTime(record, self.datefmt)
        text = self.formatMessage(record)
        if record.exc_info and record.exc_info[1] is not None:
            text += "\n" + self.formatException(record.exc_info)
        if record.stack_info:
            text += "\n" + redact(self.formatStack(record.stack_info))
        return text

    def formatException(self, ei) -> str:  # type: ignore[no-untyped-def] # noqa: N802 (logging API)
        return redact(traceback_frames(ei[1])) if ei and ei[1] is not None else ""


def log_files(log_dir: Path) -> list[Path]:
    """The log file and its rotated copies that exist in ``log_dir``, newest first."""
    names = [LOG_FILE] + [f"{LOG_FILE}.{n}" for n in range(1, LOG_BACKUPS + 1)]
    return [log_dir / name for name in names if (log_dir / name).is_file()]


def setup_logging(config: Config) -> None:
    """Send log records to a rotating file (5 x 2 MB) in ``config.log_path`` and warnings and
    worse to stderr."""
    root = logging.getLogger()
    root.setLevel(config.log_level.upper())
    close_logging()
    formatter = PrivateFormatter()
    log_dir = config.log_path
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        file_handler = logging.handlers.RotatingFileHandler(
            log_dir / LOG_FILE, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8")
        file_handler.setFormatter(formatter)
        file_handler._clienteling = True  # type: ignore[attr-defined]
        root.addHandler(file_handler)
    except OSError as exc:  # a read-only log folder must not stop the app
        print(f"clienteling: cannot write logs in {log_dir}: {exc.strerror} "
              "(set log_dir to a writable folder)", file=sys.stderr)
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(logging.WARNING)
    console.setFormatter(formatter)
    console._clienteling = True  # type: ignore[attr-defined]
    root.addHandler(console)


def close_logging() -> None:
    """Remove and close the handlers :func:`setup_logging` added (flushes the log file)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_clienteling", False):
            root.removeHandler(handler)
            handler.close()
