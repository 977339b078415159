"""CSV export of the audit entries on screen (one file per export)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from clienteling.domain.audit import CSV_HEADER, AuditEntry, csv_rows


def file_name(store_id: str, kind: str, since: str) -> str:
    """'S001-audit-7days-2026-11-16.csv': store, period and its first UTC day (safe for a file name)."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", f"{store_id}-audit-{kind}-{since[:10]}") + ".csv"


def write_csv(entries: list[AuditEntry], tz: str, folder: str | Path, name: str) -> Path:
    """Write the entries as UTF-8 CSV into ``folder`` (created if missing); the path written."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    path = target / name
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(CSV_HEADER)
        writer.writerows(csv_rows(entries, tz))
    return path
