"""Screening and plan page: pasted answers give causes, referral and a program; bad answers 4xx."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "answers"


def test_plan_from_pasted_answers(client: TestClient) -> None:
    import yaml

    answers = yaml.safe_load((EXAMPLES / "hip-weakness.yaml").read_text())
    del answers["movements"]  # they name analysis files next to the example; pasted text has none
    text = yaml.safe_dump(answers)
    client.post("/api/athletes", json={"code": "P01", "sex": "female"})
    page = client.post("/plan", data={"answers": text, "athlete": "P01"})
    assert page.status_code == 200
    assert "Weak gluteus medius (hip abductors)" in page.text
    assert "Clamshells" in page.text and "Saved to athlete" in page.text


def test_red_flag_replaces_the_program(client: TestClient) -> None:
    import yaml

    answers = yaml.safe_load((EXAMPLES / "red-flag.yaml").read_text())
    plan = client.post("/api/plan", json=answers).json()
    assert plan["referral"]["red_flag"] is True and plan["program"] is None
    page = client.post("/plan", data={"answers": (EXAMPLES / "red-flag.yaml").read_text()})
    assert "See a professional first" in page.text


def test_bad_answers_are_one_line_4xx(client: TestClient) -> None:
    page = client.post("/plan", data={"answers": "person: [unclosed"})
    assert page.status_code == 400 and "not valid YAML or JSON" in page.text
    response = client.post("/api/plan", json={"person": {"sexx": "female"}})
    assert response.status_code == 400
    assert "\n" not in response.json()["error"] and "sexx" in response.json()["error"]
