"""Smoke test: the benchmark script's functions run on tiny inputs (no timing assertions)."""

from __future__ import annotations

import importlib.util
import sys
from fractions import Fraction
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from valgus.synthetic import squat_trial

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "benchmark.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("valgus_benchmark_script", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_tile_recording_makes_one_long_trial(bench: ModuleType) -> None:
    rec = squat_trial(2, fps=60.0).recording
    n = rec.primary.n_frames
    big = bench.tile_recording(rec, 3 * n + 1)
    assert big.primary.n_frames == 4 * n
    np.testing.assert_allclose(np.diff(big.primary.times), 1 / 60.0)
    np.testing.assert_array_equal(big.primary.positions[n : 2 * n], rec.primary.positions)


def test_analysis_throughput_reports_every_stage(bench: ModuleType) -> None:
    rec = squat_trial(2, fps=60.0).recording
    res = bench.analysis_throughput(rec, 2 * rec.primary.n_frames, repeats=1)
    assert res["frames"] == 2 * rec.primary.n_frames
    assert res["rep_sides"] == 2 * 2 * 2  # 2 reps per copy, 2 copies, both sides
    assert set(bench.STAGES) <= set(res["stages"])
    assert res["stages"]["condition"] > 0 and res["stages"]["per-rep metrics + verdicts"] > 0
    # The timers are removed again afterwards.
    import valgus.analysis.pipeline as pipeline

    assert pipeline.condition_recording.__module__ == "valgus.analysis.conditioning"


def _tiny_clip(path: Path, frames: int = 10) -> None:
    import av

    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=30)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for i in range(frames):
            rgb = np.full((48, 64, 3), 20 * i, dtype=np.uint8)
            frame = av.VideoFrame.from_ndarray(rgb, format="rgb24").reformat(format="yuv420p")
            frame.pts, frame.time_base = i, Fraction(1, 30)
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)


def test_looped_video_has_the_requested_length(bench: ModuleType, tmp_path: Path) -> None:
    import av

    from valgus.io.video import probe

    src = tmp_path / "tiny.mp4"
    _tiny_clip(src)
    dest = tmp_path / "looped.mp4"
    assert bench.make_looped_video(src, dest, 1.0, tmp_path) == 30
    info = probe(dest)
    assert info.fps == pytest.approx(30.0)
    with av.open(str(dest)) as c:
        decoded = [f.to_ndarray(format="rgb24")[0, 0, 0] for f in c.decode(video=0)]
    assert len(decoded) == 30
    # Frame 10 is the loop's first frame again.
    assert abs(int(decoded[10]) - int(decoded[0])) <= 3


def test_render_markdown_holds_the_numbers(bench: ModuleType) -> None:
    res = {
        "quick": True,
        "machine": {
            "date": "2026-01-01 00:00 UTC", "cpu": "Test CPU", "cores": 2, "platform": "x",
            "python": "3.11", "numpy": "2", "scipy": "1", "mediapipe": "0.10", "av": "1",
            "opencv": "4",
        },
        "clip_name": "squats.mp4",
        "clip_size": "1280x720",
        "raw": {"decode_s": 1.0, "detect_s": 9.0, "total_s": 10.0, "fps": 36.5,
                "decode_fps": 365.0, "detect_fps": 40.6, "frames": 365},
        "serial": {"frames": 365, "reps": 5, "load_s": 10.2, "sha256_s": 0.01,
                   "analyze_s": 0.05, "to_json_dict_s": 0.01, "outputs_s": 0.5,
                   "pipeline_s": 10.77, "video_s": None, "video_error": None},
        "pipeline": {"frames": 365, "reps": 5, "load_s": 5.43, "sha256_s": 0.01,
                     "analyze_s": 0.05, "to_json_dict_s": 0.01, "outputs_s": 0.5,
                     "pipeline_s": 6.0, "video_s": 4.0, "video_error": None},
        "parts": [0, 202],
        "analysis": {"frames": 100_000, "rep_sides": 2740, "seconds": 2.0, "fps": 50_000.0,
                     "staged_seconds": 2.0, "repeats": 1,
                     "stages": {"condition": 1.0, "per-rep metrics + verdicts": 1.0}},
        "memory": {"1 min": {"frames": 1800, "seconds": 60.0, "maxrss_mb": 400.0,
                             "workers_maxrss_mb": 300.0},
                   "3 min": {"frames": 5400, "seconds": 180.0, "maxrss_mb": 410.0,
                             "workers_maxrss_mb": 302.0}},
    }  # fmt: skip
    text = bench.render_markdown(res)
    assert "Test CPU" in text and "mediapipe 0.10" in text
    assert "**1.077**" in text  # pipeline in one process / raw
    assert "+7.7%" in text
    assert "2 processes, parts from frames 0, 202" in text
    assert "**0.600**" in text and "1.67x as fast" in text  # default pipeline / raw
    assert "| **full pipeline with annotated video** | **10.00** |" in text
    assert "50,000 frames/s" in text
    assert "for 3,600 more frames: main process +10 MB (2.84 KB/frame), pose worker +2 MB" in text


def test_paired_ratios_pair_each_pipeline_run_with_the_raw_run_before_it(
    bench: ModuleType,
) -> None:
    ratios = bench.paired_ratios([16.0, 20.0, 18.0], [16.8, 20.2, 19.8])
    assert [round(r, 3) for r in ratios] == [1.05, 1.01, 1.1]
    # the best-of ratio (16.8 / 16.0) and the paired median (1.05) are both reported
    assert bench.paired_ratios([], [1.0]) == []
