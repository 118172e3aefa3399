"""A coach sees only their team: every route with an athlete or a result is refused across teams."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient
from tests.web.helpers import add_user, log_in, upload, wait_for
from tests.websec.test_access import routes


def test_coach_sees_only_their_team(app: FastAPI, client: TestClient, demo_trc: Path) -> None:
    client.post("/api/athletes", json={"code": "RED1", "team": "red"})
    client.post("/api/athletes", json={"code": "BLUE1", "team": "blue"})
    client.post("/api/athletes", json={"code": "NOTEAM"})
    job = upload(client, demo_trc, task="bilateral-squat", athlete="BLUE1").json()["job_id"]
    assert wait_for(client, job)["status"] == "done"
    loose = upload(client, demo_trc, task="bilateral-squat").json()["job_id"]
    assert wait_for(client, loose)["status"] == "done"
    add_user(app, "coachred", role="coach", team="red")
    with TestClient(app) as coach:
        log_in(coach, "coachred")
        assert [a["code"] for a in coach.get("/api/athletes").json()] == ["RED1"]
        assert "BLUE1" not in coach.get("/athletes").text
        assert "BLUE1" not in coach.get("/").text
        assert coach.get("/api/athletes/RED1").status_code == 200
        refused = []
        for method, path in routes(app):
            for code, job_id in (("BLUE1", job), ("NOTEAM", loose)):
                concrete = path.replace("A1", code)
                if "/results/" in path or "/jobs/" in path:
                    concrete = path.replace("A1", job_id)
                if concrete == path:
                    continue
                response = coach.request(method, concrete, data={"confirm": code})
                refused.append((method, concrete, response.status_code))
                assert response.status_code in (403, 404), (method, concrete, response.status_code)
        assert len(refused) >= 10
        assert coach.get("/api/athletes/BLUE1").status_code == 404
        # a coach's new athlete joins their team; another team is refused
        assert coach.post("/api/athletes", json={"code": "RED2"}).json()["team"] == "red"
        assert coach.post("/api/athletes", json={"code": "X", "team": "blue"}).status_code == 403
        # a coach must name an athlete of their team when uploading
        assert upload(coach, demo_trc, task="bilateral-squat").status_code == 400
        assert upload(coach, demo_trc, task="bilateral-squat", athlete="BLUE1").status_code == 404
        assert coach.get("/admin/audit").status_code == 403
    assert client.get("/api/athletes/BLUE1").status_code == 200  # nothing was deleted
