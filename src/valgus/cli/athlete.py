"""`valgus athlete add/list/show/export/delete` and `valgus export reps` (per-rep angles)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from valgus.cli.app import console
from valgus.errors import InputError

if TYPE_CHECKING:
    from valgus.store import Store

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database URL or SQLite file (default: $VALGUS_DATABASE_URL, "
        "else valgus.db in the user data folder).",
    ),
]

athlete_app = typer.Typer(help="Add, list, show, export and delete athletes.", no_args_is_help=True)
export_app = typer.Typer(help="Export per-rep angles as CSV or Excel.", no_args_is_help=True)


def opened(db: str | None) -> Store:
    """Open the store chosen on the command line (errors become one clean line)."""
    from valgus.store import open_store

    return open_store(db)


def _fmt(value: object) -> str:
    return "–" if value is None else str(value)


@athlete_app.command("add")
def add(
    code: Annotated[str, typer.Argument(help="Pseudonymous code, e.g. A01 (no names).")],
    sex: Annotated[str | None, typer.Option(help="female | male")] = None,
    birth_year: Annotated[int | None, typer.Option(help="e.g. 2006")] = None,
    dominant_leg: Annotated[str | None, typer.Option(help="left | right")] = None,
    sport: Annotated[str | None, typer.Option()] = None,
    team: Annotated[str | None, typer.Option()] = None,
    db: DbOption = None,
) -> None:
    """Add an athlete."""
    from valgus.store import add_athlete

    with opened(db) as store:
        record = add_athlete(
            store,
            code,
            sex=sex,
            birth_year=birth_year,
            dominant_leg=dominant_leg,
            sport=sport,
            team=team,
        )
    console.print(f"added athlete [bold]{record.code}[/]")


@athlete_app.command("list")
def list_(
    team: Annotated[str | None, typer.Option(help="Only this team.")] = None,
    db: DbOption = None,
) -> None:
    """List athletes with their number of assessments."""
    from valgus.store import list_athletes

    with opened(db) as store:
        records = list_athletes(store, team)
    table = Table(title=f"Athletes ({len(records)})")
    for column in ("code", "sex", "born", "leg", "sport", "team", "assessments", "trials", "last"):
        table.add_column(column)
    for r in records:
        table.add_row(
            r.code,
            _fmt(r.sex),
            _fmt(r.birth_year),
            _fmt(r.dominant_leg),
            _fmt(r.sport),
            _fmt(r.team),
            str(r.n_sessions),
            str(r.n_trials),
            _fmt(r.last_assessed),
        )
    console.print(table)


@athlete_app.command("show")
def show(
    code: str,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    db: DbOption = None,
) -> None:
    """Show an athlete and their assessments."""
    from valgus.store import load_history

    with opened(db) as store:
        history = load_history(store, code)
    if as_json:
        sessions = [
            {
                "date": s.date.isoformat(),
                "tasks": s.tasks,
                "trials": [
                    {
                        "id": t.id,
                        "task": t.task,
                        "side": t.side,
                        "source": t.source_name,
                        "verdict": t.verdict,
                        "reps": len(t.reps),
                    }
                    for t in s.trials
                ],
            }
            for s in history.sessions
        ]
        print(json.dumps({"athlete": history.athlete.as_dict(), "sessions": sessions}, indent=2))
        return
    from valgus.assess.headline import spec, summarise_rows
    from valgus.assess.verdicts import worst

    a = history.athlete
    console.print(
        f"[bold]{a.code}[/]  sex {_fmt(a.sex)} · born {_fmt(a.birth_year)} · "
        f"dominant leg {_fmt(a.dominant_leg)} · {_fmt(a.sport)} · team {_fmt(a.team)}"
    )
    table = Table(title="Assessments")
    for column in ("date", "task", "side", "source", "reps", "verdict rests on (mean)", "verdict"):
        table.add_column(column)
    for s in history.sessions:
        for t in s.trials:
            # One row per leg: never an average of left and right under one verdict.
            for side in [x for x in ("left", "right") if any(r["side"] == x for r in t.reps)]:
                rows = [r for r in t.reps if r["side"] == side]
                h = summarise_rows(rows)
                table.add_row(
                    s.date.isoformat(),
                    t.task,
                    side,
                    t.source_name,
                    str(len(rows)),
                    "–" if h is None else f"{h.text} ({spec(h.metric).short})",
                    _side_verdict(t.analysis, side) or worst([r["verdict"] for r in rows]),
                )
    console.print(table)
    console.print(f"plans: {len(history.plans)} · adherence days logged: {len(history.adherence)}")


def _side_verdict(analysis: dict[str, Any], side: str) -> str | None:
    """The side's verdict as the analysis gave it (judged on the mean shown beside it)."""
    from valgus.analysis.model import SideSummary, part_of

    part = part_of(analysis.get("summary") or {}, side, SideSummary)
    return None if part is None else part.verdict


@athlete_app.command("export")
def export(
    code: str,
    out: Annotated[Path, typer.Option("--out", help="Folder, or a .zip file.")],
    db: DbOption = None,
) -> None:
    """Export everything kept about an athlete (JSON + CSV)."""
    from valgus.export import export_athlete
    from valgus.store import load_history

    with opened(db) as store:
        written = export_athlete(load_history(store, code), out)
    console.print(f"exported {code}: " + ", ".join(str(p) for p in written))


@athlete_app.command("delete")
def delete(
    code: str,
    yes: Annotated[bool, typer.Option("--yes", help="Confirm: this cannot be undone.")] = False,
    db: DbOption = None,
) -> None:
    """Delete an athlete and everything kept about them."""
    from valgus.store import delete_athlete

    if not yes:
        raise InputError(f"deleting {code} removes all their data for good; add --yes to confirm")
    with opened(db) as store:
        removed = delete_athlete(store, code)
    console.print(f"deleted {code} (" + ", ".join(f"{v} {k}" for k, v in removed.items()) + ")")


@export_app.command("reps")
def export_reps(
    team: Annotated[str | None, typer.Option(help="All athletes of this team.")] = None,
    athlete: Annotated[str | None, typer.Option(help="One athlete's code.")] = None,
    csv_path: Annotated[Path | None, typer.Option("--csv", help="Write a CSV file.")] = None,
    xlsx_path: Annotated[Path | None, typer.Option("--xlsx", help="Write an Excel file.")] = None,
    db: DbOption = None,
) -> None:
    """Per-rep angles (FPPA and the other metrics) of a team or an athlete."""
    from valgus.export import rep_table, write_reps
    from valgus.store import list_athletes, load_history

    if (team is None) == (athlete is None):
        raise InputError("give exactly one of --team T or --athlete CODE")
    if csv_path is None and xlsx_path is None:
        raise InputError("give --csv out.csv and/or --xlsx out.xlsx")
    with opened(db) as store:
        codes = [athlete] if athlete else [a.code for a in list_athletes(store, team)]
        if not codes:
            raise InputError(f"team {team} has no athletes; see `valgus athlete list`")
        rows = rep_table([load_history(store, c) for c in codes])
    for path in (csv_path, xlsx_path):
        if path is not None:
            if path.suffix.lower() != (".csv" if path is csv_path else ".xlsx"):
                path = path.with_suffix(".csv" if path is csv_path else ".xlsx")
            write_reps(rows, path)
            console.print(f"wrote {len(rows)} reps of {len(codes)} athlete(s) to {path}")


def register(app: typer.Typer) -> None:
    """Add `valgus athlete …` and `valgus export …`."""
    app.add_typer(athlete_app, name="athlete")
    app.add_typer(export_app, name="export")
