"""Refuse a side-view clip from its first seconds, before the rest goes through the pose model."""

from __future__ import annotations

import numpy as np

from valgus.analysis.conditioning import condition_recording
from valgus.analysis.pipeline import frontal_input
from valgus.assess.norms import get_task
from valgus.datafiles import load
from valgus.errors import ViewError
from valgus.io.readers.video_pose import EarlyCheck
from valgus.keypoints import Recording


def side_view_check(task_id: str, name: str) -> EarlyCheck:
    """An EarlyCheck that raises ViewError when the clip's first seconds show a side view.

    Window and share of frames with a person: ``camera.yaml`` (yaw.early_check_s,
    yaw.early_min_person_fraction). The view is classified exactly as for the whole clip.
    """
    cfg = load("camera.yaml")["yaw"]
    at_s = float(cfg["early_check_s"])
    min_person = float(cfg["early_min_person_fraction"])
    family = get_task(task_id).family

    def check(rec: Recording) -> None:
        seen = np.any(np.all(np.isfinite(rec.primary.positions), axis=2), axis=1)
        if seen.size == 0 or float(seen.mean()) < min_person:
            return
        camera = frontal_input(condition_recording(rec, family)).camera
        if camera.view == "side":
            raise ViewError(
                f"{name}: {camera.message} (seen in the first {at_s:.0f} s; the rest of the clip "
                "was not analysed)"
            )

    return EarlyCheck(at_s, check)
