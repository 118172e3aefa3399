"""Build `valgus analyze` JSON documents (docs/analysis-json.md fields only) for the tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest


def analysis_doc(
    task: str,
    fppa: dict[str, float],
    verdict: dict[str, str] | None = None,
    pelvic_drop: dict[str, float] | None = None,
    sdd: float = 8.9,
    static: dict[str, float] | None = None,
    reps: int = 3,
) -> dict[str, Any]:
    verdict = verdict or {}
    rep_list = []
    for side, value in fppa.items():
        for i in range(reps):
            metrics = {
                "fppa_deg": {
                    "value": value,
                    "unit": "deg",
                    "event": "peak_knee_flexion",
                    "time_s": 1.0 + i,
                    "reason": None,
                }
            }
            if pelvic_drop and side in pelvic_drop:
                metrics["pelvic_drop_deg"] = {
                    "value": pelvic_drop[side],
                    "unit": "deg",
                    "event": "peak_knee_flexion",
                    "time_s": 1.0 + i,
                    "reason": None,
                }
            rep_list.append(
                {
                    "index": i + 1,
                    "side": side,
                    "fppa_deg": value,
                    "verdict": verdict.get(side, "normal"),
                    "metrics": metrics,
                }
            )
    summary = {
        side: {
            "n_reps": reps,
            "n_readings": reps,
            "fppa_mean_deg": value,
            "verdict": verdict.get(side, "normal"),
        }
        for side, value in fppa.items()
    }
    return {
        "schema_version": "1.0",
        "task": task,
        "side": "both" if len(fppa) == 2 else next(iter(fppa)),
        "camera": {"view": "front", "ok": True, "message": None},
        "measurement_error": {"fppa_sem_deg": 3.0, "fppa_sdd_deg": sdd, "source": "R1 Munro 2012"},
        "static": None if static is None else {s: {"fppa_deg": v} for s, v in static.items()},
        "reps": rep_list,
        "summary": summary,
    }


@pytest.fixture
def write_analysis(tmp_path: Path):
    def write(name: str, **kwargs: Any) -> str:
        path = tmp_path / name
        path.write_text(json.dumps(analysis_doc(**kwargs)), encoding="utf-8")
        return name

    return write
