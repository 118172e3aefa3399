"""`valgus analyze --date`: a past assessment and today's give a progress row; bad dates one line."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from tests.conftest import require

from valgus.cli.main import main

TRC = "opencap_subject4_nimble/MarkerData"


def test_past_and_today_give_a_progress_row(
    shared_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "v.db")
    past = (dt.date.today() - dt.timedelta(weeks=6)).isoformat()
    assert main(["athlete", "add", "P1", "--sex", "male", "--db", db]) == 0
    common = ["--task", "bilateral-squat", "--athlete", "P1", "--db", db, "--no-video", "--quiet"]
    first = require(shared_data / TRC / "squatsAsym1.trc")
    second = require(shared_data / TRC / "squats1.trc")
    assert main(["analyze", str(first), *common, "--date", past, "--out", str(tmp_path / "a")]) == 0
    assert main(["analyze", str(second), *common, "--out", str(tmp_path / "b")]) == 0
    capsys.readouterr()
    assert main(["progress", "P1", "--db", db, "--json"]) == 0
    tasks = json.loads(capsys.readouterr().out)["tasks"]
    left = next(t for t in tasks if t["side"] == "left")
    assert left["n_assessments"] == 2
    assert left["first_date"] == past and left["latest_date"] == dt.date.today().isoformat()
    change = next(c for c in left["vs_first"] if c["metric"] == "headline")
    assert change["before"] is not None and change["after"] is not None
    assert change["delta"] == pytest.approx(change["after"] - change["before"], abs=1e-3)


@pytest.mark.parametrize(
    ("date", "words"),
    [
        ("2026-13-40", "is not a date in the form YYYY-MM-DD"),
        ("twenty", "is not a date in the form YYYY-MM-DD"),
        ("2999-01-01", "cannot be dated in the future"),
        ("1850-01-01", "is outside"),
    ],
)
def test_bad_dates_are_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], date: str, words: str
) -> None:
    (tmp_path / "x.trc").write_text("not read: the date is checked first")
    code = main(
        [
            "analyze",
            str(tmp_path / "x.trc"),
            "--task",
            "bilateral-squat",
            "--date",
            date,
            "--athlete",
            "P1",
            "--db",
            str(tmp_path / "v.db"),
        ]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert words in err and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_date_without_athlete_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clip = tmp_path / "x.trc"
    clip.write_text("not a trc")
    assert main(["analyze", str(clip), "--task", "bilateral-squat", "--date", "2026-01-02"]) == 2
    assert "--athlete" in capsys.readouterr().err
