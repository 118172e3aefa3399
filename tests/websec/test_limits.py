"""Path and size attacks: no server path from a client, bodies refused while they stream."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from fastapi.testclient import TestClient

from valgus.web import WebSettings


def _chunks(total: int, boundary: str) -> Iterator[bytes]:
    yield (
        f'--{boundary}\r\nContent-Disposition: form-data; name="task"\r\n\r\nsingle-leg-squat\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.mp4"\r\n'
        "Content-Type: video/mp4\r\n\r\n"
    ).encode()
    block = b"\0" * (1 << 20)
    for _ in range(total // len(block)):
        yield block
    yield f"\r\n--{boundary}--\r\n".encode()


def test_upload_without_content_length_is_cut_off(
    client: TestClient, settings: WebSettings
) -> None:
    boundary = "xyzBOUNDARY"
    response = client.post(
        "/api/analyze",
        content=_chunks(64 << 20, boundary),  # 64 MB against a 5 MB limit, sent chunked
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    assert response.status_code == 413
    leftovers = [p for p in settings.uploads.rglob("*") if p.is_file()]
    assert leftovers == []


def test_small_routes_refuse_large_bodies(client: TestClient) -> None:
    response = client.post(
        "/api/athletes",
        content=b"{" + b" " * (3 << 20) + b"}",
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert len(response.text) < 500


def test_plan_refuses_server_paths(client: TestClient, tmp_path: Path) -> None:
    secret = tmp_path / "secret.json"
    secret.write_text('{"task": "single-leg-squat", "reps": []}')
    for answers in (
        {"movements": [{"file": str(secret), "condition": "baseline"}]},
        {"movements": [{"file": "/dev/zero", "condition": "baseline"}]},
        {"base_dir": "/", "movements": [{"file": "etc/passwd", "condition": "baseline"}]},
    ):
        response = client.post("/api/plan", json=answers)
        assert response.status_code == 400, answers
        assert "secret" not in response.text and len(response.text) < 400
    assert (
        client.post("/plan", data={"answers": f"movements:\n- file: {secret}\n"}).status_code == 400
    )


def test_plan_reads_a_stored_trial_of_the_athlete(client: TestClient, demo_trc: Path) -> None:
    from tests.web.helpers import upload, wait_for

    client.post("/api/athletes", json={"code": "T1", "sex": "female"})
    job = upload(client, demo_trc, task="bilateral-squat", athlete="T1").json()["job_id"]
    trial = wait_for(client, job)["trial_id"]
    answers = {"movements": [{"trial": trial, "condition": "baseline"}]}
    response = client.post("/api/plan", params={"athlete": "T1"}, json=answers)
    assert response.status_code == 200, response.text
    other = client.post(
        "/api/plan",
        params={"athlete": "T1"},
        json={"movements": [{"trial": trial + 999, "condition": "baseline"}]},
    )
    assert other.status_code == 400
    assert "not one of T1's stored results" in other.json()["error"]
