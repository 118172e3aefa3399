"""Every output of a plan (JSON, terminal, Markdown, HTML, PDF, web) shows every session, the
week-by-week progression and the same summary figures, and those figures add up from the sessions'
own exercises (#12: "3 sessions/week, ~30 min" over sessions of ~15 min; 2 of 3 sessions shown)."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import jinja2
import pytest
from rich.console import Console

from valgus.cli.plan_output import print_plan
from valgus.plan.assemble import make_plan, make_plan_from_file
from valgus.program.render import to_html, to_markdown
from valgus.screen.answers import parse_answers

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "answers"
SUMMARY = re.compile(
    r"(\d+) weeks, (\d+) sessions? a week of about (\d+)(?:-(\d+))? min \((\d+) min a week\)"
)
SESSION = re.compile(r"(Day \d+: session [A-Z]) \((?:~|about )(\d+) min\)")


def _plans() -> list[dict[str, Any]]:
    three = parse_answers(
        {
            "person": {"sex": "female", "sport": "football"},
            "clinical": {"hip_abduction_strength_pct_bw": 28, "weight_bearing_lunge_cm": 8},
            "preferences": {
                "equipment": ["mini_band", "foam_roller", "step", "box", "dumbbell"],
                "sessions_per_week": 3,
                "minutes_per_session": 30,
            },
        }
    )
    return [
        make_plan_from_file(EXAMPLES / "hip-weakness.yaml").to_dict(),
        make_plan_from_file(EXAMPLES / "ankle-limited.yaml").to_dict(),
        make_plan(three).to_dict(),
    ]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _check(text: str, plan: dict[str, Any]) -> None:
    """The summary line and every session title of one output agree with the plan's sessions."""
    prog = plan["program"]
    text = _flat(text)
    weeks, per_week, low, high, total = SUMMARY.search(text).groups()  # type: ignore[union-attr]
    minutes = [s["minutes_estimated"] for s in prog["sessions"]]
    assert int(weeks) == prog["weeks"] == len(prog["week_plan"])
    assert int(per_week) == len(prog["sessions"]) == prog["sessions_per_week"]
    assert (int(low), int(high or low)) == (min(minutes), max(minutes))
    assert int(total) == sum(minutes) == prog["minutes_per_week"]
    shown = dict(SESSION.findall(text))
    assert set(shown) == {s["name"] for s in prog["sessions"]}, shown
    for s in prog["sessions"]:
        assert int(shown[s["name"]]) == s["minutes_estimated"]
    for w in prog["week_plan"]:
        assert f"Week {w['week']}: {_flat(w['focus'])}" in text


@pytest.mark.parametrize("index", [0, 1, 2])
def test_json_figures_add_up_from_the_exercises(index: int) -> None:
    plan = _plans()[index]
    prog = plan["program"]
    names = [s["name"] for s in prog["sessions"]]
    assert len(names) == len(set(names)) == prog["sessions_per_week"]
    assert prog["minutes_per_week"] == sum(s["minutes_estimated"] for s in prog["sessions"])
    assert prog["minutes_per_session"] == max(s["minutes_estimated"] for s in prog["sessions"])
    for s in prog["sessions"]:
        assert s["minutes_estimated"] <= prog["minutes_available"]
    assert SUMMARY.search(prog["summary"])


@pytest.mark.parametrize("index", [0, 1, 2])
def test_terminal_markdown_html_and_web_show_the_same_figures(index: int) -> None:
    plan = _plans()[index]
    console = Console(record=True, width=240, color_system=None)
    print_plan(console, plan)
    _check(console.export_text(), plan)
    _check(to_markdown(plan), plan)
    page = to_html(plan)
    _check(html.unescape(re.sub(r"<[^>]+>", " ", page)), plan)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(ROOT / "src" / "valgus" / "web" / "templates"),
        autoescape=True,
    )
    web = env.get_template("_plan.html.j2").render(plan=plan)
    _check(html.unescape(re.sub(r"<[^>]+>", " ", web)), plan)


def test_markers_stay_on_the_evidence_everywhere() -> None:
    plan = _plans()[0]
    lines = [
        ("+" if e["direction"] == "for" else "-" if e["direction"] == "against" else "~")
        + " "
        + e["text"]
        for c in plan["causes"]
        for e in c["evidence"]
    ]
    assert any(line.startswith("- ") for line in lines) and any(
        line.startswith("+ ") for line in lines
    )
    console = Console(record=True, width=400, color_system=None)
    print_plan(console, plan)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(ROOT / "src" / "valgus" / "web" / "templates"),
        autoescape=True,
    )
    web = _flat(
        html.unescape(re.sub(r"<[^>]+>", " ", env.get_template("_plan.html.j2").render(plan=plan)))
    )
    markdown = _flat(to_markdown(plan))
    for line in lines:
        assert _flat(line) in markdown and _flat(line) in web, line


def test_pdf_report_shows_every_session_the_progression_and_the_markers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pypdf import PdfReader

    from valgus.cli.main import main
    from valgus.store import add_athlete, open_store, save_analysis, save_plan
    from valgus.store.sample import sample_analysis

    url = f"sqlite:///{tmp_path / 'r.db'}"
    monkeypatch.setenv("VALGUS_DATABASE_URL", url)
    plan = _plans()[2]
    store = open_store(url)
    add_athlete(store, "P01", sex="female")
    save_analysis(store, "P01", sample_analysis((20.0, 22.0, 24.0), source_name="a.mp4"))
    save_plan(store, "P01", plan)
    store.close()
    pdf = tmp_path / "r.pdf"
    assert main(["report", "P01", "--pdf", str(pdf)]) == 0
    text = _flat(" ".join(p.extract_text() for p in PdfReader(pdf).pages))
    prog = plan["program"]
    weeks, per_week, low, high, total = SUMMARY.search(text).groups()  # type: ignore[union-attr]
    minutes = [s["minutes_estimated"] for s in prog["sessions"]]
    assert (int(weeks), int(per_week), int(total)) == (prog["weeks"], len(minutes), sum(minutes))
    assert (int(low), int(high or low)) == (min(minutes), max(minutes))
    for s in prog["sessions"]:
        assert s["name"] in text
    for w in prog["week_plan"]:
        assert f"Week {w['week']}:" in text
    assert ".;" not in text
    evidence = [e for c in plan["causes"] for e in c["evidence"]]
    assert evidence and "+ " + _flat(evidence[0]["text"])[:30] in text
