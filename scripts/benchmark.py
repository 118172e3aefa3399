"""Benchmark of valgus on one real 720p clip (issue #2's proof); writes docs/benchmark.md.

In one run, on the same clip (default: ../shared/data/ambaks_nowva/videos/squats.mp4):

1. raw pose inference: decode (valgus.io.video.iter_frames) + the MediaPipe calls the pose
   backend makes (``detect_for_video`` on every frame, the people counter's ``detect`` every
   0.5 s), same model and options, nothing else;
2. the full pipeline: load_recording + analyze_recording + build_result + JSON/CSV/plot, and
   separately the annotated video; the ratio pipeline / raw inference;
3. analysis-only throughput: analyze_recording on the clip's keypoints tiled to many frames,
   broken down per stage (time.perf_counter around the pipeline's own functions);
4. peak memory (max RSS of a fresh subprocess running load_recording) on the clip looped to
   1 and 10 minutes (``--quick``: 1 and 3 minutes), re-encoded with PyAV (H.264, 30 fps).

Usage: python scripts/benchmark.py [--quick] [--out docs/benchmark.md]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from valgus.pose.mediapipe_backend import quiet_native_stderr

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CLIP = REPO.parent / "shared" / "data" / "ambaks_nowva" / "videos" / "squats.mp4"
TASK = "bilateral-squat"
LOOP_FPS = 30

Result = dict[str, Any]


# ---------------------------------------------------------------- machine facts


def machine_facts() -> Result:
    """CPU model, cores, Python and library versions."""
    import mediapipe
    import scipy

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "mediapipe": mediapipe.__version__,
        "av": _version("av"),
        "opencv": _version("cv2"),
        "load_average": _load_average(),
    }


def _load_average() -> str:
    try:
        return " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def _version(module: str) -> str:
    try:
        return str(__import__(module).__version__)
    except (ImportError, AttributeError):
        return "?"


# ---------------------------------------------------------------- 1. raw inference


def _landmarkers() -> tuple[Any, Any]:
    """The pose backend's model calls: a VIDEO-mode tracker (num_poses=1) and an IMAGE-mode
    people counter (num_poses=2), with the backend's model and options."""
    from valgus.pose.mediapipe_backend import MAX_PEOPLE, create_landmarker
    from valgus.pose.models import resolve_model

    path = resolve_model(None).path
    with quiet_native_stderr():
        return create_landmarker(path, 1), create_landmarker(path, MAX_PEOPLE, video=False)


def raw_inference(video: Path) -> Result:
    """Decode every frame and run the model on it as the backend does (detect_for_video on every
    frame, detect on one frame every pose.yaml people.check_every_s), nothing else; decode and
    detect timed apart. (The clip holds one person, so the backend never switches to searching
    every frame.)"""
    import mediapipe as mp

    from valgus.io.video import iter_frames
    from valgus.pose.mediapipe_backend import people_check_s

    tracker, counter = _landmarkers()
    check_ms = people_check_s() * 1000.0
    decode_s = detect_s = 0.0
    frames = 0
    last_ms = -1
    next_check_ms = -np.inf
    try:
        t_all, cpu_all = time.perf_counter(), time.process_time()
        stream = iter_frames(video)
        while True:
            t0 = time.perf_counter()
            item = next(stream, None)
            t1 = time.perf_counter()
            decode_s += t1 - t0
            if item is None:
                break
            _, time_s, rgb = item
            last_ms = max(round(time_s * 1000.0), last_ms + 1)
            image = mp.Image(image_format=mp.ImageFormat.SRGB, data=rgb)
            if last_ms >= next_check_ms:
                counter.detect(image)
                next_check_ms = last_ms + check_ms
            tracker.detect_for_video(image, last_ms)
            detect_s += time.perf_counter() - t1
            frames += 1
        total_s = time.perf_counter() - t_all
        cpu_s = time.process_time() - cpu_all
    finally:
        with quiet_native_stderr():
            tracker.close()
            counter.close()
    return {
        "frames": frames,
        "decode_s": decode_s,
        "detect_s": detect_s,
        "total_s": total_s,
        "cpu_s": cpu_s,
        "fps": frames / total_s,
        "decode_fps": frames / decode_s,
        "detect_fps": frames / detect_s,
    }


