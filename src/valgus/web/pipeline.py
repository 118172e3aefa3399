"""The work of one analysis job: measure, write the outputs, store, then delete the upload."""

from __future__ import annotations

import datetime as dt
import importlib.util
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from valgus.errors import InputError
from valgus.web.jobs import Job
from valgus.web.results import ResultMeta, write_meta
from valgus.web.storage import StoreHolder
from valgus.web.uploads import discard_upload

if TYPE_CHECKING:
    from valgus.analysis.run import Run

ARTIFACT_KINDS = {"video": "annotated_video", "still": "worst_rep_still", "plot": "fppa_plot"}


@dataclass(frozen=True)
class JobRequest:
    """What the user asked for (already validated)."""

    upload: Path
    original_name: str
    task: str
    side: str = "auto"
    sex: str | None = None
    athlete: str | None = None
    keep_upload: bool = False
    date: dt.date | None = None  # assessment day (default today)


def video_writer_available() -> bool:
    """Whether this valgus build can write the annotated video and still."""
    return importlib.util.find_spec("valgus.io.writers.annotated_video") is not None


def measure(job: Job, request: JobRequest) -> Run:
    """Pose estimation (videos) or file reading, then the analysis; progress goes to the job."""
    from valgus.analysis.load import is_video
    from valgus.analysis.run import analyse
    from valgus.tasks import get_task

    get_task(request.task)
    stage = "finding the person in each frame" if is_video(request.upload) else "reading the file"
    job.report(stage)
    run = analyse(
        request.upload,
        request.task,
        side=request.side,  # type: ignore[arg-type]
        sex=request.sex,  # type: ignore[arg-type]
        progress=job.progress_callback(stage),
        on_loaded=lambda: job.report("measuring knee angles per rep"),
    )
    return run


def write_files(job: Job, request: JobRequest, folder: Path, meta: ResultMeta) -> dict[str, Any]:
    """Measure and write every output into ``folder``; returns the analysis JSON dict."""
    from valgus.io.frame_workers import kept_warm

    with kept_warm():  # the clip's pose workers then draw the annotated video's parts
        return _measure_and_write(job, request, folder, meta)


def _measure_and_write(
    job: Job, request: JobRequest, folder: Path, meta: ResultMeta
) -> dict[str, Any]:
    from valgus.analysis.load import is_video
    from valgus.analysis.outputs import OutputPlan, write_outputs

    run = measure(job, request)
    video = is_video(request.upload)
    with_video = video and video_writer_available()
    if video and not with_video:
        meta.notes.append("This valgus build cannot draw the annotated video and still.")
    stem = request.upload.stem
    plan = OutputPlan.in_folder(folder, stem, video=with_video, crop=None)
    job.report("drawing the annotated video" if with_video else "writing the results")
    written = write_outputs(
        run.analysis,
        run.result,
        plan,
        request.upload,
        progress=job.progress_callback("drawing the annotated video"),
    )
    meta.files = {kind: path.name for kind, path in written.paths.items()}
    meta.notes.extend(why[0].upper() + why[1:] + "." for why in written.not_made.values())
    return run.data


def store_trial(
    store: StoreHolder,
    athlete: str,
    data: dict[str, Any],
    folder: Path,
    meta: ResultMeta,
    source: Path | None = None,
    date: dt.date | None = None,
) -> int:
    """Save the analysis for the athlete; annotated outputs are referenced by path."""
    from valgus.store.api import ArtifactIn, save_analysis

    artifacts = [
        ArtifactIn(kind=ARTIFACT_KINDS[kind], path=folder / name)
        for kind, name in meta.files.items()
        if kind in ARTIFACT_KINDS
    ]
    return save_analysis(store.get(), athlete, data, source, date=date, artifacts=artifacts)


def attach_result(
    store: StoreHolder, results_dir: Path, job_id: str, athlete: str, date: dt.date | None
) -> int:
    """Save a finished result that belongs to nobody to an athlete (its trial id)."""
    from valgus.web.results import folder_of, read_analysis, read_meta

    folder = folder_of(results_dir, job_id)
    meta = read_meta(folder)
    if meta.athlete is not None:
        raise InputError(f"this result is already saved to athlete {meta.athlete}")
    data = read_analysis(folder, meta)
    meta.trial_id = store_trial(store, athlete, data, folder, meta, date=date)
    meta.athlete = athlete
    write_meta(folder, meta)
    return meta.trial_id


def make_private(folder: Path) -> None:
    """Folders 0700 and files 0600 (results hold health data and videos of people)."""
    folder.chmod(0o700)
    for path in folder.rglob("*"):
        path.chmod(0o700 if path.is_dir() else 0o600)


def run_job(job: Job, request: JobRequest, results_dir: Path, store: StoreHolder) -> None:
    """The whole job. The upload is deleted at the end (even on failure) unless it is to be kept."""
    folder = results_dir / job.id
    meta = ResultMeta(
        id=job.id,
        created=dt.datetime.now().isoformat(timespec="seconds"),
        original_name=request.original_name,
        task=request.task,
        side=request.side,
        sex=request.sex,
        athlete=request.athlete,
        keep_upload=request.keep_upload,
    )
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        data = write_files(job, request, folder, meta)
        if request.athlete:
            job.report(f"saving to athlete {request.athlete}")
            meta.trial_id = store_trial(
                store, request.athlete, data, folder, meta, request.upload, request.date
            )
        if request.keep_upload:
            kept = folder / f"original{request.upload.suffix.lower()}"
            shutil.move(str(request.upload), kept)
            meta.kept_upload = kept.name
        write_meta(folder, meta)
        make_private(folder)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    finally:
        discard_upload(request.upload)
