"""The rules and data are complete: every threshold has a source that exists in evidence.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from valgus.datafiles import load as load_data
from valgus.screen.rules import CAUSES, load_rules

EVIDENCE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "evidence.md"


def _evidence_keys() -> set[str]:
    if not EVIDENCE.exists():
        pytest.skip(f"{EVIDENCE} is absent")
    text = EVIDENCE.read_text(encoding="utf-8")
    sources = text[text.index("## Sources") :]
    return set(re.findall(r"\b(R\d+[a-z]?(?:-[a-z]+)?)\b", sources))


def _all_source_keys() -> set[str]:
    keys: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "sources" and isinstance(v, list):
                    keys.update(v)
                else:
                    walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    for name in (
        "screen/rules.yaml",
        "screen/settings.yaml",
        "screen/tests.yaml",
        "referral.yaml",
        "risks.yaml",
        "program/exercises.yaml",
        "program/templates.yaml",
    ):
        walk(load_data(name))
    return keys


def test_every_rule_has_sources_and_known_cause():
    rules = load_rules()
    assert len(rules) >= 35
    for rule in rules:
        assert rule.sources, rule.id
        assert set(rule.causes) <= set(CAUSES)
        assert rule.effect in ("supports", "opposes", "borderline") and rule.strength in (
            "strong",
            "moderate",
            "weak",
        )


def test_every_cause_has_supporting_and_opposing_rules():
    rules = load_rules()
    for cause in CAUSES:
        effects = {r.effect for r in rules if cause in r.causes}
        assert {"supports", "opposes"} <= effects <= {"supports", "opposes", "borderline"}, cause


def test_every_source_key_exists_in_evidence_md():
    keys = _all_source_keys()
    known = _evidence_keys()
    assert not keys - known, sorted(keys - known)
    listed = set(load_data("screen/sources.yaml")["sources"])
    assert keys <= listed, sorted(keys - listed)
    assert listed <= known


def test_key_thresholds_match_evidence():
    by_id = {r.id: r for r in load_rules()}
    assert by_id["wblt_normal"].value == 12.5  # [R64]
    assert by_id["hip_abduction_weak"].value == 35.4  # [R72a]
    assert by_id["hip_er_weak"].value == 20.3  # [R72a]
    assert by_id["navicular_drop_high"].value == 10  # [R68a]
    assert by_id["fpi_pronated"].value == [6, 9]  # [R70a]
    assert by_id["craig_anteversion"].value == 15  # [R76a]
    assert by_id["thomas_short_rectus"].value == 67  # [R77a]
    settings = load_data("screen/settings.yaml")
    assert load_data("norms.yaml")["measurement_error"]["fppa"]["sdd_deg"] == 8.9  # [R1], one home
    assert settings["conversions"]["wblt_deg_per_cm"]["value"] == 3.6  # [R61]


def test_a_lunge_within_measurement_error_of_normal_is_not_evidence() -> None:
    """12.0 cm is within the 1.0 cm MDC of the 12.5 cm normal [R62][R64]: shown as borderline,
    weighing nothing, so it neither supports limited dorsiflexion nor adds ankle work."""
    from valgus.plan.assemble import make_plan
    from valgus.screen.answers import parse_answers

    plan = make_plan(parse_answers({"clinical": {"weight_bearing_lunge_cm": 12.0}})).to_dict()
    ankle = next(c for c in plan["causes"] if c["id"] == "limited_ankle_dorsiflexion")
    assert ankle["likelihood"] not in ("likely", "possible")
    assert [e["direction"] for e in ankle["evidence"]] == ["borderline", "borderline"]
    assert "retest" in ankle["evidence"][0]["text"]
