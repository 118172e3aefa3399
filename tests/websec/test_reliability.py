"""Web reliability probes: bad or far dates, deep nesting, binary and wrongly shaped bodies, huge
values and numbers. Each answers 4xx with one short message (never "unexpected", never 500) and
a huge value is never echoed in full."""

from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.web.helpers import upload, wait_for

BIG = "x" * 1_500_000  # under the 2 MB body limit, so the app itself has to refuse it
DEEP = "[" * 100_000 + "]" * 100_000
DEEP_OBJECT = '{"a":' * 50_000 + "1" + "}" * 50_000
JSON = {"Content-Type": "application/json"}
A = "schema_version"

Probe = Callable[[TestClient, dict[str, Any]], Any]
CASES: dict[str, tuple[Probe, int, str]] = {
    "plan: 100k-deep list": (
        lambda c, _: c.post("/api/plan", content=DEEP, headers=JSON),
        400,
        "parsing the body",
    ),
    "plan: 50k-deep object": (
        lambda c, _: c.post("/api/plan", content=DEEP_OBJECT, headers=JSON),
        400,
        "parsing",
    ),
    "plan: deep value in a field": (
        lambda c, _: c.post(
            "/api/plan", content='{"schema_version":"1.0","person":' + DEEP + "}", headers=JSON
        ),
        400,
        "parsing",
    ),
    "plan: binary body": (
        lambda c, _: c.post("/api/plan", content=os.urandom(3000), headers=JSON),
        400,
        "parsing",
    ),
    "plan: text, not JSON": (
        lambda c, _: c.post("/api/plan", content=b"{person: oops", headers=JSON),
        400,
        "parsing",
    ),
    "plan: bytes that look like UTF-16": (
        lambda c, _: c.post("/api/plan", content=b"\xff\xfe" + b"a\x00" * 500, headers=JSON),
        400,
        "parsing",
    ),
    "plan: a list, not answers": (lambda c, _: c.post("/api/plan", json=[1, 2]), 422, "dictionary"),
    "plan: far date": (
        lambda c, _: c.post("/api/plan", json={A: "1.0", "assessment_date": "9999-12-31"}),
        400,
        "future",
    ),
    "plan: impossible date": (
        lambda c, _: c.post("/api/plan", json={A: "1.0", "assessment_date": "2026-13-45"}),
        400,
        "YYYY-MM-DD",
    ),
    "plan: 1.5 MB value": (
        lambda c, _: c.post("/api/plan", json={A: "1.0", "person": {"sex": BIG}}),
        400,
        "person.sex",
    ),
    "plan: wrongly shaped movement": (
        lambda c, _: c.post(
            "/api/plan", json={A: "1.0", "movements": [{"task": "single-leg-squat", "left": "x"}]}
        ),
        400,
        "movements[0].left",
    ),
    "plan: unknown trial": (
        lambda c, _: c.post("/api/plan?athlete=R1", json={A: "1.0", "movements": [{"trial": 1e9}]}),
        400,
        "stored results",
    ),
    "athletes: a list": (lambda c, _: c.post("/api/athletes", json=[1]), 422, "dictionary"),
    "athletes: deep body": (
        lambda c, _: c.post("/api/athletes", content=DEEP, headers=JSON),
        400,
        "parsing",
    ),
    "athletes: binary body": (
        lambda c, _: c.post("/api/athletes", content=os.urandom(2000), headers=JSON),
        400,
        "parsing",
    ),
    "athletes: 1.5 MB code": (
        lambda c, _: c.post("/api/athletes", json={"code": BIG}),
        400,
        "1-64 characters",
    ),
    "athletes: 1.5 MB sport": (
        lambda c, _: c.post("/api/athletes", json={"code": "B1", "sport": BIG}),
        400,
        "at most 64",
    ),
    "athletes: 31-digit birth year": (
        lambda c, _: c.post("/api/athletes", json={"code": "B2", "birth_year": 10**30}),
        400,
        "plausible year",
    ),
    "athlete form: 5000-digit birth year": (
        lambda c, _: c.post("/athletes", data={"code": "B3", "birth_year": "9" * 5000}),
        400,
        "such as 2004",
    ),
    "athlete form: unicode digits": (
        lambda c, _: c.post("/athletes", data={"code": "B4", "birth_year": "²⁰⁰⁴"}),
        400,
        "such as 2004",
    ),
    "adherence: far date": (
        lambda c, _: c.post(
            "/athletes/R1/adherence", data={"sessions_done": "1", "date": "9999-12-31"}
        ),
        400,
        "future",
    ),
    "adherence: impossible date": (
        lambda c, _: c.post(
            "/athletes/R1/adherence", data={"sessions_done": "1", "date": "2026-02-30"}
        ),
        400,
        "2026-02-30",
    ),
    "adherence: 5000-digit count": (
        lambda c, _: c.post("/athletes/R1/adherence", data={"sessions_done": "9" * 5000}),
        400,
        "0 to 7",
    ),
    "adherence: 1.5 MB notes": (
        lambda c, _: c.post("/athletes/R1/adherence", data={"sessions_done": "1", "notes": BIG}),
        400,
        "maximum size",
    ),
    "upload: far date": (
        lambda c, f: upload(c, f["trc"], task="bilateral-squat", athlete="R1", date="9999-12-31"),
        400,
        "future",
    ),
    "upload: impossible date": (
        lambda c, f: upload(c, f["trc"], task="bilateral-squat", athlete="R1", date="0000-00-00"),
        400,
        "0000-00-00",
    ),
    "upload: 1 MB athlete code": (
        lambda c, f: upload(c, f["trc"], task="bilateral-squat", athlete=BIG[:1_000_000]),
        404,
        "no athlete",
    ),
    "attach: far date": (
        lambda c, f: c.post(
            f"/results/{f['job']}/attach", data={"athlete": "R1", "date": "9999-01-01"}
        ),
        400,
        "future",
    ),
    "attach: not a date": (
        lambda c, f: c.post(f"/results/{f['job']}/attach", data={"athlete": "R1", "date": "x"}),
        400,
        "must be a date",
    ),
    "compare: huge session": (
        lambda c, _: c.get("/athletes/R1/compare", params={"before": "x" * 5000}),
        400,
        "session number",
    ),
    "report: 5000-character paper": (
        lambda c, _: c.get("/athletes/R1/report", params={"paper": "x" * 5000}),
        400,
        "a4 or letter",
    ),
    "plan page: 5000-character athlete": (
        lambda c, _: c.get("/plan", params={"athlete": "x" * 5000}),
        404,
        "no athlete",
    ),
}


