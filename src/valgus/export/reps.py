"""Per-rep angles of a team or an athlete as one flat table, written as CSV or Excel."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from valgus.errors import InputError
from valgus.export.cells import safe_rows
from valgus.export.workbook import write_workbook
from valgus.metrics.catalogue import keys_shown_in
from valgus.store.history import History

REP_COLUMNS: tuple[str, ...] = (
    "athlete",
    "team",
    "date",
    "task",
    "trial_side",
    "source_name",
    "software_version",
    "rep_index",
    "side",
    "start_s",
    "deepest_s",
    "end_s",
    "headline_metric",
    "headline_value",
    *keys_shown_in("export"),  # the metric catalogue (valgus/data/metrics.yaml)
    "verdict",
    "reason",
)


def rep_table(histories: list[History]) -> list[dict[str, Any]]:
    """One row per stored rep, oldest assessment first."""
    rows = []
    for history in histories:
        for session in history.sessions:
            for trial in session.trials:
                for rep in trial.reps:
                    rows.append(
                        {
                            "athlete": history.athlete.code,
                            "team": history.athlete.team,
                            "date": session.date.isoformat(),
                            "task": trial.task,
                            "trial_side": trial.side,
                            "source_name": trial.source_name,
                            "software_version": trial.software_version,
                            **{k: rep.get(k) for k in REP_COLUMNS if k in rep},
                        }
                    )
    return rows


def write_csv(rows: list[dict[str, Any]], path: Path) -> None:
    """Plain UTF-8 CSV with a header (empty cells = no reading)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=REP_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(safe_rows(rows))


def write_xlsx(rows: list[dict[str, Any]], path: Path) -> None:
    """An Excel workbook: sheet 'reps' with a frozen, filterable header."""
    write_workbook(rows, path, REP_COLUMNS, "reps")


def write_reps(rows: list[dict[str, Any]], path: Path) -> None:
    """Write by extension: .csv or .xlsx."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise InputError(f"cannot write {path.name}: use a .csv or .xlsx file name")
    path.parent.mkdir(parents=True, exist_ok=True)
    (write_csv if suffix == ".csv" else write_xlsx)(rows, path)
