"""Render a plan dictionary (Plan.to_dict()) as Markdown or HTML."""

from __future__ import annotations

import html
from typing import Any

import jinja2

from valgus.program.builder import program_summary
from valgus.screen.engine import MARKER

LABEL = {
    "likely": "LIKELY",
    "possible": "possible",
    "unlikely": "unlikely",
    "not_enough_information": "not enough information",
}


def summary_line(program: dict[str, Any]) -> str:
    """The programme's summary line (stored plans without ``summary`` get it computed)."""
    return str(program.get("summary") or program_summary(program))


def to_markdown(plan: dict[str, Any]) -> str:
    """The whole plan as Markdown: referral first, then causes, next tests, program, risks."""
    out = ["# valgus plan", ""]
    ref = plan["referral"]
    if ref["needed"]:
        out += ["## See a professional", "", ref["message"], ""]
        out += [f"- **{r['who']}** ({r['urgency']}): {r['why']}" for r in ref["reasons"]] + [""]
    out += ["## Likely causes", ""]
    for c in plan["causes"]:
        out.append(f"- **{c['name']}**: {LABEL[c['likelihood']]}")
        out += [
            f"  - {MARKER.get(e['direction'], '-')} {e['text']} "
            f"[{', '.join(s['key'] for s in e['sources'])}]"
            for e in c["evidence"]
        ]
    if plan["next_tests"]:
        out += ["", "## Next tests", ""]
        for t in plan["next_tests"]:
            out.append(f"- **{t['name']}** ({t['minutes']} min): {t['why']}")
            out += [f"  1. {step}" for step in t["how_to"]]
    if plan.get("left_out"):
        out += ["", "## Left out for safety", ""]
        out += [f"- {i['name']}: {i['why']}" for i in plan["left_out"]]
    out += ["", "## Program", ""]
    prog = plan["program"]
    if prog is None:
        out.append(plan["program_absent_reason"])
    else:
        out.append(f"{summary_line(prog)}; retest on {prog['retest']['date']}.")
        out += [f"\n> {n}" for n in prog["notes"]]
        for s in prog["sessions"]:
            out += [
                "",
                f"### {s['name']} (~{s['minutes_estimated']} min)",
                "",
                "| Phase | Exercise | Dose | Cues |",
                "|---|---|---|---|",
            ]
            out += [
                f"| {e['phase']} | {e['name']} | {e['dose_text']} | {'; '.join(e['cues'])} |"
                for e in s["exercises"]
            ]
        out += ["", "### Week by week", ""] + [
            f"- Week {w['week']}: {w['focus']}" for w in prog["week_plan"]
        ]
        rules = prog["progression_rules"]
        out += [
            "",
            "### When to step up",
            "",
            f"- {rules['step_up']}",
            f"- {rules['hold']}",
            f"- {rules['step_down']}",
            "",
            "### Load management",
            "",
        ]
        out += [f"- {n}" for n in prog["load_management"]]
        if prog["footwear_advice"]:
            out += ["", "### Footwear", "", prog["footwear_advice"]]
        if prog["warmup"]:
            w = prog["warmup"]
            out += ["", "### Warm-up", "", f"{w['name']}: {w['dose']} ({w['effect']})."]
    out += ["", "## Risks (education, not a diagnosis)", "", plan["risks"]["counter_evidence"], ""]
    for r in plan["risks"]["risks"]:
        why = (
            f" - relevance higher: {', '.join(r['relevance_reasons'])}"
            if r["relevance_reasons"]
            else ""
        )
        out.append(
            f"- **{r['name']}** (evidence {r['evidence_strength']}){why}. {r['relation']} "
            f"Counter-evidence: {r['counter_evidence']}"
        )
    out += ["", "---", "", f"_{plan['disclaimer']}_", ""]
    return "\n".join(out)


_HTML = jinja2.Template(
    """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>valgus plan</title>
<style>body{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;line-height:1.45}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top}
.flag{background:#fde8e8;border-left:6px solid #c00;padding:0.5em 1em}</style></head>
<body>{{ body }}</body></html>""",
    autoescape=False,
)


def to_html(plan: dict[str, Any]) -> str:
    """A standalone HTML page (the Markdown converted line by line, escaped)."""
    lines, out, in_table, in_list = to_markdown(plan).splitlines(), [], False, False
    for line in lines:
        text = html.escape(line)
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if set(cells[0]) <= {"-"}:
                continue
            if not in_table:
                out.append("<table>")
                in_table = True
            out.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
            continue
        if in_table:
            out.append("</table>")
            in_table = False
        if line.lstrip().startswith(("- ", "1. ")):
            if not in_list:
                out.append("<ul>")
                in_list = True
            out.append(f"<li>{html.escape(line.lstrip()[2:].lstrip('. '))}</li>")
            continue
        if in_list:
            out.append("</ul>")
            in_list = False
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            cls = ' class="flag"' if "See a professional" in line else ""
            out.append(f"<h{level}{cls}>{html.escape(line.lstrip('# '))}</h{level}>")
        elif text.strip():
            out.append(f"<p>{text.strip('> _')}</p>")
    if in_table:
        out.append("</table>")
    if in_list:
        out.append("</ul>")
    body = "\n".join(out).replace("**", "")
    return _HTML.render(body=body)
