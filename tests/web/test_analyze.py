"""Upload → background job → result page, on the synthetic demo TRC (true FPPA 10°, 18°, 26°)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from valgus.web import WebSettings

from .helpers import upload, wait_for


def uploads_left(settings: WebSettings) -> list[Path]:
    assert settings.upload_dir is not None
    return [p for p in settings.upload_dir.rglob("*") if p.is_file()]


def test_home_page_has_form_guide_and_privacy(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    html = page.text
    assert 'enctype="multipart/form-data"' in html
    for task in ("bilateral-squat", "single-leg-squat", "drop-jump"):
        assert f'value="{task}"' in html
    assert "hip height" in html and "3–4 m" in html
    assert "deleted as soon as the analysis is finished" in html


def test_demo_trc_end_to_end(client: TestClient, settings: WebSettings, demo_trc: Path) -> None:
    response = upload(client, demo_trc)
    assert response.status_code == 202, response.text
    job_id = response.json()["job_id"]
    body = wait_for(client, job_id)
    assert body["status"] == "done", body.get("error")
    result = body["result"]
    # the demo's known answer: three left reps at 10°, 18°, 26° true FPPA -> normal, excessive,
    # excessive (Herrington 2014, females: normal <= 13.5°, excessive > 16.8°); the side is judged
    # on its mean, 18° -> excessive
    reps = [(r["index"], r["side"], r["verdict"]) for r in result["reps"]]
    assert reps == [(1, "left", "normal"), (2, "left", "excessive"), (3, "left", "excessive")]
    fppa = [r["fppa_deg"] for r in result["reps"]]
    assert all(abs(m - t) < 2.0 for m, t in zip(fppa, (10.0, 18.0, 26.0), strict=True)), fppa
    assert result["summary"]["left"]["headline"]["mean"] == pytest.approx(18.0, abs=1.0)
    assert result["summary"]["left"]["verdict"] == "excessive"
    assert set(body["files"]) >= {"json", "reps_csv", "frames_csv", "plot"}
    assert not body["upload_kept"]
    assert uploads_left(settings) == []  # the upload is deleted after the analysis

    page = client.get(f"/results/{job_id}")
    assert page.status_code == 200
    html = page.text
    assert 'class="reps"' in html and html.count('<tr class="r-') == 3
    assert re.search(r'<h2>Left knee</h2>\s*<span class="badge v-excessive">Excessive</span>', html)
    assert "± 3.0°" in html and "8.9°" in html  # measurement error beside the verdict
    assert "<strong>A measurement, not a diagnosis.</strong>" in html
    assert "Your uploaded file was deleted" in html
    plot = client.get(f"/results/{job_id}/files/plot")
    assert plot.status_code == 200 and plot.headers["content-type"] == "image/png"
    assert plot.content[:8] == b"\x89PNG\r\n\x1a\n"
    csv = client.get(f"/results/{job_id}/files/reps_csv?download=true")
    assert csv.headers["content-type"].startswith("text/csv")
    assert "attachment" in csv.headers["content-disposition"]
    assert len(csv.text.strip().splitlines()) == 4  # header + 3 reps


def test_html_form_redirects_to_status_then_result(
    client: TestClient, settings: WebSettings, demo_trc: Path
) -> None:
    response = upload(client, demo_trc, url="/analyze", keep="1")
    assert response.status_code == 303
    status_url = response.headers["location"]
    job_id = status_url.rsplit("/", 1)[1]
    assert status_url == f"/jobs/{job_id}"
    assert wait_for(client, job_id)["status"] == "done"
    # the status page of a finished job sends the browser on to the result
    done = client.get(status_url, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == f"/results/{job_id}"
    assert "Your uploaded file was kept" in client.get(f"/results/{job_id}").text
    kept = client.get(f"/results/{job_id}/files/upload")
    assert kept.status_code == 200 and kept.content == demo_trc.read_bytes()
    assert uploads_left(settings) == []  # moved into the result folder, not left in temp


def test_delete_result_removes_files(
    client: TestClient, settings: WebSettings, demo_trc: Path
) -> None:
    job_id = upload(client, demo_trc).json()["job_id"]
    assert wait_for(client, job_id)["status"] == "done"
    assert (settings.results_dir / job_id).is_dir()
    assert client.post(f"/results/{job_id}/delete").status_code == 200
    assert not (settings.results_dir / job_id).exists()
    assert client.get(f"/results/{job_id}").status_code == 404


def test_analysis_saved_to_athlete(client: TestClient, demo_trc: Path) -> None:
    assert client.post("/api/athletes", json={"code": "A01", "sex": "female"}).status_code == 201
    job_id = upload(client, demo_trc, athlete="A01", sex="").json()["job_id"]
    body = wait_for(client, job_id)
    assert body["status"] == "done", body.get("error")
    assert body["result"]["sex"] == "female"  # the athlete's stored sex fills a blank sex
    assert body["trial_id"] is not None
    detail = client.get("/api/athletes/A01").json()
    assert [t["job_id"] for t in detail["trials"]] == [job_id]
    assert detail["trials"][0]["verdict"] == "excessive"
    page = client.get("/athletes/A01").text
    assert f'href="/results/{job_id}"' in page and "Progress" in page