def message_of(response: Any) -> str:
    """The one-line message: the JSON error, or the error paragraph of the HTML page."""
    if response.headers.get("content-type", "").startswith("application/json"):
        return str(response.json()["error"])
    found = re.search(r'<p class="error[^"]*">(.*?)</p>', response.text, re.S)
    if found is None:
        found = re.search(r"<main[^>]*>(.*?)</main>", response.text, re.S)
    assert found is not None, response.text[:500]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found.group(1))).split())


@pytest.fixture
def made(client: TestClient, demo_trc: Path) -> dict[str, Any]:
    assert client.post("/api/athletes", json={"code": "R1"}).status_code == 201
    job = upload(client, demo_trc, task="bilateral-squat").json()["job_id"]
    assert wait_for(client, job)["status"] == "done"
    return {"trc": demo_trc, "job": job}


@pytest.mark.parametrize("case", list(CASES))
def test_web_probe_gives_a_short_4xx(case: str, client: TestClient, made: dict[str, Any]) -> None:
    probe, status, needle = CASES[case]
    response = probe(client, made)
    assert response.status_code == status, (response.status_code, response.text[:300])
    message = message_of(response)
    assert needle.lower() in message.lower(), message[:300]
    assert len(message) < 600, f"{len(message)} characters: {message[:200]}"
    assert "unexpected" not in response.text and "Traceback" not in response.text
    assert len(response.text) < 60_000  # the page, not the value echoed back


def _is_json(body: bytes) -> bool:
    try:
        json.loads(body)
    except (ValueError, RecursionError):
        return False
    return True


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(body=st.binary(max_size=400) | st.text(max_size=200).map(str.encode))
def test_any_body_that_is_not_json_is_one_400(client: TestClient, body: bytes) -> None:
    """Whatever the bytes (text, UTF-16 look-alikes, a BOM, nothing), a body that is not JSON is
    one answer: 400 and the parsing message; JSON of the wrong shape is a 4xx; never a 500."""
    for path in ("/api/plan", "/api/athletes"):
        response = client.post(path, content=body, headers=JSON)
        assert response.status_code < 500, (path, body[:40], response.text[:200])
        assert "Traceback" not in response.text and "unexpected" not in response.text
        if not _is_json(body):
            assert response.status_code == 400, (path, body[:40], response.text[:200])
            assert "parsing" in message_of(response)
