"""Clinic pages: program log on the athlete page, dated uploads, the latest plan on the athlete page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fastapi.testclient import TestClient
from tests.web.helpers import upload, wait_for


def test_log_adherence_from_the_athlete_page(client: TestClient) -> None:
    client.post("/api/athletes", json={"code": "L01"})
    logged = client.post(
        "/athletes/L01/adherence",
        data={"date": "2026-03-02", "sessions_done": "2", "pain_after": "3", "notes": "ok"},
        follow_redirects=False,
    )
    assert logged.status_code == 303 and logged.headers["location"] == "/athletes/L01#adherence"
    page = client.get("/athletes/L01").text
    assert "2026-03-02" in page and "Program: 2 sessions on 1 days" in page
    bad = client.post("/athletes/L01/adherence", data={"sessions_done": "1", "pain_after": "11"})
    assert bad.status_code == 400 and "pain after must be a whole number from 0 to 10" in bad.text
    far = client.post("/athletes/L01/adherence", data={"sessions_done": "1", "date": "2999-01-01"})
    assert far.status_code == 400 and "in the future" in far.text


def test_dated_uploads_become_dated_sessions(client: TestClient, demo_trc: Path) -> None:
    client.post("/api/athletes", json={"code": "D01", "sex": "female"})
    job = upload(client, demo_trc, athlete="D01", date="2026-01-15").json()
    assert wait_for(client, job["job_id"])["status"] == "done"
    history = client.get("/api/athletes/D01").json()
    assert [t["date"] for t in history["trials"]] == ["2026-01-15"]
    bad = upload(client, demo_trc, athlete="D01", date="15/01/2026")
    assert bad.status_code == 400 and "must be a date such as" in bad.json()["error"]


def test_athlete_page_shows_the_latest_plan(client: TestClient) -> None:
    client.post("/api/athletes", json={"code": "P09"})
    assert "Fill the screening form" in client.get("/athletes/P09").text
    client.post(
        "/plan",
        data={"athlete": "P09", "clinical.hip_abduction_strength_pct_bw.left": "20"},
    )
    page = client.get("/athletes/P09").text
    assert "Weak gluteus medius (hip abductors)" in page and "New screening" in page


def test_attach_a_result_to_an_athlete_afterwards(client: TestClient, demo_trc: Path) -> None:
    job = upload(client, demo_trc).json()["job_id"]
    assert wait_for(client, job)["status"] == "done"
    client.post("/api/athletes", json={"code": "A07"})
    page = client.get(f"/results/{job}").text
    assert f'action="/results/{job}/attach"' in page and 'value="A07"' in page
    saved = client.post(
        f"/results/{job}/attach",
        data={"athlete": "A07", "date": "2026-02-03"},
        follow_redirects=False,
    )
    assert saved.status_code == 303 and saved.headers["location"] == "/athletes/A07"
    trials = client.get("/api/athletes/A07").json()["trials"]
    assert [(t["date"], t["job_id"]) for t in trials] == [("2026-02-03", job)]
    again = client.post(f"/results/{job}/attach", data={"athlete": "A07"})
    assert again.status_code == 400 and "already saved to athlete A07" in again.text
    assert client.post(f"/results/{job}/attach", data={"athlete": "nobody"}).status_code == 404


def test_compare_two_dated_sessions(client: TestClient, demo_trc: Path) -> None:
    from valgus.store.api import save_analysis

    client.post("/api/athletes", json={"code": "C05", "sex": "female"})
    job = upload(client, demo_trc, athlete="C05", date="2026-01-10").json()["job_id"]
    assert wait_for(client, job)["status"] == "done"
    assert "a comparison needs two" in client.get("/athletes/C05/compare").text
    data = client.get(f"/results/{job}/files/json").json()
    later = {**data, "source": {**data["source"], "sha256": "0" * 64}}
    for rep in later["reps"]:  # the same reps 10° less valgus: more than the SDD of 8.9°
        rep["fppa_deg"] = None if rep["fppa_deg"] is None else rep["fppa_deg"] - 10.0
        if rep["headline"]["value"] is not None:
            rep["headline"] = {**rep["headline"], "value": rep["headline"]["value"] - 10.0}
    store = client.app.state.valgus.store.get()  # type: ignore[attr-defined]
    save_analysis(store, "C05", later, date=dt.date(2026, 3, 10))
    page = client.get("/athletes/C05/compare")
    assert page.status_code == 200
    assert "2026-01-10" in page.text and "2026-03-10" in page.text
    assert "-10.0" in page.text and "8.9" in page.text and "improved" in page.text
    assert "Verdict rests on:" in page.text and 'class="headline-row"' in page.text
    assert f"/results/{job}/files/plot" in page.text
    assert client.get("/athletes/C05/compare?before=999").status_code == 404
    assert client.get("/athletes/C05/compare?before=x").status_code == 400


def test_report_page_has_navigation_print_button_and_viewport(client: TestClient) -> None:
    client.post("/api/athletes", json={"code": "R02"})
    page = client.get("/athletes/R02/report").text
    assert 'name="viewport"' in page and 'id="print-report"' in page
    assert 'src="/static/print.js"' in page and 'href="/athletes/R02"' in page
    assert client.get("/static/print.js").status_code == 200
