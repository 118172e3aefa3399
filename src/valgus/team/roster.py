"""Map a folder of clips to athletes, and summarise many analyses into one roster."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from valgus.analysis.load import VIDEO_SUFFIXES
from valgus.analysis.model import AnalysisResult

MOTION_SUFFIXES = frozenset({".trc", ".c3d", ".csv"})
SIDES = ("left", "right")


@dataclass(frozen=True)
class ClipRef:
    path: Path
    athlete: str
    side: str  # left | right | auto


def parse_clip_name(path: Path) -> ClipRef:
    """``U17-03.mp4`` -> athlete U17-03; ``A07_left.mp4`` / ``A07-right-2.mov`` -> A07, that side.

    The athlete code is the file name before a ``_left`` / ``-right`` (optionally followed by a
    take number); codes may themselves contain ``-`` or ``_``.
    """
    match = re.match(r"^(?P<code>.+?)[-_](?P<side>left|right)(?:[-_]\d+)?$", path.stem, re.I)
    if match:
        return ClipRef(path=path, athlete=match["code"], side=match["side"].lower())
    return ClipRef(path=path, athlete=path.stem, side="auto")


def find_clips(folder: Path) -> list[ClipRef]:
    """Every video or motion file directly in ``folder``, sorted by name."""
    suffixes = VIDEO_SUFFIXES | MOTION_SUFFIXES
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in suffixes)
    return [parse_clip_name(p) for p in files]


ROSTER_COLUMNS = (
    "athlete",
    "file",
    "side",
    "reps",
    "readings",
    "headline_metric",
    "headline_mean",
    "headline_text",
    "fppa_mean_deg",
    "fppa_max_deg",
    "knee_over_foot_mean",
    "verdict",
    "asymmetry_fppa_deg",
    "camera",
    "note",
    "retries",
)


def roster_rows(
    ref: ClipRef, data: AnalysisResult | None, error: str | None, retries: int = 0
) -> list[dict[str, Any]]:
    """One row per measured side of one clip (or one row with the error). ``retries``: how often
    the clip was run again because the worker running it was lost (batch engines)."""
    return [row | {"retries": retries} for row in _rows(ref, data, error)]


def _rows(ref: ClipRef, data: AnalysisResult | None, error: str | None) -> list[dict[str, Any]]:
    if data is None:
        return [
            dict.fromkeys(ROSTER_COLUMNS, None)
            | {"athlete": ref.athlete, "file": ref.path.name, "verdict": "error", "note": error}
        ]
    rows = []
    for side in SIDES:
        s = data.summary.side(side)
        if s.n_reps == 0:
            continue
        h = s.headline
        rows.append(
            {
                "athlete": ref.athlete,
                "file": ref.path.name,
                "side": side,
                "reps": s.n_reps,
                "readings": s.n_readings,
                "headline_metric": h.metric if h else None,
                "headline_mean": h.mean if h else None,
                "headline_text": h.text if h else None,
                "fppa_mean_deg": s.fppa_mean_deg,
                "fppa_max_deg": s.fppa_max_deg,
                "knee_over_foot_mean": s.knee_over_foot_mean,
                "verdict": s.verdict,
                "asymmetry_fppa_deg": data.summary.asymmetry_fppa_deg,
                "camera": data.camera.view,
                "note": data.camera.message,
            }
        )
    if not rows:
        rows.append(
            dict.fromkeys(ROSTER_COLUMNS, None)
            | {
                "athlete": ref.athlete,
                "file": ref.path.name,
                "verdict": "no_reading",
                "note": "; ".join(data.quality.warnings) or "no repetition found",
            }
        )
    return rows


PRIORITY = {"excessive": 0, "borderline": 1, "error": 2, "no_reading": 3, "normal": 4}


def sort_for_follow_up(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Excessive first, then borderline, failures, no readings, normal; within a verdict the
    larger headline (the number the verdict rests on) first, else the larger FPPA."""

    def key(r: dict[str, Any]) -> tuple[int, str, float]:
        value = r["headline_mean"] if r["headline_mean"] is not None else r["fppa_max_deg"]
        return (PRIORITY.get(r["verdict"] or "", 5), r["headline_metric"] or "",
                -(value if value is not None else -999.0))  # fmt: skip

    return sorted(rows, key=key)


def stored_rows(history: Any) -> list[dict[str, Any]]:
    """Roster rows of an athlete's latest assessment session (``valgus.store.history.History``):
    one row per measured side of each trial, with the session's date and the trial's task (a
    stored analysis that is not of the current schema is a row saying so)."""
    from pydantic import ValidationError

    from valgus.analysis.model import parse_result

    if not history.sessions:
        return []
    latest = history.sessions[-1]
    rows = []
    for trial in latest.trials:
        ref = ClipRef(Path(trial.source_name), history.athlete.code, trial.side)
        try:
            found = roster_rows(ref, parse_result(trial.analysis), None)
        except ValidationError:
            found = roster_rows(ref, None, "stored with an older valgus: analyse the clip again")
        rows += [row | {"date": latest.date.isoformat(), "task": trial.task} for row in found]
    return rows
