"""The per-rep CSV: one row per rep and side, unique column names, values matching the JSON."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from valgus.analysis.pipeline import analyze_recording
from valgus.analysis.result import build_result
from valgus.io.writers.csv_out import write_reps_csv
from valgus.synthetic import squat_trial


def test_reps_csv_has_unique_columns_and_the_json_values(tmp_path: Path) -> None:
    trial = squat_trial(3, valgus_deg=[4.0, 10.0, 16.0], peak_flexion_deg=60.0, fps=60.0)
    result = build_result(analyze_recording(trial.recording, "bilateral-squat"))
    data = result.to_json()
    path = write_reps_csv(result, tmp_path / "reps.csv")
    with path.open(newline="", encoding="utf-8") as fh:
        header, *rows = list(csv.reader(fh))
    assert len(header) == len(set(header)), [h for h in header if header.count(h) > 1]
    assert len(rows) == 6  # 3 reps x 2 sides
    table = [dict(zip(header, row, strict=True)) for row in rows]
    for rep, row in zip(data["reps"], table, strict=True):
        assert (int(row["index"]), row["side"]) == (rep["index"], rep["side"])
        assert float(row["fppa_deg"]) == pytest.approx(rep["fppa_deg"])
        descent = rep["metrics"]["fppa_descent_deg"]
        assert row["metric.fppa_descent_deg.event"] == descent["event"] == "descent_45_60"
        assert float(row["metric.fppa_descent_deg"]) == pytest.approx(descent["value"])
    assert [round(float(r["fppa_deg"])) for r in table[::2]] == [4, 10, 16]
