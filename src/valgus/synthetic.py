"""Synthetic 3-D skeletons with KNOWN answers, for golden tests and ``valgus demo``.

A person (segment lengths: thigh 0.42 m, shank 0.41 m, 0.18 m between hip joint centres, foot
0.20 m heel to toe) stands, then squats (bilateral or single-leg) or drops from a box. Each rep
has a peak knee flexion and a peak frontal-plane projection angle (FPPA): the knee rotates about
the hip–ankle line towards the midline, so segment lengths and knee flexion are unchanged.

Person frame: r = the person's right, f = forward, u = up (right-handed, floor at u = 0). The person
is turned about the vertical by ``yaw_deg`` (counter-clockwise seen from above), then written in a
lab frame with up = +z (x = r, y = f at yaw 0) or up = +y (x = f, y = u, z = r at yaw 0, OpenSim).

FPPA (docs/analysis-json.md, evidence.md §1.1): the angle between the thigh (hip→knee) and the
shank (knee→ankle) projected on the person's frontal plane, 0° when collinear, POSITIVE when the
knee is medial to the hip–ankle line (valgus). Arrays over sides are (T, 2): column 0 = left,
column 1 = right.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from valgus import settings
from valgus.keypoints import FloatArray, Keypoints, Recording
from valgus.skeleton import INDEX, JOINTS, SIDES

THIGH_M = 0.42
SHANK_M = 0.41
HIP_WIDTH_M = 0.18
SHOULDER_WIDTH_M = 0.38
TRUNK_M = 0.50  # mid-hip to mid-shoulder
ANKLE_HEIGHT_M = 0.08
HEEL_OFFSET = np.array([0.0, -0.05, -0.07])  # (r, f, u) from the ankle
TOE_OFFSET = np.array([0.0, 0.15, -0.07])  # heel to toe = 0.20 m
SHANK_TILT_SHARE = 0.45  # forward shank tilt as a share of knee flexion
TRUNK_LEAN_SHARE = 0.40  # forward trunk lean as a share of knee flexion
GRAVITY = 9.81
LATERAL = np.array([-1.0, 1.0])  # r sign of each side's hip: (left, right)
MEDIAL = -LATERAL  # medial direction along r: the left leg's medial side is +r

Stance = Literal["both", "left", "right"]
PerRep = float | Sequence[float] | Mapping[str, float | Sequence[float]]


@dataclass(frozen=True)
class RepTruth:
    """One rep (or landing): frames and the generating values per side (left, right)."""

    start: int
    deepest: int
    end: int
    peak_flexion_deg: tuple[float, float]
    peak_fppa_deg: tuple[float, float]
    medial_displacement_mm: tuple[float, float]
    knee_over_toe: tuple[float, float] = (float("nan"), float("nan"))  # at the deepest frame


@dataclass(frozen=True)
class SyntheticTrial:
    """A synthetic Recording with its ground truth (all noise-free)."""

    recording: Recording
    fppa_deg: FloatArray  # (T, 2) left, right
    knee_flexion_deg: FloatArray  # (T, 2)
    reps: list[RepTruth]
    ic_frames: list[int] = field(default_factory=list)  # initial contact (drop jumps)
    stance: Stance = "both"
    params: dict[str, Any] = field(default_factory=dict)
    # (T, 2) the knee's medial (+) offset from the toe in the person's frontal plane, / leg length
    knee_over_toe: FloatArray = field(default_factory=lambda: np.empty((0, 2)))

    @property
    def rep_frames(self) -> NDArray[np.int_]:
        """(n_reps, 3) start, deepest, end frame of each rep."""
        return np.array([(r.start, r.deepest, r.end) for r in self.reps], dtype=np.int_)


@dataclass
class _Schedule:
    """Per-frame generating parameters in the person frame."""

    flexion: FloatArray  # (T, 2) degrees
    profile: FloatArray  # (T, 2) 0..1 share of the rep's peak valgus rotation
    rep_of_frame: NDArray[np.int_]  # (T,) rep index or -1
    offset: FloatArray  # (T, 3) whole-body translation (r, f, u)
    reps: list[tuple[int, int, int]]
    ic_frames: list[int] = field(default_factory=list)


# --------------------------------------------------------------------------- per-rep values


def _per_side_per_rep(value: PerRep, n_reps: int, name: str) -> FloatArray:
    """(n_reps, 2) from a number, a list per rep, or {"left": ..., "right": ...}."""
    if isinstance(value, Mapping):
        cols = [_per_rep(value.get(side, 0.0), n_reps, name) for side in SIDES]
        return np.stack(cols, axis=1)
    col = _per_rep(value, n_reps, name)
    return np.stack([col, col], axis=1)


def _per_rep(value: float | Sequence[float], n_reps: int, name: str) -> FloatArray:
    arr = np.atleast_1d(np.asarray(value, dtype=np.float64))
    if arr.size == 1:
        return np.full(n_reps, float(arr[0]))
    if arr.size != n_reps:
        raise ValueError(f"{name}: {arr.size} values for {n_reps} reps")
    return arr


def _bump(n: int) -> FloatArray:
    """0 → 1 → 0 raised cosine over n + 1 samples (n even, so the middle sample is exactly 1)."""
    k = np.arange(n + 1, dtype=np.float64)
    return 0.5 * (1.0 - np.cos(2.0 * np.pi * k / n))


def _even_frames(seconds: float, fps: float) -> int:
    n = round(seconds * fps)
    return max(2, n + (n % 2))


# --------------------------------------------------------------------------- schedules


def _squat_schedule(
    n_reps: int,
    peak_flexion: FloatArray,
    stance: Stance,
    rep_s: float,
    pause_s: float,
    stand_s: float,
    fps: float,
) -> _Schedule:
    n_rep = _even_frames(rep_s, fps)
    n_pause = round(pause_s * fps)
    n_stand = round(stand_s * fps)
    total = 2 * n_stand + n_reps * (n_rep + 1) + (n_reps - 1) * n_pause
    flexion = np.zeros((total, 2))
    profile = np.zeros((total, 2))
    rep_of = np.full(total, -1, dtype=np.int_)
    legs = [0, 1] if stance == "both" else [SIDES.index(stance)]
    reps = []
    start = n_stand
    for i in range(n_reps):
        bump = _bump(n_rep)
        sl = slice(start, start + n_rep + 1)
        flexion[sl, legs] = bump[:, None] * peak_flexion[i, legs]
        profile[sl, legs] = bump[:, None]
        rep_of[sl] = i
        reps.append((start, start + n_rep // 2, start + n_rep))
        start += n_rep + 1 + n_pause
    return _Schedule(flexion, profile, rep_of, np.zeros((total, 3)), reps)


def _drop_schedule(
    box_height_m: float, peak_flexion: float, stand_s: float, landing_s: float, fps: float
) -> _Schedule:
    """Stand on the box, fall (free fall, 0.35 m forward), land, absorb, stand up, stand."""
    n_stand = round(stand_s * fps)
    t_fall = np.sqrt(2.0 * box_height_m / GRAVITY)
    n_fall = max(2, int(np.ceil(t_fall * fps)))
    n_land = _even_frames(2.0 * landing_s, fps)  # down to the deepest point and back up
    total = n_stand + n_fall + n_land + 1 + n_stand
    offset = np.zeros((total, 3))
    offset[:n_stand] = [0.0, -0.35, box_height_m]
    t = np.arange(1, n_fall + 1) / fps
    tau = np.minimum(t / t_fall, 1.0)
    fall = slice(n_stand, n_stand + n_fall)
    offset[fall, 1] = -0.35 * (1.0 - tau)
    offset[fall, 2] = np.maximum(box_height_m - 0.5 * GRAVITY * t**2, 0.0)
    ic = n_stand + int(np.argmax(offset[fall, 2] <= 0.0))
    offset[ic:, :] = 0.0
    flexion = np.zeros((total, 2))
    profile = np.zeros((total, 2))
    flexion[fall] = 10.0 * tau[:, None]
    bump = _bump(n_land)
    land = slice(ic, ic + n_land + 1)
    flexion[land] = (10.0 + (peak_flexion - 10.0) * bump)[:, None]
    down = np.arange(n_land + 1) > n_land // 2  # after the deepest point, extend to straight
    flexion[land] = np.where(down[:, None], peak_flexion * bump[:, None], flexion[land])
    profile[land] = bump[:, None]
    rep_of = np.full(total, -1, dtype=np.int_)
    rep_of[land] = 0
    reps = [(ic, ic + n_land // 2, ic + n_land)]
    return _Schedule(flexion, profile, rep_of, offset, reps, ic_frames=[ic])


# --------------------------------------------------------------------------- geometry


def _unit(v: FloatArray) -> FloatArray:
    n = np.linalg.norm(v, axis=-1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(n > 1e-12, v / np.where(n > 0, n, 1.0), 0.0)


def _stance_leg(
    ankle: FloatArray, flexion_deg: FloatArray, psi_rad: FloatArray, medial: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Hip and knee (..., 3) of a leg standing on ``ankle``; psi rotates the knee medially."""
    theta = np.radians(flexion_deg)
    alpha = SHANK_TILT_SHARE * theta
    zero = np.zeros_like(theta)
    shank = np.stack([zero, np.sin(alpha), np.cos(alpha)], axis=-1)
    thigh = np.stack([zero, -np.sin(theta - alpha), np.cos(theta - alpha)], axis=-1)
    knee0 = ankle + SHANK_M * shank
    hip = knee0 + THIGH_M * thigh
    axis = _unit(hip - ankle)
    centre = ankle + np.sum((knee0 - ankle) * axis, axis=-1, keepdims=True) * axis
    radial = knee0 - centre
    rho = np.linalg.norm(radial, axis=-1, keepdims=True)
    e1 = _unit(radial)
    e2 = medial[..., None] * np.array([1.0, 0.0, 0.0])
    knee = centre + rho * (np.cos(psi_rad)[..., None] * e1 + np.sin(psi_rad)[..., None] * e2)
    return hip, knee


