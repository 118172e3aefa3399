"""Norms and measurement error from valgus/data/norms.yaml (tasks: :mod:`valgus.tasks`)."""

from __future__ import annotations

from dataclasses import dataclass

from valgus import settings
from valgus.tasks import Sex, Task


@dataclass(frozen=True)
class Norm:
    id: str
    normal_max: float
    excessive_above: float
    source: str
    note: str | None = None

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "id": self.id,
            "normal_max": self.normal_max,
            "excessive_above": self.excessive_above,
            "source": self.source,
        }
        if self.note:
            out["note"] = self.note
        return out


def _norm(table: str, key: str, note: str | None = None) -> Norm:
    norms = settings.norms()
    entry = (norms.fppa if table == "fppa" else norms.knee_over_foot)[key]
    return Norm(key, entry.normal_max, entry.excessive_above, entry.source, note)


def fppa_norm(task: Task, sex: Sex | None) -> Norm:
    """The FPPA norm for a task and sex; with sex unknown, the wider (more lenient) of the two."""
    if sex is not None:
        return _norm("fppa", task.norms[sex], task.norms_note)
    candidates = [_norm("fppa", task.norms[s], task.norms_note) for s in ("female", "male")]
    widest = max(candidates, key=lambda n: n.normal_max)
    note = "sex not given: the wider of the female and male norms is used"
    return Norm(
        widest.id,
        widest.normal_max,
        widest.excessive_above,
        widest.source,
        f"{note}; {task.norms_note}" if task.norms_note else note,
    )


def knee_over_foot_norm(key: str = "default") -> Norm:
    """Knee-over-foot thresholds: ``default`` (fallback for angles), ``squat_descent`` (headline)."""
    return _norm("knee_over_foot", key)


def fppa_error() -> tuple[float, float, str]:
    """(SEM, SDD, source) of the 2-D FPPA [R1]."""
    return settings.norms().measurement_error.of("fppa")
