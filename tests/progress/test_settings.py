"""progress.yaml is typed (a misspelt or unknown key fails) and the SDDs have one home."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from valgus.assess.norms import fppa_error
from valgus.datafiles import load
from valgus.progress.settings import ProgressFile, settings


def test_progress_file_is_strict() -> None:
    raw = load("progress.yaml")
    ProgressFile.model_validate(raw)
    with pytest.raises(ValidationError):
        ProgressFile.model_validate({**raw, "no_progres_weeks": raw["no_progress_weeks"]})


def test_the_sdd_has_one_home() -> None:
    sem, sdd, _ = fppa_error()
    assert settings().fppa_sdd_deg == sdd == 8.9 and sem == 3.0
    assert (
        settings().knee_over_foot_sdd
        == load("norms.yaml")["measurement_error"]["knee_over_foot"]["sdd"]
    )
    assert "fppa_sdd_deg" not in load("progress.yaml")
    assert "measurement_error" not in load("screen/settings.yaml")
