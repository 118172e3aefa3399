"""Helpers for the web tests: upload a file, wait for a job."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient


def wait_for(client: TestClient, job_id: str, timeout_s: float = 60.0) -> dict[str, Any]:
    """Poll /api/jobs/{id} until the job is done or failed."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        body: dict[str, Any] = client.get(f"/api/jobs/{job_id}").json()
        if body["status"] in ("done", "failed"):
            return body
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} did not finish in {timeout_s} s")


def upload(client: TestClient, path: Path, *, url: str = "/api/analyze", **fields: str) -> Any:
    form = {"task": "single-leg-squat", "sex": "female", **fields}
    with path.open("rb") as fh:
        return client.post(
            url,
            data=form,
            files={"file": (path.name, fh, "application/octet-stream")},
            follow_redirects=False,
        )
