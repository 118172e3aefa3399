"""Signal conditioning: gating, leg-swap repair, gap filling and zero-lag filtering."""

from valgus.signals.filtering import (
    CutoffClampedWarning,
    cutoff_for,
    lowpass,
    lowpass_task,
    sample_rate,
)
from valgus.signals.gaps import fill_gaps, fill_positions
from valgus.signals.gating import FrameFlags, Gated, gate
from valgus.signals.pipeline import Conditioned, condition
from valgus.signals.swaps import SwapRepair, detect_swaps, repair_swaps

__all__ = [
    "Conditioned",
    "CutoffClampedWarning",
    "FrameFlags",
    "Gated",
    "SwapRepair",
    "condition",
    "cutoff_for",
    "detect_swaps",
    "fill_gaps",
    "fill_positions",
    "gate",
    "lowpass",
    "lowpass_task",
    "repair_swaps",
    "sample_rate",
]
