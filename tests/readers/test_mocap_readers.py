"""TRC and C3D readers on the real recordings in ../shared/data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from tests.conftest import require

from valgus.errors import InputError
from valgus.io.readers import read_motion
from valgus.io.readers.joint_centres import harrington_hip
from valgus.skeleton import INDEX

pytestmark = pytest.mark.realdata


def _trcs(root: Path) -> list[Path]:
    return sorted(root.rglob("*.trc"))


def _height(rec, joint: str) -> np.ndarray:
    w = rec.world
    return w.positions[:, INDEX[joint]] @ w.up


def test_every_trc_reads_with_plausible_geometry(shared_data: Path) -> None:
    files = _trcs(shared_data)
    assert len(files) == 14
    for path in files:
        rec = read_motion(path)
        w = rec.world
        assert rec.kind == "trc" and w.space == "lab" and w.units == "m"
        assert np.allclose(w.up, [0.0, 1.0, 0.0]), path.name  # OpenSim / Pose2Sim: Y up
        for side in ("left", "right"):
            thigh = np.linalg.norm(
                w.positions[:, INDEX[f"{side}_knee"]] - w.positions[:, INDEX[f"{side}_hip"]], axis=1
            )
            assert 0.3 < np.nanmedian(thigh) < 0.55, path.name
            # first frame: hips above knees above ankles
            hip, knee, ankle = (_height(rec, f"{side}_{p}")[0] for p in ("hip", "knee", "ankle"))
            assert hip > knee > ankle, path.name
        assert w.times[0] == 0.0
        assert np.nanmin(w.confidence) == 1.0


def test_trc_frame_counts_and_rates(shared_data: Path) -> None:
    walk = read_motion(require(shared_data / "opencap_processing/walk.trc"))
    assert walk.world.n_frames == 222 and walk.world.fps == pytest.approx(60.0, rel=1e-4)
    squats = read_motion(require(shared_data / "opencap_subject4_nimble/MarkerData/squats1.trc"))
    assert squats.world.n_frames == 1346 and squats.world.fps == pytest.approx(100.0)


def test_opencap_knee_is_midpoint_of_epicondyles(shared_data: Path) -> None:
    rec = read_motion(require(shared_data / "opencap_processing/walk.trc"))
    m = rec.meta["markers"]
    expected = (m["r_knee_study"] + m["r_mknee_study"]) / 2
    assert np.allclose(rec.world.joint("right_knee"), expected)
    assert np.allclose(rec.world.joint("right_hip"), m["RHJC_study"])
    assert rec.meta["convention"] == "opencap"


def test_labvalidation_lateral_only_knee_is_noted(shared_data: Path) -> None:
    dyn = read_motion(require(shared_data / "opencap_subject4_nimble/MarkerData/DJ1.trc"))
    assert any("only the lateral knee marker" in n for n in dyn.meta["notes"])
    assert dyn.meta["joint_rules"]["left_knee"] == "first_present: L_knee"
    static = read_motion(require(shared_data / "opencap_subject4_nimble/MarkerData/static1.trc"))
    assert static.meta["joint_rules"]["left_knee"] == "midpoint: midpoint(L_knee, L_mknee)"
    assert not any("lateral knee" in n for n in static.meta["notes"])


def test_pose2sim_uses_its_own_names(shared_data: Path) -> None:
    path = shared_data / "pose2sim_demo/pose-3d/BalancingTrial_0-100_filt_butterworth.trc"
    rec = read_motion(require(path))
    assert rec.meta["convention"] == "pose2sim"
    assert rec.meta["joint_rules"]["right_knee"] == "first_present: RKnee"
    assert rec.meta["time_offset_s"] == pytest.approx(1 / 60, abs=1e-6)


def test_harrington_matches_labvalidation_hjc(shared_data: Path) -> None:
    """Harrington from the ASIS/PSIS markers lands within 3 cm of the file's own HJC."""
    rec = read_motion(require(shared_data / "opencap_subject4_nimble/MarkerData/static1.trc"))
    m = rec.meta["markers"]
    for side, key in (("right", "R_HJC"), ("left", "L_HJC")):
        hip = harrington_hip(m["r.ASIS"], m["L.ASIS"], m["r.PSIS"], m["L.PSIS"], side)
        err = np.linalg.norm(hip - m[key], axis=1)
        assert np.nanmedian(err) < 0.03


