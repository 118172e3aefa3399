"""Pure conversion of an analysis JSON (docs/analysis-json.md) into per-rep rows."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from valgus.analysis.model import RepHeadline
from valgus.assess.headline import headline_of
from valgus.errors import StoreError
from valgus.io.writers.json_out import finite

# rep_metrics column -> key in rep["metrics"] (value taken from {"value": ...})
METRIC_COLUMNS = {
    "kasr": "kasr",
    "mkd": "mkd",
    "hip_adduction_deg": "hip_adduction_deg",
    "pelvic_drop_deg": "pelvic_drop_deg",
    "trunk_lean_deg": "trunk_lean_deg",
    "knee_flexion_deg": "knee_flexion_deg",
}
TOP_LEVEL_COLUMNS = (
    "fppa_deg",
    "fppa_max_deg",
    "dynamic_valgus_deg",
    "knee_over_foot",
    "start_s",
    "end_s",
    "deepest_s",
)
VERDICTS = ("normal", "borderline", "excessive", "no_reading")


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number else None  # NaN -> None


def _metric_value(rep: dict[str, Any], key: str) -> float | None:
    entry = (rep.get("metrics") or {}).get(key)
    if isinstance(entry, dict):
        return _number(entry.get("value"))
    return _number(entry)


class _StoredReading(BaseModel):
    value: float | None = None
    event: str | None = None


class _StoredRep(BaseModel):
    """The part of a stored rep its headline rests on (older or hand-made files may lack the rest)."""

    headline: RepHeadline | None = None
    verdict_basis: str | None = None
    metrics: dict[str, _StoredReading] = {}


def _headline(rep: dict[str, Any]) -> tuple[str | None, float | None]:
    """The rep's headline measure and value (:func:`headline_of`); none for a rep it cannot read."""
    try:
        h = headline_of(_StoredRep.model_validate(finite(rep)))
    except ValidationError:
        return None, None
    return h.metric, _number(h.value)


def rep_row(rep: dict[str, Any], trial_side: str) -> dict[str, Any]:
    """One rep of the analysis JSON as a rep_metrics row (column -> value)."""
    index = rep.get("index")
    if not isinstance(index, int):
        raise StoreError("an analysis rep has no integer 'index'; re-run `valgus analyze`")
    row: dict[str, Any] = {"rep_index": index, "side": rep.get("side") or trial_side}
    for column in TOP_LEVEL_COLUMNS:
        value = rep.get(column)
        row[column] = _number(value) if value is not None else _metric_value(rep, column)
    if rep.get("dynamic_valgus_event") not in (None, "peak_knee_flexion"):
        # Only the peak-based dynamic valgus is kept as a row value, so that progress trends
        # compare like with like; the descent-based one stays in the stored analysis JSON.
        row["dynamic_valgus_deg"] = None
    for column, key in METRIC_COLUMNS.items():
        row[column] = _metric_value(rep, key)
    verdict = rep.get("verdict") or "no_reading"
    row["verdict"] = verdict if verdict in VERDICTS else "no_reading"
    row["headline_metric"], row["headline_value"] = _headline(rep)
    row["reason"] = rep.get("reason")
    return row


def rep_rows(analysis: dict[str, Any]) -> list[dict[str, Any]]:
    """All rep rows of a trial."""
    reps = analysis.get("reps") or []
    if not isinstance(reps, list):
        raise StoreError("the analysis 'reps' field is not a list; re-run `valgus analyze`")
    return [rep_row(rep, str(analysis.get("side"))) for rep in reps]


def identity(
    analysis: dict[str, Any], source_name: str | None, sha256: str | None
) -> dict[str, Any]:
    """The trial columns taken from the analysis header; StoreError names a missing field."""
    if not isinstance(analysis, dict):
        raise StoreError("the analysis result must be a JSON object from `valgus analyze --json`")
    software = analysis.get("software") or {}
    source = analysis.get("source") or {}
    model = software.get("pose_model") or {}
    values = {
        "task": analysis.get("task"),
        "side": analysis.get("side"),
        "schema_version": analysis.get("schema_version"),
        "software_version": software.get("version"),
        "source_sha256": source.get("sha256") or sha256,
        "source_name": source.get("name") or source_name,
    }
    for key, value in values.items():
        if not value:
            raise StoreError(f"the analysis result has no {key}; re-run `valgus analyze --json`")
    values.update(
        source_kind=source.get("kind"),
        model_name=model.get("name"),
        model_sha256=model.get("sha256"),
        verdict=analysis.get("verdict"),
    )
    return values
