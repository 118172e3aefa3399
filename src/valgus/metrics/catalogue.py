"""The per-rep metric catalogue (``valgus/data/metrics.yaml``): each metric declared once with its
label, unit, event, number format, sign, description and source, and which outputs show it.

Every output renders a metric from here: :func:`shown_in` lists the metrics of one output in the
catalogue's order, :func:`format_value` writes a value the same way everywhere, :func:`rep_value`
reads a rep's value from the analysis JSON (a rep-level field or ``reps[].metrics``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from pydantic import BaseModel

from valgus import settings
from valgus.analysis.model import Rep
from valgus.settings.metrics import Format, MetricEntry, Output


class MetricSpec(MetricEntry):
    """A metrics.yaml entry with its key."""

    key: str

    @property
    def unit_text(self) -> str:
        """'°', '% of leg length' or '' (for column headers)."""
        return {"deg": "°", "leg_length": "% of leg length", "ratio": ""}[self.unit]


@cache
def catalogue() -> dict[str, MetricSpec]:
    """Every per-rep metric, in the catalogue's order (a misspelt field fails here)."""
    entries = settings.metrics().metrics.items()
    return {key: MetricSpec(key=key, **entry.model_dump()) for key, entry in entries}


def spec(key: str) -> MetricSpec:
    return catalogue()[key]


def shown_in(output: Output) -> list[MetricSpec]:
    """The metrics one output shows, in the catalogue's order."""
    return [m for m in catalogue().values() if output in m.show]


def keys_shown_in(output: Output) -> tuple[str, ...]:
    return tuple(m.key for m in shown_in(output))


def format_value(key: str, value: float | None) -> str:
    """A metric's value as every output writes it; '—' for no reading."""
    return format_number(value, spec(key).format)


def format_number(value: float | None, fmt: Format) -> str:
    """+12.3° (signed_deg), 93° (deg), '9.5% medial' / '3.0% lateral' / 'over' (leg_length),
    0.87 (ratio); '—' for none."""
    if value is None or value != value:  # None or NaN
        return "—"
    if fmt == "signed_deg":
        v = round(value, 1) + 0.0  # never "-0.0"
        return f"{v:+.1f}°" if v else "0.0°"
    if fmt == "deg":
        return f"{value:.0f}°"
    if fmt == "leg_length":
        pct = round(value * 100, 1) + 0.0
        if abs(pct) < 0.5:
            return "over"
        return f"{abs(pct):.1f}% {'medial' if pct > 0 else 'lateral'}"
    return f"{value:.2f}"


def rep_value(rep: Rep | Mapping[str, Any], key: str) -> float | None:
    """A rep's value of a catalogue metric (:meth:`Rep.value_of`), or of a stored rep row / rep of
    a stored analysis JSON: ``metrics[key].value``, else a field of that name."""
    if isinstance(rep, Rep):
        return rep.value_of(key)
    entry = (rep.get("metrics") or {}).get(key)
    value = entry.get("value") if isinstance(entry, dict) else rep.get(key)
    if value is None or isinstance(value, bool):
        return None
    return float(value)


def _index(rep: Rep | Mapping[str, Any]) -> int:
    if isinstance(rep, Rep):
        return rep.index
    return int(rep["index"] if "index" in rep else rep["rep_index"])  # stored JSON or store row


class MeasureRow(BaseModel):
    """One rep-side's values of an output's metrics, formatted."""

    index: int
    side: str
    cells: list[str]


def measures_table(
    reps: Sequence[Rep | Mapping[str, Any]], output: Output
) -> tuple[list[MetricSpec], list[MeasureRow]]:
    """The "other measures" table of an output (console, web, report): its catalogue metrics as
    columns and one formatted row per rep-side; no columns when the output shows none."""
    columns = shown_in(output)
    if not columns:
        return [], []
    rows = [
        MeasureRow(
            index=_index(rep),
            side=rep.side if isinstance(rep, Rep) else str(rep["side"]),
            cells=[format_value(m.key, rep_value(rep, m.key)) for m in columns],
        )
        for rep in reps
    ]
    return columns, rows
