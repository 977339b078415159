"""Logging set-up: rotating files in the data folder's ``logs/``, level from the config.

Log records never carry customer names, emails, phone numbers or loyalty numbers: code logs ids
and counts only.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys

from clienteling.config import Config

LOG_FILE = "clienteling.log"


def setup_logging(config: Config) -> None:
    """Send log records to a rotating file (5 x 2 MB) and warnings and worse to stderr."""
    root = logging.getLogger()
    root.setLevel(config.log_level.upper())
    for handler in list(root.handlers):
        if getattr(handler, "_clienteling", False):
            root.removeHandler(handler)
    formatter = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        log_dir = config.data_dir / "logs"
        log_dir.mkdir(parents=True, exist_ok=True)
        file_handler = logging.handlers.RotatingFileHandler(
            log_dir / LOG_FILE, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
        file_handler.setFormatter(formatter)
        file_handler._clienteling = True  # type: ignore[attr-defined]
        root.addHandler(file_handler)
    except OSError as exc:  # a read-only data folder must not stop the app
        print(f"clienteling: cannot write logs in {config.data_dir}: {exc.strerror}", file=sys.stderr)
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(logging.WARNING)
    console.setFormatter(formatter)
    console._clienteling = True  # type: ignore[attr-defined]
    root.addHandler(console)
