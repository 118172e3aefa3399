"""The typed result model: the file is written from it and read back into it; the published JSON
Schema and the docs' field table are generated from it and up to date."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from pydantic import ValidationError

from valgus.analysis import schema
from valgus.analysis.model import SCHEMA_VERSION, AnalysisResult, parse_result, read_result
from valgus.analysis.outputs import OutputPlan
from valgus.analysis.run import analyse, write
from valgus.errors import InputError
from valgus.synthetic import squat_trial

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    trial = squat_trial(2, valgus_deg=12.0, seed=3)
    run = analyse(trial.recording, "bilateral-squat")
    folder = tmp_path_factory.mktemp("model")
    out = write(run, OutputPlan.in_folder(folder, "syn", video=False, crop=None), folder / "syn")
    return out.paths["json"]


def test_published_schema_and_docs_table_are_up_to_date() -> None:
    assert schema.main(["--check"]) == 0, "run python -m valgus.analysis.schema"
    published = json.loads((REPO / "docs" / "analysis-json.schema.json").read_text("utf-8"))
    assert published["title"] == f"valgus analysis {SCHEMA_VERSION}"
    assert set(published["properties"]) == set(AnalysisResult.model_fields)


def test_written_file_validates_and_round_trips(written: Path) -> None:
    data = json.loads(written.read_text("utf-8"))
    published = json.loads((REPO / "docs" / "analysis-json.schema.json").read_text("utf-8"))
    jsonschema.validate(data, published)
    result = read_result(written)
    assert result.to_json() == data
    assert len(result.reps) == 4  # 2 reps x 2 sides
    assert result.reps[0].metrics["fppa_deg"].unit == "deg"


def test_an_undeclared_key_is_refused(written: Path) -> None:
    data = json.loads(written.read_text("utf-8"))
    data["reps"][0]["fppa_mean"] = 1.0
    with pytest.raises(ValidationError):
        parse_result(data)
    published = json.loads((REPO / "docs" / "analysis-json.schema.json").read_text("utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, published)


def test_a_file_that_is_not_an_analysis_is_one_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "x.json"
    bad.write_text('{"schema_version": "1.2"}', encoding="utf-8")
    with pytest.raises(InputError, match="not a valgus analysis file"):
        read_result(bad)
    bad.write_text("not json", encoding="utf-8")
    with pytest.raises(InputError, match="not a readable analysis JSON"):
        read_result(bad)


def test_the_store_sample_is_a_result_of_the_model() -> None:
    """The synthetic results the store and report tests use are valid analysis files (documented
    keys: ``norm.normal_max``, not ``normal_max_deg``)."""
    from valgus.analysis.model import parse_result
    from valgus.store.sample import sample_analysis

    result = parse_result(sample_analysis((10.0, None, 18.0), side="right"))
    assert result.norm.normal_max == 13.5 and result.norm.excessive_above == 16.8
    assert [r.verdict for r in result.reps] == ["normal", "no_reading", "excessive"]
    assert result.summary.right.n_readings == 2 and result.summary.left.n_reps == 0
