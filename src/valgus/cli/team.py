"""`valgus team screen FOLDER`: screen a whole squad in one go, one clip per athlete and side."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Annotated, Any

import typer

from valgus.assess.headline import spec
from valgus.cli.analyze import SexOpt

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
    cluster: Annotated[
        str | None,
        typer.Option(
            help="Run on a Ray cluster: its address (host:port) or 'auto' for the one this "
            "machine joined (pip install 'valgus[cluster]'; docs/scaling.md)"
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(min=1, help="Local processes, one clip each (default: one per core)"),
    ] = None,
) -> None:
    """Analyse every clip in FOLDER; print and save a roster sorted for follow-up.

    Clips already stored (same content, task and version) are skipped, so running the same
    command again resumes an interrupted batch.
    """
    from rich.table import Table

    from valgus.cli.app import console
    from valgus.cli.batch_progress import batch_progress
    from valgus.cli.render import verdict_text
    from valgus.errors import InputError
    from valgus.tasks import get_task
    from valgus.team.roster import ROSTER_COLUMNS, find_clips, sort_for_follow_up

    get_task(task)
    if not folder.is_dir():
        raise InputError(f"{folder}: not a folder of clips")
    clips = find_clips(folder)
    if not clips:
        raise InputError(f"{folder}: no video or motion files found")
    db_store = _open(db) if store else None
    try:
        batch = _batch(db_store, task, team, sex, out, video)
        engine, where = _engine(cluster, workers, len(clips))
        try:
            with batch_progress(f"{task}: {len(clips)} clips on {where}") as progress:
                tally = batch.run(clips, engine, progress)
        finally:
            if cluster is not None:
                from valgus.team.cluster import disconnect

                disconnect()
    finally:
        if db_store is not None:
            db_store.close()
    rows = tally.rows
    rows = sort_for_follow_up(rows)
    out.mkdir(parents=True, exist_ok=True)
    roster = out / "roster.csv"
    with roster.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(ROSTER_COLUMNS))
        writer.writeheader()
        from valgus.export.cells import safe_rows

        writer.writerows(safe_rows(rows))
    from valgus.export.workbook import write_workbook

    write_workbook(rows, out / "roster.xlsx", list(ROSTER_COLUMNS), "roster")
    table = Table(
        title=f"{task} screening: {tally.done} of {len(clips)} clips, sorted for follow-up"
    )
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
        f"{tally.done - tally.skipped} clips analysed on {where}, {tally.skipped} already stored, "
        f"{tally.failed} failed, {tally.retried} retried after a lost worker"
    )
    if tally.interrupted:
        from valgus.errors import StoppedError

        raise StoppedError(
            f"stopped after {tally.done} of {tally.total} clips (every finished clip is stored; "
            f"roster so far: {roster}): run the same command again to resume"
        )
    console.print(
        f"Roster: {roster} and roster.xlsx   (screening tests predict injury poorly for individuals; "
        "use it to decide who to look at more closely)"
    )


def _batch(
    db_store: Any, task: str, team: str | None, sex: SexOpt | None, out: Path, video: bool
) -> Any:
    """The driver's side of a batch: outputs per clip, the store once per trial, resume."""
    from valgus.analysis.outputs import OutputPlan, write_outputs
    from valgus.team.batch import Batch
    from valgus.team.roster import ClipRef

    def write(ref: ClipRef, run: Any, pictures: dict[str, bytes]) -> None:
        """Files of one clip; the annotated video and still come made by the worker."""
        from valgus.team.work import PICTURES

        plan = OutputPlan.in_folder(out / ref.athlete, ref.path.stem, video=True, crop=None)
        artifacts = {"video": "annotated_video", "still": "worst_rep_still"}
        for kind in PICTURES:
            target = getattr(plan, kind)
            if kind in pictures:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(pictures[kind])
                run.result.artifacts = {
                    **(run.result.artifacts or {}),
                    artifacts[kind]: str(target),
                }
            setattr(plan, kind, None)
        write_outputs(run.analysis, run.result, plan, ref.path)

    def save(ref: ClipRef, run: Any) -> None:  # athletes are created only for clips that worked
        from valgus.store.api import save_analysis

        _ensure_athlete(db_store, ref.athlete, team, sex)
        save_analysis(db_store, ref.athlete, run.data, ref.path)

    def stored(ref: ClipRef, sha: str) -> Any:
        """The stored analysis as the typed result; None (run the clip) if it is not one."""
        if db_store is None:
            return None
        from pydantic import ValidationError

        from valgus.analysis.model import parse_result
        from valgus.store.api import stored_analysis

        kept = stored_analysis(db_store, ref.athlete, sha, task)
        try:
            return None if kept is None else parse_result(kept)
        except ValidationError:
            return None

    def sex_of(ref: ClipRef) -> str | None:
        return sex.value if sex else _stored_sex(db_store, ref.athlete)

    return Batch(task, save if db_store is not None else None, stored, sex_of, write, video)


def _engine(cluster: str | None, workers: int | None, n_clips: int) -> tuple[Any, str]:
    """The engine that runs the clips, and where it runs them (for the messages)."""
    from functools import partial

    if cluster is not None:
        from valgus.team.cluster import cluster_outcomes, connect

        resources = connect(cluster)
        cpus = int(resources.get("CPU", 1))
        return partial(cluster_outcomes, cpus=cpus), f"a Ray cluster ({cpus} CPUs)"
    from valgus.team.local import local_outcomes, local_workers

    n = local_workers(n_clips, workers)
    return partial(local_outcomes, workers=n), f"{n} local process{'es' if n > 1 else ''}"


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
