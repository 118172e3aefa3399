"""One clip's analysis as a batch worker runs it: a job in, an outcome out (never an exception).

The same function runs in a local worker process and on a Ray cluster's worker. On a cluster the
clip travels as bytes (no shared file system): the worker writes them to a private temporary
folder under the clip's own name (the name and SHA-256 recorded in the analysis stay those of the
driver's file) and analyses that.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PICTURES = {"video": "annotated.mp4", "still": "worst_rep.png"}  # made on the worker


@dataclass(frozen=True)
class Job:
    """One clip to analyse. ``data`` holds the file's bytes when the worker cannot see ``path``."""

    key: int
    path: str
    task: str
    side: str
    sex: str | None
    data: bytes | None = None
    split_clip: bool = True  # False: one process per clip (the batch runs clips side by side)
    pictures: bool = False  # also make the annotated video and worst-rep still (videos only)


@dataclass
class Outcome:
    """What came back for one job: the run (analysis arrays + typed result) or the reason it failed."""

    key: int
    run: Any = None  # valgus.analysis.run.Run
    error: str | None = None
    retries: int = 0
    pictures: dict[str, bytes] = field(default_factory=dict)  # PICTURES key -> the file's bytes


def analyse_job(job: Job) -> Outcome:
    """Analyse one clip; a clip that fails (corrupt, side view, no person) is an outcome too."""
    from valgus.errors import ValgusError

    try:
        if job.data is None:
            return _outcome(job, Path(job.path))
        with tempfile.TemporaryDirectory(prefix="valgus-clip-") as tmp:
            local = Path(tmp) / Path(job.path).name
            local.write_bytes(job.data)
            return _outcome(job, local)
    except ValgusError as error:
        return Outcome(job.key, error=str(error))
    except Exception as error:  # a decoder's own failure on a damaged file: report, go on
        return Outcome(job.key, error=f"{Path(job.path).name}: {type(error).__name__}: {error}")


def _outcome(job: Job, path: Path) -> Outcome:
    from valgus.io.frame_workers import kept_warm

    with kept_warm():  # a clip split over processes: its pose workers then draw its video parts
        run = _analyse(job, path)
        pictures = _pictures(job, run, path) if job.pictures else {}
    return Outcome(job.key, run=run, pictures=pictures)


def _pictures(job: Job, run: Any, path: Path) -> dict[str, bytes]:
    """The annotated video and worst-rep still, made here where the clip is decoded anyway (the
    driver only writes the bytes); nothing for motion files."""
    from valgus.analysis.outputs import OutputPlan, write_outputs

    if run.analysis.recording.kind != "video":
        return {}
    with tempfile.TemporaryDirectory(prefix="valgus-pictures-") as tmp:
        plan = OutputPlan(
            video=Path(tmp) / PICTURES["video"],
            still=Path(tmp) / PICTURES["still"],
            video_workers=None if job.split_clip else 1,
        )
        before = run.result.artifacts
        written = write_outputs(run.analysis, run.result, plan, path)
        run.result.artifacts = before  # paths on this worker; the driver sets its own
        return {kind: p.read_bytes() for kind, p in written.paths.items() if kind in PICTURES}


def _analyse(job: Job, path: Path) -> Any:
    from valgus.analysis.run import analyse

    return analyse(
        path,
        job.task,
        side=job.side,  # type: ignore[arg-type]
        sex=job.sex,  # type: ignore[arg-type]
        workers=None if job.split_clip else 1,
    )


def check_model() -> dict[str, Any]:
    """The pinned pose model on this worker, verified by SHA-256 (ModelError if absent/altered)."""
    from valgus.pose.models import verify_model

    info = verify_model()
    return {"name": info.name, "sha256": info.sha256}
