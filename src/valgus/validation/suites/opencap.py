"""OpenCap LabValidation Subject4 (marker-based mocap, 100 Hz) with AddBiomechanics IK angles."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from valgus.analysis.load import load_recording
from valgus.analysis.result import Analysis
from valgus.analysis.run import analyse
from valgus.io.readers.joint_centres import midpoint
from valgus.io.readers.mot import read_mot
from valgus.keypoints import FloatArray, Recording
from valgus.metrics.frames import Untrusted
from valgus.skeleton import INDEX, SIDES
from valgus.validation.camera import frontal_camera
from valgus.validation.geometry import fppa_from_image, fppa_from_world, mean_forward, pelvis_height
from valgus.validation.reference_events import MinimaRule, first_contact, pelvis_minima
from valgus.validation.report import Section, Table
from valgus.validation.stats import STATS_HEADER, ErrorStats, error_stats, fmt
from valgus.validation.suites.common import missing

FOLDER = "opencap_subject4_nimble"
SQUATS = ("squats1", "squatsAsym1")
DROPS = ("DJ1", "DJ2", "DJ3", "DJAsym1", "DJAsym2", "DJAsym3")
CONTACT_TOL_M = 0.01
LIFT_M = 0.10
RULE = MinimaRule()


def _trusted(a: Analysis) -> FloatArray:
    return np.asarray(a.frames.untrusted == Untrusted.OK)


def _ik_on(rec: Recording, mot_path: Path, column: str) -> FloatArray:
    """An IK column (deg) interpolated onto the recording's frames (absolute file times)."""
    mot = read_mot(mot_path)
    t = rec.primary.times + float(rec.meta.get("time_offset_s", 0.0))
    return np.interp(t, mot.time, mot[column], left=np.nan, right=np.nan)


def _virtual_camera_fppa(rec: Recording) -> FloatArray:
    """2-D FPPA seen by a pinhole camera 4 m in front of the person at hip height."""
    w = rec.world
    assert w is not None and w.up is not None
    cam = frontal_camera(w.positions, w.up, mean_forward(w.positions, w.up), distance_m=4.0)
    return fppa_from_image(cam.project(w.positions))


def squat_counts(folder: Path) -> tuple[Table, list[str], int]:
    rows, notes, agree = [], [], 0
    for name in SQUATS:
        rec = load_recording(folder / "MarkerData" / f"{name}.trc")
        w = rec.world
        assert w is not None and w.up is not None
        ref = pelvis_minima(pelvis_height(w.positions, w.up), w.fps, RULE)
        a = analyse(rec, "bilateral-squat").analysis
        deepest = sorted({r.metrics.deepest for r in a.reps})
        n_found = len({r.index for r in a.reps})
        agree += n_found == len(ref)
        dt = [min(abs(d - m) for d in deepest) / w.fps * 1000 for m in ref if deepest]
        rows.append(
            [
                name,
                str(len(ref)),
                str(n_found),
                ", ".join(f"{m / w.fps:.2f}" for m in ref),
                fmt(max(dt) if dt else None, 0),
            ]
        )
    notes.append(f"Reference count: {RULE.describe()} (scipy.signal.find_peaks on −height).")
    return (
        Table(
            [
                "trial",
                "reference minima",
                "pipeline reps",
                "reference minima at (s)",
                "max |Δ deepest| ms",
            ],
            rows,
        ),
        notes,
        agree,
    )


def drop_landings(folder: Path) -> tuple[Table, list[float], int]:
    rows, errs, exactly_one = [], [], 0
    for name in DROPS:
        rec = load_recording(folder / "MarkerData" / f"{name}.trc")
        w = rec.world
        assert w is not None and w.up is not None
        feet = [INDEX[f"{s}_{p}"] for s in SIDES for p in ("heel", "toe")]
        ref = first_contact(w.positions[:, feet, :] @ w.up, CONTACT_TOL_M, LIFT_M)
        a = analyse(rec, "drop-jump", sex="male").analysis
        n = len({r.index for r in a.reps})
        exactly_one += n == 1
        ics = sorted({r.metrics.initial_contact for r in a.reps if r.metrics.initial_contact})
        ic = ics[0] if ics else None
        err = None if ic is None or ref is None else (ic - ref) / w.fps * 1000
        if err is not None:
            errs.append(err)
        rows.append(
            [
                name,
                str(n),
                "—" if ref is None else f"{ref / w.fps:.2f}",
                "—" if ic is None else f"{ic / w.fps:.2f}",
                fmt(err, 0),
            ]
        )
    return (
        Table(["trial", "landings found", "reference IC (s)", "pipeline IC (s)", "Δ ms"], rows),
        errs,
        exactly_one,
    )


