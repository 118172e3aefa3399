"""The one way in: a file, video or in-memory recording -> the analysis and its typed result.

Used by ``valgus analyze``/``demo``/``team screen`` (via :func:`valgus.cli.analyze.run_analysis`),
the web app's jobs (:mod:`valgus.web.pipeline`) and the validation suites (scripts/validate.py).
:func:`write` then writes the chosen outputs (JSON from the typed model, CSVs, plot, still, video).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from valgus.analysis.model import AnalysisResult
from valgus.analysis.outputs import OutputPlan, Written
from valgus.analysis.result import Analysis
from valgus.analysis.sides import SideChoice
from valgus.keypoints import Recording
from valgus.tasks import Sex

Progress = Callable[[int, int], None]


@dataclass
class Run:
    """One analysis: the computed :class:`Analysis` (arrays, for outputs drawn from frames) and its
    typed result (what every output shows). ``data`` is the result as the plain JSON object."""

    analysis: Analysis
    result: AnalysisResult
    data: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.data:
            self.data = self.result.to_json()


def analyse(
    source: Path | Recording,
    task: str,
    *,
    side: SideChoice = "auto",
    sex: Sex | None = None,
    model: Path | None = None,
    crop: str | None = None,
    fps: float | None = None,
    max_people: int = 2,
    image_size: str | None = None,
    progress: Progress | None = None,
    early_view_check: bool = True,
    on_loaded: Callable[[], None] | None = None,
    workers: int | None = None,
) -> Run:
    """Load (a path) and analyse. The task is checked before the slow part; with
    ``early_view_check`` a video whose first seconds are side-on is refused early (ViewError);
    ``on_loaded`` is called between loading and measuring (a progress stage); ``workers``: processes
    sharing one video (default one per core; 1 when a batch runs clips side by side)."""
    from valgus.analysis.early_view import side_view_check
    from valgus.analysis.load import load_recording, parse_image_size, sha256_file
    from valgus.analysis.pipeline import analyze_recording
    from valgus.analysis.result import build_result
    from valgus.tasks import get_task

    get_task(task)  # validate before the slow part
    sha: str | None = None
    if isinstance(source, Recording):
        recording = source
    else:
        recording = load_recording(
            source,
            model=model,
            crop=crop,
            fps=fps,
            progress=progress,
            max_people=max_people,
            image_size=parse_image_size(image_size),
            early_check=side_view_check(task, source.name) if early_view_check else None,
            workers=workers,
        )
        sha = sha256_file(source)
    if on_loaded is not None:
        on_loaded()
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

    return write_outputs(run.analysis, run.data, plan, source, progress=progress)
