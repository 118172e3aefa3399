"""exercise_correction squat CSVs (MediaPipe landmarks with per-frame 'up'/'down' labels)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from valgus.analysis.run import analyse
from valgus.io.readers import read_motion
from valgus.signals.runs import true_runs
from valgus.validation.report import Section, Table
from valgus.validation.suites.common import missing

FILES = ("squat_model/train.csv", "squat_model/test.csv")


def _down_runs(labels: list[str]) -> list[tuple[int, int]]:
    down = np.array([str(x).strip().lower() == "down" for x in labels])
    starts, stops = true_runs(down)
    return [(int(s), int(e) - 1) for s, e in zip(starts, stops, strict=True)]


def run(data_dir: Path, *, quick: bool) -> list[Section]:
    title = "exercise_correction squat CSVs (labelled up/down frames)"
    rows = []
    for name in FILES:
        path = data_dir / "exercise_correction" / name
        if (why := missing(path)) is not None:
            return [Section(title, skipped=why)]
        rec = read_motion(path, fps=30.0)
        labels = rec.meta.get("labels") or []
        runs = _down_runs(list(labels))
        a = analyse(rec, "bilateral-squat").analysis
        deepest = sorted({r.metrics.deepest for r in a.reps})
        in_run = [any(s <= d <= e for s, e in runs) for d in deepest]
        hit = [any(s <= d <= e for d in deepest) for s, e in runs]
        rows.append(
            [
                name,
                str(len(labels)),
                str(len(runs)),
                str(len(deepest)),
                str(sum(in_run)),
                str(sum(hit)),
                f"{a.camera.view}, ok={a.camera.ok}",
            ]
        )
    return [
        Section(
            title,
            compared=(
                "pipeline reps (`bilateral-squat`, 30 fps assumed, image size unknown) against the "
                "file's per-frame labels: each maximal run of 'down' frames is one labelled "
                "squat bottom. The files concatenate many short clips (frames are not "
                "continuous at clip joins), so this is a loose check."
            ),
            tables=[
                Table(
                    [
                        "file",
                        "frames",
                        "labelled 'down' runs",
                        "pipeline reps",
                        "reps whose deepest frame is labelled 'down'",
                        "'down' runs containing a pipeline deepest frame",
                        "camera check",
                    ],
                    rows,
                )
            ],
            conclusion="; ".join(
                f"{r[0]}: {r[3]} reps vs {r[2]} 'down' runs, {r[5]} runs hit" for r in rows
            )
            + ".",
        )
    ]
