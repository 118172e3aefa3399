"""Every route needs a login; cross-site posts and foreign Host headers are refused."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.routing import Mount
from tests.web.helpers import PASSWORD, add_user, csrf_of, log_in

PUBLIC = {"/login"}


def concrete(path: str) -> str:
    """A route path with its parameters filled in ('/athletes/{code}' -> '/athletes/A1')."""
    return re.sub(r"\{[^}]+\}", "A1", path)


def _flat(items: list[Any], prefix: str = "") -> list[tuple[str, str]]:
    out = []
    for route in items:
        if isinstance(route, Mount):
            continue
        included = getattr(route, "original_router", None)  # FastAPI's included router
        if included is not None:
            out.extend(_flat(included.routes, prefix + route.include_context.prefix))
            continue
        methods = sorted(getattr(route, "methods", None) or {"GET"})
        out.extend((m, concrete(prefix + route.path)) for m in methods if m != "HEAD")
    return out


def routes(app: FastAPI) -> list[tuple[str, str]]:
    """(method, path) of every route of the app, so new routes are covered automatically."""
    return sorted(set(_flat(list(app.routes))))


def test_the_app_has_routes_to_check(app: FastAPI) -> None:
    assert len(routes(app)) >= 15
    assert ("POST", "/athletes/A1/delete") in routes(app)


def test_every_route_refused_without_login(app: FastAPI) -> None:
    with TestClient(app) as anonymous:
        for method, path in routes(app):
            if path in PUBLIC:
                continue
            response = anonymous.request(method, path, follow_redirects=False)
            if method == "GET" and not path.startswith("/api/"):
                assert response.status_code == 303, (method, path)
                assert response.headers["location"].startswith("/login?next="), (method, path)
            else:
                assert response.status_code in (401, 403), (method, path, response.status_code)


def test_api_docs_are_not_served_and_openapi_needs_login(app: FastAPI) -> None:
    with TestClient(app) as anonymous:
        assert anonymous.get("/api/openapi.json").status_code == 401
        assert anonymous.get("/api/docs", follow_redirects=False).status_code in (401, 404)


def test_wrong_password_is_refused_and_repeated_failures_are_rate_limited(app: FastAPI) -> None:
    with TestClient(app) as browser:
        add_user(app, "nurse")
        token = csrf_of(browser)
        for _ in range(5):
            wrong = browser.post(
                "/login", data={"username": "nurse", "password": "nope", "csrf_token": token}
            )
            assert wrong.status_code == 401
            assert "wrong user name or password" in wrong.text
        right = browser.post(
            "/login", data={"username": "nurse", "password": PASSWORD, "csrf_token": token}
        )
        assert right.status_code == 429  # even the right password waits now
        assert browser.get("/athletes", follow_redirects=False).status_code == 303


def test_session_cookie_flags(app: FastAPI) -> None:
    with TestClient(app) as browser:
        add_user(app, "nurse")
        token = csrf_of(browser)
        response = browser.post(
            "/login",
            data={"username": "nurse", "password": PASSWORD, "csrf_token": token},
            follow_redirects=False,
        )
        cookie = response.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie


def test_login_redirects_only_to_this_site(app: FastAPI) -> None:
    with TestClient(app) as browser:
        add_user(app, "nurse")
        for target in ("//evil.example/x", "https://evil.example/", "\\\\evil"):
            token = csrf_of(browser)
            response = browser.post(
                "/login",
                data={
                    "username": "nurse",
                    "password": PASSWORD,
                    "csrf_token": token,
                    "next": target,
                },
                follow_redirects=False,
            )
            assert response.headers["location"] == "/"


def test_login_form_without_csrf_token_is_refused(app: FastAPI) -> None:
    with TestClient(app) as browser:
        add_user(app, "nurse")
        response = browser.post("/login", data={"username": "nurse", "password": PASSWORD})
        assert response.status_code == 403


def test_state_changing_requests_need_the_csrf_token(app: FastAPI) -> None:
    with TestClient(app) as browser:
        add_user(app, "nurse")
        log_in(browser, "nurse")
        assert browser.post("/api/athletes", json={"code": "A1"}).status_code == 201
        del browser.headers["X-CSRF-Token"]
        for method, path in routes(app):
            if method in ("GET", "OPTIONS") or path in PUBLIC:
                continue
            response = browser.request(method, path, data={"confirm": "A1", "code": "B2"})
            assert response.status_code == 403, (method, path, response.status_code)
        assert browser.get("/api/athletes").json()[0]["code"] == "A1"  # still there


def test_cross_site_form_post_is_refused_even_with_the_token(client: TestClient) -> None:
    client.post("/api/athletes", json={"code": "A1"})
    for headers in (
        {"Origin": "https://evil.example"},
        {"Referer": "https://evil.example/page"},
        {"Sec-Fetch-Site": "cross-site"},
    ):
        response = client.post("/athletes/A1/delete", data={"confirm": "A1"}, headers=headers)
        assert response.status_code == 403, headers
    assert client.get("/api/athletes/A1").status_code == 200


@pytest.mark.parametrize("host", ["evil.example", "rebind.attacker.test:8000", "10.0.0.5"])
def test_foreign_host_is_refused(client: TestClient, host: str) -> None:
    response = client.get("/api/athletes", headers={"Host": host})
    assert response.status_code == 400
    assert "Host" in response.json()["error"]


def test_security_headers_on_every_page(client: TestClient) -> None:
    for path in ("/", "/athletes", "/login", "/api/athletes", "/static/style.css"):
        response = client.get(path)
        csp = response.headers["content-security-policy"]
        assert (
            "script-src 'self'" in csp
            and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        )
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"


def test_no_template_has_inline_script_or_handlers() -> None:
    from valgus.web.views import HERE

    for template in (HERE / "templates").glob("*.j2"):
        text = template.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), template.name
        assert not re.search(r"\son[a-z]+\s*=", text), template.name
        assert "javascript:" not in text, template.name
        assert "http://" not in text and "https://" not in text.replace("https://doi", ""), (
            template.name
        )