def frontal_fppa(
    hip: FloatArray, knee: FloatArray, ankle: FloatArray, medial: FloatArray
) -> FloatArray:
    """FPPA (deg) from person-frame points (..., 3): the (r, u) projection, valgus positive."""
    thigh = (knee - hip)[..., [0, 2]]
    shank = (ankle - knee)[..., [0, 2]]
    cross = thigh[..., 0] * shank[..., 1] - thigh[..., 1] * shank[..., 0]
    dot = np.sum(thigh * shank, axis=-1)
    return np.degrees(np.arctan2(cross, dot)) * -medial


def knee_flexion(hip: FloatArray, knee: FloatArray, ankle: FloatArray) -> FloatArray:
    """3-D angle (deg) between thigh (hip→knee) and shank (knee→ankle): 0 = straight."""
    a, b = knee - hip, ankle - knee
    cos = np.sum(a * b, axis=-1) / (np.linalg.norm(a, axis=-1) * np.linalg.norm(b, axis=-1))
    return np.degrees(np.arccos(np.clip(cos, -1.0, 1.0)))


def knee_over_toe(person: FloatArray) -> FloatArray:
    """(T, 2) the knee's medial (+) offset from the toe along the person's right axis, / leg length.

    The orthographic frontal view of "knee over the toes" (the headline of squats to depth,
    tasks.yaml): the same quantity the pipeline reads from a camera, without the camera. Leg
    length = hip-ankle distance in the first frame (standing), per side.
    """
    out = np.empty((person.shape[0], 2))
    for s, side in enumerate(SIDES):
        knee, toe = person[:, INDEX[f"{side}_knee"], 0], person[:, INDEX[f"{side}_toe"], 0]
        leg = np.linalg.norm(person[0, INDEX[f"{side}_hip"]] - person[0, INDEX[f"{side}_ankle"]])
        out[:, s] = (knee - toe) * MEDIAL[s] / leg
    return out