# ---------------------------------------------------------------- 2. full pipeline


def _timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    t0 = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - t0


def pipeline_run(
    video: Path, out_dir: Path, *, with_video: bool = True, workers: int | None = None
) -> tuple[Result, Any]:
    """The pipeline as ``valgus analyze`` runs it, timed per step; also returns the Recording.

    ``workers``: pose processes (None: the default, one per core; 1: this process alone, the
    same model calls as raw inference). The annotated video (and worst-rep still) is written in
    a separate step on the same analysis, so the clip's pose is estimated only once; as in
    ``valgus analyze``, the pose workers are kept and draw the video's parts.
    """
    from valgus.io.frame_workers import kept_warm

    with kept_warm():
        return _pipeline_steps(video, out_dir, with_video=with_video, workers=workers)


def _pipeline_steps(
    video: Path, out_dir: Path, *, with_video: bool, workers: int | None
) -> tuple[Result, Any]:
    from valgus.analysis.load import load_recording, sha256_file
    from valgus.analysis.outputs import OutputPlan, write_outputs
    from valgus.analysis.pipeline import analyze_recording
    from valgus.analysis.result import build_result

    out: Result = {}
    cpu0 = time.process_time()
    with quiet_native_stderr():
        rec, out["load_s"] = _timed(lambda: load_recording(video, workers=workers))
    sha, out["sha256_s"] = _timed(lambda: sha256_file(video))
    analysis, out["analyze_s"] = _timed(lambda: analyze_recording(rec, TASK, source_sha256=sha))
    data, out["to_json_dict_s"] = _timed(lambda: build_result(analysis))
    plan = OutputPlan.in_folder(out_dir, video.stem, video=False, crop=None)
    _, out["outputs_s"] = _timed(lambda: write_outputs(analysis, data, plan, video))
    out["cpu_s"] = time.process_time() - cpu0
    out["frames"] = rec.primary.n_frames
    out["reps"] = len({r.index for r in analysis.reps})
    out["pipeline_s"] = sum(
        out[k] for k in ("load_s", "sha256_s", "analyze_s", "to_json_dict_s", "outputs_s")
    )
    out["video_s"] = None
    out["video_error"] = None
    if with_video:
        vplan = OutputPlan(
            still=out_dir / f"{video.stem}.worst_rep.png",
            video=out_dir / f"{video.stem}.annotated.mp4",
        )
        try:
            _, out["video_s"] = _timed(
                lambda: write_outputs(analysis, build_result(analysis), vplan, video)
            )
        except ImportError as error:  # the annotated-video writer is not in this checkout
            out["video_error"] = f"annotated video not written: {error}"
    return out, rec


def cli_run(video: Path, out_dir: Path, *, with_video: bool) -> float:
    """Wall time of the real command a user runs (``valgus analyze CLIP --task …``, a fresh
    interpreter: imports, pose, analysis, every output; the annotated video unless ``--no-video``)."""
    cmd = [sys.executable, "-m", "valgus.cli.main", "analyze", str(video), "--task", TASK,
           "--out", str(out_dir)] + ([] if with_video else ["--no-video"])  # fmt: skip
    t0 = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=1800)
    wall = time.perf_counter() - t0
    if done.returncode != 0:
        raise RuntimeError(f"valgus analyze failed: {done.stderr.strip()[-500:]}")
    return wall


# ---------------------------------------------------------------- 3. analysis throughput


