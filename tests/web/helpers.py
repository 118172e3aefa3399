"""Helpers for the web tests: upload a file, wait for a job."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

PASSWORD = "correct horse battery"


def add_user(app: FastAPI, username: str, role: str = "clinician", team: str | None = None) -> None:
    """Create a user with the test password in the app's store."""
    from valgus.store.users import add_user as store_add_user

    store_add_user(app.state.valgus.store.get(), username, PASSWORD, role, team)


def csrf_of(client: TestClient) -> str:
    """The CSRF token of the client's session, read from a page (<meta name="csrf-token">)."""
    import re

    page = client.get("/login").text
    match = re.search(r'name="csrf-token" content="([^"]+)"', page)
    assert match, "no CSRF token on the login page"
    return match.group(1)


def log_in(client: TestClient, username: str, password: str = PASSWORD) -> None:
    """Log the client in and send the session's CSRF token with every later request."""
    response = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": csrf_of(client)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text[:300]
    client.headers["X-CSRF-Token"] = csrf_of(client)


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
