"""`valgus plan` and `valgus screen` end to end (subprocess and scripted interactive input)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml
from typer.testing import CliRunner

from valgus.cli.main import app

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "answers"


def _valgus(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "valgus.cli.main", *args], capture_output=True, text=True, timeout=60
    )


def test_plan_writes_json_markdown_html(tmp_path):
    out = tmp_path / "plan.json"
    result = _valgus(
        "plan",
        "--answers",
        str(EXAMPLES / "hip-weakness.yaml"),
        "--json",
        str(out),
        "--markdown",
        str(tmp_path / "p.md"),
        "--html",
        str(tmp_path / "p.html"),
    )
    assert result.returncode == 0, result.stderr
    plan = json.loads(out.read_text())
    assert plan["causes"][0]["id"] == "weak_gluteus_medius"
    assert {"id", "likelihood", "evidence"} <= set(plan["causes"][0])
    assert plan["referral"] == {**plan["referral"], "needed": False}
    assert plan["program"]["weeks"] == 4 and plan["program"]["sessions"]
    assert all("dose" in e for e in plan["program"]["sessions"][0]["exercises"])
    assert len(plan["risks"]["risks"]) == 7 and plan["disclaimer"]
    assert "## Program" in (tmp_path / "p.md").read_text()
    assert "<table>" in (tmp_path / "p.html").read_text()
    assert "Likely causes" in result.stdout


def test_plan_red_flag_has_no_program(tmp_path):
    out = tmp_path / "plan.json"
    result = _valgus("plan", "--answers", str(EXAMPLES / "red-flag.yaml"), "--json", str(out))
    assert result.returncode == 0, result.stderr
    plan = json.loads(out.read_text())
    assert plan["program"] is None and plan["referral"]["needed"]
    assert "See a professional" in result.stdout


def test_plan_bad_answers_one_line_error(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("clinical:\n  weight_bearing_lunge_cm: {left: 45}\n", encoding="utf-8")
    result = _valgus("plan", "--answers", str(bad))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "clinical.weight_bearing_lunge_cm.left" in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 3  # one message (rich may wrap it)


def test_screen_interactive_skips_reasks_and_saves(tmp_path):
    saved = tmp_path / "answers.yaml"
    # sex, age(invalid then skip)... every other item skipped with Enter
    lines = [
        "female",
        "200",
        "",
        "football",
        "",
        "",
        "",
        "",
        "",  # weeks of corrective training without change
        "",  # sessions a week done over those weeks
        "",
        "n",
        "",
        "",
        "",
        "",  # red flags
        "6",
        "6.5",  # lunge left/right
    ]
    lines += [""] * 40
    result = CliRunner().invoke(
        app, ["screen", "--save", str(saved)], input="\n".join(lines) + "\n"
    )
    assert result.exit_code == 0, result.output
    assert "outside the allowed range 5 to 110" in result.output
    # the allowed values and units reach the terminal (not swallowed as rich markup)
    assert "[a whole number from 5 to 110 years]" in result.output
    assert "[one of: female, male]" in result.output
    assert "[a number from 0 to 25 cm]" in result.output
    data = yaml.safe_load(saved.read_text())
    assert data["person"]["sex"] == "female" and "age_years" not in data["person"]
    assert data["red_flags"]["heard_pop"] is False
    assert data["clinical"]["weight_bearing_lunge_cm"] == {"left": 6.0, "right": 6.5}
    assert "Limited ankle dorsiflexion" in result.output


def test_screen_with_answers_file_writes_json(tmp_path):
    out = tmp_path / "screen.json"
    result = CliRunner().invoke(
        app, ["screen", "--answers", str(EXAMPLES / "ankle-limited.yaml"), "--json", str(out)]
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text())
    assert doc["causes"][0]["id"] == "limited_ankle_dorsiflexion"
    assert doc["referral"]["needed"] is False
