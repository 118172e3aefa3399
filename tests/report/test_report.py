"""Reports: synthetic history and real data -> PDF -> text and page PNGs; CSV/Excel export."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from tests.conftest import require

from valgus.cli.main import main
from valgus.store import (
    add_athlete,
    load_history,
    log_adherence,
    open_store,
    save_analysis,
    save_plan,
)
from valgus.store.sample import SAMPLE_PLAN, sample_analysis

SECTIONS = (
    "Athlete and date",
    "What was tested and how",
    "Results per task",
    "Norms and measurement error",
    "What this means",
    "Likely causes and their evidence",
    "The program",
    "Referral advice",
    "Progress since the first assessment",
    "Measurement, not diagnosis",
)
D0 = dt.date(2024, 1, 1)


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'r.db'}"
    monkeypatch.setenv("VALGUS_DATABASE_URL", url)
    store = open_store(url)
    add_athlete(store, "A01", sex="female", birth_year=2006, team="U19")
    for week, fppa in ((0, (20.0, 22.0, 24.0)), (4, (16.0, 18.0, None)), (8, (10.0, 12.0, 11.0))):
        save_analysis(
            store,
            "A01",
            sample_analysis(fppa, source_name=f"w{week}.mp4"),
            date=D0 + dt.timedelta(weeks=week),
        )
    save_plan(store, "A01", SAMPLE_PLAN)
    log_adherence(store, "A01", D0 + dt.timedelta(days=2), 2, 1)
    store.close()
    return url


def _text(pdf: Path) -> tuple[int, str]:
    reader = PdfReader(pdf)
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def _pngs(pdf: Path, out: Path) -> list[Path]:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is missing (scripts/ci/report-deps.sh installs poppler-utils)")
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(out / "page")], check=True)
    return sorted(out.glob("page-*.png"))


@pytest.mark.parametrize("paper, width_pt", [("a4", 595.3), ("letter", 612.0)])
def test_report_pdf_sections_and_paper(db: str, tmp_path: Path, paper: str, width_pt: float):
    pdf, html = tmp_path / "r.pdf", tmp_path / "r.html"
    assert main(["report", "A01", "--pdf", str(pdf), "--html", str(html), "--paper", paper]) == 0
    n_pages, text = _text(pdf)
    assert 2 <= n_pages <= 6
    flat = " ".join(text.split())
    for section in SECTIONS:
        assert section in flat, section
    assert "Hip abductor weakness" in flat and "Side-lying hip abduction" in flat
    assert "-11.0°" in flat and "improved" in flat  # 22 -> 11 deg beats the 8.9 deg SDD
    assert "Schematic" in flat and "left rep 2, FPPA 12.0°" in flat  # worst rep of the latest
    assert float(PdfReader(pdf).pages[0].mediabox.width) == pytest.approx(width_pt, abs=1)
    pages = _pngs(pdf, tmp_path)
    assert len(pages) == n_pages and all(p.stat().st_size > 5000 for p in pages)
    assert "data:image/svg+xml;base64," in html.read_text()


def test_report_needs_an_output_and_known_athlete(db: str, tmp_path: Path) -> None:
    assert main(["report", "A01"]) == 2
    assert main(["report", "NOPE", "--html", str(tmp_path / "x.html")]) == 2
    assert main(["report", "A01", "--html", str(tmp_path / "x.html"), "--paper", "a3"]) == 2


def test_reps_export_csv_and_xlsx(db: str, tmp_path: Path) -> None:
    csv_path, xlsx_path = tmp_path / "reps.csv", tmp_path / "reps.xlsx"
    assert (
        main(["export", "reps", "--team", "U19", "--csv", str(csv_path), "--xlsx", str(xlsx_path)])
        == 0
    )
    lines = csv_path.read_text().splitlines()
    assert len(lines) == 1 + 9
    assert lines[1].startswith("A01,U19,2024-01-01,single-leg-squat,left,w0.mp4,0.1.0,1,left")
    sheet = load_workbook(xlsx_path)["reps"]
    assert sheet.max_row == 10
    # what the verdict of rep 1 rests on (its FPPA at peak), then the FPPA column itself
    assert (sheet["M2"].value, sheet["N2"].value, sheet["O2"].value) == ("fppa_deg", 20.0, 20.0)
    assert main(["export", "reps", "--csv", str(csv_path)]) == 2


def test_athlete_export_zip_and_folder(db: str, tmp_path: Path) -> None:
    assert main(["athlete", "export", "A01", "--out", str(tmp_path / "a.zip")]) == 0
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        names = sorted(archive.namelist())
        data = json.loads(archive.read("A01/athlete.json"))
    assert names == ["A01/adherence.csv", "A01/athlete.json", "A01/reps.csv", "A01/sessions.csv"]
    assert len(data["sessions"]) == 3 and data["plans"][0]["plan"] == SAMPLE_PLAN
    assert data["sessions"][0]["trials"][0]["analysis"]["reps"][2]["fppa_deg"] == 24.0
    assert main(["athlete", "export", "A01", "--out", str(tmp_path / "dir")]) == 0
    assert (tmp_path / "dir" / "reps.csv").read_text().count("\n") == 10


def test_cli_athlete_lifecycle(db: str, tmp_path: Path) -> None:
    assert main(["athlete", "add", "B02", "--sex", "male", "--team", "U19"]) == 0
    assert main(["athlete", "add", "B02"]) == 2
    assert main(["athlete", "list"]) == 0
    assert main(["athlete", "show", "A01"]) == 0
    assert main(["adherence", "A01", "--sessions", "1", "--pain", "12"]) == 2
    assert main(["adherence", "A01", "--sessions", "1", "--pain", "2", "--date", "2024-01-09"]) == 0
    assert main(["progress", "A01"]) == 0
    assert main(["athlete", "delete", "B02"]) == 2  # needs --yes
    assert main(["athlete", "delete", "B02", "--yes"]) == 0
    assert main(["athlete", "show", "B02"]) == 2


def test_progress_json(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["progress", "A01", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    fppa = next(c for c in data["tasks"][0]["vs_first"] if c["metric"] == "fppa_deg")
    assert (fppa["delta"], fppa["meaning"]) == (-11.0, "improved")


@pytest.mark.realdata
def test_report_from_real_motion_capture(
    shared_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`valgus analyze --athlete` on a real TRC, then the report of that athlete."""
    trc = require(shared_data / "opencap_subject4_nimble" / "MarkerData" / "squatsAsym1.trc")
    monkeypatch.setenv("VALGUS_DATABASE_URL", f"sqlite:///{tmp_path / 'real.db'}")
    monkeypatch.chdir(tmp_path)
    assert main(["athlete", "add", "S4", "--sex", "male"]) == 0
    for _ in range(2):  # re-analysis is idempotent
        assert main(["analyze", str(trc), "--task", "bilateral-squat", "--athlete", "S4"]) in (0, 3)
    store = open_store()
    (session,) = load_history(store, "S4").sessions
    assert len(session.trials) == 1 and len(session.trials[0].reps) == 10
    pdf = tmp_path / "s4.pdf"
    assert main(["report", "S4", "--pdf", str(pdf)]) == 0
    n_pages, text = _text(pdf)
    flat = " ".join(text.split())
    assert all(section in flat for section in SECTIONS[:5])
    assert "squatsAsym1.trc" in flat
    assert len(_pngs(pdf, tmp_path)) == n_pages
