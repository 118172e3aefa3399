"""Analysis JSON reps -> stored rows."""

from __future__ import annotations

from typing import Any

from valgus.store.rows import rep_row


def rep(event: str | None) -> dict[str, Any]:
    return {
        "index": 1,
        "side": "left",
        "fppa_deg": None if event != "peak_knee_flexion" else 12.0,
        "dynamic_valgus_deg": 9.5,
        "dynamic_valgus_event": event,
        "verdict": "borderline",
        "metrics": {"mkd": {"value": 0.03}},
    }


def test_only_the_peak_based_dynamic_valgus_becomes_a_row_value() -> None:
    assert rep_row(rep("peak_knee_flexion"), "left")["dynamic_valgus_deg"] == 9.5
    assert rep_row(rep(None), "left")["dynamic_valgus_deg"] == 9.5  # schema 1.0 JSON: peak only
    for event in ("descent_45_60", "descent_mid_depth"):
        row = rep_row(rep(event), "left")
        assert row["dynamic_valgus_deg"] is None  # trends compare like with like
        assert row["mkd"] == 0.03 and row["verdict"] == "borderline"
