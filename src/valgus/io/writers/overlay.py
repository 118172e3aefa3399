"""What to draw on a video frame (the overlay data) and the drawing primitives.

Frames are RGB uint8; colours below are RGB. Shared by the annotated video and the stills.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final, Literal

import cv2
import numpy as np
from numpy.typing import NDArray

from valgus.skeleton import INDEX, JOINTS, SIDES, Side

Verdict = Literal["normal", "borderline", "excessive", "no_reading"]
RGB = tuple[int, int, int]
Image = NDArray[np.uint8]

VERDICT_COLOURS: Final[dict[str, RGB]] = {
    "normal": (46, 175, 80),
    "borderline": (255, 176, 0),
    "excessive": (225, 40, 40),
    "no_reading": (150, 150, 150),
}
WHITE: Final[RGB] = (255, 255, 255)
DARK: Final[RGB] = (20, 20, 20)
UNTRUSTED: Final[RGB] = (170, 170, 170)
FONT: Final[int] = cv2.FONT_HERSHEY_SIMPLEX

_LEG_BONES: Final[tuple[tuple[str, str], ...]] = (
    ("hip", "knee"), ("knee", "ankle"), ("ankle", "heel"), ("heel", "toe"), ("ankle", "toe"),
)  # fmt: skip
_TRUNK_BONES: Final[tuple[tuple[str, str], ...]] = (
    ("left_shoulder", "right_shoulder"), ("left_hip", "right_hip"),
    ("left_shoulder", "left_hip"), ("right_shoulder", "right_hip"),
)  # fmt: skip


@dataclass(frozen=True)
class OverlaySpan:
    """A rep (or phase) of one side, frames start..end inclusive, with its verdict."""

    start_frame: int
    end_frame: int
    side: Side
    label: str
    verdict: Verdict


@dataclass(frozen=True)
class VideoOverlay:
    """Per-frame drawing data, in the pixel frame of the (cropped) video.

    positions: (T, K, 2) px; fppa_deg: (T, 2) left, right (valgus positive, NaN = no reading);
    trusted: (T, 2) bool; spans: the reps with their verdicts.
    """

    positions: NDArray[np.float64]
    fppa_deg: NDArray[np.float64]
    trusted: NDArray[np.bool_]
    spans: list[OverlaySpan] = field(default_factory=list)

    def __post_init__(self) -> None:
        t = self.positions.shape[0]
        if self.positions.shape[1:] != (len(JOINTS), 2):
            raise ValueError(f"positions must be (T, {len(JOINTS)}, 2), got {self.positions.shape}")
        if self.fppa_deg.shape != (t, 2) or self.trusted.shape != (t, 2):
            raise ValueError(f"fppa_deg and trusted must be ({t}, 2)")

    @property
    def n_frames(self) -> int:
        return int(self.positions.shape[0])

    def spans_at(self, frame: int) -> list[OverlaySpan]:
        return [s for s in self.spans if s.start_frame <= frame <= s.end_frame]


def scale_for(image: Image) -> float:
    """Line/text scale relative to a 720-pixel short side."""
    return max(min(image.shape[:2]) / 720.0, 0.4)


def point(points: NDArray[np.float64], name: str) -> tuple[int, int] | None:
    xy = points[INDEX[name]]
    return (round(float(xy[0])), round(float(xy[1]))) if np.isfinite(xy).all() else None


def draw_line(image: Image, a: tuple[int, int] | None, b: tuple[int, int] | None,
              colour: RGB, thickness: int) -> None:  # fmt: skip
    if a is not None and b is not None:
        cv2.line(image, a, b, DARK, thickness + 2, cv2.LINE_AA)
        cv2.line(image, a, b, colour, thickness, cv2.LINE_AA)


def draw_text(image: Image, text: str, origin: tuple[int, int], colour: RGB, scale: float,
              box: RGB | None = DARK, degrees: bool = False) -> tuple[int, int]:  # fmt: skip
    """Text with an optional filled box behind it; ``degrees`` appends a drawn degree sign.

    Returns the (width, height) of the box.
    """
    text = hershey_safe(text)
    size, thick = 0.6 * scale, max(1, round(1.6 * scale))
    (w, h), base = cv2.getTextSize(text, FONT, size, thick)
    extra = round(8 * scale) if degrees else 0
    pad = round(4 * scale)
    x, y = origin
    if box is not None:
        cv2.rectangle(image, (x - pad, y - h - pad), (x + w + extra + pad, y + base + pad), box, -1)
    cv2.putText(image, text, (x, y), FONT, size, colour, thick, cv2.LINE_AA)
    if degrees:
        r = max(2, round(3 * scale))
        cv2.circle(image, (x + w + r + 1, y - h + r), r, colour, max(1, thick // 2), cv2.LINE_AA)
    return w + extra + 2 * pad, h + base + 2 * pad


def hershey_safe(text: str) -> str:
    """OpenCV's Hershey fonts draw ASCII only: spell out degree signs, drop other symbols."""
    text = text.replace("°", " deg").replace("–", "-").replace("—", "-")
    return text.encode("ascii", "ignore").decode("ascii")


