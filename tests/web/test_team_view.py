"""The web team view: a team's latest assessments sorted for follow-up, page and CSV, scoped."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

from valgus.analysis.run import analyse
from valgus.synthetic import squat_trial, write_trc

from .helpers import add_user, log_in


def _store_team(app: FastAPI, tmp_path: Path) -> dict[str, str]:
    """U17: A01 normal, A02 excessive, A03 never assessed; RED: R01. Returns headline texts."""
    from valgus.store.api import add_athlete, save_analysis

    store = app.state.valgus.store.get()
    texts = {}
    for code, team, valgus in (("A01", "U17", 4.0), ("A02", "U17", 20.0), ("R01", "=RED", 20.0)):
        add_athlete(store, code, sex="female", team=team)
        trial = squat_trial(3, valgus_deg=valgus, peak_flexion_deg=60.0, stance="left", fps=60.0)
        path = write_trc(trial.recording, tmp_path / f"{code}_left.trc")
        data = analyse(path, "single-leg-squat", side="left", sex="female").data
        save_analysis(store, code, data, path, date=dt.date(2026, 11, 30))
        texts[code] = data["summary"]["left"]["headline"]["text"]
    add_athlete(store, "A03", team="U17")
    return texts


def test_team_page_and_csv_sorted_for_follow_up(
    app: FastAPI, client: TestClient, tmp_path: Path
) -> None:
    texts = _store_team(app, tmp_path)
    page = client.get("/teams/U17")
    assert page.status_code == 200
    html = page.text
    assert html.index("A02") < html.index("A01") < html.index("A03")  # excessive, normal, none
    assert texts["A02"] in html and texts["A01"] in html  # the same numbers as everywhere
    assert "R01" not in html
    assert 'href="/teams/U17"' in client.get("/athletes").text
    rows = list(csv.DictReader(io.StringIO(client.get("/teams/U17/roster.csv").text)))
    assert [(r["athlete"], r["verdict"]) for r in rows] == [
        ("A02", "excessive"), ("A01", "normal"), ("A03", ""),
    ]  # fmt: skip
    # formula-safe: a cell starting with + - = @ is written as text (a leading apostrophe)
    assert rows[0]["headline_text"] == "'" + texts["A02"] and rows[0]["date"] == "2026-11-30"
    # a team name that is a spreadsheet formula is exported as text
    red = client.get("/teams/=RED/roster.csv")
    assert (
        red.status_code == 200
        and "filename*=UTF-8''%3DRED-roster.csv" in red.headers["content-disposition"]
    )
    from openpyxl import load_workbook

    book = client.get("/teams/U17/roster.xlsx")
    assert book.status_code == 200 and "U17-roster.xlsx" in book.headers["content-disposition"]
    sheet = load_workbook(io.BytesIO(book.content))["roster"]
    table = [[c.value for c in row] for row in sheet.iter_rows()]
    col = table[0].index
    assert [(r[col("athlete")], r[col("verdict")]) for r in table[1:]] == [
        ("A02", "excessive"), ("A01", "normal"), ("A03", None),
    ]  # fmt: skip
    assert table[1][col("headline_text")] == "'" + texts["A02"]  # text, not a formula
    assert 'href="/teams/U17/roster.xlsx"' in html
    assert client.get("/teams/NOBODY").status_code == 404
    assert client.get("/teams/NOBODY/roster.xlsx").status_code == 404
    audit = client.get("/admin/audit").text
    assert "team:U17" in audit


def test_a_coach_sees_only_their_own_team(app: FastAPI, client: TestClient, tmp_path: Path) -> None:
    _store_team(app, tmp_path)
    add_user(app, "coachu17", role="coach", team="U17")
    with TestClient(app) as coach:
        log_in(coach, "coachu17")
        assert coach.get("/teams/U17").status_code == 200
        assert coach.get("/teams/=RED").status_code == 404
        assert coach.get("/teams/=RED/roster.csv").status_code == 404
        assert coach.get("/teams/=RED/roster.xlsx").status_code == 404
    with TestClient(app) as anonymous:
        assert anonymous.get("/teams/U17", follow_redirects=False).status_code in (303, 401)