def hip_adduction_and_camera(folder: Path) -> tuple[Table, Table, ErrorStats, ErrorStats]:
    hip_rows, cam_rows = [], []
    all_hip: tuple[list[float], list[float]] = ([], [])
    all_cam: tuple[list[float], list[float]] = ([], [])
    for name in SQUATS + DROPS:
        rec = load_recording(folder / "MarkerData" / f"{name}.trc")
        task = "bilateral-squat" if name in SQUATS else "drop-jump"
        a = analyse(rec, task).analysis
        ok = _trusted(a)
        virtual = _virtual_camera_fppa(rec)
        w = rec.world
        assert w is not None and w.up is not None
        raw3d = fppa_from_world(w.positions, w.up)
        for k, side in enumerate(SIDES):
            ik = _ik_on(rec, folder / "IK" / f"{name}_ik.mot", f"hip_adduction_{side[0]}")
            est = np.where(ok[:, k], a.frames.hip_adduction[:, k], np.nan)
            st = error_stats(est, ik)
            all_hip[0].extend(est)
            all_hip[1].extend(ik)
            hip_rows.append([name, side, *st.row()])
            ref3d = np.where(ok[:, k], a.frames.fppa[:, k], np.nan)
            sc = error_stats(virtual[:, k], ref3d)
            all_cam[0].extend(virtual[:, k])
            all_cam[1].extend(ref3d)
            raw = error_stats(raw3d[:, k], ref3d)
            cam_rows.append(
                [
                    name,
                    side,
                    *sc.row(),
                    fmt(np.nanmax(np.abs(ref3d)) if np.isfinite(ref3d).any() else None, 1),
                    fmt(raw.rmse),
                ]
            )
    hip_total = error_stats(*all_hip)
    cam_total = error_stats(*all_cam)
    hip_rows.append(["all", "", *hip_total.row()])
    cam_rows.append(["all", "", *cam_total.row(), "", ""])
    return (
        Table(
            ["trial", "side", *STATS_HEADER],
            hip_rows,
            "pipeline hip_adduction − IK hip_adduction (°), trusted frames",
        ),
        Table(
            [
                "trial",
                "side",
                *STATS_HEADER,
                "max |3-D FPPA| °",
                "RMSE unfiltered 3-D vs pipeline °",
            ],
            cam_rows,
            "virtual-camera 2-D FPPA − pipeline 3-D frontal-plane FPPA (°), pipeline-trusted frames",
        ),
        hip_total,
        cam_total,
    )


def lateral_marker_bias(folder: Path) -> tuple[Table, list[float]]:
    rec = load_recording(folder / "MarkerData" / "static1.trc")
    w = rec.world
    assert w is not None and w.up is not None
    markers = rec.meta["markers"]
    true_pos = w.positions
    lateral = true_pos.copy()
    rows, diffs = [], []
    for side in SIDES:
        s = side[0].upper() if side == "left" else side[0]
        knee_l, knee_m = markers[f"{s}_knee"], markers[f"{s}_mknee"]
        ank_l, ank_m = markers[f"{s}_ankle"], markers[f"{s}_mankle"]
        lateral[:, INDEX[f"{side}_knee"]] = knee_l
        lateral[:, INDEX[f"{side}_ankle"]] = ank_l
        true_pos = true_pos.copy()
        true_pos[:, INDEX[f"{side}_knee"]] = midpoint(knee_l, knee_m)
        true_pos[:, INDEX[f"{side}_ankle"]] = midpoint(ank_l, ank_m)
    f_true = fppa_from_world(true_pos, w.up)
    f_lat = fppa_from_world(lateral, w.up)
    knee_only = true_pos.copy()
    for side in SIDES:
        s = side[0].upper() if side == "left" else side[0]
        knee_only[:, INDEX[f"{side}_knee"]] = markers[f"{s}_knee"]
    f_knee = fppa_from_world(knee_only, w.up)
    for k, side in enumerate(SIDES):
        d = f_lat[:, k] - f_true[:, k]
        dk = f_knee[:, k] - f_true[:, k]
        diffs.append(float(np.nanmean(d)))
        rows.append(
            [
                side,
                fmt(float(np.nanmedian(f_true[:, k]))),
                fmt(float(np.nanmedian(f_lat[:, k]))),
                fmt(float(np.nanmean(d))),
                fmt(float(np.nanstd(d))),
                fmt(float(np.nanmean(dk))),
                str(int(np.isfinite(d).sum())),
            ]
        )
    return (
        Table(
            [
                "side",
                "FPPA, knee & ankle centres = lateral+medial midpoints °",
                "FPPA, lateral markers only °",
                "bias (lateral − midpoint) °",
                "SD °",
                "bias, lateral knee only °",
                "frames",
            ],
            rows,
            "static1.trc (quiet standing), 3-D frontal-plane FPPA",
        ),
        diffs,
    )


