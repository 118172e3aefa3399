"""Path and size attacks: no server path from a client, bodies refused while they stream."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

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


def _peak_rss(pid: int) -> int:
    """The process's peak resident memory so far (VmHWM, bytes; Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmHWM")


def test_oversized_uploads_are_refused_in_bounded_memory(tmp_path: Path) -> None:
    """A live server sent 256 MB without Content-Length (limit 5 MB) and a plan naming /dev/zero:
    its peak memory grows by far less than it was sent (the body is cut off, nothing is read)."""
    import re

    import httpx
    import pytest
    from tests.e2e.server import PASSWORD, USER, live_server

    if not Path("/proc/self/status").is_file():
        pytest.skip("needs /proc (Linux) to read the server's peak memory")
    started: list[Any] = []
    extra = ("--max-upload-mb", "5")
    with live_server(tmp_path / "server", extra_args=extra, started=started) as (base, _):
        pid = started[0].pid
        with httpx.Client(base_url=base, timeout=120) as client:
            page = client.get("/login")
            token = re.search(r'name="csrf-token" content="([^"]+)"', page.text)
            assert token is not None
            form = {"username": USER, "password": PASSWORD, "csrf_token": token.group(1)}
            assert client.post("/login", data=form).status_code in (200, 303)
            token = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/").text)
            assert token is not None
            headers = {"X-CSRF-Token": token.group(1), "Origin": base}

            def send(megabytes: int) -> int | None:
                boundary = "xyzBOUNDARY"
                try:
                    response = client.post(
                        "/api/analyze",
                        content=_chunks(megabytes << 20, boundary),
                        headers={
                            **headers,
                            "Content-Type": f"multipart/form-data; boundary={boundary}",
                        },
                    )
                except httpx.HTTPError:  # the server hung up mid-body: also a refusal
                    return None
                return response.status_code

            assert send(8) in (413, None)  # warm-up: the upload route's imports are loaded
            plan = client.post(
                "/api/plan", json={"movements": [{"file": "/dev/zero"}]}, headers=headers
            )
            assert plan.status_code == 400
            before = _peak_rss(pid)
            assert send(256) in (413, None)
            plan = client.post(
                "/api/plan", json={"movements": [{"file": "/dev/zero"}]}, headers=headers
            )
            assert plan.status_code == 400
            grown = _peak_rss(pid) - before
            assert client.get("/api/tasks").status_code == 200  # still serving
    assert grown < 32 << 20, f"peak memory grew {grown / 2**20:.0f} MB for a 256 MB upload"