def window_truth(
    trial: SyntheticTrial, lo_deg: float = 45.0, hi_deg: float = 60.0
) -> list[tuple[float, float]]:
    """(left, right) per rep: median true knee-over-toe over the descent frames whose true knee
    flexion is within [lo_deg, hi_deg] (the squat headline's window, tasks.yaml)."""
    kot, flex = trial.knee_over_toe, trial.knee_flexion_deg
    out = []
    for start, deepest, _ in trial.rep_frames:
        f = np.arange(start, deepest + 1)
        sides = []
        for s in (0, 1):
            inside = f[(flex[f, s] >= lo_deg) & (flex[f, s] <= hi_deg)]
            sides.append(float(np.median(kot[inside, s])) if inside.size else float("nan"))
        out.append((sides[0], sides[1]))
    return out


def _ankles(offset: FloatArray) -> FloatArray:
    """(T, 2, 3) ankle positions under each hip."""
    base = np.stack([LATERAL * HIP_WIDTH_M / 2, np.zeros(2), np.full(2, ANKLE_HEIGHT_M)], axis=-1)
    return offset[:, None, :] + base[None, :, :]


def _solve_psi(schedule: _Schedule, target_deg: FloatArray) -> FloatArray:
    """(n_reps, 2) knee rotation (rad) that gives the target FPPA at each rep's deepest frame."""
    deepest = np.array([r[1] for r in schedule.reps])
    ankle = _ankles(schedule.offset)[deepest]
    flex = schedule.flexion[deepest]
    lo = np.full(target_deg.shape, -np.radians(89.0))
    hi = np.full(target_deg.shape, np.radians(89.0))
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        hip, knee = _stance_leg(ankle, flex, mid, MEDIAL[None, :].repeat(len(deepest), 0))
        too_big = frontal_fppa(hip, knee, ankle, MEDIAL) > target_deg
        hi = np.where(too_big, mid, hi)
        lo = np.where(too_big, lo, mid)
    psi = 0.5 * (lo + hi)
    hip, knee = _stance_leg(ankle, flex, psi, MEDIAL[None, :].repeat(len(deepest), 0))
    reached = frontal_fppa(hip, knee, ankle, MEDIAL)
    bad = (np.abs(reached - target_deg) > 1e-6) & (flex > 0)
    if bad.any():
        raise ValueError(
            f"FPPA targets {target_deg[bad]} deg cannot be reached at that knee flexion"
        )
    return np.where(flex > 0, psi, 0.0)


