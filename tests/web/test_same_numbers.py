"""One stored trial through every output: the headline (what each verdict rests on) shows the same
numbers in the console, the JSON, the reps CSV, the web result page, the web athlete page,
`athlete show`, `progress`, the HTML report and the Excel export."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rich.console import Console

from valgus.analysis.model import read_result
from valgus.cli.main import main
from valgus.cli.render import render_analysis
from valgus.web import WebSettings, create_app

from .helpers import add_user, log_in, upload, wait_for


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    from valgus.cli.demo import write_demo_trc

    tmp = tmp_path_factory.mktemp("same")
    settings = WebSettings(
        db_url=f"sqlite:///{tmp / 'web.db'}",
        results_dir=tmp / "results",
        upload_dir=tmp / "uploads",
        max_upload_mb=5,
        allowed_hosts=("testserver",),
    )
    assert settings.upload_dir is not None
    settings.upload_dir.mkdir(parents=True)
    app = create_app(settings)
    with TestClient(app) as client:
        add_user(app, "admin", role="admin")
        log_in(client, "admin")
        client.post("/api/athletes", json={"code": "R01", "sex": "female"})
        job = upload(client, write_demo_trc(tmp / "demo"), athlete="R01").json()["job_id"]
        assert wait_for(client, job)["status"] == "done"
        pages = {
            "web result": client.get(f"/results/{job}").text,
            "web athlete page": client.get("/athletes/R01").text,
        }
    folder = settings.results_dir / job
    return {
        "tmp": tmp,
        "db": settings.db_url,
        "json": next(folder.glob("*.analysis.json")),
        "csv": next(folder.glob("*.reps.csv")),
        "pages": pages,
    }


def _cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert main(args) == 0
    return capsys.readouterr().out


def test_the_headline_is_the_same_number_everywhere(
    stored: dict[str, object], capsys: pytest.CaptureFixture[str]
) -> None:
    result = read_result(stored["json"])  # type: ignore[arg-type]
    reps = [r for r in result.reps if r.verdict != "no_reading"]
    assert len(reps) == 3 and all(r.headline is not None for r in reps)
    rep_texts = [r.headline.text for r in reps if r.headline]  # per rep, e.g. "+17.9°"
    assert rep_texts == ["+10.3°", "+17.9°", "+25.8°"]  # the demo's three reps
    assert [r.verdict for r in reps] == ["normal", "excessive", "excessive"]
    summary = result.summary.left.headline
    assert summary is not None and summary.text == "+18.0°" and summary.n == 3
    # the side's verdict is its mean's, as shown (Herrington 2014, females: excessive > 16.8°)
    assert result.summary.left.verdict == "excessive" and result.verdict == "excessive"

    console = Console(record=True, width=200)
    render_analysis(result, console)
    db = str(stored["db"])
    tmp = Path(str(stored["tmp"]))
    report = tmp / "r.html"
    _cli(["report", "R01", "--db", db, "--html", str(report)], capsys)
    xlsx = tmp / "reps.xlsx"
    _cli(["export", "reps", "--athlete", "R01", "--db", db, "--xlsx", str(xlsx)], capsys)
    pages: dict[str, str] = stored["pages"]  # type: ignore[assignment]
    outputs = {
        "console": console.export_text(),
        **pages,
        "athlete show": _cli(["athlete", "show", "R01", "--db", db], capsys),
        "progress": _cli(["progress", "R01", "--db", db], capsys),
        "report": report.read_text("utf-8"),
    }
    # every per-rep headline, where reps are listed
    for name in ("console", "web result", "report"):
        for text in rep_texts:
            assert text.lstrip("+") in outputs[name], (name, text)
    # the side's headline summary (mean of what the verdicts rest on), where trials are summarised
    for name, text in outputs.items():
        assert summary.text.lstrip("+") in text, name
    # never a left/right average under one verdict: the right leg has no reps in this trial
    assert result.summary.right.headline is None

    # the files: JSON value, reps CSV and Excel export carry the same numbers
    with Path(str(stored["csv"])).open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["headline_text"] for r in rows] == rep_texts
    assert [float(r["headline_value"]) for r in rows] == pytest.approx(
        [r.headline.value for r in reps if r.headline]
    )
    from openpyxl import load_workbook

    sheet = load_workbook(xlsx).active
    assert sheet is not None
    table = list(sheet.iter_rows(values_only=True))
    col = table[0].index("headline_value")
    exported = [row[col] for row in table[1:]]
    assert [f"{v:+.1f}°" for v in exported] == rep_texts
    assert (
        json.loads(Path(str(stored["json"])).read_text("utf-8"))["reps"][1]["headline"]["text"]
        == rep_texts[1]
    )
