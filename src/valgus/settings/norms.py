"""norms.yaml: verdict thresholds and the measurement error (SEM, SDD) of each measure."""

from __future__ import annotations

from valgus.settings.base import DataFile, Strict


class FppaError(Strict):
    sem_deg: float
    sdd_deg: float
    source: str


class LengthError(Strict):
    """Knee-over-foot error in leg lengths; without a published SEM it is SDD / 2.77."""

    sdd: float
    sem: float | None = None
    source: str


class MeasurementError(Strict):
    fppa: FppaError
    knee_over_foot: LengthError
    knee_over_foot_descent: LengthError

    def of(self, name: str) -> tuple[float, float, str]:
        """(SEM, SDD, source) of the measure ``name`` ("fppa", "knee_over_foot"...), own unit."""
        if name == "fppa":
            return self.fppa.sem_deg, self.fppa.sdd_deg, self.fppa.source
        lengths = {
            "knee_over_foot": self.knee_over_foot,
            "knee_over_foot_descent": self.knee_over_foot_descent,
        }
        e = lengths[name]
        return (e.sem if e.sem is not None else e.sdd / 2.77), e.sdd, e.source


class NormEntry(Strict):
    normal_max: float
    excessive_above: float
    source: str


class NormsFile(DataFile):
    FILE = "norms.yaml"
    measurement_error: MeasurementError
    fppa: dict[str, NormEntry]
    knee_over_foot: dict[str, NormEntry]
