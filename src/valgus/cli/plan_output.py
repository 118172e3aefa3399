"""Terminal rendering of a plan/screening with rich (shared by `valgus screen` and `valgus plan`)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from valgus.program.render import summary_line
from valgus.screen.engine import MARKER

STYLE = {
    "likely": "bold red",
    "possible": "yellow",
    "unlikely": "green",
    "not_enough_information": "dim",
}


def print_referral(console: Console, referral: dict[str, Any]) -> None:
    if not referral["needed"]:
        return
    lines = [referral["message"], ""] + [
        f"- {r['who']} ({r['urgency']}): {r['why']}" for r in referral["reasons"]
    ]
    console.print(Panel("\n".join(lines), title="See a professional", border_style="red"))


def print_causes(
    console: Console, causes: list[dict[str, Any]], next_tests: list[dict[str, Any]]
) -> None:
    table = Table(title="Likely causes (a screening, not a diagnosis)", show_lines=True)
    table.add_column("Cause")
    table.add_column("Likelihood")
    table.add_column("Evidence (for + / against -)")
    for c in causes:
        ev = "\n".join(
            f"{MARKER.get(e['direction'], '-')} {e['text']} "
            f"[{', '.join(s['key'] for s in e['sources'])}]"
            for e in c["evidence"]
        )
        table.add_row(
            c["name"],
            f"[{STYLE[c['likelihood']]}]{c['likelihood'].replace('_', ' ')}[/]",
            ev or "-",
        )
    console.print(table)
    for t in next_tests:
        console.print(f"[bold]Next test:[/] {t['name']} ({t['minutes']} min) - {t['why']}")
        for i, step in enumerate(t["how_to"], 1):
            console.print(f"   {i}. {step}", highlight=False)


def print_program(console: Console, plan: dict[str, Any]) -> None:
    prog = plan["program"]
    if prog is None:
        console.print(f"[bold red]No exercise program:[/] {plan['program_absent_reason']}")
        return
    console.print(
        f"[bold]Program:[/] {summary_line(prog)}; retest on {prog['retest']['date']}",
        highlight=False,
    )
    for note in prog["notes"]:
        console.print(f"[italic]{note}[/]")
    for s in prog["sessions"]:
        table = Table(title=s["name"] + f" (~{s['minutes_estimated']} min)")
        for col in ("Phase", "Exercise", "Dose", "Cue"):
            table.add_column(col)
        for e in s["exercises"]:
            table.add_row(e["phase"], e["name"], e["dose_text"], e["cues"][0])
        console.print(table)
    console.print("[bold]Week by week[/]")
    for w in prog["week_plan"]:
        console.print(f"  Week {w['week']}: {w['focus']}", highlight=False)
    console.print(f"[bold]Step up:[/] {prog['progression_rules']['step_up']}")
    console.print(f"[bold]Step down:[/] {prog['progression_rules']['step_down']}")
    for line in prog["load_management"][1:]:
        console.print(f"[bold]Load:[/] {line}")
    if prog["footwear_advice"]:
        console.print(f"[bold]Footwear:[/] {prog['footwear_advice']}")
    if prog["warmup"]:
        w = prog["warmup"]
        console.print(f"[bold]Warm-up:[/] {w['name']}, {w['dose']}")


def print_risks(console: Console, risks: dict[str, Any]) -> None:
    higher = [r for r in risks["risks"] if r["relevance"] == "higher"]
    for r in higher:
        console.print(
            f"[bold]Risk to know about:[/] {r['name']} ({', '.join(r['relevance_reasons'])}); "
            f"evidence {r['evidence_strength']}."
        )
    console.print(f"[dim]{risks['counter_evidence']}[/]")


def print_left_out(console: Console, left_out: list[dict[str, Any]]) -> None:
    """What the person's state rules out, and why, in plain words."""
    if not left_out:
        return
    console.print("[bold]Left out for safety[/]")
    for item in left_out:
        console.print(f"  • {item['name']}: {item['why']}")


def print_plan(console: Console, plan: dict[str, Any]) -> None:
    print_referral(console, plan["referral"])
    print_causes(console, plan["causes"], plan["next_tests"])
    print_left_out(console, plan.get("left_out") or [])
    print_program(console, plan)
    print_risks(console, plan["risks"])
    console.print(f"[dim]{plan['disclaimer']}[/]")
