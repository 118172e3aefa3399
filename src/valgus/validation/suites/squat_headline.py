"""The squat headline (knee over toe in the descent) through a pinhole camera: error by yaw,
distance and picture orientation, verdicts against the truth; and its rep-to-rep spread."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from valgus.analysis.run import analyse
from valgus.assess.norms import knee_over_foot_norm
from valgus.assess.verdicts import classify
from valgus.synthetic import SyntheticTrial, squat_trial
from valgus.synthetic_camera import Camera, film, knee_over_toe_truth
from valgus.validation.report import Section, Table
from valgus.validation.stats import fmt
from valgus.validation.suites.common import cached_recording

# FPPA at the deepest point per rep: from knees clearly out to clearly in (the descent's
# knee-over-toe truth spans about -0.035 to +0.12 leg lengths at 90°, less at 120°).
VALGUS_DEG = [-30.0, 0.0, 30.0, 60.0, 80.0]
FLEXIONS = (90.0, 120.0)
YAWS = (0.0, 5.0, 10.0, 15.0, 20.0)
DISTANCES = (2.5, 3.5, 5.0)
ORIENTATIONS = ("portrait", "landscape")


def truth_per_rep(trial: SyntheticTrial) -> list[tuple[float, float]]:
    """(left, right) true knee-over-toe per rep: median over its descent at 45-60° of flexion."""
    truth, flex = knee_over_toe_truth(trial), trial.knee_flexion_deg
    out = []
    for start, deepest, _ in trial.rep_frames:
        frames = np.arange(start, deepest + 1)
        per_side = []
        for s in (0, 1):
            inside = frames[(flex[frames, s] >= 45.0) & (flex[frames, s] <= 60.0)]
            per_side.append(float(np.median(truth[inside, s])))
        out.append((per_side[0], per_side[1]))
    return out


def measure(trial: SyntheticTrial, cam: Camera) -> list[tuple[float, float, str, str]]:
    """(measured, truth, verdict, true verdict) per rep-side."""
    norm = knee_over_foot_norm("squat_descent")
    data = analyse(film(trial, cam), "bilateral-squat").data
    truths = truth_per_rep(trial)
    rows: list[tuple[float, float, str, str]] = []
    for rep in data["reps"]:
        t = truths[rep["index"] - 1][0 if rep["side"] == "left" else 1]
        v = rep["headline"]["value"]
        rows.append((np.nan if v is None else float(v), t, rep["verdict"], classify(t, norm)))
    return rows


def camera_grid(quick: bool) -> Section:
    yaws = (0.0, 15.0) if quick else YAWS
    distances = (3.5,) if quick else DISTANCES
    by_cell: dict[tuple[float, float], list[tuple[float, float, str, str]]] = {}
    for flexion in FLEXIONS:
        trial = squat_trial(
            len(VALGUS_DEG), valgus_deg=VALGUS_DEG, peak_flexion_deg=flexion, fps=30.0
        )
        for yaw in yaws:
            for dist in distances:
                for ori in ORIENTATIONS:
                    cam = Camera(distance_m=dist, yaw_deg=yaw, orientation=ori)  # type: ignore[arg-type]
                    by_cell.setdefault((yaw, dist), []).extend(measure(trial, cam))
    rows, agree_15, n_15 = [], 0, 0
    for (yaw, dist), found in sorted(by_cell.items()):
        err = np.array([m - t for m, t, _, _ in found])
        ok = sum(v == tv for _, _, v, tv in found)
        if yaw <= 15.0:
            agree_15 += ok
            n_15 += len(found)
        rows.append(
            [
                f"{yaw:g}",
                f"{dist:g}",
                str(len(found)),
                fmt(float(np.sqrt(np.nanmean(err**2))), 4),
                fmt(float(np.nanmax(np.abs(err))), 4),
                fmt(float(np.nanmean(err)), 4),
                f"{ok}/{len(found)}",
            ]
        )
    return Section(
        "Squat headline through a pinhole camera (synthetic)",
        compared=(
            "knee over toe in the descent (45-60° knee flexion), leg lengths, as the pipeline "
            "reads it from a synthetic phone video (pinhole, 66° across the long side, camera at "
            "hip height, portrait and landscape) against the same quantity in the person's own "
            f"frontal plane; bilateral squats to {', '.join(f'{f:g}' for f in FLEXIONS)}° with "
            f"FPPA at the deepest point {VALGUS_DEG}° (truth -0.035 to +0.12 leg lengths); "
            "verdicts against norms.yaml knee_over_foot.squat_descent"
        ),
        tables=[
            Table(
                [
                    "yaw °",
                    "distance m",
                    "rep-sides",
                    "RMSE",
                    "max |error|",
                    "mean error",
                    "verdict = true verdict",
                ],
                rows,
                "error = measured - truth, in leg lengths (0.01 ~ 8 mm for a 0.83 m leg)",
            )
        ],
        notes=[
            "Yaw moves both knees the same way in the picture while valgus moves them towards "
            "each other, so its error has opposite signs on the two legs; at 45-60° of flexion "
            "the knee is roughly above the toes (same distance from the camera), which keeps it "
            "small. No yaw or perspective correction is applied: the verdicts agree up to 15° "
            "(last column) without one; a correction would need the knee's depth relative to the "
            "toe, which the 2-D picture does not give: the section 'Squat headline: "
            "camera-yaw correction, tried' measures one from the world landmarks.",
        ],
        conclusion=(
            f"verdict right on {agree_15}/{n_15} synthetic rep-sides up to 15° of yaw; "
            "errors by yaw and distance in the table"
        ),
    )


def deepest_vs_descent() -> Section:
    """Why the descent and not the deepest point: the same offset read at both, against truth."""
    rows = []
    for flexion in FLEXIONS:
        trial = squat_trial(
            len(VALGUS_DEG), valgus_deg=VALGUS_DEG, peak_flexion_deg=flexion, fps=30.0
        )
        truth = knee_over_toe_truth(trial)
        deepest = np.array([d for _, d, _ in trial.rep_frames])
        for yaw in (0.0, 15.0):
            cam = Camera(distance_m=2.5, yaw_deg=yaw, orientation="portrait")
            analysis = analyse(film(trial, cam), "bilateral-squat").analysis
            at_deepest = analysis.frames.knee_over_foot[deepest] - truth[deepest]
            descent = np.array([m - t for m, t, _, _ in measure(trial, cam)])
            rows.append(
                [
                    f"{flexion:g}",
                    f"{yaw:g}",
                    fmt(float(np.sqrt(np.mean(at_deepest**2))), 4),
                    fmt(float(np.sqrt(np.nanmean(descent**2))), 4),
                ]
            )
    return Section(
        "Squat headline: deepest point against the descent (synthetic, 2.5 m)",
        compared="the 2-D knee-over-toe offset read at the deepest frame and in the descent "
        "(45-60°), each against its own truth in the person's frontal plane",
        tables=[
            Table(
                ["peak flexion °", "yaw °", "RMSE at the deepest point", "RMSE in the descent"],
                rows,
            )
        ],
        notes=[
            "At depth the knee is far in front of the toes: nearer the camera (perspective) and, "
            "with any yaw, shifted sideways in the picture; the real labelled check in "
            "shared/reference/squat-depth-note.md found the same on real clips."
        ],
        conclusion="the descent is read with less error than the deepest point (table)",
    )


# Every labelled frontal clip in shared/data (PROVENANCE.md), rep by rep: (path, task, crop,
# expectation per rep as (time window s, expected), where expected is "worse", "better",
# "flagged", "not excessive").
LABELLED = (
    (
        "etireznikov_final_project/videos/squat_bad.mp4",
        "bilateral-squat",
        "BAD: knees inside the out-turned toes; scores worse than squat_good",
    ),
    (
        "etireznikov_final_project/videos/squat_good.mp4",
        "bilateral-squat",
        "GOOD: knees out over the feet",
    ),
    (
        "tuxotiikeri_squatdetection/videos/hyva_ja_paha.mp4",
        "single-leg-squat",
        "rep deepest ~6.4 s knees-in (flagged); 0-2.5 s good (not flagged)",
    ),
    (
        "tuxotiikeri_squatdetection/videos/hyva2.mp4",
        "single-leg-squat",
        "good (author): not excessive",
    ),
    (
        "tuxotiikeri_squatdetection/videos/hyva3.mp4",
        "single-leg-squat",
        "good (author): not excessive",
    ),
    (
        "tuxotiikeri_squatdetection/videos/hyva6.mp4",
        "single-leg-squat",
        "good (author): not excessive",
    ),
    (
        "tuxotiikeri_squatdetection/videos/hyva7.mp4",
        "single-leg-squat",
        "good (author): not excessive",
    ),
    (
        "ambaks_nowva/videos/squats.mp4",
        "bilateral-squat",
        "no label; by eye knees over the feet: a number for every rep",
    ),
    (
        "ucsd_opencap_fitness/videos/demo.mp4",
        "bilateral-squat",
        "no label; left half (crop), 3 squats: a number for every rep",
    ),
)
CROPS = {"ucsd_opencap_fitness/videos/demo.mp4": "left-half"}  # as in the videos suite


def _met(path: str, reps: list[dict], worst_of: dict[str, float]) -> str:
    verdicts = [r["verdict"] for r in reps]
    if "squat_bad" in path:
        return (
            "yes"
            if worst_of.get("bad", 0) > worst_of.get("good", 1) and "excessive" in verdicts
            else "no"
        )
    if "squat_good" in path:
        return "yes" if "excessive" not in verdicts and "no_reading" not in verdicts else "no"
    if "hyva_ja_paha" in path:
        flagged = [r for r in reps if r["verdict"] == "excessive"]
        early = [
            r for r in reps if r["end_s"] < 2.5 and r["verdict"] in ("excessive", "borderline")
        ]
        return "yes" if [round(r["deepest_s"]) for r in flagged] == [6] and not early else "no"
    if "hyva" in path:
        return "yes" if "excessive" not in verdicts else "no"
    return "yes" if all(r["headline"]["value"] is not None for r in reps) else "no"


def labelled_clips(data_dir: Path) -> Section:
    rows: list[list[str]] = []
    met: list[str] = []
    worst_of: dict[str, float] = {}
    found = []
    for rel, task, expected in LABELLED:
        path = data_dir / rel
        if not path.exists():
            rows.append([rel, "", expected, "skipped: absent", "", "", ""])
            continue
        rec = cached_recording(path, CROPS.get(rel))  # one pose run per clip per validate.py
        data = analyse(rec, task, early_view_check=False).data
        reps = data["reps"]
        values = [r["headline"]["value"] for r in reps if r["headline"]["value"] is not None]
        if "squat_bad" in rel:
            worst_of["bad"] = max(values, default=float("nan"))
        if "squat_good" in rel:
            worst_of["good"] = max(values, default=float("nan"))
        found.append((rel, expected, reps))
    for rel, expected, reps in found:
        ok = _met(rel, reps, worst_of)
        met.append(ok)
        for r in reps:
            rows.append(
                [
                    Path(rel).name,
                    f"{r['index']} {r['side']} ({r['start_s']:.1f}-{r['end_s']:.1f} s, deepest {r['deepest_s']:.1f})",
                    expected,
                    r["verdict"],
                    f"{r['headline']['text']} ({r['headline']['metric']})",
                    (r["reason"] or "")[:80],
                    ok,
                ]
            )
    return Section(
        "Labelled frontal clips, rep by rep (real video)",
        compared="every labelled frontal clip in shared/data through the whole pipeline: the "
        "expectation from its row in PROVENANCE.md against the verdict and the number it rests on; "
        "knee-collapse.png and kyykky.jpg are stills: the pipeline takes video and motion files, "
        "not single images, so they are not run",
        tables=[
            Table(
                ["clip", "rep", "expected", "verdict", "rests on", "reason / caveat", "met"], rows
            )
        ],
        conclusion=f"{met.count('yes')}/{len(met)} clips meet their expectation",
    )


def run(data_dir: Path, *, quick: bool) -> list[Section]:
    labelled = (
        Section(
            "Labelled frontal clips, rep by rep (real video)", skipped="--quick: no pose estimation"
        )
        if quick
        else labelled_clips(data_dir)
    )
    return [camera_grid(quick), deepest_vs_descent(), labelled]
