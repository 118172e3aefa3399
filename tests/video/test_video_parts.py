"""The annotated video drawn and encoded in parts side by side, joined without re-encoding."""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import av
import numpy as np
import pytest

from valgus.io.writers.annotated_video import output_size, write_annotated_video
from valgus.io.writers.overlay import VERDICT_COLOURS, OverlaySpan, VideoOverlay
from valgus.io.writers.video_parts import Part, encode_part, finish_worker, start_workers
from valgus.skeleton import INDEX, JOINTS

N, W, H, FPS = 400, 96, 128, 30


def counting_clip(path: Path, n: int = N, width: int = W, height: int = H) -> Path:
    """Frame i shows a white bar of i % width pixels from the left (its index can be read back)."""
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=FPS)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.options = {"crf": "10"}
        for i in range(n):
            image = np.zeros((height, width, 3), np.uint8)
            image[height // 2 : height // 2 + 16, : i % width] = 255
            container.mux(stream.encode(av.VideoFrame.from_ndarray(image, format="rgb24")))
        container.mux(stream.encode(None))
    return path


def bar_length(frame: np.ndarray) -> int:
    row = frame[frame.shape[0] // 2 + 8].mean(axis=1)  # between the knee label and the legend
    return int((row > 127).sum())


def empty_overlay(n: int, width: int, height: int, spans: list[OverlaySpan]) -> VideoOverlay:
    points = np.full((n, len(JOINTS), 2), np.nan)
    points[:, INDEX["left_hip"]] = (0.5 * width, 0.05 * height)
    points[:, INDEX["left_knee"]] = (0.5 * width, 0.35 * height)
    return VideoOverlay(points, np.full((n, 2), np.nan), np.zeros((n, 2), bool), spans)


def decoded(path: Path) -> tuple[list[np.ndarray], list[float], av.video.stream.VideoStream]:
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames, times = [], []
        for frame in container.decode(video=0):
            frames.append(frame.to_ndarray(format="rgb24"))
            times.append(float(frame.time))
        return frames, times, stream


def test_two_parts_join_into_one_clip_in_order(tmp_path: Path) -> None:
    clip = counting_clip(tmp_path / "in.mp4")
    spans = [OverlaySpan(70, 90, "left", "rep 1", "excessive"),
             OverlaySpan(350, 370, "left", "rep 2", "excessive")]  # fmt: skip
    overlay = empty_overlay(N, W, H, spans)
    ticks: list[tuple[int, int]] = []
    out = write_annotated_video(clip, tmp_path / "out.mp4", overlay, workers=2,
                                progress=lambda d, t: ticks.append((d, t)))  # fmt: skip
    frames, times, stream = decoded(out)
    assert len(frames) == N
    assert stream.codec_context.name == "h264"
    # every frame in its place: the bar of frame i is i % W pixels long (lossy: +-1)
    lengths = np.array([bar_length(f) for f in frames])
    assert np.abs(lengths - np.arange(N) % W).max() <= 1
    # time stamps run on evenly across the join (no gap, no overlap)
    steps = np.diff(times)
    assert steps == pytest.approx(np.full(N - 1, 1 / FPS), abs=1e-3)
    # the rep that straddles no join is drawn on its frames, in both parts
    red = np.array(VERDICT_COLOURS["excessive"])
    thigh = (round(0.2 * H), W // 2)
    assert np.abs(frames[80][thigh].astype(int) - red).max() < 60
    assert np.abs(frames[100][thigh].astype(int) - red).max() > 100
    assert np.abs(frames[360][thigh].astype(int) - red).max() < 60  # in the worker's part
    assert ticks[-1] == (N, N) and all(a[0] <= b[0] for a, b in itertools.pairwise(ticks))
    assert not list(tmp_path.glob(".*part*"))  # no segment left behind


def test_parts_equal_one_process(tmp_path: Path) -> None:
    clip = counting_clip(tmp_path / "in.mp4")
    overlay = empty_overlay(N, W, H, [])
    one, _, _ = decoded(write_annotated_video(clip, tmp_path / "1.mp4", overlay, workers=1))
    two, _, _ = decoded(write_annotated_video(clip, tmp_path / "2.mp4", overlay, workers=2))
    diff = [
        float(np.abs(a.astype(int) - b.astype(int)).mean()) for a, b in zip(one, two, strict=True)
    ]
    assert len(one) == len(two) == N
    assert max(diff) < 3.0  # the same pictures, encoded with different key frames


def test_large_clips_are_scaled_to_720p(tmp_path: Path) -> None:
    assert output_size(3840, 2160) == ((1280, 720), 1280 / 3840)
    assert output_size(1080, 1920) == ((720, 1280), 720 / 1080)
    assert output_size(1281, 720) == ((1280, 720), 1.0)  # only trimmed to even
    clip = counting_clip(tmp_path / "big.mp4", n=6, width=1920, height=1080)
    overlay = empty_overlay(6, 1920, 1080, [OverlaySpan(0, 5, "left", "rep 1", "normal")])
    frames, _, stream = decoded(write_annotated_video(clip, tmp_path / "o.mp4", overlay))
    assert (stream.width, stream.height) == (1280, 720)
    green = np.array(VERDICT_COLOURS["normal"])
    thigh = (round(0.2 * 720), 640)  # the overlay is scaled with the picture
    assert np.abs(frames[2][thigh].astype(int) - green).max() < 60


def test_a_failed_worker_part_is_encoded_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker whose interpreter fails (here /bin/false) costs time, not the video."""
    clip = counting_clip(tmp_path / "in.mp4", n=20)
    part = Part(str(clip), None, 10, None, (W, H), FPS, str(tmp_path / "seg.mp4"))
    monkeypatch.setattr(sys, "executable", "/bin/false")
    (job,) = start_workers([part], empty_overlay(20, W, H, []))
    monkeypatch.undo()
    finish_worker(job, empty_overlay(20, W, H, []))
    assert job.worker.process.wait() != 0
    frames, _, _ = decoded(tmp_path / "seg.mp4")
    assert [bar_length(f) for f in frames] == pytest.approx(list(range(10, 20)), abs=1)
    assert encode_part(part, empty_overlay(20, W, H, [])) == 10


def test_the_stills_frame_comes_from_the_video_pass(tmp_path: Path) -> None:
    """The frame a still needs is kept while the video is drawn (no second decoding), from
    whichever part holds it, as decoded (without the overlay)."""
    from valgus.io.video import read_frame
    from valgus.io.writers.annotated_video import annotate_video

    clip = counting_clip(tmp_path / "in.mp4")
    overlay = empty_overlay(N, W, H, [])
    for frame in (3, N - 5):  # in this process's part, in a worker's part
        _, kept = annotate_video(clip, tmp_path / "o.mp4", overlay, workers=2, keep_frame=frame)
        assert kept is not None and np.array_equal(kept, read_frame(clip, frame))
        assert bar_length(kept) == frame % W
    assert annotate_video(clip, tmp_path / "o.mp4", overlay, workers=2)[1] is None
    assert not list(tmp_path.glob(".*keep*"))


def test_a_long_clip_is_shared_between_processes() -> None:
    from valgus.io.readers.pose_workers import plan_parts
    from valgus.settings import video

    assert len(plan_parts(N, cores=2, extra=video().annotated_video.first_part_extra_frames)) == 2


def test_parts_that_do_not_join_are_encoded_in_one_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import valgus.io.writers.annotated_video as annotated
    from valgus.io.writers.annotated_video import annotate_video

    real = annotated.join_segments

    def refuse_several(segments: list[Path], target: Path) -> None:
        if len(segments) > 1:
            raise RuntimeError("segments overlap in decoding time")
        real(segments, target)

    monkeypatch.setattr(annotated, "join_segments", refuse_several)
    clip = counting_clip(tmp_path / "in.mp4")
    out, kept = annotate_video(clip, tmp_path / "o.mp4", empty_overlay(N, W, H, []), workers=2,
                               keep_frame=N - 5)  # fmt: skip
    frames, _, _ = decoded(out)
    assert [bar_length(f) for f in frames] == pytest.approx([i % W for i in range(N)], abs=1)
    assert kept is not None and bar_length(kept) == (N - 5) % W
