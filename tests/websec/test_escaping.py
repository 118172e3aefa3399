"""Hostile strings in every field are shown as text, never as markup (server-rendered HTML)."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from tests.web.helpers import upload, wait_for

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img/src=x/onerror=alert(2)>',
    "'><svg/onload=alert(3)>",
]
RAW_MARKERS = ("<script>", "<img/src=x", "<svg/onload")


def assert_inert(html: str) -> None:
    for marker in RAW_MARKERS:
        assert marker not in html, marker


def test_athlete_fields_are_escaped_on_every_page(client: TestClient, demo_trc: Path) -> None:
    for i, text in enumerate(HOSTILE):
        code = f"<script>alert({i})"
        response = client.post("/api/athletes", json={"code": code, "sport": text, "team": text})
        assert response.status_code == 201, response.text
        for path in ("/athletes", f"/athletes/{code}", "/", f"/athletes/{code}/report", "/plan"):
            page = client.get(path, params={"athlete": code} if path == "/" else None)
            assert page.status_code == 200, (path, page.text[:200])
            assert_inert(page.text)
        assert i >= 0


def test_error_messages_are_escaped(client: TestClient) -> None:
    for text in HOSTILE:
        for path, params in (
            ("/athletes/A/report", {"paper": text}),
            (f"/athletes/{text}", None),
            (f"/results/{text}", None),
        ):
            page = client.get(path, params=params)
            assert 400 <= page.status_code < 500, (path, page.status_code)
            assert_inert(page.text)
        form = client.post("/athletes", data={"code": text, "birth_year": text, "sport": text})
        assert_inert(form.text)


def test_uploaded_file_name_is_escaped(client: TestClient, demo_trc: Path, tmp_path: Path) -> None:
    hostile = tmp_path / "<img src=x onerror=alert(4)>.trc"
    hostile.write_bytes(demo_trc.read_bytes())
    response = upload(client, hostile, task="bilateral-squat")
    assert response.status_code == 202, response.text
    job = wait_for(client, response.json()["job_id"])
    page = client.get(f"/results/{job['id']}" if "id" in job else response.json()["result_page"])
    assert "<img src=x" not in page.text
    assert "&lt;img src=x" in page.text
