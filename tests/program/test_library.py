"""Every exercise the issue names exists with a complete record; chains are consistent."""

from __future__ import annotations

from valgus.program.library import load_library
from valgus.screen.rules import CAUSES

REQUIRED = {
    "clamshells": "clamshell",
    "banded side walks": "banded_side_walk",
    "side-lying hip abduction": "side_lying_hip_abduction",
    "glute bridges": "glute_bridge",
    "hip thrusts": "hip_thrust",
    "Romanian deadlifts": "romanian_deadlift",
    "step-ups": "step_up",
    "seated banded hip external rotation": "seated_banded_hip_external_rotation",
    "single-leg glute bridge with external rotation": "single_leg_glute_bridge_external_rotation",
    "gastrocnemius stretch": "gastrocnemius_stretch",
    "soleus stretch": "soleus_stretch",
    "wall ankle mobilisation": "wall_ankle_mobilisation",
    "heel-elevated squats": "heel_elevated_squat",
    "frog stretch": "frog_stretch",
    "butterfly stretch": "butterfly_stretch",
    "piriformis stretch": "piriformis_stretch",
    "single-leg squat": "single_leg_squat",
    "pistol squat": "pistol_squat",
    "single-leg Romanian deadlift": "single_leg_romanian_deadlift",
    "mirror/video-feedback squats": "mirror_squat",
    "landing drills": "snap_down_landing",
}


def test_every_named_exercise_exists_with_a_complete_record():
    lib = load_library()
    for label, ex_id in REQUIRED.items():
        ex = lib.get(ex_id)
        assert ex is not None, label
        assert ex.name and ex.cues and ex.mistakes and ex.contraindications and ex.sources, ex_id
        assert ex.targets.causes and set(ex.targets.causes) <= set(CAUSES), ex_id
        assert ex.targets.muscles, ex_id
        assert ex.dose.sets >= 1 and (ex.dose.reps or ex.dose.hold_s) and ex.dose.tempo, ex_id
        assert 1 <= ex.level <= 4


def test_foam_rolling_and_all_phases_present():
    lib = load_library()
    assert {e.phase for e in lib.values()} == {"inhibit", "lengthen", "activate", "integrate"}
    assert sum(e.id.startswith("foam_roll") for e in lib.values()) >= 4
    for e in lib.values():
        if e.phase == "inhibit":
            assert e.dose.hold_s == 30  # SMR ~30 s [R53]
        if e.phase == "lengthen" and e.dose.hold_s:
            assert e.dose.hold_s == 30  # static stretch 30 s [R53]
        if e.phase == "activate" and e.dose.reps and "1-2-4" in e.dose.tempo:
            assert 10 <= e.dose.reps <= 15  # [R55a]


def test_single_leg_squat_progresses_to_pistol_and_chains_are_consistent():
    lib = load_library()
    chain, current = [], "step_up"
    while current:
        chain.append(current)
        current = lib[current].progression
    assert chain[-1] == "pistol_squat" and "single_leg_squat" in chain
    for e in lib.values():
        for ref in (e.progression, e.regression):
            assert ref is None or ref in lib, (e.id, ref)
        if e.progression and lib[e.progression].regression == e.id:
            assert lib[e.progression].level >= e.level
