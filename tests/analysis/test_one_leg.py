"""A recording that holds one leg only: that leg is measured, the other is "not in the recording"."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from tests.conftest import require
from typer.testing import CliRunner

from valgus import synthetic
from valgus.analysis.load import load_recording
from valgus.analysis.pipeline import analyze_recording
from valgus.analysis.result import to_json_dict
from valgus.cli.main import app, main
from valgus.keypoints import Recording
from valgus.skeleton import INDEX

LEG_PARTS = ("hip", "knee", "ankle", "heel", "toe")


def without(recording: Recording, joints: list[str]) -> Recording:
    """The recording with these joints missing (NaN) in every frame."""
    world = recording.world
    assert world is not None
    pos, conf = world.positions.copy(), world.confidence.copy()
    idx = [INDEX[j] for j in joints]
    pos[:, idx] = np.nan
    conf[:, idx] = np.nan
    return Recording(
        source=recording.source,
        kind=recording.kind,
        world=world.with_positions(pos, conf),
        meta=recording.meta,
    )


def one_leg_trc(
    tmp_path: Path, keep: str, *, stance: str = "both", columns: bool = False
) -> tuple[Path, float]:
    """A Pose2Sim-style TRC with only ``keep``'s leg and hip; its known peak FPPA.

    columns: the other leg's columns are absent from the file (else present but empty throughout).
    """
    gone = "left" if keep == "right" else "right"
    trial = synthetic.squat_trial(
        3,
        valgus_deg={"left": 6.0, "right": 14.0},
        peak_flexion_deg=60.0,
        stance=stance,  # type: ignore[arg-type]
        yaw_deg=25.0,
    )
    rec = without(trial.recording, [f"{gone}_{p}" for p in LEG_PARTS])
    path = synthetic.write_trc(rec, tmp_path / f"only_{keep}.trc")
    if columns:
        letter = gone[0].upper()
        names = {f"{letter}{n}" for n in ("Hip", "Knee", "Ankle", "Heel", "BigToe")}
        assert len(drop_trc_markers(path, path, lambda n: n in names)) == 5
        header = path.read_text().splitlines()[3]
        assert f"{letter}Hip" not in header and f"{keep[0].upper()}Knee" in header
    return path, trial.reps[0].peak_fppa_deg[0 if keep == "left" else 1]


@pytest.mark.parametrize(("keep", "columns"), [("right", True), ("left", False)])
def test_cli_measures_the_leg_that_is_there(tmp_path: Path, keep: str, columns: bool) -> None:
    path, truth = one_leg_trc(tmp_path, keep, columns=columns)
    gone = "left" if keep == "right" else "right"
    out = tmp_path / "a.json"
    result = CliRunner().invoke(
        app,
        [
            "analyze",
            str(path),
            "--task",
            "bilateral-squat",
            "--json",
            str(out),
            "--out",
            str(tmp_path),
            "--quiet",
        ],
    )
    assert result.exit_code in (0, 3), result.output  # 3 = a verdict worth attention
    data = json.loads(out.read_text())
    assert data["side"] == keep
    measured = [r for r in data["reps"] if r["side"] == keep]
    missing = [r for r in data["reps"] if r["side"] == gone]
    assert len(measured) == len(missing) == 3
    for r in measured:
        assert r["verdict"] != "no_reading"
        assert r["fppa_deg"] == pytest.approx(truth, abs=1.0)
        # Needs both legs: no value, and the reason says why.
        assert r["metrics"]["kasr"]["value"] is None
        assert r["metrics"]["kasr"]["reason"] == f"needs both legs; {gone} leg not in the recording"
    for r in missing:
        assert r["verdict"] == "no_reading"
        assert r["reason"] == f"{gone} leg not in the recording"
        assert r["fppa_deg"] is None
    assert data["summary"][gone]["n_readings"] == 0
    assert any(f"only the {keep} leg is in the recording" in w for w in data["quality"]["warnings"])


def test_single_leg_task_side_naming_the_missing_leg_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, truth = one_leg_trc(tmp_path, "right", stance="right", columns=True)
    code = main(
        [
            "analyze",
            str(path),
            "--task",
            "single-leg-squat",
            "--side",
            "left",
            "--out",
            str(path.parent),
            "--quiet",
        ]
    )
    err = capsys.readouterr().err
    assert code != 0 and "Traceback" not in err
    lines = [ln for ln in err.strip().splitlines() if ln.strip()]
    text = " ".join(lines)
    assert text.startswith("error:") and "the left leg is not in the recording" in text, err
    assert "--side right" in text

    data = to_json_dict(analyze_recording(load_recording(path), "single-leg-squat", side="right"))
    assert data["side"] == "right"
    assert [r["side"] for r in data["reps"]] == ["right"] * 3
    assert all(r["fppa_deg"] == pytest.approx(truth, abs=1.0) for r in data["reps"])


def test_neither_lateral_pair_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    trial = synthetic.squat_trial(1)
    gone = [f"left_{p}" for p in LEG_PARTS] + ["left_shoulder", "right_shoulder"]
    path = synthetic.write_trc(without(trial.recording, gone), tmp_path / "no_axis.trc")
    code = main(
        ["analyze", str(path), "--task", "bilateral-squat", "--out", str(path.parent), "--quiet"]
    )
    err = capsys.readouterr().err
    assert code != 0 and "Traceback" not in err
    assert "neither both hips nor both shoulders" in err


def test_no_leg_at_all_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    trial = synthetic.squat_trial(1)
    gone = [f"{s}_{p}" for s in ("left", "right") for p in ("knee", "ankle")]
    path = synthetic.write_trc(without(trial.recording, gone), tmp_path / "no_legs.trc")
    code = main(
        ["analyze", str(path), "--task", "bilateral-squat", "--out", str(path.parent), "--quiet"]
    )
    err = capsys.readouterr().err
    assert code != 0 and "visible together in only 0% of frames" in err


# --- real data: a leg's markers removed from an OpenCap marker file -------------------------------

OPENCAP_LEG = ("knee", "ankle", "calc", "toe", "5meta", "thigh", "sh2", "sh3", "shank")
OPENCAP_PELVIS = ("HJC", "HJC_reg", "ASIS", "PSIS")


def opencap_leg_marker(side: str, pelvis_too: bool) -> Callable[[str], bool]:
    letter = side[0]

    def is_leg(name: str) -> bool:
        low = name.lower()
        if not low.startswith((f"{letter}_", f"{letter}.")):
            return False
        part = low[2:]
        if any(part.startswith(p.lower()) for p in OPENCAP_PELVIS):
            return pelvis_too
        return part.startswith(OPENCAP_LEG)

    return is_leg


def drop_trc_markers(src: Path, dst: Path, drop: Callable[[str], bool]) -> list[str]:
    """Copy a TRC without the markers ``drop`` selects; the names dropped."""
    lines = src.read_text(encoding="utf-8").splitlines()
    names = [n for n in lines[3].split("\t")[2:] if n.strip()]
    keep = [i for i, n in enumerate(names) if not drop(n)]
    cols = [0, 1] + [2 + 3 * i + k for i in keep for k in range(3)]
    values = lines[2].split("\t")
    values[3] = str(len(keep))  # NumMarkers
    out = [lines[0], lines[1], "\t".join(values)]
    out.append("\t".join(["Frame#", "Time", *(x for i in keep for x in (names[i], "", ""))]))
    out.append("\t".join(["", "", *(f"{a}{j + 1}" for j in range(len(keep)) for a in "XYZ")]))
    for line in lines[5:]:
        fields = line.split("\t")
        out.append("\t".join(fields[c] if c < len(fields) else "" for c in cols) if line else "")
    dst.write_text("\n".join(out) + "\n", encoding="utf-8")
    return [names[i] for i in range(len(names)) if i not in set(keep)]


def reps_of(path: Path) -> dict[str, Any]:
    return to_json_dict(analyze_recording(load_recording(path), "bilateral-squat"))


def per_rep(data: dict[str, Any], side: str, key: str) -> list[float | None]:
    return [r["metrics"][key]["value"] for r in data["reps"] if r["side"] == side]


@pytest.mark.parametrize("gone", ["left", "right"])
def test_opencap_squats_one_leg_removed_keeps_the_other_legs_values(
    shared_data: Path, tmp_path: Path, gone: str
) -> None:
    src = require(shared_data / "opencap_subject4_nimble/MarkerData/squats1.trc")
    keep = "right" if gone == "left" else "left"
    full = reps_of(src)
    copy = tmp_path / f"squats1_no_{gone}_leg.trc"
    dropped = drop_trc_markers(src, copy, opencap_leg_marker(gone, pelvis_too=False))
    assert f"{gone[0]}_knee" in {d.lower() for d in dropped} and len(dropped) >= 8
    one = reps_of(copy)
    assert one["side"] == keep
    assert len({r["index"] for r in one["reps"]}) == 5
    for key in ("fppa_max_deg", "fppa_descent_deg"):
        a, b = per_rep(full, keep, key), per_rep(one, keep, key)
        assert all(v is not None for v in a) and len(a) == 5
        assert b == pytest.approx(a, abs=0.01), key
    assert all(
        r["verdict"] == "no_reading" and r["reason"] == f"{gone} leg not in the recording"
        for r in one["reps"]
        if r["side"] == gone
    )


def test_opencap_squats_leg_and_hip_removed_uses_the_shoulders(
    shared_data: Path, tmp_path: Path
) -> None:
    """Without the left hip the shoulders give the lateral axis; it follows the trunk, not the
    pelvis, so values move a little (measured: 0.7-2.3° on the per-rep maximum FPPA)."""
    src = require(shared_data / "opencap_subject4_nimble/MarkerData/squats1.trc")
    full = reps_of(src)
    copy = tmp_path / "squats1_no_left_leg_or_hip.trc"
    drop_trc_markers(src, copy, opencap_leg_marker("left", pelvis_too=True))
    one = reps_of(copy)
    a, b = per_rep(full, "right", "fppa_max_deg"), per_rep(one, "right", "fppa_max_deg")
    assert len(b) == 5 and all(v is not None for v in b)
    assert np.abs(np.subtract(b, a)).max() < 3.0  # type: ignore[arg-type]


@pytest.mark.parametrize("camera_yaw", [0.0, 180.0])
def test_image_keypoints_with_one_leg_front_and_back(camera_yaw: float) -> None:
    """2-D: with one hip the shoulders tell front from back, so the FPPA keeps its sign."""
    trial = synthetic.squat_trial(2, valgus_deg={"left": 6.0, "right": 14.0}, peak_flexion_deg=60)
    image = synthetic.project_to_camera(trial.recording, yaw_deg=camera_yaw, distance_m=6.0)
    assert image.image is not None
    pos, conf = image.image.positions.copy(), image.image.confidence.copy()
    idx = [INDEX[f"left_{p}"] for p in LEG_PARTS]
    pos[:, idx], conf[:, idx] = np.nan, np.nan
    rec = Recording(
        source="one_leg_2d",
        kind=image.kind,
        image=image.image.with_positions(pos, conf),
        image_size=image.image_size,
        meta=image.meta,
    )
    data = to_json_dict(analyze_recording(rec, "bilateral-squat"))
    assert data["camera"]["view"] == ("front" if camera_yaw == 0.0 else "back")
    right = [r["fppa_deg"] for r in data["reps"] if r["side"] == "right"]
    assert right == pytest.approx([trial.reps[0].peak_fppa_deg[1]] * 2, abs=1.0)
    assert all(r["verdict"] == "no_reading" for r in data["reps"] if r["side"] == "left")


def _strip_left_leg(kp: Any) -> Any:
    pos, conf = kp.positions.copy(), kp.confidence.copy()
    idx = [INDEX[f"left_{p}"] for p in LEG_PARTS]
    pos[:, idx], conf[:, idx] = np.nan, np.nan
    return kp.with_positions(pos, conf)


@pytest.mark.parametrize("with_world", [False, True])
@pytest.mark.parametrize(("camera_yaw", "view"), [(40.0, "oblique"), (70.0, "side")])
def test_one_leg_video_from_an_angle_is_still_refused(
    camera_yaw: float, view: str, with_world: bool
) -> None:
    """One leg hidden (as in a half-side view): the camera check must still see the angle, from
    the shoulders (world landmarks) or the one-hip trunk height (2-D), and give no FPPA."""
    trial = synthetic.squat_trial(2, valgus_deg={"left": 6.0, "right": 14.0}, peak_flexion_deg=60)
    im = synthetic.project_to_camera(
        trial.recording, yaw_deg=camera_yaw, distance_m=6.0, with_world=with_world
    )
    assert im.image is not None
    rec = Recording(
        source="one_leg_oblique",
        kind=im.kind,
        image=_strip_left_leg(im.image),
        world=_strip_left_leg(im.world) if with_world else None,
        image_size=im.image_size,
        meta=im.meta,
    )
    data = to_json_dict(analyze_recording(rec, "bilateral-squat"))
    assert data["camera"]["view"] == view and data["camera"]["ok"] is False
    assert all(r["fppa_deg"] is None for r in data["reps"])
    if with_world:
        assert abs(abs(data["camera"]["yaw_deg"]) - camera_yaw) < 2.0
