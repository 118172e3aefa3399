"""Everything kept about one athlete, written as JSON + CSV into a folder or a zip file."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from typing import Any

from valgus.export.cells import safe_rows
from valgus.export.reps import REP_COLUMNS, rep_table
from valgus.store.history import History


def _json(history: History) -> dict[str, Any]:
    return {
        "format": "valgus-athlete-export",
        "version": 1,
        "athlete": history.athlete.as_dict(),
        "sessions": [
            {
                "date": s.date.isoformat(),
                "tasks": s.tasks,
                "notes": s.notes,
                "trials": [
                    {
                        "task": t.task,
                        "side": t.side,
                        "source_name": t.source_name,
                        "source_sha256": t.source_sha256,
                        "software_version": t.software_version,
                        "model_name": t.model_name,
                        "verdict": t.verdict,
                        "analysis": t.analysis,
                    }
                    for t in s.trials
                ],
            }
            for s in history.sessions
        ],
        "plans": [{"created_on": p.created_on.isoformat(), "plan": p.plan} for p in history.plans],
        "screenings": history.screenings,
        "adherence": [
            {
                "date": a.date.isoformat(),
                "sessions_done": a.sessions_done,
                "pain_after": a.pain_after,
                "notes": a.notes,
            }
            for a in history.adherence
        ],
    }


def _csv(columns: tuple[str, ...] | list[str], rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(safe_rows(rows))
    return buffer.getvalue()


def export_files(history: History) -> dict[str, str]:
    """File name -> content of the export."""
    data = _json(history)
    adherence_cols = ("date", "sessions_done", "pain_after", "notes")
    session_rows = [
        {
            "date": s["date"],
            "tasks": ";".join(s["tasks"]),
            "notes": s["notes"],
            "n_trials": len(s["trials"]),
        }
        for s in data["sessions"]
    ]
    return {
        "athlete.json": json.dumps(data, indent=2, ensure_ascii=False),
        "reps.csv": _csv(REP_COLUMNS, rep_table([history])),
        "sessions.csv": _csv(("date", "tasks", "notes", "n_trials"), session_rows),
        "adherence.csv": _csv(adherence_cols, data["adherence"]),
    }


def export_athlete(history: History, out: Path) -> list[Path]:
    """Write the export to a folder, or a zip file when ``out`` ends in .zip."""
    files = export_files(history)
    if out.suffix.lower() == ".zip":
        out.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in files.items():
                archive.writestr(f"{history.athlete.code}/{name}", content)
        return [out]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in files.items():
        path = out / name
        path.write_text(content, encoding="utf-8")
        written.append(path)
    return written
