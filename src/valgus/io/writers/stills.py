"""One annotated frame as a PNG: hip-knee-ankle lines and the FPPA drawn at each knee."""

from __future__ import annotations

import math
from pathlib import Path

import cv2
import numpy as np
from numpy.typing import NDArray

from valgus.errors import InputError
from valgus.io.video import Crop, read_frame
from valgus.io.writers.overlay import (
    FONT,
    UNTRUSTED,
    WHITE,
    Image,
    VideoOverlay,
    draw_banner,
    draw_line,
    draw_text,
    fppa_text,
    leg_colours_at,
    point,
    scale_for,
)
from valgus.skeleton import SIDES, Side


def write_still(
    video_path: Path | str,
    frame_index: int,
    out_png: Path | str,
    overlay: VideoOverlay,
    crop: Crop | str | None = None,
    sides: tuple[Side, ...] = SIDES,
    caption: str | None = None,
    image: NDArray[np.uint8] | None = None,
) -> Path:
    """Write frame ``frame_index`` of the clip with each side's FPPA construction; returns path.

    The rep banner (rep, side, verdict) is drawn top left, ``caption`` (what the still shows)
    bottom left. ``image``: the frame already decoded (by the annotated video's pass).
    """
    if not 0 <= frame_index < overlay.n_frames:
        raise InputError(f"frame {frame_index} is outside the analysed {overlay.n_frames} frames")
    crop = Crop.parse(crop) if isinstance(crop, str) else crop
    image = read_frame(video_path, frame_index, crop) if image is None else image.copy()
    points = overlay.positions[frame_index]
    colours = leg_colours_at(overlay, frame_index)
    for side in sides:
        i = SIDES.index(side)
        draw_fppa_construction(image, points, side, float(overlay.fppa_deg[frame_index, i]),
                               bool(overlay.trusted[frame_index, i]), colours[side])  # fmt: skip
    draw_banner(image, [sp for sp in overlay.spans_at(frame_index) if sp.side in sides])
    if caption:
        draw_caption(image, caption)
    out_png = Path(out_png)
    out_png.parent.mkdir(parents=True, exist_ok=True)
    if not cv2.imwrite(str(out_png), cv2.cvtColor(image, cv2.COLOR_RGB2BGR)):
        raise InputError(f"cannot write {out_png}: check the folder exists and is writable")
    return out_png


def draw_caption(image: Image, caption: str) -> None:
    """``caption`` bottom left, wrapped at word boundaries to the image width."""
    s = scale_for(image)
    size, thick = 0.6 * s, max(1, round(1.6 * s))
    room = image.shape[1] - round(32 * s)
    lines: list[str] = []
    for word in caption.split(" "):
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and cv2.getTextSize(trial, FONT, size, thick)[0][0] <= room:
            lines[-1] = trial
        else:
            lines.append(word)
    y = image.shape[0] - round(14 * s)
    for line in reversed(lines):
        _, h = draw_text(image, line, (round(12 * s), y), WHITE, s)
        y -= h


def draw_fppa_construction(
    image: Image,
    points: NDArray[np.float64],
    side: Side,
    value: float,
    trusted: bool,
    colour: tuple[int, int, int],
) -> None:
    """Thigh and shank lines, the thigh's extension past the knee (dashed), the angle between."""
    hip, knee, ankle = (point(points, f"{side}_{p}") for p in ("hip", "knee", "ankle"))
    if hip is None or knee is None or ankle is None:
        return
    s = scale_for(image)
    thick = max(2, round(4 * s))
    draw_line(image, hip, knee, colour, thick)
    draw_line(image, knee, ankle, colour, thick)
    thigh = np.subtract(knee, hip, dtype=np.float64)
    shank_len = math.dist(knee, ankle)
    if np.hypot(*thigh) == 0 or shank_len == 0:
        return
    extension = np.add(knee, thigh / np.hypot(*thigh) * shank_len)
    _dashed(image, knee, (round(extension[0]), round(extension[1])), WHITE, max(1, round(2 * s)))
    radius = round(min(shank_len * 0.45, 60 * s))
    start = math.degrees(math.atan2(thigh[1], thigh[0]))
    end = math.degrees(math.atan2(ankle[1] - knee[1], ankle[0] - knee[0]))
    sweep = (end - start + 180) % 360 - 180
    cv2.ellipse(image, knee, (radius, radius), 0, start, start + sweep, WHITE,
                max(1, round(2 * s)), cv2.LINE_AA)  # fmt: skip
    if np.isfinite(value):
        # An untrusted angle is never printed as a number (as in the annotated video).
        text = (
            f"{side[0].upper()} {fppa_text(value)}" if trusted else f"{side[0].upper()} no reading"
        )
        other = point(points, f"{'right' if side == 'left' else 'left'}_knee")
        outward = other is None or knee[0] >= other[0]
        (w, _), _ = cv2.getTextSize(text, cv2.FONT_HERSHEY_SIMPLEX, 0.72 * s, 2)
        gap = radius + round(10 * s)
        x = knee[0] + gap if outward else knee[0] - gap - w - round(10 * s)
        colour = WHITE if trusted else UNTRUSTED
        draw_text(image, text, (x, knee[1] + radius), colour, s * 1.2, degrees=trusted)


def _dashed(image: Image, a: tuple[int, int], b: tuple[int, int],
            colour: tuple[int, int, int], thickness: int, dash: int = 10) -> None:  # fmt: skip
    length = math.dist(a, b)
    n = max(1, int(length // dash))
    for k in range(0, n, 2):
        p = (round(a[0] + (b[0] - a[0]) * k / n), round(a[1] + (b[1] - a[1]) * k / n))
        q = (round(a[0] + (b[0] - a[0]) * (k + 1) / n), round(a[1] + (b[1] - a[1]) * (k + 1) / n))
        cv2.line(image, p, q, colour, thickness, cv2.LINE_AA)
