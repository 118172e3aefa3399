"""Event detection on real recordings in ../shared/data (skipped where absent)."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from valgus.events.landings import detect_landings, first_landing
from valgus.events.reps import detect_reps
from valgus.keypoints import Keypoints
from valgus.signals.pipeline import condition
from valgus.skeleton import INDEX, JOINTS

from .realdata import marker, read_c3d, read_trc

pytestmark = pytest.mark.realdata
OPENCAP = "opencap_subject4_nimble/MarkerData"
FEET = ("L_ankle", "L_calc", "L_toe", "r_ankle", "r_calc", "r_toe")


def _opencap(shared: Path, name: str):
    from tests.conftest import require

    names, t, x = read_trc(require(shared / OPENCAP / f"{name}.trc"))
    pelvis = (marker(names, x, "L.ASIS")[:, 1] + marker(names, x, "r.ASIS")[:, 1]) / 2
    feet = np.stack([marker(names, x, m)[:, 1] for m in FEET], axis=1)
    return t, pelvis, feet


@pytest.mark.parametrize(
    ("trial", "ic"),
    [
        ("DJ1", 142),
        ("DJ2", 152),
        ("DJ3", 131),
        ("DJAsym1", 139),
        ("DJAsym2", 131),
        ("DJAsym3", 144),
    ],
)
def test_drop_jumps_have_one_complete_landing(shared_data: Path, trial: str, ic: int) -> None:
    t, pelvis, feet = _opencap(shared_data, trial)
    leg = float(np.median(pelvis[:30] - feet[:30, 0]))
    landings = detect_landings(feet, pelvis, t, leg)
    complete = [ld for ld in landings if ld.complete]
    assert len(complete) == 1  # the second landing after the rebound jump is cut by the recording
    first = first_landing(feet, pelvis, t, leg)
    assert first is not None and first.initial_contact == ic
    # independent check: the lowest foot point decelerates hardest within 2 frames of IC
    lowest = np.nanmin(feet, axis=1)
    acc = np.diff(lowest, 2)
    window = slice(ic - 15, ic + 15)
    assert abs(int(np.argmax(acc[window])) + ic - 15 + 1 - ic) <= 2
    # deepest point: pelvis minimum, 0.2-0.4 s after contact, about 0.6 m lower than standing
    assert 20 <= first.deepest - ic <= 40
    assert pelvis[first.deepest] == pytest.approx(np.min(pelvis[ic : ic + 100]))


@pytest.mark.parametrize("trial", ["squats1", "squatsAsym1"])
def test_opencap_squats_count(shared_data: Path, trial: str) -> None:
    # By inspection of the ASIS height: 5 squats from ~0.98 m to ~0.60-0.67 m in each trial.
    t, pelvis, feet = _opencap(shared_data, trial)
    leg = float(np.percentile(pelvis - feet[:, 0], 95))
    reps = detect_reps(pelvis / leg, t, "squat")
    assert len(reps) == 5
    for r in reps:
        assert pelvis[r.deepest] < pelvis[r.start] - 0.25
        assert 1.0 < r.duration < 2.5


def test_c3d_squat_count(shared_data: Path) -> None:
    from tests.conftest import require

    labels, t, x = read_c3d(require(shared_data / "nimble_c3d_squat/squat.c3d"))
    labels = [lab.split(":")[-1] for lab in labels]
    waist = np.stack([marker(labels, x, m)[:, 1] for m in ("LMWT", "RMWT", "LBWT", "RBWT")], 1)
    pelvis = np.nanmean(waist, axis=1)
    ankle = (marker(labels, x, "LANK")[:, 1] + marker(labels, x, "RANK")[:, 1]) / 2
    leg = float(np.nanpercentile(pelvis - ankle, 95))
    reps = detect_reps(pelvis / leg, t, "squat")
    # PROVENANCE says "about 4"; the waist markers show 2 full squats (~240-300 mm drop) and two
    # ~45 mm dips at the start and end (knee marker rises: a leg lift, not a squat).
    assert len(reps) == 2
    assert [round(r.t_deepest, 1) for r in reps] == pytest.approx([3.6, 4.6], abs=0.15)


def test_mediapipe_csv_reps_match_labels(shared_data: Path) -> None:
    from tests.conftest import require

    path = require(shared_data / "exercise_correction/squat_model/test.csv")
    with path.open() as fh:
        rows = list(csv.DictReader(fh))
    down = np.array([r["label"] == "down" for r in rows])
    n = len(rows)
    pos = np.full((n, len(JOINTS), 2), np.nan)
    conf = np.full((n, len(JOINTS)), np.nan)
    for j in (
        "nose",
        "left_shoulder",
        "right_shoulder",
        "left_hip",
        "right_hip",
        "left_knee",
        "right_knee",
        "left_ankle",
        "right_ankle",
    ):
        pos[:, INDEX[j], 0] = [float(r[f"{j}_x"]) for r in rows]
        pos[:, INDEX[j], 1] = [float(r[f"{j}_y"]) for r in rows]
        conf[:, INDEX[j]] = [float(r[f"{j}_v"]) for r in rows]
    t = np.arange(n) / 30.0  # frame rate not given; the rows are per-frame samples
    out = condition(Keypoints(pos, conf, t, space="image", units="px"), "squat")
    kp = out.keypoints.positions
    hip_y = (kp[:, INDEX["left_hip"], 1] + kp[:, INDEX["right_hip"], 1]) / 2
    ankle_y = (kp[:, INDEX["left_ankle"], 1] + kp[:, INDEX["right_ankle"], 1]) / 2
    leg = float(np.nanmedian(ankle_y - hip_y))
    reps = detect_reps(-hip_y / leg, t, "squat")
    starts = np.flatnonzero(~down[:-1] & down[1:]) + 1  # label up -> down
    assert list(starts) == [145, 338, 578, 639, 764]
    # 3 complete reps; 639 is a 3-frame 'up' blip inside a rep (clip joint) and the rep starting
    # at 764 is cut by the end of the file before the person stands up.
    assert len(reps) == 3
    assert np.allclose([r.start for r in reps], [145, 338, 578], atol=8)
    for r in reps:
        assert down[r.deepest]
