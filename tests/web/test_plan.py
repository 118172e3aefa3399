"""Screening form: HTML fields + stored trials give the same plan as the answers file; 4xx on bad input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "answers"

HIP_WEAKNESS_FORM = {
    "assessment_date": "2026-02-01",
    "person.sex": "female",
    "person.age_years": "19",
    "person.sport": "football",
    "person.dominant_leg": "right",
    "clinical.hip_abduction_strength_pct_bw.left": "30",
    "clinical.hip_abduction_strength_pct_bw.right": "37",
    "clinical.hip_external_rotation_strength_pct_bw.left": "19",
    "clinical.hip_external_rotation_strength_pct_bw.right": "23",
    "clinical.weight_bearing_lunge_cm.left": "13.5",
    "clinical.weight_bearing_lunge_cm.right": "13.5",
    "clinical.navicular_drop_mm.left": "",  # skipped items stay out of the answers
    "red_flags.giving_way": "",
    "preferences.equipment": ["mini_band", "long_band", "step", "box"],
    "preferences.sessions_per_week": "3",
    "preferences.minutes_per_session": "30",
}


def _store_examples(client: TestClient, code: str) -> list[int]:
    from valgus.store.api import save_analysis

    store = client.app.state.valgus.store.get()  # type: ignore[attr-defined]
    client.post("/api/athletes", json={"code": code, "sex": "female"})
    header = {"side": "left", "schema_version": "1.2", "software": {"version": "test"}}
    return [
        save_analysis(
            store, code, {**json.loads((EXAMPLES / name).read_text()), **header}, EXAMPLES / name
        )
        for name in ("sls-left.json", "sls-left-band.json")
    ]


def _summary(plan: dict[str, Any]) -> tuple[Any, ...]:
    causes = sorted((c["id"], c["likelihood"], c.get("sides")) for c in plan["causes"])
    sessions = [[e["name"] for e in s["exercises"]] for s in plan["program"]["sessions"]]
    return causes, sessions, plan["referral"]["needed"]


def test_form_with_stored_trials_gives_the_example_plan(client: TestClient) -> None:
    from valgus.plan.assemble import make_plan_from_file
    from valgus.store.api import load_history

    baseline, band = _store_examples(client, "P01")
    form = {**HIP_WEAKNESS_FORM, "athlete": "P01", "trial": [str(baseline), str(band)]}
    form |= {f"condition_{baseline}": "baseline", f"condition_{band}": "mini_band"}
    page = client.post("/plan", data=form)
    assert page.status_code == 200, page.text
    assert "Weak gluteus medius (hip abductors)" in page.text and "Saved to athlete" in page.text
    history = load_history(client.app.state.valgus.store.get(), "P01")  # type: ignore[attr-defined]
    saved = history.latest_plan
    assert saved is not None
    expected = make_plan_from_file(EXAMPLES / "hip-weakness.yaml").to_dict()
    # The same numbers are judged the same way whether they come from the analysis files named in
    # the answers file or from the stored trials picked in the form: the whole plan is the same.
    assert saved == expected
    # the page shows the same summary, every session and the week-by-week progression
    import html

    text = html.unescape(page.text)
    assert saved["program"]["summary"] in text
    assert all(s["name"] in text for s in saved["program"]["sessions"])
    assert all(f"Week {w['week']}:" in text for w in saved["program"]["week_plan"])
    athlete = html.unescape(client.get("/athletes/P01").text)
    assert saved["program"]["summary"] in athlete and "Week 4:" in athlete
    assert _summary(saved) == _summary(expected)
    answers = history.screenings[-1]["answers"]
    assert "file" not in json.dumps(answers) and answers["movements"][1]["condition"] == "mini_band"
    assert answers["movements"][0]["left"]["fppa_deg"] == 17.5
    assert "navicular_drop_mm" not in answers["clinical"]


def test_form_page_lists_fields_with_units_and_the_athletes_trials(client: TestClient) -> None:
    baseline, _ = _store_examples(client, "P02")
    page = client.get("/plan?athlete=P02").text
    assert 'name="clinical.navicular_drop_mm.left"' in page and 'min="0" max="30"' in page
    assert "(mm)" in page and 'value="mini_band"' in page and "— skip —" in page
    assert f'name="trial" value="{baseline}"' in page and "sls-left.mp4" in page
    assert "YAML" not in page and "valgus plan" not in page and "valgus analyze" not in page


def test_trial_of_another_athlete_is_refused(client: TestClient) -> None:
    baseline, _ = _store_examples(client, "P03")
    client.post("/api/athletes", json={"code": "P04"})
    page = client.post("/plan", data={"athlete": "P04", "trial": str(baseline)})
    assert page.status_code == 400 and "is not one of P04" in page.text


def test_out_of_range_answer_is_a_400_that_keeps_the_form(client: TestClient) -> None:
    page = client.post("/plan", data={**HIP_WEAKNESS_FORM, "clinical.navicular_drop_mm.left": "45"})
    assert page.status_code == 400
    assert "outside the allowed range 0 to 30" in page.text
    assert 'value="45"' in page.text and 'value="football"' in page.text


def test_red_flag_replaces_the_program(client: TestClient) -> None:
    import yaml

    answers = yaml.safe_load((EXAMPLES / "red-flag.yaml").read_text())
    plan = client.post("/api/plan", json=answers).json()
    assert plan["referral"]["red_flag"] is True and plan["program"] is None
    page = client.post(
        "/plan", data={"red_flags.heard_pop": "yes", "red_flags.immediate_swelling": "yes"}
    )
    assert "See a professional first" in page.text


def test_bad_answers_are_one_line_4xx(client: TestClient) -> None:
    page = client.post("/plan", data={"person.age_years": "nineteen"})
    assert (
        page.status_code == 400
        and "Age: " in page.text
        and "nineteen" in page.text
        and "is not a number." in page.text
    )
    response = client.post("/api/plan", json={"person": {"sexx": "female"}})
    assert response.status_code == 400
    assert "\n" not in response.json()["error"] and "sexx" in response.json()["error"]