def tile_recording(rec: Any, n_frames: int) -> Any:
    """The recording's keypoints repeated end to end to at least ``n_frames`` frames.

    Times continue at the clip's median frame step, so the tiled trial is one long recording.
    """
    from valgus.keypoints import Keypoints

    t = rec.primary.n_frames
    reps = max(1, -(-n_frames // t))
    step = float(np.median(np.diff(rec.primary.times)))
    times = np.arange(t * reps, dtype=np.float64) * step

    def tile(kp: Keypoints | None) -> Keypoints | None:
        if kp is None:
            return None
        return replace(
            kp,
            positions=np.tile(kp.positions, (reps, 1, 1)),
            confidence=np.tile(kp.confidence, (reps, 1)),
            times=times,
        )

    n_people = None if rec.n_people is None else np.tile(rec.n_people, reps)
    return replace(rec, image=tile(rec.image), world=tile(rec.world), n_people=n_people)


# Stages: (module, attribute) pairs wrapped with a timer while analyze_recording runs.
STAGES: dict[str, list[tuple[str, str]]] = {
    "condition": [("valgus.analysis.pipeline", "condition_recording")],
    "frontal + camera check": [
        ("valgus.analysis.pipeline", "frontal_input"),
        ("valgus.analysis.pipeline", "check_usable"),
    ],
    "frame metrics": [("valgus.analysis.pipeline", "compute_frame_metrics")],
    "events": [
        ("valgus.analysis.detect", "events_for"),
        ("valgus.analysis.pipeline", "static_alignment"),
    ],
    "per-rep metrics + verdicts": [
        ("valgus.analysis.pipeline", "stance_sides"),
        ("valgus.analysis.pipeline", "rep_metrics_all"),
        ("valgus.analysis.pipeline", "measure_rep_side"),
    ],
}
# Inside "condition" (valgus.signals.pipeline.condition, run for image and world keypoints).
SUBSTAGES: dict[str, list[tuple[str, str]]] = {
    "  swap repair": [("valgus.signals.pipeline", "repair_swaps")],
    "  gating": [("valgus.signals.pipeline", "gate")],
    "  gap filling": [("valgus.signals.pipeline", "fill_positions")],
    "  low-pass": [("valgus.signals.pipeline", "lowpass")],
    "  events: reps": [("valgus.analysis.detect", "detect_reps")],
    "  events: standing": [
        ("valgus.analysis.detect", "detect_standing"),
        ("valgus.analysis.detect", "leg_speed"),
    ],
}


@contextmanager
def stage_timers(stages: dict[str, list[tuple[str, str]]]) -> Iterator[dict[str, float]]:
    """Wrap each named function with a perf_counter accumulator; restore on exit."""
    import importlib

    totals = dict.fromkeys(stages, 0.0)
    saved: list[tuple[Any, str, Any]] = []

    def timer(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                totals[name] += time.perf_counter() - t0

        return wrapped

    try:
        for name, targets in stages.items():
            for module_name, attr in targets:
                module = importlib.import_module(module_name)
                original = getattr(module, attr)
                saved.append((module, attr, original))
                setattr(module, attr, timer(name, original))
        yield totals
    finally:
        for module, attr, original in reversed(saved):
            setattr(module, attr, original)


def analysis_throughput(rec: Any, n_frames: int, repeats: int = 3) -> Result:
    """analyze_recording on the tiled keypoints: best-of-``repeats`` wall time and its stages."""
    from valgus.analysis.pipeline import analyze_recording

    big = tile_recording(rec, n_frames)
    n = big.primary.n_frames
    analyze_recording(big, TASK)  # warm-up: parameter files, imports
    best = np.inf
    for _ in range(repeats):
        _, elapsed = _timed(lambda: analyze_recording(big, TASK))
        best = min(best, elapsed)
    with stage_timers({**STAGES, **SUBSTAGES}) as totals:
        analysis, staged = _timed(lambda: analyze_recording(big, TASK))
    top = sum(totals[k] for k in STAGES)
    stages = {k: totals[k] for k in {**STAGES, **SUBSTAGES}}
    stages["rest (result assembly)"] = max(0.0, staged - top)
    return {
        "frames": n,
        "rep_sides": len(analysis.reps),
        "seconds": best,
        "fps": n / best,
        "staged_seconds": staged,
        "stages": stages,
    }


# ---------------------------------------------------------------- 4. peak memory


def encode_loop(source: Path, dest: Path, fps: int = LOOP_FPS) -> int:
    """Re-encode ``source`` once to H.264 (no B-frames, constant ``fps``); returns frame count."""
    import av

    with av.open(str(source)) as src, av.open(str(dest), "w") as out:
        in_stream = src.streams.video[0]
        stream = out.add_stream(
            "libx264", rate=fps, options={"preset": "ultrafast", "bf": "0", "g": "300"}
        )
        stream.width = in_stream.codec_context.width
        stream.height = in_stream.codec_context.height
        stream.pix_fmt = "yuv420p"
        n = 0
        for frame in src.decode(in_stream):
            new = frame.reformat(format="yuv420p")
            new.pts = n
            new.time_base = Fraction(1, fps)
            for packet in stream.encode(new):
                out.mux(packet)
            n += 1
        for packet in stream.encode(None):
            out.mux(packet)
    return n


def make_looped_video(source: Path, dest: Path, seconds: float, work: Path) -> int:
    """``source`` looped to ``seconds`` at 30 fps: one re-encoded loop, its packets repeated.

    The loop has no B-frames and starts with a key frame, so its packets can be concatenated
    with shifted time stamps. Returns the number of frames written.
    """
    import av

    loop = work / f"{source.stem}.loop.mp4"
    if not loop.exists():
        encode_loop(source, loop)
    target = round(seconds * LOOP_FPS)
    with av.open(str(loop)) as src:
        packets = [p for p in src.demux(src.streams.video[0]) if p.size > 0]
        in_stream = src.streams.video[0]
        packets.sort(key=lambda p: p.dts or 0)
        with av.open(str(dest), "w") as out:
            stream = out.add_stream_from_template(in_stream)
            time_base = in_stream.time_base or Fraction(1, 90_000)
            step = round(1 / (time_base * LOOP_FPS))
            for i in range(target):
                packet = packets[i % len(packets)]
                packet.stream = stream
                packet.pts = packet.dts = i * step
                packet.duration = step
                out.mux(packet)
    return target


def child_load(video: Path) -> Result:
    """Run in a fresh process: load_recording on ``video``; peak RSS from getrusage and /proc."""
    from valgus.analysis.load import load_recording

    with quiet_native_stderr():
        rec, elapsed = _timed(lambda: load_recording(video))
    hwm_kb = None
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                hwm_kb = int(line.split()[1])
    except OSError:
        pass
    return {
        "frames": rec.primary.n_frames,
        "seconds": elapsed,
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
        "vmhwm_mb": None if hwm_kb is None else hwm_kb / 1024.0,
        # the largest pose worker process (0 when the clip ran in this process alone)
        "workers_maxrss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0,
    }


def peak_memory(video: Path) -> Result:
    """Peak RSS of a fresh subprocess running load_recording on ``video``."""
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child-load", str(video)],
        capture_output=True,
        text=True,
        check=False,
    )
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"memory child failed on {video.name}: {proc.stderr.strip()[-500:]}")
    result: Result = json.loads(lines[-1])
    return result


# ---------------------------------------------------------------- report


def _f(x: float | None, digits: int = 1) -> str:
    return "n/a" if x is None else f"{x:,.{digits}f}"


def paired_ratios(raw_s: list[float], pipeline_s: list[float]) -> list[float]:
    """Pipeline time over raw time for each alternating pair of runs (run i of each)."""
    return [p / r for r, p in zip(raw_s, pipeline_s, strict=False) if r > 0]


def command_lines(res: Result, raw: Result) -> list[str]:
    """The default command, annotated video included, against raw inference (issue #14)."""
    cmd = res.get("command")
    if not cmd or not cmd["video_s"]:
        return []
    raws = raw.get("all_total_s", [raw["total_s"]])
    paired = [r / v for r, v in zip(raws, cmd["video_s"], strict=False)]
    best = raw["total_s"] / min(cmd["video_s"])
    return [
        "",
        "### The default command against raw inference",
        "",
        f"`valgus analyze CLIP --task {TASK} --out DIR` as a user runs it (a fresh interpreter: "
        "imports, pose, analysis, JSON/CSV/plot, worst-rep still and the annotated video; the "
        "pose worker process then draws and encodes its part of the video beside this one), "
        "timed in the same run as raw single-process inference:",
        "",
        "| run | raw inference (s) | `valgus analyze` (s) | `--no-video` (s) | speed vs raw |",
        "|---|---:|---:|---:|---:|",
        *(
            f"| {i + 1} | {r:.2f} | {v:.2f} | {n:.2f} | {r / v:.2f}x |"
            for i, (r, v, n) in enumerate(
                zip(raws, cmd["video_s"], cmd["no_video_s"], strict=False)
            )
        ),
        "",
        f"Best against best: **{best:.2f}x** raw single-process inference with the video "
        f"(paired runs: {', '.join(f'{p:.2f}x' for p in paired)}, median "
        f"{statistics.median(paired):.2f}x; goal ≥ 1.2x).",
    ]


def render_markdown(res: Result) -> str:
    """docs/benchmark.md from the results of one run."""
    m, raw, pipe, ana = res["machine"], res["raw"], res["pipeline"], res["analysis"]
    ser = res.get("serial", pipe)  # one process: the like-for-like overhead over raw inference
    parts = res.get("parts", [0])
    par_ratio = pipe["pipeline_s"] / raw["total_s"]
    n = pipe["frames"]
    lines = [
        "# Benchmark",
        "",
        f"Generated by `python scripts/benchmark.py{' --quick' if res['quick'] else ''}` on "
        f"{m['date']}. All figures are from this one run.",
        "",
        "## Machine",
        "",
        f"- CPU: {m['cpu']} ({m['cores']} cores visible)",
        f"- Platform: {m['platform']}",
        f"- Python {m['python']}, numpy {m['numpy']}, scipy {m['scipy']}, "
        f"mediapipe {m['mediapipe']}, PyAV {m['av']}, OpenCV {m['opencv']}",
        f"- Load average (1/5/15 min) at start: {m.get('load_average', '?')}; at end: "
        f"{m.get('load_average_end', '?')} (other jobs share the machine when this is above "
        "zero; wall times then vary from run to run, CPU times much less)",
        f"- Clip: `{res['clip_name']}` ({res['clip_size']}, {n} frames); task `{TASK}`",
        "",
        "## 1. Raw pose inference vs the full pipeline (same clip, same frames)",
        "",
        "Raw inference is one process making the pose backend's model calls (MediaPipe "
        "`detect_for_video` with num_poses=1 on every frame, `detect` with num_poses=2 on one "
        "frame every 0.5 s to look for bystanders) and nothing else. The pipeline rows below "
        "are `valgus analyze` in one process (`workers=1`), the like-for-like overhead; the "
        "default splits the clip over one process per core (docs/pose-model.md).",
        "",
        "| step | seconds | frames/s |",
        "|---|---:|---:|",
        f"| raw: decode only (OpenCV, as the pipeline decodes) | {_f(raw['decode_s'], 2)} | "
        f"{_f(raw['decode_fps'])} |",
        f"| raw: MediaPipe only (`detect_for_video` + people looks) | {_f(raw['detect_s'], 2)} | "
        f"{_f(raw['detect_fps'])} |",
        f"| **raw inference (decode + detect)** | **{_f(raw['total_s'], 2)}** | "
        f"**{_f(raw['fps'])}** |",
        f"| pipeline: `load_recording` (decode + pose backend + buffers) | "
        f"{_f(ser['load_s'], 2)} | {_f(n / ser['load_s'])} |",
        f"| pipeline: SHA-256 of the clip | {_f(ser['sha256_s'], 3)} | |",
        f"| pipeline: `analyze_recording` | {_f(ser['analyze_s'], 3)} | "
        f"{_f(n / ser['analyze_s'], 0)} |",
        f"| pipeline: `build_result` (typed result) | {_f(ser['to_json_dict_s'], 3)} | |",
        f"| pipeline: JSON + CSV + plot (`write_outputs`, no video) | "
        f"{_f(ser['outputs_s'], 3)} | |",
        f"| **full pipeline without annotated video, one process** | "
        f"**{_f(ser['pipeline_s'], 2)}** | **{_f(n / ser['pipeline_s'])}** |",
        f"| **full pipeline without annotated video, default ({len(parts)} processes, parts "
        f"from frames {', '.join(str(x) for x in parts)})** | **{_f(pipe['pipeline_s'], 2)}** | "
        f"**{_f(n / pipe['pipeline_s'])}** |",
    ]
    ratio = ser["pipeline_s"] / raw["total_s"]
    cpu_ratio = ser["cpu_s"] / raw["cpu_s"] if ser.get("cpu_s") and raw.get("cpu_s") else None
    if pipe["video_s"] is not None:
        with_video = pipe["pipeline_s"] + pipe["video_s"]
        lines += [
            f"| annotated video + worst-rep still (separate step) | {_f(pipe['video_s'], 2)} | "
            f"{_f(n / pipe['video_s'])} |",
            f"| **full pipeline with annotated video** | **{_f(with_video, 2)}** | "
            f"**{_f(n / with_video)}** |",
        ]
    lines += [
        "",
        f"Pipeline in one process / raw inference (time, the same model calls on the same "
        f"frames): **{ratio:.3f}**, i.e. the pipeline adds **{(ratio - 1) * 100:+.1f}%** over "
        "raw inference without the annotated video (goal: under +10%).",
        f"Default pipeline ({len(parts)} processes) / raw inference: **{par_ratio:.3f}**: the "
        f"clip is done in {par_ratio:.0%} of the raw single-process time "
        f"({1 / par_ratio:.2f}x as fast).",
    ]
    if cpu_ratio is not None:
        lines.append(
            f"In CPU time (all threads; less sensitive to other load on the machine): raw "
            f"{raw['cpu_s']:.2f} s, pipeline in one process {ser['cpu_s']:.2f} s, ratio **{cpu_ratio:.3f}** "
            f"({(cpu_ratio - 1) * 100:+.1f}%)."
        )
    if res.get("repeat", 1) > 1:
        lines.append(
            f"Best of {res['repeat']} alternating runs; all wall times, raw: "
            + ", ".join(f"{x:.2f}" for x in raw.get("all_total_s", []))
            + " s; pipeline in one process: "
            + ", ".join(f"{x:.2f}" for x in ser.get("all_pipeline_s", []))
            + " s; default pipeline: "
            + ", ".join(f"{x:.2f}" for x in pipe.get("all_pipeline_s", []))
            + " s."
        )
        paired = paired_ratios(raw.get("all_total_s", []), ser.get("all_pipeline_s", []))
        if paired:
            mid = float(np.median(paired))
            lines.append(
                "Paired (each one-process pipeline run over the raw run just before it, so slow "
                "spells of a "
                "shared machine hit both): "
                + ", ".join(f"{r:.3f}" for r in paired)
                + f"; median **{mid:.3f}** ({(mid - 1) * 100:+.1f}%)."
            )
    if pipe["video_s"] is not None:
        rv = (pipe["pipeline_s"] + pipe["video_s"]) / raw["total_s"]
        lines.append(
            f"With the annotated video: **{rv:.3f}** ({(rv - 1) * 100:+.1f}%); the video "
            "writer decodes the clip again, draws the overlay and encodes H.264."
        )
    if pipe.get("video_error"):
        lines.append(f"Annotated video: {pipe['video_error']}.")
    lines += command_lines(res, raw)
    overhead = ser["pipeline_s"] - raw["total_s"]
    lines += [
        "",
        f"Where the extra {overhead:+.2f} s goes: `load_recording` vs raw inference "
        f"{ser['load_s'] - raw['total_s']:+.2f} s (pose backend's landmark conversion, "
        "main-person choice, buffers; plus run-to-run noise of the model), analysis "
        f"{ser['analyze_s']:.3f} s, JSON dict {ser['to_json_dict_s']:.3f} s, files "
        f"{ser['outputs_s']:.3f} s, SHA-256 {ser['sha256_s']:.3f} s.",
        "",
        "## 2. Analysis-only throughput (keypoints in, Analysis out)",
        "",
        f"`analyze_recording` on the clip's own keypoints (image + world landmarks) tiled to "
        f"{ana['frames']:,} frames ({ana['rep_sides']:,} rep-sides), best of "
        f"{ana['repeats']} runs: **{ana['seconds']:.3f} s = {ana['fps']:,.0f} frames/s** "
        "(goal: over 1,000,000 frames/s).",
        "",
        f"Per stage (one further run with timers, {ana['staged_seconds']:.3f} s):",
        "",
        "| stage | seconds | share | frames/s of this stage alone |",
        "|---|---:|---:|---:|",
    ]
    for name, sec in ana["stages"].items():
        share = sec / ana["staged_seconds"] if ana["staged_seconds"] else 0.0
        rate = f"{ana['frames'] / sec:,.0f}" if sec > 0 else "—"
        lines.append(f"| {name} | {sec:.4f} | {share:.0%} | {rate} |")
    lines += [
        "",
        "Indented rows are parts of the row above them (condition runs once for the image "
        "keypoints and once for the world landmarks).",
        "",
        "## 3. Peak memory (fresh process per clip, `load_recording`)",
        "",
        "The clip is re-encoded once with PyAV (H.264, 30 fps, no B-frames) and its packets "
        "repeated to the length below.",
        "",
        "| clip | frames | load seconds | frames/s | peak RSS (MB), main process | "
        "peak RSS (MB), pose worker |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for label, mem in res["memory"].items():
        lines.append(
            f"| {label} | {mem['frames']:,} | {mem['seconds']:.1f} | "
            f"{mem['frames'] / mem['seconds']:.1f} | {mem['maxrss_mb']:.0f} | "
            f"{mem.get('workers_maxrss_mb', 0.0):.0f} |"
        )
    mems = list(res["memory"].values())
    if len(mems) >= 2:
        growth = mems[-1]["maxrss_mb"] - mems[0]["maxrss_mb"]
        w_growth = mems[-1].get("workers_maxrss_mb", 0.0) - mems[0].get("workers_maxrss_mb", 0.0)
        extra = mems[-1]["frames"] - mems[0]["frames"]
        lines += [
            "",
            f"Growth from the shortest to the longest clip, for {extra:,} more frames: main "
            f"process {growth:+.0f} MB ({growth * 1024 / max(extra, 1):.2f} KB/frame), pose "
            f"worker {w_growth:+.0f} MB ({w_growth * 1024 / max(extra, 1):.2f} KB/frame). "
            "Frames are streamed; what grows is the per-frame keypoint arrays (about 0.6 KB/frame "
            "in float64, the worker's half sent back at the end) and the allocator's high-water "
            "mark.",
        ]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- main


def run(clip: Path, quick: bool, analysis_frames: int, work: Path, repeat: int = 2) -> Result:
    import av

    res: Result = {"quick": quick, "machine": machine_facts(), "clip_name": clip.name}
    with av.open(str(clip)) as c:
        s = c.streams.video[0]
        res["clip_size"] = f"{s.codec_context.width}x{s.codec_context.height}"
    out_dir = work / "out"
    out_dir.mkdir(exist_ok=True)
    raws, pipes, serials = [], [], []
    cli_video: list[float] = []
    cli_plain: list[float] = []
    for i in range(repeat):  # alternate, keep the fastest of each (shared machines are noisy)
        print(f"1/4 raw inference ({i + 1}/{repeat}) ...", flush=True)
        raws.append(raw_inference(clip))
        print(f"    {raws[-1]['fps']:.1f} frames/s", flush=True)
        print(f"2/4 full pipeline, one process ({i + 1}/{repeat}) ...", flush=True)
        serials.append(pipeline_run(clip, out_dir, with_video=False, workers=1)[0])
        print(f"    {serials[-1]['frames'] / serials[-1]['pipeline_s']:.1f} frames/s", flush=True)
        print(f"2/4 full pipeline, default ({i + 1}/{repeat}) ...", flush=True)
        pipe, rec = pipeline_run(clip, out_dir, with_video=i == repeat - 1)
        pipes.append(pipe)
        print(f"2/4 the default command, with and without video ({i + 1}/{repeat}) ...", flush=True)
        cli_video.append(cli_run(clip, work / f"cli{i}", with_video=True))
        cli_plain.append(cli_run(clip, work / f"cli{i}", with_video=False))
        print(f"    {cli_video[-1]:.1f} s with video, {cli_plain[-1]:.1f} s without", flush=True)
    res["raw"] = min(raws, key=lambda r: r["total_s"])
    res["raw"]["all_total_s"] = [r["total_s"] for r in raws]
    best = min(pipes, key=lambda r: r["pipeline_s"])
    res["pipeline"] = {
        **best,
        "video_s": pipes[-1]["video_s"],
        "video_error": pipes[-1]["video_error"],
    }
    res["pipeline"]["all_pipeline_s"] = [p["pipeline_s"] for p in pipes]
    res["serial"] = min(serials, key=lambda r: r["pipeline_s"])
    res["command"] = {"video_s": cli_video, "no_video_s": cli_plain}
    res["serial"]["all_pipeline_s"] = [p["pipeline_s"] for p in serials]
    from valgus.io.readers.pose_workers import plan_parts

    res["parts"] = plan_parts(res["pipeline"]["frames"])
    res["repeat"] = repeat
    print(
        f"    {res['pipeline']['frames'] / res['pipeline']['pipeline_s']:.1f} frames/s", flush=True
    )
    print("3/4 analysis throughput ...", flush=True)
    repeats = 3
    res["analysis"] = {**analysis_throughput(rec, analysis_frames, repeats), "repeats": repeats}
    print(f"    {res['analysis']['fps']:,.0f} frames/s", flush=True)
    minutes = (1, 3) if quick else (1, 10)
    res["memory"] = {}
    for mins in minutes:
        print(f"4/4 peak memory, {mins}-minute clip ...", flush=True)
        looped = work / f"loop_{mins}min.mp4"
        make_looped_video(clip, looped, mins * 60.0, work)
        res["memory"][f"{mins} min"] = peak_memory(looped)
        print(f"    {res['memory'][f'{mins} min']['maxrss_mb']:.0f} MB", flush=True)
    res["machine"]["load_average_end"] = _load_average()
    return res


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clip", type=Path, default=DEFAULT_CLIP)
    parser.add_argument("--quick", action="store_true", help="1- and 3-minute memory clips")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "benchmark.md")
    parser.add_argument("--analysis-frames", type=int, default=200_000)
    parser.add_argument(
        "--repeat", type=int, default=4, help="runs of raw inference and pipeline (best kept)"
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the raw results")
    parser.add_argument("--child-load", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_load is not None:
        print(json.dumps(child_load(args.child_load)), flush=True)
        return 0
    if not args.clip.is_file():
        print(f"clip {args.clip} not found: pass --clip PATH", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="valgus-bench-") as tmp:
        res = run(args.clip, args.quick, args.analysis_frames, Path(tmp), max(1, args.repeat))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render_markdown(res), encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(res, indent=2, default=str), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