def _free_leg(hip: FloatArray, stance_flexion_deg: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Knee and ankle of a lifted leg in the sagittal plane: knee flexed 70°, hip flexed 30° plus
    0.6 x the stance knee's flexion (the free foot reaches forward as the person sits down)."""
    hip_flex = np.radians(30.0 + 0.6 * stance_flexion_deg)[:, None]
    shank_angle = hip_flex - np.radians(70.0)
    zero = np.zeros_like(hip_flex)
    knee = hip + THIGH_M * np.concatenate([zero, np.sin(hip_flex), -np.cos(hip_flex)], axis=1)
    shank = np.concatenate([zero, np.sin(shank_angle), -np.cos(shank_angle)], axis=1)
    return knee, knee + SHANK_M * shank


def _body(schedule: _Schedule, psi: FloatArray, stance: Stance) -> FloatArray:
    """(T, K, 3) person-frame positions of the canonical joints."""
    t = schedule.flexion.shape[0]
    ankle = _ankles(schedule.offset)
    medial = np.broadcast_to(MEDIAL, (t, 2))
    hip, knee = _stance_leg(ankle, schedule.flexion, psi, medial)
    if stance != "both":
        s, o = SIDES.index(stance), 1 - SIDES.index(stance)
        hip[:, o] = hip[:, s] + np.array([LATERAL[o] * HIP_WIDTH_M, 0.0, 0.0])
        knee[:, o], ankle[:, o] = _free_leg(hip[:, o], schedule.flexion[:, s])
    pos = _legs(hip, knee, ankle, ankle + HEEL_OFFSET, ankle + TOE_OFFSET)
    _upper_body(pos, hip, schedule.flexion.max(axis=1))
    return pos


def _legs(*parts: FloatArray) -> FloatArray:
    """(T, K, 3) joints (upper body NaN) from hip, knee, ankle, heel, toe, each (T, 2, 3)."""
    pos = np.full((parts[0].shape[0], len(JOINTS), 3), np.nan)
    for k, side in enumerate(SIDES):
        for name, part in zip(("hip", "knee", "ankle", "heel", "toe"), parts, strict=True):
            pos[:, INDEX[f"{side}_{name}"]] = part[:, k]
    return pos


def _upper_body(pos: FloatArray, hip: FloatArray, flexion_deg: FloatArray) -> None:
    lean = np.radians(TRUNK_LEAN_SHARE * flexion_deg)
    trunk = np.stack([np.zeros_like(lean), np.sin(lean), np.cos(lean)], axis=-1)
    mid_shoulder = hip.mean(axis=1) + TRUNK_M * trunk
    half = np.array([SHOULDER_WIDTH_M / 2, 0.0, 0.0])
    pos[:, INDEX["left_shoulder"]] = mid_shoulder - half
    pos[:, INDEX["right_shoulder"]] = mid_shoulder + half
    pos[:, INDEX["nose"]] = mid_shoulder + 0.22 * trunk + np.array([0.0, 0.08, 0.0])


# --------------------------------------------------------------------------- lab frame


def lab_basis(up: Literal["y", "z"], yaw_deg: float = 0.0) -> FloatArray:
    """(3, 3) rows = the person's r, f, u unit vectors written in lab coordinates."""
    c, s = np.cos(np.radians(yaw_deg)), np.sin(np.radians(yaw_deg))
    r_f_u = np.array([[c, s, 0.0], [-s, c, 0.0], [0.0, 0.0, 1.0]])  # yaw about u (ccw from above)
    to_lab = (
        np.eye(3) if up == "z" else np.array([[0.0, 0.0, 1.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    )
    return r_f_u @ to_lab


def _to_lab(person: FloatArray, up: Literal["y", "z"], yaw_deg: float) -> FloatArray:
    return person @ lab_basis(up, yaw_deg)


def _truth(person: FloatArray) -> tuple[FloatArray, FloatArray]:
    hip, knee, ankle = (
        np.stack([person[:, INDEX[f"{side}_{p}"]] for side in SIDES], axis=1)
        for p in ("hip", "knee", "ankle")
    )
    return frontal_fppa(hip, knee, ankle, MEDIAL), knee_flexion(hip, knee, ankle)


def _finish(
    schedule: _Schedule,
    person: FloatArray,
    stance: Stance,
    *,
    up: Literal["y", "z"],
    yaw_deg: float,
    noise_mm: float,
    fps: float,
    seed: int,
    params: dict[str, Any],
    source: str,
) -> SyntheticTrial:
    fppa, flex = _truth(person)
    lab = _to_lab(person, up, yaw_deg)
    if noise_mm > 0:
        lab = lab + np.random.default_rng(seed).normal(0.0, noise_mm / 1000.0, lab.shape)
    t = lab.shape[0]
    up_vec = np.array([0.0, 0.0, 1.0]) if up == "z" else np.array([0.0, 1.0, 0.0])
    world = Keypoints(
        positions=lab,
        confidence=np.ones((t, len(JOINTS))),
        times=np.arange(t) / fps,
        space="lab",
        units="m",
        up=up_vec,
    )
    meta = {"synthetic": params, "heading_deg": yaw_deg, "lab_forward": lab_basis(up, 0.0)[1]}
    recording = Recording(source=source, kind="synthetic", world=world, meta=meta)
    kot = knee_over_toe(person)
    reps = [_rep_truth(r, person, fppa, flex, kot) for r in schedule.reps]
    return SyntheticTrial(
        recording, fppa, flex, reps, list(schedule.ic_frames), stance, params, kot
    )


def _person(schedule: _Schedule, psi_peak: FloatArray, stance: Stance) -> FloatArray:
    """Person-frame joints of a squat/drop schedule whose knees rotate by psi_peak per rep."""
    rep = schedule.rep_of_frame
    psi = np.where(rep[:, None] >= 0, psi_peak[np.maximum(rep, 0)], 0.0) * schedule.profile
    return _body(schedule, psi, stance)


def _rep_truth(
    frames: tuple[int, int, int],
    person: FloatArray,
    fppa: FloatArray,
    flex: FloatArray,
    kot: FloatArray,
) -> RepTruth:
    start, deepest, end = frames
    hip = np.stack([person[deepest, INDEX[f"{s}_hip"]] for s in SIDES])
    knee = np.stack([person[deepest, INDEX[f"{s}_knee"]] for s in SIDES])
    ankle = np.stack([person[deepest, INDEX[f"{s}_ankle"]] for s in SIDES])
    # Medial displacement of the knee from the hip–ankle line, in the frontal plane.
    w = np.clip((knee[:, 2] - ankle[:, 2]) / (hip[:, 2] - ankle[:, 2]), 0.0, 1.0)
    line_r = ankle[:, 0] + w * (hip[:, 0] - ankle[:, 0])
    medial_mm = (knee[:, 0] - line_r) * MEDIAL * 1000.0
    return RepTruth(
        start,
        deepest,
        end,
        (float(flex[deepest, 0]), float(flex[deepest, 1])),
        (float(fppa[deepest, 0]), float(fppa[deepest, 1])),
        (float(medial_mm[0]), float(medial_mm[1])),
        (float(kot[deepest, 0]), float(kot[deepest, 1])),
    )


# --------------------------------------------------------------------------- public makers


def squat_trial(
    n_reps: int = 3,
    *,
    valgus_deg: PerRep = 10.0,
    peak_flexion_deg: float | Sequence[float] = 90.0,
    stance: Stance = "both",
    rep_s: float = 2.0,
    pause_s: float = 1.0,
    stand_s: float = 1.0,
    yaw_deg: float = 0.0,
    up: Literal["y", "z"] = "z",
    noise_mm: float = 0.0,
    fps: float = 60.0,
    seed: int = 0,
) -> SyntheticTrial:
    """Standing, then ``n_reps`` squats (bilateral, or single-leg on ``stance``), then standing.

    valgus_deg: peak FPPA per rep at the deepest frame (number, list per rep, or per side
    {"left": ..., "right": ...}); negative = varus. peak_flexion_deg: per rep.
    """
    if n_reps < 1:
        raise ValueError("n_reps must be at least 1")
    flexion = _per_side_per_rep(peak_flexion_deg, n_reps, "peak_flexion_deg")
    target = _per_side_per_rep(valgus_deg, n_reps, "valgus_deg")
    schedule = _squat_schedule(n_reps, flexion, stance, rep_s, pause_s, stand_s, fps)
    if stance != "both":
        target[:, 1 - SIDES.index(stance)] = 0.0
    psi = _solve_psi(schedule, target)
    params = {
        "task": "squat" if stance == "both" else f"single_leg_squat_{stance}",
        "n_reps": n_reps,
        "valgus_deg": target.tolist(),
        "peak_flexion_deg": flexion.tolist(),
        "rep_s": rep_s,
        "pause_s": pause_s,
        "stand_s": stand_s,
        "yaw_deg": yaw_deg,
        "up": up,
        "noise_mm": noise_mm,
        "fps": fps,
        "seed": seed,
    }
    return _finish(
        schedule,
        _person(schedule, psi, stance),
        stance,
        up=up,
        yaw_deg=yaw_deg,
        noise_mm=noise_mm,
        fps=fps,
        seed=seed,
        params=params,
        source=f"synthetic:{params['task']}",
    )


def drop_jump_trial(
    *,
    box_height_m: float = 0.30,
    valgus_deg: float | Mapping[str, float] = 10.0,
    peak_flexion_deg: float = 80.0,
    landing_s: float = 0.35,
    stand_s: float = 1.0,
    yaw_deg: float = 0.0,
    up: Literal["y", "z"] = "z",
    noise_mm: float = 0.0,
    fps: float = 100.0,
    seed: int = 0,
) -> SyntheticTrial:
    """Stand on a box, drop (free fall), land (initial contact), absorb to the deepest point, stand.

    ``ic_frames`` holds the initial-contact frame; ``reps[0]`` the landing (IC, deepest, end).
    """
    schedule = _drop_schedule(box_height_m, peak_flexion_deg, stand_s, landing_s, fps)
    target = _per_side_per_rep(valgus_deg, 1, "valgus_deg")
    psi = _solve_psi(schedule, target)
    params = {
        "task": "drop_jump",
        "box_height_m": box_height_m,
        "valgus_deg": target.tolist(),
        "peak_flexion_deg": peak_flexion_deg,
        "landing_s": landing_s,
        "stand_s": stand_s,
        "yaw_deg": yaw_deg,
        "up": up,
        "noise_mm": noise_mm,
        "fps": fps,
        "seed": seed,
    }
    return _finish(
        schedule,
        _person(schedule, psi, "both"),
        "both",
        up=up,
        yaw_deg=yaw_deg,
        noise_mm=noise_mm,
        fps=fps,
        seed=seed,
        params=params,
        source="synthetic:drop_jump",
    )


def _deep_legs(
    flexion_deg: FloatArray,
    displacement_m: FloatArray,
    share: FloatArray,
    stance_width_m: float,
    toe_out_deg: float,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Hip, knee, ankle and foot direction (T, 2, 3) of a bilateral squat with the feet apart.

    The pelvis stays level with its hip centres HIP_WIDTH_M apart; each ankle is at
    ±stance_width_m / 2 with the foot turned out by toe_out_deg. Knee flexion is exact (the
    hip-ankle distance sets it); the knee sits on its circle about the hip-ankle line where its
    horizontal distance from the vertical plane through the foot axis goes from the hip-ankle
    line's (share 0) to ``displacement_m`` (share 1; medial +; 0 = the knee over the foot axis,
    i.e. over the 2nd toe, as coaches cue it).
    """
    t = flexion_deg.shape[0]
    theta = np.radians(flexion_deg)
    alpha = SHANK_TILT_SHARE * theta
    toe_out = np.radians(toe_out_deg)
    ankle = np.zeros((t, 2, 3))
    ankle[..., 0] = LATERAL * stance_width_m / 2
    ankle[..., 2] = ANKLE_HEIGHT_M
    foot = np.stack(
        [LATERAL * np.sin(toe_out), np.full(2, np.cos(toe_out)), np.zeros(2)], axis=-1
    )  # (2, 3) unit heel -> toe
    normal = np.stack([MEDIAL * np.cos(toe_out), np.full(2, np.sin(toe_out)), np.zeros(2)], -1)
    reach = np.sqrt(THIGH_M**2 + SHANK_M**2 + 2 * THIGH_M * SHANK_M * np.cos(theta))
    hip = np.zeros((t, 2, 3))
    hip[..., 0] = LATERAL * HIP_WIDTH_M / 2
    hip[..., 1] = SHANK_M * np.sin(alpha) - THIGH_M * np.sin(theta - alpha)
    side_gap = hip[..., 0] - ankle[..., 0]
    height2 = reach**2 - side_gap**2 - hip[..., 1] ** 2
    if (height2 <= 0).any():
        raise ValueError("stance too wide for that knee flexion")
    hip[..., 2] = ankle[..., 2] + np.sqrt(height2)
    axis = _unit(hip - ankle)
    along = (SHANK_M**2 - THIGH_M**2 + reach**2) / (2 * reach)
    centre = ankle + along[..., None] * axis
    rho = np.sqrt(np.maximum(SHANK_M**2 - along**2, 0.0))
    fwd = np.array([0.0, 1.0, 0.0])
    e1 = _unit(fwd - np.sum(axis * fwd, axis=-1, keepdims=True) * axis)  # forward, ⊥ axis
    e2 = np.cross(axis, e1)
    e2 = e2 * np.sign(np.sum(e2[..., :1] * MEDIAL[None, :, None], axis=-1, keepdims=True))
    # Solve a cos(psi) + b sin(psi) = q for the knee's distance from the foot plane. The target
    # runs from the hip-ankle line (standing, share 0) to displacement_m (share 1).
    a, b = np.sum(e1 * normal, axis=-1), np.sum(e2 * normal, axis=-1)
    base = np.sum((centre - ankle) * normal, axis=-1)
    target = base * (1.0 - share) + displacement_m * share
    with np.errstate(invalid="ignore", divide="ignore"):
        q = np.where(rho > 1e-9, (target - base) / np.where(rho > 1e-9, rho, 1.0), 0.0)
    amp = np.hypot(a, b)
    moving = rho > 1e-6
    if (moving & (np.abs(q) > amp)).any():
        raise ValueError("medial knee displacement cannot be reached at that knee flexion")
    phi = np.arctan2(b, a)
    psi = phi - np.arccos(np.clip(q / amp, -1.0, 1.0))
    psi_alt = phi + np.arccos(np.clip(q / amp, -1.0, 1.0))
    psi = np.where(np.cos(psi_alt) > np.cos(psi), psi_alt, psi)  # the knee in front
    knee = centre + rho[..., None] * (np.cos(psi)[..., None] * e1 + np.sin(psi)[..., None] * e2)
    return hip, knee, ankle, np.broadcast_to(foot, (t, 2, 3))


def deep_squat_trial(
    n_reps: int = 3,
    *,
    knee_medial_m: PerRep = 0.0,
    peak_flexion_deg: float | Sequence[float] = 110.0,
    stance_width_m: float = 0.30,
    toe_out_deg: float = 15.0,
    rep_s: float = 3.0,
    pause_s: float = 1.0,
    stand_s: float = 1.0,
    yaw_deg: float = 0.0,
    up: Literal["y", "z"] = "z",
    noise_mm: float = 0.0,
    fps: float = 30.0,
    seed: int = 0,
) -> SyntheticTrial:
    """Bilateral squats to depth (90-130° knee flexion) with a KNOWN medial knee displacement.

    knee_medial_m: per rep (and per side as {"left": ..., "right": ...}), the knee's horizontal
    distance medial (+) of the vertical plane through its foot's axis at the deepest frame
    (negative = knees pushed out past the foot). Along the rep the knee moves from the hip-ankle
    line towards it in step with its swing radius about that line. Feet ``stance_width_m`` apart (ankle centres),
    turned out by ``toe_out_deg``; toe 0.15 m in front of the ankle along the foot. Truth per
    frame: ``knee_over_toe`` (the headline quantity) and FPPA / knee flexion as in squat_trial.
    """
    if n_reps < 1:
        raise ValueError("n_reps must be at least 1")
    flexion = _per_side_per_rep(peak_flexion_deg, n_reps, "peak_flexion_deg")
    if not np.allclose(flexion[:, 0], flexion[:, 1]):
        raise ValueError("a bilateral squat bends both knees alike (one peak flexion per rep)")
    target = _per_side_per_rep(knee_medial_m, n_reps, "knee_medial_m")
    schedule = _squat_schedule(n_reps, flexion, "both", rep_s, pause_s, stand_s, fps)
    reach = np.sqrt(
        THIGH_M**2 + SHANK_M**2 + 2 * THIGH_M * SHANK_M * np.cos(np.radians(schedule.flexion))
    )
    along = (SHANK_M**2 - THIGH_M**2 + reach**2) / (2 * reach)
    rho = np.sqrt(np.maximum(SHANK_M**2 - along**2, 0.0))  # the knee's swing radius, (T, 2)
    rep = schedule.rep_of_frame
    deepest = np.array([r[1] for r in schedule.reps])
    share = np.where(rep[:, None] >= 0, rho / rho[deepest][np.maximum(rep, 0)], 0.0)
    displacement = np.where(rep[:, None] >= 0, target[np.maximum(rep, 0)], 0.0)
    hip, knee, ankle, foot = _deep_legs(
        schedule.flexion, displacement, share, stance_width_m, toe_out_deg
    )
    drop = np.array([0.0, 0.0, HEEL_OFFSET[2]])
    pos = _legs(hip, knee, ankle, ankle - 0.05 * foot + drop, ankle + 0.15 * foot + drop)
    _upper_body(pos, hip, schedule.flexion.max(axis=1))
    params = {
        "task": "deep_squat",
        "n_reps": n_reps,
        "knee_medial_m": target.tolist(),
        "peak_flexion_deg": flexion.tolist(),
        "stance_width_m": stance_width_m,
        "toe_out_deg": toe_out_deg,
        "rep_s": rep_s,
        "pause_s": pause_s,
        "stand_s": stand_s,
        "up": up,
        "yaw_deg": yaw_deg,
        "noise_mm": noise_mm,
        "fps": fps,
        "seed": seed,
    }
    return _finish(
        schedule,
        pos,
        "both",
        up=up,
        yaw_deg=yaw_deg,
        noise_mm=noise_mm,
        fps=fps,
        seed=seed,
        params=params,
        source="synthetic:deep_squat",
    )


# --------------------------------------------------------------------------- camera and export


def _lab_axes(
    world: Keypoints, meta: Mapping[str, Any]
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Unit up, forward and right vectors of the lab (forward = the synthetic person at yaw 0)."""
    up = np.asarray(world.up if world.up is not None else [0.0, 0.0, 1.0], dtype=np.float64)
    default_fwd = np.array([0.0, 1.0, 0.0]) if abs(up[2]) > 0.5 else np.array([1.0, 0.0, 0.0])
    fwd = np.asarray(meta.get("lab_forward", default_fwd), dtype=np.float64)
    fwd = _unit(fwd - np.dot(fwd, up) * up)
    return up, fwd, np.cross(fwd, up)


def project_to_camera(
    recording: Recording,
    yaw_deg: float = 0.0,
    pitch_deg: float = 0.0,
    distance_m: float = 3.0,
    focal_px: float = 1500.0,
    image_size: tuple[int, int] = (1080, 1920),
    *,
    with_world: bool = False,
) -> Recording:
    """The 2-D view of a pinhole camera (x right, y down, px) aimed at the mean mid-hip.

    yaw_deg: camera position about the vertical, counter-clockwise from above, relative to the
    lab's forward axis (where a synthetic person faces at heading 0): 0 = straight in front, 90 =
    on the person's left. The person's view angle is therefore yaw_deg - heading_deg.
    pitch_deg: camera elevation (positive = above, looking down). distance_m: camera to target.
    with_world: also attach 3-D "world landmarks" as a pose model gives them (MediaPipe): metres
    in the camera's axes (x right, y down, z away from the camera), centred on the mid-hip.
    """
    world = recording.world
    if world is None or world.dim != 3:
        raise ValueError("project_to_camera needs 3-D world keypoints")
    up, fwd, right = _lab_axes(world, recording.meta)
    hips = world.positions[:, [INDEX["left_hip"], INDEX["right_hip"]]].mean(axis=1)
    target = np.nanmedian(hips, axis=0)
    yaw, pitch = np.radians(yaw_deg), np.radians(pitch_deg)
    horizontal = np.cos(yaw) * fwd - np.sin(yaw) * right
    to_camera = np.cos(pitch) * horizontal + np.sin(pitch) * up
    centre = target + distance_m * to_camera
    z_cam = -to_camera
    x_cam = _unit(np.cross(z_cam, up))
    y_cam = np.cross(z_cam, x_cam)
    cam = (world.positions - centre) @ np.stack([x_cam, y_cam, z_cam], axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        depth = np.where(cam[..., 2] > 1e-6, cam[..., 2], np.nan)
        px = focal_px * cam[..., :2] / depth[..., None] + np.array(image_size) / 2.0
    conf = np.where(np.isfinite(px).all(axis=-1), 1.0, np.nan)
    image = Keypoints(positions=px, confidence=conf, times=world.times, space="image", units="px")
    world_landmarks = None
    if with_world:
        centred = cam - 0.5 * (cam[:, [INDEX["left_hip"]]] + cam[:, [INDEX["right_hip"]]])
        world_landmarks = Keypoints(
            positions=centred, confidence=conf, times=world.times, space="camera", units="m"
        )
    meta = dict(recording.meta)
    meta["camera"] = {
        "yaw_deg": yaw_deg,
        "pitch_deg": pitch_deg,
        "distance_m": distance_m,
        "focal_px": focal_px,
        "position": centre.tolist(),
    }
    return Recording(
        source=recording.source,
        kind=recording.kind,
        image=image,
        world=world_landmarks,
        image_size=image_size,
        meta=meta,
    )


def write_trc(recording: Recording, path: Path) -> Path:
    """Write the world keypoints as a Pose2Sim-style TRC (metres, names from markers.yaml)."""
    world = recording.world
    if world is None or world.dim != 3:
        raise ValueError("write_trc needs 3-D world keypoints")
    names = settings.markers().trc_export_names
    labels = [str(names[j]) for j in world.joints]
    t, k = world.n_frames, len(labels)
    fps = world.fps if t > 1 else 1.0
    lines = [
        f"PathFileType\t4\t(X/Y/Z)\t{Path(path).name}",
        "DataRate\tCameraRate\tNumFrames\tNumMarkers\tUnits\tOrigDataRate\tOrigDataStartFrame\tOrigNumFrames",
        f"{fps:g}\t{fps:g}\t{t}\t{k}\tm\t{fps:g}\t1\t{t}",
        "Frame#\tTime\t" + "\t\t\t".join(labels) + "\t\t",
        "\t\t" + "\t".join(f"X{i}\tY{i}\tZ{i}" for i in range(1, k + 1)),
        "",
    ]
    flat = world.positions.reshape(t, 3 * k)
    for i in range(t):
        values = "\t".join("" if not np.isfinite(v) else f"{v:.9f}" for v in flat[i])
        lines.append(f"{i + 1}\t{world.times[i]:.9f}\t{values}")
    path = Path(path)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
