"""`valgus analyze`: measure knee valgus per rep and side from a video or motion file."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Unpack, cast

import typer

from valgus.cli.dates import parse_date
from valgus.errors import InputError
from valgus.tasks import Sex, task_ids

if TYPE_CHECKING:
    from valgus.analysis.run import Options, Run
    from valgus.analysis.sides import SideChoice


class SideOpt(StrEnum):
    auto = "auto"
    left = "left"
    right = "right"
    both = "both"


class SexOpt(StrEnum):
    female = "female"
    male = "male"


def run_analysis(
    path: Path, task: str, *, show_progress: bool = True, **options: Unpack[Options]
) -> Run:
    """The one entry point :func:`valgus.analysis.run.analyse` with a progress bar (analyze,
    demo)."""
    from valgus.analysis.run import analyse
    from valgus.cli.progress_bar import progress_bar
    from valgus.tasks import get_task

    get_task(task)  # validate before the slow part
    with progress_bar(f"pose estimation {path.name}", show_progress) as cb:
        return analyse(path, task, progress=cb, **options)


def register(app: typer.Typer) -> None:
    @app.command()
    def analyze(
        path: Annotated[
            Path,
            typer.Argument(
                help="Video (mp4/mov/avi/mkv/webm) or motion file "
                "(TRC, C3D, MediaPipe CSV, OpenPose JSON folder)"
            ),
        ],
        task: Annotated[str, typer.Option(help=f"Movement: {', '.join(task_ids())}")],
        side: Annotated[
            SideOpt, typer.Option(help="Leg to measure (unilateral tasks)")
        ] = SideOpt.auto,
        sex: Annotated[SexOpt | None, typer.Option(help="Selects the sex-specific norms")] = None,
        out: Annotated[
            Path | None, typer.Option(help="Folder for all outputs (default: ./valgus-out/<name>)")
        ] = None,
        json_path: Annotated[
            Path | None, typer.Option("--json", help="Write the analysis JSON here")
        ] = None,
        csv_dir: Annotated[
            Path | None, typer.Option("--csv", help="Folder for per-frame and per-rep CSV")
        ] = None,
        video: Annotated[
            bool, typer.Option(help="Write the annotated H.264 video (videos only)")
        ] = True,
        model: Annotated[
            Path | None, typer.Option(help="Your own MediaPipe pose .task model")
        ] = None,
        crop: Annotated[
            str | None,
            typer.Option(
                help="Analyse part of the frame: left-half, right-half or x0,y0,x1,y1 fractions"
            ),
        ] = None,
        fps: Annotated[
            float | None, typer.Option(help="Frame rate for OpenPose JSON folders")
        ] = None,
        athlete: Annotated[
            str | None, typer.Option(help="Store the result for this athlete code")
        ] = None,
        date: Annotated[
            str | None,
            typer.Option(
                help="Assessment date YYYY-MM-DD for the stored result (default today; with "
                "--athlete): enter past assessments; trials of one day stay separate trials"
            ),
        ] = None,
        db: Annotated[
            str | None,
            typer.Option(
                help="Database URL or file (default: $VALGUS_DATABASE_URL or the user data dir)"
            ),
        ] = None,
        quiet: Annotated[bool, typer.Option(help="No progress bars")] = False,
        image_size: Annotated[
            str | None,
            typer.Option(
                help="Source video size (e.g. 1280x720) for keypoint files in normalised "
                "coordinates (MediaPipe CSV): without it square pixels are assumed"
            ),
        ] = None,
        single_person: Annotated[
            bool,
            typer.Option(
                help="Look for one person only (otherwise others are looked for every 0.5 s): "
                "a few percent faster, but a second person in view is no longer noticed"
            ),
        ] = False,
    ) -> None:
        """Measure knee valgus per rep and side, with verdicts against published norms."""
        from valgus.analysis.load import is_video
        from valgus.analysis.outputs import OutputPlan, write_outputs
        from valgus.cli.app import console
        from valgus.cli.output_paths import check_file_target, check_folder_target
        from valgus.cli.progress_bar import progress_bar
        from valgus.io.frame_workers import kept_warm

        check_file_target(json_path, "--json")
        check_folder_target(out, "--out")
        check_folder_target(csv_dir, "--csv")
        sex_value = cast("Sex | None", sex.value if sex else None)
        day = parse_date(date)
        if day is not None and not athlete:
            raise InputError("--date dates a stored result: give --athlete CODE as well")
        if athlete:  # unknown athlete: fail before the slow part; use the stored sex by default
            from valgus.cli.store_link import athlete_sex

            stored = athlete_sex(athlete, db)
            sex_value = sex_value or cast("Sex | None", stored)
        folder = out or Path("valgus-out") / path.stem
        plan = OutputPlan.in_folder(folder, path.stem, video=video and is_video(path), crop=crop)
        if json_path:
            plan.json = json_path
        if csv_dir:
            plan.frames_csv = csv_dir / f"{path.stem}.frames.csv"
            plan.reps_csv = csv_dir / f"{path.stem}.reps.csv"
        options: Options = {
            "side": cast("SideChoice", side.value),
            "sex": sex_value,
            "model": model,
            "crop": crop,
            "fps": fps,
            "max_people": 1 if single_person else 2,
            "image_size": image_size,
        }
        with kept_warm():  # the pose workers then draw the annotated video's parts
            run = run_analysis(path, task, show_progress=not quiet, **options)
            drawing = not quiet and plan.video is not None
            with progress_bar("writing annotated video", drawing) as cb:
                written = write_outputs(run.analysis, run.result, plan, path, progress=cb)
        from valgus.cli.render import render_analysis

        render_analysis(run.result, console)
        if athlete:
            from valgus.cli.store_link import store_analysis

            store_analysis(athlete, run.data, path, written.paths, db, date=day)
        for name, p in written.paths.items():
            console.print(f"  {name:<11} {p}")
        for name, why in written.not_made.items():
            console.print(f"  {name:<11} [dim]{why}[/]")
        if not run.result.camera.ok:
            from valgus.errors import ViewError

            raise ViewError(f"{path.name}: {run.result.camera.message}")
