"""The canonical skeleton: one joint vocabulary for every source.

Every reader maps its own names (MediaPipe landmarks, Pose2Sim / Sports2D TRC names, OpenCap
marker names, Plug-in-Gait C3D markers, OpenPose BODY_25) onto these joints. Joint centres that a
source only gives as marker pairs (knee = midpoint of the lateral and medial epicondyle markers,
ankle = midpoint of the malleoli) are computed by the reader.
"""

from __future__ import annotations

from typing import Final, Literal

Side = Literal["left", "right"]
SIDES: Final[tuple[Side, Side]] = ("left", "right")

JOINTS: Final[tuple[str, ...]] = (
    "nose",
    "left_shoulder",
    "right_shoulder",
    "left_hip",
    "right_hip",
    "left_knee",
    "right_knee",
    "left_ankle",
    "right_ankle",
    "left_heel",
    "right_heel",
    "left_toe",  # big toe / MediaPipe foot_index: the foot's long axis ends near the 2nd toe
    "right_toe",
)
INDEX: Final[dict[str, int]] = {name: i for i, name in enumerate(JOINTS)}

# Joints that every frontal-plane knee metric needs.
REQUIRED_FOR_FPPA: Final[tuple[str, ...]] = (
    "left_hip",
    "right_hip",
    "left_knee",
    "right_knee",
    "left_ankle",
    "right_ankle",
)


def j(name: str) -> int:
    """Index of a canonical joint (KeyError for an unknown name)."""
    return INDEX[name]


def side_joint(side: Side, part: str) -> int:
    """Index of e.g. ``side_joint("left", "knee")``."""
    return INDEX[f"{side}_{part}"]


def other(side: Side) -> Side:
    return "right" if side == "left" else "left"


# Pairs swapped when a pose model confuses the person's left and right legs.
LEFT_RIGHT_PAIRS: Final[tuple[tuple[int, int], ...]] = tuple(
    (INDEX[f"left_{p}"], INDEX[f"right_{p}"])
    for p in ("shoulder", "hip", "knee", "ankle", "heel", "toe")
)
LEG_PAIRS: Final[tuple[tuple[int, int], ...]] = tuple(
    (INDEX[f"left_{p}"], INDEX[f"right_{p}"]) for p in ("knee", "ankle", "heel", "toe")
)
