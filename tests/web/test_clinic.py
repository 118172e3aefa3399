"""Clinic pages: program log on the athlete page, dated uploads, the latest plan on the athlete page."""

from __future__ import annotations

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
