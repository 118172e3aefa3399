"""`valgus demo`: the whole measurement on a built-in sample, no files of your own needed.

The sample is a motion file the package generates: a synthetic person doing single-leg squats on
the left leg whose knee caves in more with every rep (10°, 18°, 26° of true FPPA), written as a
Pose2Sim-style TRC and then analysed exactly like a user's file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

DEMO_VALGUS_DEG = (10.0, 18.0, 26.0)


def write_demo_trc(folder: Path) -> Path:
    from valgus.synthetic import squat_trial, write_trc

    trial = squat_trial(
        len(DEMO_VALGUS_DEG),
        valgus_deg=list(DEMO_VALGUS_DEG),
        peak_flexion_deg=60.0,
        stance="left",
        yaw_deg=20.0,
        noise_mm=1.5,
        fps=100.0,
        seed=7,
    )
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "demo_single_leg_squat.trc"
    write_trc(trial.recording, path)
    return path


def register(app: typer.Typer) -> None:
    @app.command()
    def demo(
        out: Annotated[Path, typer.Option(help="Folder for the sample and its outputs")] = Path(
            "valgus-out/demo"
        ),
    ) -> None:
        """Generate a sample motion file and analyse it (single-leg squat, left, female norms)."""
        from valgus.analysis.outputs import OutputPlan, write_outputs
        from valgus.cli.analyze import run_analysis
        from valgus.cli.app import console
        from valgus.cli.render import render_analysis

        path = write_demo_trc(out)
        console.print(
            f"Sample: {path} — synthetic single-leg squats on the left leg, true FPPA "
            f"{', '.join(f'{v:.0f}°' for v in DEMO_VALGUS_DEG)} at peak knee flexion, person "
            "turned 20° from the lab axes, 1.5 mm marker noise."
        )
        run = run_analysis(path, "single-leg-squat", side="auto", sex="female", show_progress=False)
        written = write_outputs(
            run.analysis,
            run.result,
            OutputPlan.in_folder(out, path.stem, video=False, crop=None),
            path,
        )
        render_analysis(run.result, console)
        for name, p in written.paths.items():
            console.print(f"  {name:<11} {p}")
        console.print(
            "Next: `valgus analyze YOUR_CLIP.mp4 --task single-leg-squat --side left --sex female`"
        )
