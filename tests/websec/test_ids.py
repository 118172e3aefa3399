"""Erase an athlete, add one again: every id is new and the old links answer 404."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text
from tests.web.helpers import upload, wait_for

ID_TABLES = (
    "athletes",
    "assessment_sessions",
    "trials",
    "rep_metrics",
    "adherence_log",
    "screening_answers",
    "programs",
)


def _max_ids(app: FastAPI) -> dict[str, int]:
    store = app.state.valgus.store.get()
    with store.engine.connect() as connection:
        return {
            name: int(connection.execute(text(f"SELECT max(id) FROM {name}")).scalar_one() or 0)
            for name in ID_TABLES
        }


def _athlete_with_everything(client: TestClient, demo_trc: Path, code: str) -> tuple[str, int]:
    assert client.post("/api/athletes", json={"code": code}).status_code == 201
    job = upload(client, demo_trc, task="bilateral-squat", athlete=code).json()["job_id"]
    done = wait_for(client, job)
    assert done["status"] == "done"
    response = client.post(
        f"/athletes/{code}/adherence",
        data={"date": "2026-11-05", "sessions_done": "2", "pain_after": "1", "notes": "ok"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text[:300]
    from valgus.store.api import save_plan, save_screening
    from valgus.store.sample import SAMPLE_PLAN

    store = client.app.state.valgus.store.get()  # type: ignore[attr-defined]
    save_plan(store, code, SAMPLE_PLAN)
    save_screening(store, code, {"age": 20})
    return str(job), int(done["trial_id"])


def test_ids_are_never_reused_after_erasure(
    app: FastAPI, client: TestClient, demo_trc: Path
) -> None:
    old_job, old_trial = _athlete_with_everything(client, demo_trc, "ERASED")
    before = _max_ids(app)
    assert min(before.values()) >= 1, before
    response = client.post(
        "/athletes/ERASED/delete", data={"confirm": "ERASED"}, follow_redirects=False
    )
    assert response.status_code == 303

    new_job, new_trial = _athlete_with_everything(client, demo_trc, "NEWONE")
    after = _max_ids(app)
    for name in ID_TABLES:
        assert after[name] > before[name], (name, before[name], after[name])
    assert new_trial > old_trial and new_job != old_job

    for url in (
        f"/results/{old_job}",
        f"/results/{old_job}/files/json",
        f"/jobs/{old_job}",
        "/athletes/ERASED",
        "/api/athletes/ERASED",
        "/athletes/ERASED/report",
    ):
        assert client.get(url).status_code == 404, url
    page = client.get("/athletes/NEWONE").text
    linked = set(re.findall(r"/results/([0-9a-f]{32})", page))
    assert linked == {new_job}
