"""`valgus progress CODE` and `valgus adherence CODE` (log program sessions and pain)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated

import typer
from rich.table import Table

from valgus.assess.headline import format_value, spec
from valgus.cli.app import console
from valgus.cli.athlete import DbOption, opened
from valgus.cli.dates import parse_date
from valgus.metrics import catalogue

SHOWN = ("headline", *catalogue.keys_shown_in("trend"))  # valgus/data/metrics.yaml


def short_label(metric: str) -> str:
    """'trunk lean °' / 'knee/foot peak' from the catalogue's short name and unit."""
    m = catalogue.spec(metric)
    return f"{m.short} °" if m.unit == "deg" else m.short


STYLE = {"improved": "green", "worse": "red", "no real change": "yellow"}


def _num(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:+.{digits}f}"


def progress_command(
    code: str,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    db: DbOption = None,
) -> None:
    """Change since the previous and the first assessment, judged against measurement error."""
    from valgus.progress import progress
    from valgus.store import load_history

    with opened(db) as store:
        result = progress(load_history(store, code))
    if as_json:
        print(json.dumps(result.as_dict(), indent=2))
        return
    if not result.tasks:
        console.print(f"{code} has no stored assessments yet (`valgus analyze … --athlete {code}`)")
        return
    for task in result.tasks:
        table = Table(
            title=f"{task.task} · {task.side} · {task.n_assessments} assessment(s) "
            f"{task.first_date} → {task.latest_date}"
        )
        for column in ("metric", "latest", "vs previous", "vs first", "SDD", "meaning (vs first)"):
            table.add_column(column)
        first = {c.metric: c for c in task.vs_first}
        prev = {c.metric: c for c in task.vs_previous}
        for metric in SHOWN:
            f, p = first.get(metric), prev.get(metric)
            if metric == "headline":
                if task.headline_metric is None:
                    continue
                head = spec(task.headline_metric)
                digits = 1 if head.unit == "deg" else 3
                label = f"[bold]verdict rests on: {head.short}[/]" + (
                    " °" if head.unit == "deg" else ""
                )
            else:
                digits = 3 if catalogue.spec(metric).unit == "leg_length" else 1
                label = short_label(metric)
            meaning = f.meaning if f else "first assessment"
            latest = _num(task.latest.get(metric), digits).lstrip("+")
            if metric == "headline" and task.headline_metric is not None:
                latest = format_value(task.latest.get(metric), spec(task.headline_metric).unit)
            table.add_row(
                label,
                latest,
                _num(p.delta if p else None, digits),
                _num(f.delta if f else None, digits),
                "–" if not f or f.sdd is None else f"{f.sdd:g}",
                f"[{STYLE.get(meaning, 'white')}]{meaning}[/]",
            )
        console.print(table)
        slope = task.headline_slope_per_week
        unit = "" if task.headline_metric is None else spec(task.headline_metric).unit
        console.print(
            f"Trend of what the verdicts rest on: {_num(slope, 3 if unit != 'deg' else 2)} "
            f"{'°' if unit == 'deg' else 'leg lengths'}/week"
            + (
                "  [bold red]no meaningful improvement over the review period[/]"
                if task.no_progress
                else ""
            )
        )
    a = result.adherence
    console.print(
        f"Adherence since the first assessment: {a.sessions_done} sessions on "
        f"{a.days_logged} days ({_num(a.sessions_per_week, 1).lstrip('+')}/week), "
        f"mean pain after {a.mean_pain if a.mean_pain is not None else '–'}/10"
    )


def adherence_command(
    code: str,
    sessions: Annotated[int, typer.Option("--sessions", help="Program sessions done that day.")],
    pain: Annotated[
        int | None, typer.Option("--pain", help="Pain after the session, 0-10.")
    ] = None,
    date: Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD (default today).")] = None,
    notes: Annotated[str | None, typer.Option()] = None,
    db: DbOption = None,
) -> None:
    """Log program sessions done and pain after them (a second entry for a day replaces it)."""
    from valgus.store import log_adherence

    day = parse_date(date, default=dt.date.today())
    assert day is not None
    with opened(db) as store:
        log_adherence(store, code, day, sessions, pain, notes)
    console.print(
        f"logged {sessions} session(s) for {code} on {day}"
        + (f", pain {pain}/10" if pain is not None else "")
    )


def register(app: typer.Typer) -> None:
    """Add `valgus progress` and `valgus adherence`."""
    app.command("progress")(progress_command)
    app.command("adherence")(adherence_command)
