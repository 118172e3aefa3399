"""The per-rep metric catalogue (valgus/data/metrics.yaml): complete, strict, one format."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from valgus.analysis.run import analyse
from valgus.metrics.catalogue import (
    MetricSpec,
    catalogue,
    format_value,
    keys_shown_in,
    measures_table,
    rep_value,
)
from valgus.synthetic import drop_jump_trial, squat_trial


def _computed_keys() -> set[str]:
    keys: set[str] = set()
    for trial, task in (
        (squat_trial(1, seed=1), "bilateral-squat"),
        (drop_jump_trial(seed=1), "drop-jump"),
    ):
        for rep in analyse(trial.recording, task).data["reps"]:
            keys |= set(rep["metrics"])
    return keys


def test_every_computed_metric_is_declared_once_in_the_catalogue() -> None:
    """A metric computed but not declared (or declared but never computed) fails here."""
    declared = set(catalogue()) - {"dynamic_valgus_deg"}  # rep-level, derived in the result
    assert _computed_keys() == declared


def test_a_misspelt_field_is_refused() -> None:
    entry = {**catalogue()["fppa_deg"].model_dump(), "lable": "x"}
    with pytest.raises(ValidationError):
        MetricSpec(**entry)
    with pytest.raises(ValidationError):
        MetricSpec(**{**catalogue()["fppa_deg"].model_dump(), "show": ["konsole"]})


def test_one_number_format() -> None:
    assert format_value("fppa_deg", 12.34) == "+12.3°"
    assert format_value("fppa_deg", -0.04) == "0.0°"  # never "-0.0"
    assert format_value("knee_over_foot", 0.095) == "9.5% medial"
    assert format_value("knee_over_foot", -0.03) == "3.0% lateral"
    assert format_value("knee_over_foot", 0.004) == "over"
    assert format_value("kasr", 0.8712) == "0.87"
    assert format_value("knee_flexion_deg", 92.6) == "93°"
    assert format_value("hip_adduction_deg", None) == "—"


def test_outputs_keep_their_metrics_in_catalogue_order() -> None:
    trend = ("fppa_deg", "knee_over_foot", "hip_adduction_deg", "pelvic_drop_deg", "trunk_lean_deg")
    assert [k for k in keys_shown_in("trend") if k in trend] == list(trend)
    assert set(keys_shown_in("progress")) >= set(trend)
    assert "knee_flexion_deg" in keys_shown_in("export")


def test_measures_table_reads_json_reps_and_store_rows() -> None:
    rep = {
        "index": 2,
        "side": "left",
        "dynamic_valgus_deg": 4.0,
        "metrics": {"kasr": {"value": 0.9}},
    }
    row = {"rep_index": 2, "side": "left", "dynamic_valgus_deg": 4.0, "kasr": 0.9}
    assert rep_value(rep, "kasr") == rep_value(row, "kasr") == 0.9
    assert rep_value(rep, "dynamic_valgus_deg") == 4.0
    cols, rows = measures_table([rep], "export")
    cols2, rows2 = measures_table([row], "export")
    assert [m.key for m in cols] == [m.key for m in cols2]
    assert rows[0].cells == rows2[0].cells
    assert rows[0].cells[[m.key for m in cols].index("kasr")] == "0.90"
