"""Pick the main person when the detector sees several (a coach, a spotter, a passer-by)."""

from __future__ import annotations

import numpy as np

from valgus.keypoints import FloatArray
from valgus.skeleton import INDEX

LEG_JOINTS = np.array(
    [INDEX[f"{side}_{part}"] for side in ("left", "right") for part in ("hip", "knee", "ankle")]
)
# A candidate whose legs moved less than this fraction of the previous legs' box diagonal is
# taken to be the same person as in the previous frame.
SAME_PERSON_FRACTION = 0.5


def leg_boxes(candidates: FloatArray) -> tuple[FloatArray, FloatArray]:
    """(P, K, 2) image points -> leg box area (P,) and leg box centre (P, 2); NaN if no legs."""
    legs = candidates[:, LEG_JOINTS, :]
    low, high = np.nanmin(legs, axis=1), np.nanmax(legs, axis=1)
    size = high - low
    return size[:, 0] * size[:, 1], (low + high) / 2.0


def _near_previous(candidates: FloatArray, previous: FloatArray) -> tuple[FloatArray, float]:
    """Distance of each (P, K, 2) candidate's leg box centre from the previous main person's,
    and the largest distance still taken for the same person (NaN: no comparison possible)."""
    if not np.isfinite(previous[LEG_JOINTS]).all():
        return np.full(candidates.shape[0], np.nan), np.nan
    _, centres = leg_boxes(candidates)
    _, prev_centre = leg_boxes(previous[None])
    prev_low = np.nanmin(previous[LEG_JOINTS], axis=0)
    prev_high = np.nanmax(previous[LEG_JOINTS], axis=0)
    diagonal = float(np.hypot(*(prev_high - prev_low)))
    distance = np.hypot(*(centres - prev_centre).T)
    return distance, SAME_PERSON_FRACTION * diagonal if diagonal > 0 else np.nan


def same_person(candidate: FloatArray, previous: FloatArray) -> bool | None:
    """Whether a (K, 2) person is the previous frame's main person (None: cannot tell)."""
    if not np.isfinite(candidate[LEG_JOINTS]).all():
        return None
    distance, limit = _near_previous(candidate[None], previous)
    if not (np.isfinite(distance[0]) and np.isfinite(limit)):
        return None
    return bool(distance[0] < limit)


def choose_main(candidates: FloatArray, previous: FloatArray | None) -> int:
    """Index of the main person among (P, K, 2) candidates (P >= 1).

    The one closest to the previous frame's main person when that one is near enough
    (tracking), else the one with the largest hip-knee-ankle bounding box.
    """
    if candidates.shape[0] == 1:
        return 0
    areas, _ = leg_boxes(candidates)
    if previous is not None:
        distance, limit = _near_previous(candidates, previous)
        if np.isfinite(limit) and np.isfinite(distance).any() and np.nanmin(distance) < limit:
            return int(np.nanargmin(distance))
    return int(np.nanargmax(np.nan_to_num(areas, nan=-1.0)))
