"""Refuse a side-view clip from its first seconds, before the rest goes through the pose model."""

from __future__ import annotations

from dataclasses import replace

from valgus import settings
from valgus.errors import ViewError
from valgus.io.readers.video_pose import EarlyCheck
from valgus.keypoints import Recording
from valgus.signals.vec import seen_frames
from valgus.tasks import get_task


def side_view_check(task_id: str, name: str) -> EarlyCheck:
    """An EarlyCheck that raises ViewError when the clip's first seconds show a side view.

    Window and share of frames with a person: ``camera.yaml`` (yaw.early_check_s,
    yaw.early_min_person_fraction). Each half of the window is classified exactly as a whole clip
    is; both must be side-on.
    """
    cfg = settings.camera().yaw
    at_s = cfg.early_check_s
    min_person = cfg.early_min_person_fraction
    task = get_task(task_id)

    def side_on(part: Recording) -> tuple[bool, str]:
        # imported here: the pose workers start before the analysis modules load
        from valgus.analysis.conditioning import condition_recording
        from valgus.analysis.pipeline import frontal_input
        from valgus.signals.filtering import cutoff_key

        seen = seen_frames(part.primary.positions)
        if seen.size < 2 or float(seen.mean()) < min_person:
            return False, ""
        camera = frontal_input(condition_recording(part, cutoff_key(task.id, task.family))).camera
        return camera.view == "side", camera.message or ""

    def check(rec: Recording) -> None:
        # Both halves of the window must be side-on: a person walking in side-on for a few
        # seconds and then turning to the camera is not refused.
        half = rec.primary.n_frames // 2
        first, message = side_on(_frames(rec, 0, half))
        if first and side_on(_frames(rec, half, rec.primary.n_frames))[0]:
            raise ViewError(
                f"{name}: {message} (seen in the first {at_s:.0f} s; the rest of the clip was not "
                "analysed)"
            )

    return EarlyCheck(at_s, check)


def _frames(rec: Recording, start: int, stop: int) -> Recording:
    """The recording's frames [start, stop)."""
    n_people = None if rec.n_people is None else rec.n_people[start:stop]
    return replace(
        rec,
        image=None if rec.image is None else rec.image.slice(start, stop),
        world=None if rec.world is None else rec.world.slice(start, stop),
        n_people=n_people,
    )
