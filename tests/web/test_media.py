"""Result files: the annotated video answers Range requests (206) so browsers can seek."""

from __future__ import annotations

from fastapi.testclient import TestClient

from valgus.web import WebSettings
from valgus.web.results import ResultMeta, write_meta

JOB = "0123456789abcdef0123456789abcdef"


def make_result(settings: WebSettings) -> bytes:
    folder = settings.results_dir / JOB
    folder.mkdir(parents=True)
    payload = bytes(range(256)) * 40  # 10 240 bytes standing in for an H.264 file
    (folder / "clip.annotated.mp4").write_bytes(payload)
    write_meta(
        folder,
        ResultMeta(
            id=JOB,
            created="2025-01-01T10:00:00",
            original_name="clip.mp4",
            task="bilateral-squat",
            side="auto",
            sex=None,
            files={"video": "clip.annotated.mp4"},
        ),
    )
    return payload


def test_video_range_request_is_206(client: TestClient, settings: WebSettings) -> None:
    payload = make_result(settings)
    url = f"/results/{JOB}/files/video"
    whole = client.get(url)
    assert whole.status_code == 200 and whole.headers["content-type"] == "video/mp4"
    assert whole.headers.get("accept-ranges") == "bytes" and whole.content == payload
    part = client.get(url, headers={"Range": "bytes=1000-1999"})
    assert part.status_code == 206
    assert part.headers["content-range"] == f"bytes 1000-1999/{len(payload)}"
    assert part.content == payload[1000:2000]
    tail = client.get(url, headers={"Range": "bytes=-100"})
    assert tail.status_code == 206 and tail.content == payload[-100:]


def test_missing_kind_is_404(client: TestClient, settings: WebSettings) -> None:
    make_result(settings)
    response = client.get(f"/results/{JOB}/files/still")
    assert response.status_code == 404 and "no still file" in response.text
    assert client.get(f"/results/{JOB}/files/..%2Fjob.json").status_code == 404