def test_c3d_squat(shared_data: Path) -> None:
    rec = read_motion(require(shared_data / "nimble_c3d_squat/squat.c3d"))
    w = rec.world
    assert rec.kind == "c3d" and w.n_frames == 2539 and w.fps == pytest.approx(120.0)
    assert np.allclose(w.up, [0.0, 1.0, 0.0])
    assert rec.meta["convention"] == "plugin_gait"
    m = rec.meta["markers"]
    knee = w.joint("left_knee")
    ok = np.isfinite(knee).all(axis=1)
    assert ok.sum() > 2300
    assert np.allclose(knee[ok], (m["LKNE"][ok] + m["LKNI"][ok]) / 2)
    # the knee centre lies between the lateral and medial markers
    lat = np.linalg.norm(knee[ok] - m["LKNE"][ok], axis=1)
    med = np.linalg.norm(knee[ok] - m["LKNI"][ok], axis=1)
    assert np.allclose(lat, med) and 0.04 < np.median(lat) < 0.08
    assert "harrington" in rec.meta["joint_rules"]["left_hip"]
    hip_width = np.linalg.norm(w.joint("left_hip") - w.joint("right_hip"), axis=1)
    assert 0.12 < np.nanmedian(hip_width) < 0.22
    # gaps are NaN, never 0
    assert not (w.positions == 0.0).all(axis=2).any()
    assert np.isnan(w.joint("left_hip")).any()


def test_unknown_markers_give_input_error(tmp_path: Path) -> None:
    path = tmp_path / "odd.trc"
    path.write_text(
        "PathFileType\t4\t(X/Y/Z)\todd.trc\n"
        "DataRate\tCameraRate\tNumFrames\tNumMarkers\tUnits\tOrigDataRate\tOrigDataStartFrame\tOrigNumFrames\n"
        "100\t100\t2\t2\tmm\t100\t1\t2\n"
        "Frame#\tTime\tFoo\t\t\tBar\t\t\n"
        "\t\tX1\tY1\tZ1\tX2\tY2\tZ2\n\n"
        "1\t0\t1\t2\t3\t4\t5\t6\n2\t0.01\t1\t2\t3\t4\t5\t6\n"
    )
    with pytest.raises(
        InputError, match=r"no hip/knee/ankle markers recognised in odd.trc \(found: Foo, Bar\)"
    ):
        read_motion(path)


def _tiny_trc(values: str, frames: int = 2) -> str:
    names = ["RHip", "RKnee", "RAnkle", "LHip", "LKnee", "LAnkle", "Nose"]
    return (
        "PathFileType\t4\t(X/Y/Z)\tx.trc\n"
        "DataRate\tCameraRate\tNumFrames\tNumMarkers\tUnits\tOrigDataRate\tOrigDataStartFrame\tOrigNumFrames\n"
        f"100\t100\t{frames}\t{len(names)}\tm\t100\t1\t{frames}\n"
        "Frame#\tTime\t" + "\t\t\t".join(names) + "\t\t\n"
        "\t\t" + "\t".join(f"X{i}\tY{i}\tZ{i}" for i in range(1, 8)) + "\n\n" + values
    )


def test_all_nan_legs_give_input_error(tmp_path: Path) -> None:
    row = "\t".join(["NaN"] * 18 + ["0", "1.7", "0"])
    path = tmp_path / "nan.trc"
    path.write_text(_tiny_trc(f"1\t0\t{row}\n2\t0.01\t{row}\n"))
    with pytest.raises(InputError, match="every hip, knee and ankle value is missing"):
        read_motion(path)


def test_truncated_trc_gives_input_error(tmp_path: Path) -> None:
    row = "\t".join(
        ["0.1", "0.9", "0", "0.1", "0.5", "0", "0.1", "0.1", "0"] * 2 + ["0", "1.7", "0"]
    )
    good = tmp_path / "good.trc"
    good.write_text(_tiny_trc(f"1\t0\t{row}\n2\t0.01\t{row}\n"))
    assert read_motion(good).world.n_frames == 2
    cut = tmp_path / "cut.trc"
    cut.write_text(_tiny_trc(f"1\t0\t{row}\n2\t0.01\t{row[:20]}"))
    with pytest.raises(InputError, match="truncated"):
        read_motion(cut)
    short = tmp_path / "short.trc"
    short.write_text(_tiny_trc(f"1\t0\t{row}\n", frames=5))
    with pytest.raises(InputError, match="promises 5 frames"):
        read_motion(short)
    bad = tmp_path / "bad.trc"
    bad.write_text("hello\n")
    with pytest.raises(InputError, match="too short"):
        read_motion(bad)


def test_broken_c3d_and_unknown_extension(tmp_path: Path) -> None:
    c3d = tmp_path / "broken.c3d"
    c3d.write_bytes(b"\x00" * 100)
    with pytest.raises(InputError, match=r"broken\.c3d"):
        read_motion(c3d)
    other = tmp_path / "x.xyz"
    other.write_text("1")
    with pytest.raises(InputError, match=r"unsupported file type \.xyz"):
        read_motion(other)
    with pytest.raises(InputError, match="no such file"):
        read_motion(tmp_path / "missing.trc")
