"""Annotated H.264 video and annotated stills, on small synthetic clips."""

from __future__ import annotations

from pathlib import Path

import av
import cv2
import numpy as np
import pytest
from tests.video.clips import write_clip

from valgus.errors import InputError
from valgus.io.writers.annotated_video import OverlaySpan, VideoOverlay, write_annotated_video
from valgus.io.writers.overlay import VERDICT_COLOURS
from valgus.io.writers.stills import write_still
from valgus.skeleton import INDEX, JOINTS


def _standing_overlay(n: int, width: int, height: int, spans: list[OverlaySpan]) -> VideoOverlay:
    points = np.full((n, len(JOINTS), 2), np.nan)
    for side, dx in (("left", 0.6), ("right", 0.4)):
        for part, fy in (("hip", 0.3), ("knee", 0.55), ("ankle", 0.8)):
            points[:, INDEX[f"{side}_{part}"]] = (dx * width, fy * height)
    fppa = np.tile([8.0, np.nan], (n, 1))
    return VideoOverlay(points, fppa, np.tile([True, False], (n, 1)), spans)


def _nearest(pixel: np.ndarray, colour: tuple[int, int, int]) -> float:
    return float(np.abs(pixel.astype(int) - np.array(colour)).max())


def test_annotated_video_is_browser_h264(tmp_path: Path) -> None:
    clip = write_clip(tmp_path / "in.mp4", n_frames=12, width=66, height=34, fps=10)
    overlay = _standing_overlay(12, 33, 34, [])
    ticks: list[tuple[int, int]] = []
    out = write_annotated_video(clip, tmp_path / "out" / "annotated.mp4", overlay,
                                crop="0,0,0.5,1", progress=lambda d, t: ticks.append((d, t)))  # fmt: skip
    with av.open(str(out)) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.name == "h264"
        assert stream.codec_context.pix_fmt == "yuv420p"
        assert (stream.width, stream.height) == (32, 34)  # 33 px crop trimmed to even
        assert sum(1 for _ in container.decode(video=0)) == 12
        assert float(stream.average_rate) == pytest.approx(10.0)
    assert ticks[-1] == (12, 12)
    assert not list(out.parent.glob(".*.part"))


def test_overlay_draws_legs_in_verdict_colour(tmp_path: Path) -> None:
    clip = write_clip(tmp_path / "in.mp4", n_frames=10, width=320, height=240, fps=10)
    spans = [OverlaySpan(2, 5, "left", "Rep 1", "excessive")]
    overlay = _standing_overlay(10, 320, 240, spans)
    out = write_annotated_video(clip, tmp_path / "a.mp4", overlay)
    with av.open(str(out)) as container:
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
    x = int(0.6 * 320)
    mid_thigh = (int(0.425 * 240), x)  # on the left leg, between hip and knee
    red, white = VERDICT_COLOURS["excessive"], (255, 255, 255)
    assert _nearest(frames[3][mid_thigh], red) < 60  # inside the rep: red leg
    assert _nearest(frames[8][mid_thigh], white) < 60  # after it: white leg
    assert _nearest(frames[3][mid_thigh], white) > 100
    # the banner (top left) carries the verdict colour during the rep only
    banner = frames[3][4:16, 4:60].reshape(-1, 3)
    assert min(_nearest(p, red) for p in banner) < 40
    assert min(_nearest(p, red) for p in frames[8][4:16, 4:60].reshape(-1, 3)) > 60


def test_still_png(tmp_path: Path) -> None:
    clip = write_clip(tmp_path / "in.mp4", n_frames=10, width=320, height=240, fps=10)
    overlay = _standing_overlay(10, 320, 240, [OverlaySpan(0, 9, "left", "Rep 1", "normal")])
    out = write_still(clip, 4, tmp_path / "stills" / "worst.png", overlay, sides=("left",))
    image = cv2.cvtColor(cv2.imread(str(out)), cv2.COLOR_BGR2RGB)
    assert image.shape == (240, 320, 3)
    green = VERDICT_COLOURS["normal"]
    assert _nearest(image[int(0.425 * 240), int(0.6 * 320)], green) < 60  # thigh line
    assert _nearest(image[int(0.425 * 240), int(0.4 * 320)], green) > 100  # right side not drawn
    with pytest.raises(InputError, match="outside the analysed 10 frames"):
        write_still(clip, 10, tmp_path / "x.png", overlay)
