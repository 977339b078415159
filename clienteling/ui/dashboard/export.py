"""CSV export of every dashboard table (KPIs, daily, leaderboard) into one folder."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from clienteling.domain.kpis import Dashboard, tables


def file_stem(d: Dashboard) -> str:
    """'S001-month-2026-11-01' : store, period kind and the period's first UTC day (safe for a file name)."""
    raw = f"{d.store_id}-{d.period.kind}-{d.period.start[:10]}"
    return re.sub(r"[^A-Za-z0-9._-]", "_", raw)


def write_csv(d: Dashboard, folder: str | Path) -> list[Path]:
    """Write one UTF-8 CSV per table into ``folder`` (created if missing); the paths written."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (header, rows) in tables(d).items():
        path = target / f"{file_stem(d)}-{name}.csv"
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(header)
            writer.writerows(rows)
        written.append(path)
    return written
