"""The one way in: a file, video or in-memory recording -> the analysis and its typed result.

Used by ``valgus analyze``/``demo``/``team screen`` (via :func:`valgus.cli.analyze.run_analysis`),
the web app's jobs (:mod:`valgus.web.pipeline`) and the validation suites (scripts/validate.py).
:func:`write` then writes the chosen outputs (JSON from the typed model, CSVs, plot, still, video).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

from valgus.keypoints import Recording

if TYPE_CHECKING:  # the analysis modules load once the pose workers have started
    from valgus.analysis.model import AnalysisResult
    from valgus.analysis.outputs import OutputPlan, Written
    from valgus.analysis.result import Analysis
    from valgus.analysis.sides import SideChoice
    from valgus.tasks import Sex

Progress = Callable[[int, int], None]


@dataclass
class Run:
    """One analysis: the computed :class:`Analysis` (arrays, for outputs drawn from frames) and its
    typed result (what every output shows)."""

    analysis: Analysis
    result: AnalysisResult

    @property
    def data(self) -> dict[str, Any]:
        """The result as the plain JSON object (what the analysis file holds)."""
        return self.result.to_json()


class Options(TypedDict, total=False):
    """How to analyse (all optional): the measured leg(s), the sex for the norms, and for videos
    the pose model file, a crop, the frame rate of keypoint folders, how many people to look for,
    the source size of normalised keypoints, the early side-view check and the worker count."""

    side: SideChoice
    sex: Sex | None
    model: Path | None
    crop: str | None
    fps: float | None
    max_people: int
    image_size: str | None
    early_view_check: bool
    workers: int | None


def analyse(
    source: Path | Recording,
    task: str,
    *,
    progress: Progress | None = None,
    on_loaded: Callable[[], None] | None = None,
    **options: Unpack[Options],
) -> Run:
    """Load (a path) and analyse. The task is checked before the slow part; with
    ``early_view_check`` (default) a video whose first seconds are side-on is refused early
    (ViewError); ``on_loaded`` is called between loading and measuring (a progress stage);
    ``workers``: processes sharing one video (default one per core; 1 when a batch runs clips side
    by side)."""
    from valgus.analysis.early_view import side_view_check
    from valgus.analysis.load import load_recording, parse_image_size, sha256_file
    from valgus.tasks import get_task

    get_task(task)  # validate before the slow part
    sha: str | None = None
    if isinstance(source, Recording):
        recording = source
    else:
        early = options.get("early_view_check", True)
        recording = load_recording(
            source,
            model=options.get("model"),
            crop=options.get("crop"),
            fps=options.get("fps"),
            progress=progress,
            max_people=options.get("max_people", 2),
            image_size=parse_image_size(options.get("image_size")),
            early_check=side_view_check(task, source.name) if early else None,
            workers=options.get("workers"),
        )
        sha = sha256_file(source)
    if on_loaded is not None:
        on_loaded()
    # imported once the clip is loaded: a video's pose workers start without waiting for them
    from valgus.analysis.pipeline import analyze_recording
    from valgus.analysis.result import build_result

    side, sex = options.get("side", "auto"), options.get("sex")
    analysis = analyze_recording(recording, task, side=side, sex=sex, source_sha256=sha)
    return Run(analysis, build_result(analysis))


def write(
    run: Run,
    plan: OutputPlan,
    source: Path,
    progress: Progress | None = None,
) -> Written:
    """Write the outputs of ``plan``; returns what was written and what was not, and why."""
    from valgus.analysis.outputs import write_outputs

    return write_outputs(run.analysis, run.result, plan, source, progress=progress)
