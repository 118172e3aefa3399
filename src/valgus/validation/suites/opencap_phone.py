"""OpenCap marker squats filmed by a virtual phone: the squat headline on real human motion.

Subject4's squats (squats1, squatsAsym1; marker motion capture) are projected through a pinhole
camera the way a phone films them (portrait, a phone's field of view, at hip height, square on or
turned), analysed as a 2-D video, and the headline each rep gets is compared with the same
quantity read from the 3-D markers in the person's own frontal plane over the same frames.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from valgus.analysis.load import load_recording
from valgus.analysis.pipeline import analyze_recording
from valgus.keypoints import FloatArray, Keypoints, Recording
from valgus.skeleton import INDEX, SIDES
from valgus.validation.camera import look_at
from valgus.validation.geometry import mean_forward
from valgus.validation.report import Section, Table
from valgus.validation.stats import fmt
from valgus.validation.suites.deep_squat import ORIENTATIONS, focal_px
from valgus.validation.suites.yaw_correction import descent_medians

TRIALS = ("squats1.trc", "squatsAsym1.trc")
CAMERAS = ((0.0, 3.0), (15.0, 3.0), (0.0, 5.0), (15.0, 5.0))  # (yaw °, distance m)
MEDIAL_R = np.array([1.0, -1.0])


def _turn(v: FloatArray, up: FloatArray, deg: float) -> FloatArray:
    """v rotated about the unit vector ``up`` by ``deg`` (Rodrigues)."""
    a = np.radians(deg)
    return v * np.cos(a) + np.cross(up, v) * np.sin(a) + up * (up @ v) * (1 - np.cos(a))


def film(rec: Recording, yaw: float, distance: float) -> Recording:
    """The 3-D recording as a phone (portrait) at hip height would film it, with world landmarks."""
    w = rec.world
    if w is None or w.up is None:
        raise ValueError("needs 3-D positions with an up axis")
    up = np.asarray(w.up, dtype=np.float64) / np.linalg.norm(w.up)
    hips = 0.5 * (w.positions[:, INDEX["left_hip"]] + w.positions[:, INDEX["right_hip"]])
    target = np.nanmedian(hips, axis=0)
    size = ORIENTATIONS["portrait"]
    direction = _turn(mean_forward(w.positions, up), up, yaw)
    cam = look_at(target + distance * direction, target, up, focal_px=focal_px(size), size=size)
    px = cam.project(w.positions)
    xyz = cam.to_camera(w.positions)
    mid = 0.5 * (xyz[:, [INDEX["left_hip"]]] + xyz[:, [INDEX["right_hip"]]])
    conf = np.where(np.isfinite(px).all(axis=-1), 0.99, np.nan)
    return Recording(
        source=f"{rec.source} (virtual phone, yaw {yaw:g}°, {distance:g} m)",
        kind="video",
        image=Keypoints(px, conf, w.times, space="image", units="px", joints=w.joints),
        world=Keypoints(xyz - mid, conf.copy(), w.times, space="camera", units="m"),
        image_size=size,
        n_people=np.ones(w.n_frames, dtype=np.int_),
    )


def truth_series(rec: Recording) -> FloatArray:
    """(T, 2) knee minus toe along the person's right (mean over the trial), medial +, / leg."""
    w = rec.world
    assert w is not None and w.up is not None
    up = np.asarray(w.up, dtype=np.float64) / np.linalg.norm(w.up)
    p = w.positions
    r = np.nanmean(p[:, INDEX["right_hip"]] - p[:, INDEX["left_hip"]], axis=0)
    r = r - (r @ up) * up
    r = r / np.linalg.norm(r)
    out = np.empty((p.shape[0], 2))
    for s, side in enumerate(SIDES):
        d = p[:, INDEX[f"{side}_knee"]] - p[:, INDEX[f"{side}_toe"]]
        leg = float(
            np.nanpercentile(
                np.linalg.norm(p[:, INDEX[f"{side}_hip"]] - p[:, INDEX[f"{side}_ankle"]], axis=1),
                90,
            )
        )
        out[:, s] = (d @ r) * MEDIAL_R[s] / leg
    return out


def section(data_dir: Path) -> Section:
    folder = data_dir / "opencap_subject4_nimble" / "MarkerData"
    if not folder.exists():
        return Section("OpenCap squats through a virtual phone", skipped=f"{folder} is absent")
    rows = []
    all_err: list[float] = []
    n_reps = n_read = 0
    for name in TRIALS:
        rec = load_recording(folder / name)
        truth = truth_series(rec)
        for yaw, dist in CAMERAS:
            a = analyze_recording(film(rec, yaw, dist), "bilateral-squat")
            vals = [r.metrics.value("knee_over_foot_descent") for r in a.reps]
            true = descent_medians(a, truth)
            heads = [r.verdict.basis for r in a.reps]
            read = [v for v in vals if v is not None]
            err = [v - t for v, t in zip(vals, true, strict=True) if v is not None]
            all_err += err
            n_reps += len(vals)
            n_read += len(read)
            e = np.asarray(err, dtype=float)
            by_side = {
                side: [v for r, v in zip(a.reps, vals, strict=True) if r.side == side]
                for side in SIDES
            }
            rows.append(
                [
                    name,
                    f"{yaw:g}",
                    f"{dist:g}",
                    f"{len({r.index for r in a.reps})}",
                    f"{len(read)}/{len(vals)}",
                    ", ".join(sorted({str(h) for h in heads})),
                    " ".join(fmt(v, 3) for v in by_side["left"]),
                    " ".join(fmt(v, 3) for v in by_side["right"]),
                    fmt(float(np.sqrt(np.mean(e**2))) if e.size else None, 4),
                    fmt(float(np.max(np.abs(e))) if e.size else None, 4),
                ]
            )
    e = np.asarray(all_err, dtype=float)
    return Section(
        "OpenCap squats through a virtual phone: the squat headline on real motion",
        compared=(
            "Subject4 squats1 / squatsAsym1 (marker motion capture, lateral knee markers as "
            "knee centres, see the OpenCap sections above) projected through a portrait phone "
            "camera (the phone field of view of the deep-squat section, at hip height, 3 or 5 m, "
            "square on or turned 15°) and analysed as a 2-D video with world landmarks; each "
            "rep-side's headline against the markers' own knee-minus-toe along the person's "
            "right (orthographic, no camera), median over the same descent frames"
        ),
        tables=[
            Table(
                [
                    "trial",
                    "yaw °",
                    "distance m",
                    "reps",
                    "rep-sides with a headline",
                    "verdict basis",
                    "left per rep",
                    "right per rep",
                    "RMSE vs markers",
                    "max |error|",
                ],
                rows,
                "headline values in leg lengths (medial +)",
            )
        ],
        conclusion=(
            f"{n_read}/{n_reps} rep-sides get a headline number; error against the markers' "
            f"frontal-plane offset RMSE {fmt(float(np.sqrt(np.mean(e**2))), 4)}, max "
            f"{fmt(float(np.max(np.abs(e))), 4)} leg lengths over all cameras"
        ),
    )


def run(data_dir: Path, *, quick: bool) -> list[Section]:
    return [section(data_dir)]
