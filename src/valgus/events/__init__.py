"""Event detection: repetitions, landings and quiet standing from conditioned signals."""

from valgus.events.landings import detect_landings, first_landing
from valgus.events.reps import detect_reps
from valgus.events.standing import detect_standing, leg_speed, standing_windows
from valgus.events.types import Landing, Rep, Standing

__all__ = [
    "Landing",
    "Rep",
    "Standing",
    "detect_landings",
    "detect_reps",
    "detect_standing",
    "first_landing",
    "leg_speed",
    "standing_windows",
]
