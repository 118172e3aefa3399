"""Data protection: erasure leaves no file or row, files are private, audit, exports, recovery."""

from __future__ import annotations

import csv
import io
import json
import stat
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text
from tests.web.helpers import upload, wait_for

from valgus.web import WebSettings, create_app


def _analysed(client: TestClient, demo_trc: Path, code: str) -> str:
    client.post("/api/athletes", json={"code": code, "team": '=HYPERLINK("http://x","y")'})
    job = upload(client, demo_trc, task="bilateral-squat", athlete=code, keep="true").json()
    assert wait_for(client, job["job_id"])["status"] == "done"
    return str(job["job_id"])


def test_erasure_leaves_no_file_or_row(
    app: FastAPI, client: TestClient, settings: WebSettings, demo_trc: Path
) -> None:
    job = _analysed(client, demo_trc, "GONE1")
    keep = _analysed(client, demo_trc, "STAY1")
    folder = settings.results_dir / job
    assert folder.is_dir() and any(folder.iterdir())
    response = client.post(
        "/athletes/GONE1/delete", data={"confirm": "GONE1"}, follow_redirects=False
    )
    assert response.status_code == 303
    assert not folder.exists()
    assert client.get(f"/results/{job}").status_code == 404
    assert client.get(f"/results/{job}/files/json").status_code == 404
    assert (settings.results_dir / keep).is_dir()
    store = app.state.valgus.store.get()
    with store.engine.connect() as conn:
        for table in ("athletes", "trials", "rep_metrics", "assessment_sessions", "artifacts"):
            rows = conn.execute(text(f"SELECT * FROM {table}")).all()
            assert "GONE1" not in repr(rows), table
        assert conn.execute(text("SELECT COUNT(*) FROM athletes")).scalar_one() == 1
    dump = "\n".join(p.read_text(errors="ignore") for p in settings.results_dir.rglob("*.json"))
    assert "GONE1" not in dump


def test_files_and_folders_are_private(
    client: TestClient, settings: WebSettings, demo_trc: Path, tmp_path: Path
) -> None:
    job = _analysed(client, demo_trc, "P1")
    checked = 0
    for path in [settings.results_dir, *settings.results_dir.rglob("*"), tmp_path / "web.db"]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode & 0o077 == 0, (path, oct(mode))
        checked += 1
    assert checked >= 5 and (settings.results_dir / job).is_dir()


def test_audit_log_records_view_export_delete(client: TestClient, demo_trc: Path) -> None:
    job = _analysed(client, demo_trc, "AUD1")
    client.get("/athletes/AUD1")
    client.get(f"/results/{job}")
    client.get(f"/results/{job}/files/json", params={"download": "true"})
    client.get("/athletes/AUD1/report")
    client.post("/athletes/AUD1/delete", data={"confirm": "AUD1"})
    page = client.get("/admin/audit").text
    for action, target in (
        ("view", "athlete:AUD1"),
        ("view", f"result:{job}"),
        ("export", f"result:{job}"),
        ("delete", "athlete:AUD1"),
        ("add", "athlete:AUD1"),
        ("login", "user:admin"),
    ):
        assert f"<td>{action}</td><td>{target}</td>" in page, (action, target)


def test_ids_are_not_reused_for_users_and_audit(app: FastAPI, client: TestClient) -> None:
    store = app.state.valgus.store.get()
    with store.engine.connect() as conn:
        sql = conn.execute(
            text("SELECT sql FROM sqlite_master WHERE name='audit_log'")
        ).scalar_one()
    assert "AUTOINCREMENT" in sql


def test_download_name_cannot_break_the_header(client: TestClient) -> None:
    from valgus.web.erase import attachment

    value = attachment('a";b\r\nX-Evil: 1.pdf')
    assert "\r" not in value and "\n" not in value
    assert value.startswith("attachment; filename=\"a_b_X-Evil_1.pdf\"; filename*=UTF-8''")


def test_exports_are_formula_safe(tmp_path: Path) -> None:
    from valgus.export.cells import safe_cell
    from valgus.export.reps import write_csv, write_xlsx

    assert safe_cell('=HYPERLINK("http://x","y")') == '\'=HYPERLINK("http://x","y")'
    assert safe_cell("+1") == "'+1" and safe_cell(-3.5) == -3.5 and safe_cell("A01") == "A01"
    rows = [{"athlete": "@SUM(1)", "team": "=1+1", "sport": "-2"}]
    write_csv(rows, tmp_path / "r.csv")
    for row in csv.DictReader(io.StringIO((tmp_path / "r.csv").read_text())):
        assert row["athlete"] == "'@SUM(1)" and row["team"] == "'=1+1"
    write_xlsx(rows, tmp_path / "r.xlsx")
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "r.xlsx").active
    assert sheet is not None
    values = [c.value for c in sheet[2] if c.value is not None]
    assert all(not str(v).startswith("=") for v in values) and values


def test_interrupted_jobs_are_marked_failed_and_uploads_removed(settings: WebSettings) -> None:
    settings.results_dir.mkdir(parents=True)
    job = "0123456789abcdef0123456789abcdef"
    (settings.results_dir / job).mkdir()
    (settings.results_dir / job / "half.mp4").write_bytes(b"x")
    leftover = settings.uploads / "valgus-upload-abc"
    leftover.mkdir(parents=True)
    (leftover / "clip.mp4").write_bytes(b"x" * 100)
    app = create_app(settings)
    assert not leftover.exists()
    assert not (settings.results_dir / job / "half.mp4").exists()
    from tests.web.helpers import add_user, log_in

    with TestClient(app) as browser:
        add_user(app, "nurse")
        log_in(browser, "nurse")
        page = browser.get(f"/jobs/{job}")
        assert page.status_code == 200
        assert "Analysing" not in page.text
        assert "server stopped during this analysis" in page.text
        body = json.dumps(browser.get(f"/api/jobs/{job}").json())
        assert "failed" in body
