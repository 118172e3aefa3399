"""`valgus team screen FOLDER`: screen a whole squad in one go, one clip per athlete and side."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Annotated, Any, cast

import typer

from valgus.assess.headline import spec
from valgus.cli.analyze import SexOpt
from valgus.export.cells import safe_rows

team_app = typer.Typer(help="Screen a whole team or squad.", no_args_is_help=True)


@team_app.command("screen")
def screen_team(
    folder: Annotated[Path, typer.Argument(help="Folder of clips named CODE.mp4 or CODE_left.mp4")],
    task: Annotated[str, typer.Option(help="Movement of every clip, e.g. single-leg-squat")],
    team: Annotated[str | None, typer.Option(help="Team name for new athletes")] = None,
    sex: Annotated[SexOpt | None, typer.Option(help="Default sex for norms (else stored)")] = None,
    out: Annotated[Path, typer.Option(help="Folder for every clip's outputs + roster.csv")] = Path(
        "valgus-out/team"
    ),
    store: Annotated[bool, typer.Option(help="Keep the results in the database")] = True,
    db: Annotated[str | None, typer.Option(help="Database URL or file")] = None,
    video: Annotated[bool, typer.Option(help="Annotated videos (slower)")] = False,
) -> None:
    """Analyse every clip in FOLDER; print and save a roster sorted for follow-up."""
    from rich.table import Table

    from valgus.analysis.outputs import OutputPlan, write_outputs
    from valgus.cli.analyze import run_analysis
    from valgus.cli.app import console
    from valgus.cli.progress_bar import progress_bar
    from valgus.cli.render import verdict_text
    from valgus.errors import InputError, ValgusError
    from valgus.tasks import get_task
    from valgus.team.roster import ROSTER_COLUMNS, find_clips, roster_rows, sort_for_follow_up

    get_task(task)
    if not folder.is_dir():
        raise InputError(f"{folder}: not a folder of clips")
    clips = find_clips(folder)
    if not clips:
        raise InputError(f"{folder}: no video or motion files found")
    db_store = _open(db) if store else None
    rows: list[dict[str, Any]] = []
    try:
        with progress_bar(f"screening {len(clips)} clips") as bar:
            for i, ref in enumerate(clips):
                bar(i, len(clips))
                try:
                    athlete_sex = _stored_sex(db_store, ref.athlete)
                    use_sex = sex.value if sex else athlete_sex
                    analysis, data = run_analysis(
                        ref.path,
                        task,
                        side=cast(Any, ref.side),
                        sex=cast(Any, use_sex),
                        show_progress=False,
                    )
                    plan = OutputPlan.in_folder(
                        out / ref.athlete,
                        ref.path.stem,
                        video=video and ref.path.suffix.lower() not in (".trc", ".c3d", ".csv"),
                        crop=None,
                    )
                    written = write_outputs(analysis, data, plan, ref.path)
                    if db_store is not None:  # athletes are created only for clips that worked
                        from valgus.store.api import save_analysis

                        _ensure_athlete(db_store, ref.athlete, team, sex)
                        save_analysis(db_store, ref.athlete, data, ref.path)
                    rows.extend(roster_rows(ref, data, None))
                    del written
                except ValgusError as error:  # one bad clip must not stop the squad
                    rows.extend(roster_rows(ref, None, str(error)))
            bar(len(clips), len(clips))
    finally:
        if db_store is not None:
            db_store.close()
    rows = sort_for_follow_up(rows)
    out.mkdir(parents=True, exist_ok=True)
    roster = out / "roster.csv"
    with roster.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(ROSTER_COLUMNS))
        writer.writeheader()
        writer.writerows(safe_rows(rows))
    table = Table(title=f"{task} screening: {len(clips)} clips, sorted for follow-up")
    for col in (
        "athlete",
        "side",
        "reps",
        "verdict rests on (mean)",
        "FPPA max",
        "verdict",
        "note",
    ):
        table.add_column(col)
    for r in rows:
        verdict = r["verdict"]
        table.add_row(
            r["athlete"],
            r["side"] or "",
            str(r["reps"] or ""),
            "—"
            if not r.get("headline_text")
            else f"{r['headline_text']} ({spec(r['headline_metric']).short})",
            "—" if r["fppa_max_deg"] is None else f"{r['fppa_max_deg']:+.1f}°",
            verdict_text(verdict)
            if verdict in ("normal", "borderline", "excessive", "no_reading")
            else f"[red]{verdict}[/]",
            (r["note"] or "")[:70],
        )
    console.print(table)
    console.print(
        f"Roster: {roster}   (screening tests predict injury poorly for individuals; "
        "use it to decide who to look at more closely)"
    )


def _open(db: str | None) -> Any:
    from valgus.store.api import open_store

    return open_store(db)


def _stored_sex(db_store: Any, code: str) -> str | None:
    if db_store is None:
        return None
    from valgus.errors import StoreError
    from valgus.store.api import get_athlete

    try:
        sex = get_athlete(db_store, code).sex
    except StoreError:
        return None
    return sex if sex in ("female", "male") else None


def _ensure_athlete(db_store: Any, code: str, team: str | None, sex: SexOpt | None) -> str | None:
    """Create unknown athletes (with the team); return the stored sex."""
    if db_store is None:
        return None
    from valgus.errors import StoreError
    from valgus.store.api import add_athlete, get_athlete

    try:
        return get_athlete(db_store, code).sex
    except StoreError:
        return add_athlete(db_store, code, sex=sex.value if sex else None, team=team).sex


def register(app: typer.Typer) -> None:
    app.add_typer(team_app, name="team")
