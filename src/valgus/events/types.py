"""Event records: frame indices into the trial plus their times (seconds)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rep:
    """One repetition: leaves standing at ``start``, lowest at ``deepest``, back at ``end``."""

    start: int
    deepest: int
    end: int
    t_start: float
    t_deepest: float
    t_end: float
    depth: float  # drop of the depth signal from standing to the deepest point (signal units)

    @property
    def duration(self) -> float:
        return self.t_end - self.t_start


@dataclass(frozen=True)
class Landing:
    """One landing after an airborne (or elevated, e.g. on a box) phase."""

    apex: int  # last frame before contact at which the lowest foot point stopped rising
    initial_contact: int  # first frame with a foot point within tolerance of its ground level
    deepest: int  # lowest pelvis within the window after initial contact
    takeoff: int | None  # first airborne frame after the landing (None: no take-off follows)
    t_apex: float
    t_initial_contact: float
    t_deepest: float
    t_takeoff: float | None
    first_foot: int  # column of the foot point that touched first
    complete: bool  # False when the recording ends before the pelvis starts rising again


@dataclass(frozen=True)
class Standing:
    """A quiet-standing window [start, end] (inclusive frame indices)."""

    start: int
    end: int
    t_start: float
    t_end: float

    @property
    def duration(self) -> float:
        return self.t_end - self.t_start
