"""Athletes: add, list, detail, report (HTML and PDF), delete, on a temporary SQLite store."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from .helpers import upload, wait_for


def test_api_crud(client: TestClient) -> None:
    created = client.post(
        "/api/athletes",
        json={"code": "A01", "sex": "female", "birth_year": 2004, "sport": "football"},
    )
    assert created.status_code == 201
    assert created.json()["code"] == "A01" and created.json()["n_trials"] == 0
    dup = client.post("/api/athletes", json={"code": "A01"})
    assert dup.status_code == 400
    assert dup.json()["error"].startswith("athlete A01 already exists")
    bad = client.post("/api/athletes", json={"code": "A 02"})
    assert bad.status_code == 400 and "without spaces" in bad.json()["error"]
    missing = client.post("/api/athletes", json={"sex": "male"})
    assert missing.status_code == 422 and "code" in missing.json()["error"]
    client.post("/api/athletes", json={"code": "B02", "sex": "male"})
    assert [a["code"] for a in client.get("/api/athletes").json()] == ["A01", "B02"]
    assert client.get("/api/athletes/B02").json()["athlete"]["sex"] == "male"
    deleted = client.delete("/api/athletes/B02")
    assert deleted.status_code == 200 and deleted.json()["removed"]["trials"] == 0
    assert client.get("/api/athletes/B02").status_code == 404


def test_html_add_detail_and_delete(client: TestClient) -> None:
    added = client.post(
        "/athletes",
        data={"code": "C03", "sex": "male", "dominant_leg": "right"},
        follow_redirects=False,
    )
    assert added.status_code == 303 and added.headers["location"] == "/athletes/C03"
    listing = client.get("/athletes").text
    assert 'href="/athletes/C03"' in listing
    again = client.post("/athletes", data={"code": "C03"})
    assert again.status_code == 400 and "already exists" in again.text
    assert 'value="C03"' in again.text  # the form keeps what was typed
    detail = client.get("/athletes/C03")
    assert detail.status_code == 200 and "No assessments yet" in detail.text
    wrong = client.post("/athletes/C03/delete", data={"confirm": "nope"})
    assert wrong.status_code == 400 and "type the code C03" in wrong.text
    gone = client.post("/athletes/C03/delete", data={"confirm": "C03"}, follow_redirects=False)
    assert gone.status_code == 303
    assert client.get("/athletes/C03").status_code == 404


def test_report_html_and_pdf(client: TestClient, demo_trc: Path) -> None:
    client.post("/api/athletes", json={"code": "R01", "sex": "female"})
    job_id = upload(client, demo_trc, athlete="R01").json()["job_id"]
    assert wait_for(client, job_id)["status"] == "done"
    detail = client.get("/athletes/R01").text
    assert "Single-leg squat" in detail and "Excessive" in detail
    report = client.get("/athletes/R01/report")
    assert report.status_code == 200 and report.headers["content-type"].startswith("text/html")
    assert "R01" in report.text
    pdf = client.get("/athletes/R01/report.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and len(pdf.content) > 5000
    assert client.get("/athletes/R01/report?paper=a3").status_code == 400