def draw_skeleton(image: Image, points: NDArray[np.float64], leg_colours: dict[str, RGB]) -> None:
    """Trunk thin and white, legs thick in their side's colour, joints as dots."""
    s = scale_for(image)
    for a, b in _TRUNK_BONES:
        draw_line(image, point(points, a), point(points, b), WHITE, max(1, round(2 * s)))
    for side in SIDES:
        for a, b in _LEG_BONES:
            p, q = point(points, f"{side}_{a}"), point(points, f"{side}_{b}")
            draw_line(image, p, q, leg_colours[side], max(2, round(5 * s)))
    for name in JOINTS:
        p = point(points, name)
        if p is not None:
            cv2.circle(image, p, max(2, round(4 * s)), WHITE, -1, cv2.LINE_AA)


def fppa_text(value: float) -> str:
    return f"{value:+.0f}"


def draw_knee_value(image: Image, points: NDArray[np.float64], side: Side, value: float,
                    trusted: bool) -> None:  # fmt: skip
    """The FPPA next to the knee, outside the body (left knee label to the knee's outer side)."""
    knee = point(points, f"{side}_knee")
    if knee is None or not np.isfinite(value):
        return
    s = scale_for(image)
    other = point(points, f"{'right' if side == 'left' else 'left'}_knee")
    outward = 1 if other is None or knee[0] >= other[0] else -1
    # An untrusted angle is never printed as a number: it is not a reading.
    text = f"{side[0].upper()} {fppa_text(value)}" if trusted else f"{side[0].upper()} no reading"
    (w, _), _ = cv2.getTextSize(text, FONT, 0.6 * s, max(1, round(1.6 * s)))
    x = knee[0] + round(14 * s) if outward > 0 else knee[0] - round(14 * s) - w - round(8 * s)
    colour = WHITE if trusted else UNTRUSTED
    draw_text(image, text, (x, knee[1] + round(6 * s)), colour, s, degrees=trusted)


def draw_banner(image: Image, spans: list[OverlaySpan]) -> None:
    """The current rep(s) and verdict(s), one row per side, top left."""
    s = scale_for(image)
    y = round(30 * s)
    for span in sorted(spans, key=lambda sp: sp.side):
        label = span.label if span.side in span.label.lower() else f"{span.label} {span.side}"
        text = f"{label} - {span.verdict.replace('_', ' ')}"
        _, h = draw_text(image, text, (round(12 * s), y), WHITE, s * 1.1,
                         box=VERDICT_COLOURS[span.verdict])  # fmt: skip
        y += h + round(6 * s)


def draw_legend(image: Image) -> None:
    """Colour key and sign convention, bottom left."""
    s = scale_for(image)
    x, y = round(12 * s), image.shape[0] - round(14 * s)
    draw_text(
        image, "FPPA deg, valgus +  (grey: not a trusted frontal reading)", (x, y), WHITE, s * 0.75
    )
    y -= round(24 * s)
    for verdict, colour in VERDICT_COLOURS.items():
        w, _ = draw_text(image, verdict.replace("_", " "), (x, y), DARK, s * 0.75, box=colour)
        x += w + round(6 * s)


def leg_colours_at(overlay: VideoOverlay, frame: int) -> dict[str, RGB]:
    colours: dict[str, RGB] = {"left": WHITE, "right": WHITE}
    for span in overlay.spans_at(frame):
        colours[span.side] = VERDICT_COLOURS[span.verdict]
    return colours


def draw_overlay(image: Image, overlay: VideoOverlay, frame: int) -> Image:
    """Draw everything for ``frame`` onto ``image`` in place (nothing beyond the overlay's end)."""
    if frame < overlay.n_frames:
        points = overlay.positions[frame]
        draw_skeleton(image, points, leg_colours_at(overlay, frame))
        for i, side in enumerate(SIDES):
            draw_knee_value(image, points, side, float(overlay.fppa_deg[frame, i]),
                            bool(overlay.trusted[frame, i]))  # fmt: skip
        draw_banner(image, overlay.spans_at(frame))
    draw_legend(image)
    return image
