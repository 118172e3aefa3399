"""Bad input gives a 4xx with the one-line message (JSON under /api, a page elsewhere)."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from valgus.web import WebSettings

from .helpers import upload, wait_for


def leftovers(settings: WebSettings) -> list[Path]:
    assert settings.upload_dir is not None
    return list(settings.upload_dir.iterdir())


def test_empty_file_is_refused(client: TestClient, settings: WebSettings, tmp_path: Path) -> None:
    empty = tmp_path / "empty.trc"
    empty.write_bytes(b"")
    response = upload(client, empty)
    assert response.status_code == 400
    assert response.json() == {"error": "empty.trc is empty (0 bytes); choose the file again"}
    assert leftovers(settings) == []


def test_wrong_extension_is_refused(
    client: TestClient, settings: WebSettings, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    response = upload(client, notes)
    assert response.status_code == 415
    message = response.json()["error"]
    assert message.startswith("notes.txt: files of type .txt cannot be analysed")
    assert "\n" not in message
    assert leftovers(settings) == []


def test_wrong_extension_on_the_form_shows_a_friendly_page(
    client: TestClient, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.pdf"
    notes.write_text("hello")
    page = upload(client, notes, url="/analyze")
    assert page.status_code == 415
    assert page.headers["content-type"].startswith("text/html")
    assert "files of type .pdf cannot be analysed" in page.text
    assert "Traceback" not in page.text


def test_too_large_upload_is_refused(client: TestClient, tmp_path: Path) -> None:
    big = tmp_path / "big.mp4"
    big.write_bytes(b"\0" * (7 * 2**20))  # the test app allows 5 MB
    response = upload(client, big)
    assert response.status_code == 413
    assert "larger than the 5 MB limit" in response.json()["error"]


def test_unknown_task_and_athlete(client: TestClient, demo_trc: Path) -> None:
    response = upload(client, demo_trc, task="cartwheel")
    assert response.status_code == 400
    assert response.json()["error"].startswith("unknown task 'cartwheel'")
    response = upload(client, demo_trc, athlete="NOBODY")
    assert response.status_code == 404
    assert response.json()["error"].startswith("no athlete with code NOBODY")
    response = upload(client, demo_trc, side="middle")
    assert response.status_code == 400
    assert "side must be one of" in response.json()["error"]


def test_unreadable_motion_file_fails_the_job_cleanly(
    client: TestClient, settings: WebSettings, tmp_path: Path
) -> None:
    junk = tmp_path / "junk.trc"
    junk.write_text("this is not a TRC file\n1 2 3\n")
    response = upload(client, junk)
    assert response.status_code == 202
    job_id = response.json()["job_id"]
    body = wait_for(client, job_id)
    assert body["status"] == "failed"
    assert body["error"] and "\n" not in body["error"] and "Traceback" not in body["error"]
    assert leftovers(settings) == []  # deleted even though the analysis failed
    assert not (settings.results_dir / job_id).exists()
    page = client.get(f"/jobs/{job_id}")
    assert page.status_code == 200 and "could not be finished" in page.text


def test_unknown_ids_are_404(client: TestClient) -> None:
    response = client.get("/api/jobs/../../etc/passwd")
    assert response.status_code == 404
    response = client.get("/api/jobs/" + "0" * 32)
    assert response.status_code == 404 and "error" in response.json()
    page = client.get("/results/not-an-id")
    assert page.status_code == 404 and "Not found" in page.text
    assert client.get("/no/such/page").status_code == 404