def run(data_dir: Path, *, quick: bool) -> list[Section]:
    folder = data_dir / FOLDER
    title = "OpenCap LabValidation Subject4 (marker mocap + IK)"
    if (why := missing(folder)) is not None:
        return [Section(title, skipped=why)]
    counts, count_notes, agree = squat_counts(folder)
    landings, ic_errs, one = drop_landings(folder)
    hip, cam, hip_total, cam_total = hip_adduction_and_camera(folder)
    bias_table, bias = lateral_marker_bias(folder)
    e = np.asarray(ic_errs)
    return [
        Section(
            title=f"{title}: squat reps and drop-jump landings",
            compared=(
                "pipeline rep counts on squats1/squatsAsym1 against my own count of pelvis-height "
                "minima; drop-jump landings (DJ1-3, DJAsym1-3) and their initial contact (IC) "
                "against a marker reference: the first frame after the person is off the floor "
                f"(every heel/toe marker > {LIFT_M * 100:.0f} cm above its floor level, i.e. on the "
                f"box) at which any heel/toe marker is within {CONTACT_TOL_M * 100:.0f} cm of its "
                "floor level (its 2nd-percentile height)."
            ),
            tables=[counts, landings],
            notes=count_notes,
            conclusion=(
                f"squat reps agree in {agree}/{len(SQUATS)} trials; exactly one landing in "
                f"{one}/{len(DROPS)} drop jumps; IC − reference: mean {fmt(e.mean() if e.size else None, 0)} ms, "
                f"range {fmt(e.min() if e.size else None, 0)} to {fmt(e.max() if e.size else None, 0)} ms."
            ),
        ),
        Section(
            title=f"{title}: hip adduction vs IK",
            compared=(
                "per-frame `frames.hip_adduction` (frontal-plane thigh against the pelvis "
                "perpendicular) over the pipeline's trusted frames against AddBiomechanics IK "
                "`hip_adduction_r/l` (3-D joint angle, radians in the file, converted), same "
                "time stamps, all 8 squat and drop-jump trials."
            ),
            tables=[hip],
            notes=[
                "The two are different definitions (a 2-D projection on the person's frontal "
                "plane vs a 3-D Euler angle after hip flexion); agreement falls with hip flexion."
            ],
            conclusion=(
                f"over {hip_total.n} frame-sides: mean difference {fmt(hip_total.mean)}°, RMSE "
                f"{fmt(hip_total.rmse)}°, r {fmt(hip_total.r, 3)}."
            ),
        ),
        Section(
            title=f"{title}: virtual frontal camera 2-D FPPA vs 3-D FPPA",
            compared=(
                "the 3-D joint centres (unfiltered, as read) projected through a pinhole camera "
                "4 m in front of the person (mean forward direction over the trial) at median "
                "hip height, f = 1500 px, then the 2-D FPPA with the project's definition; against "
                "the pipeline's 3-D frontal-plane FPPA (`frames.fppa`) over its trusted frames. "
                "Perfect landmarks: what the 2-D method can reach at best. The last column checks "
                "the pipeline's conditioning: its FPPA vs the same 3-D FPPA computed unfiltered."
            ),
            tables=[cam, bias_table],
            notes=[
                "The dynamic trials have lateral knee and ankle markers only (no r_mknee/"
                "r_mankle), so the reader uses the lateral markers as joint centres "
                "(markers.yaml note). static1.trc has medial markers: the second table "
                "quantifies that bias in quiet standing (negative = towards varus).",
            ],
            conclusion=(
                f"virtual 2-D vs 3-D FPPA over {cam_total.n} frame-sides: mean "
                f"{fmt(cam_total.mean)}°, RMSE {fmt(cam_total.rmse)}°, max {fmt(cam_total.max_abs)}°, "
                f"r {fmt(cam_total.r, 3)}; lateral-only markers shift standing FPPA by "
                f"{fmt(bias[0])}° (left) and {fmt(bias[1])}° (right)."
            ),
        ),
    ]
