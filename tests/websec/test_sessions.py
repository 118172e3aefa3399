"""A password change (`valgus web user password`) ends every session of that user, at once."""

from __future__ import annotations

import io

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from tests.web.helpers import PASSWORD, add_user, log_in

from valgus.cli.main import main

NEW_PASSWORD = "a brand new passphrase"


def _logged_in(app: FastAPI, user: str) -> TestClient:
    client = TestClient(app)
    log_in(client, user)
    assert client.get("/athletes").status_code == 200
    return client


def test_password_change_revokes_that_users_sessions(
    app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_user(app, "nurse", role="clinician")
    add_user(app, "other", role="clinician")
    laptop, phone = _logged_in(app, "nurse"), _logged_in(app, "nurse")
    bystander = _logged_in(app, "other")
    stolen_cookie = dict(laptop.cookies)

    monkeypatch.setattr("sys.stdin", io.StringIO(NEW_PASSWORD + "\n"))
    db = app.state.valgus.settings.db_url
    assert main(["web", "user", "password", "nurse", "--password-stdin", "--db", db]) == 0

    for client in (laptop, phone):
        page = client.get("/athletes", follow_redirects=False)
        assert page.status_code == 303 and page.headers["location"].startswith("/login")
        assert client.get("/api/athletes").status_code == 401
        refused = client.post("/api/athletes", json={"code": "AFTER"})
        assert refused.status_code in (401, 403)
    replay = TestClient(app, cookies=stolen_cookie)
    assert replay.get("/api/athletes").status_code == 401  # the old cookie itself is dead
    assert bystander.get("/athletes").status_code == 200  # other users keep their sessions

    with pytest.raises(AssertionError):
        log_in(TestClient(app), "nurse", PASSWORD)  # the old password no longer works
    fresh = TestClient(app)
    log_in(fresh, "nurse", NEW_PASSWORD)
    assert fresh.get("/athletes").status_code == 200


def test_a_deleted_user_is_logged_out(app: FastAPI) -> None:
    from sqlalchemy import text

    add_user(app, "temp", role="clinician")
    client = _logged_in(app, "temp")
    with app.state.valgus.store.get().unit_of_work() as session:
        session.execute(text("DELETE FROM users WHERE username = 'temp'"))
    assert client.get("/api/athletes").status_code == 401
