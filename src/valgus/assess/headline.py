"""A rep's headline: the one number its verdict rests on, named and formatted the same everywhere.

The measures are declared in ``valgus/data/headlines.yaml``; which one a task uses is in
``tasks.yaml`` (``headline``); the verdict's own ``basis`` says which one decided a rep.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from valgus import settings
from valgus.analysis.model import HeadlineHeader, Rep, RepHeadline, SummaryHeadline
from valgus.metrics.catalogue import format_number

FPPA_HEADLINE = "fppa_deg"
KOF_HEADLINE = "knee_over_foot_descent"


@dataclass(frozen=True)
class HeadlineSpec:
    key: str
    label: str
    short: str
    unit: str
    description: str
    source: str
    error: str
    base: str | None = None  # the per-rep metric it is computed from, when not itself one


def spec(key: str) -> HeadlineSpec:
    e = settings.headlines().metrics[key]
    return HeadlineSpec(key, e.label, e.short, e.unit, e.description, e.source, e.error, e.base)


def headline_keys() -> list[str]:
    return list(settings.headlines().metrics)


def format_value(value: float | None, unit: str) -> str:
    """+12.3° for angles; '9.5% medial' / '3.0% lateral' / 'over' for leg lengths; '—' for none
    (the metric catalogue's formats)."""
    return format_number(
        value, "signed_deg" if unit == "deg" else "leg_length" if unit == "leg_length" else "ratio"
    )


def format_amount(value: float, unit: str) -> str:
    """An unsigned amount in a measure's unit: '13.0°', '4.4% of leg length'."""
    if unit == "deg":
        return f"{value:.1f}°"
    if unit == "leg_length":
        return f"{value * 100:.1f}% of leg length"
    return f"{value:.3g}"


def threshold_text(value: float, unit: str) -> str:
    """A norm's threshold in its measure's unit: '13.5°', '4.4% of leg length medial'."""
    return format_amount(value, unit) + (" medial" if unit == "leg_length" else "")


def norm_text(header: HeadlineHeader) -> str | None:
    """'Knee over toe …: normal ≤ 4.4% of leg length medial, excessive > 5.6% … (source)'."""
    norm = header.norm
    if not norm:
        return None
    unit = header.unit
    note = f"; {norm.note}" if norm.note else ""
    return (
        f"{header.label}: normal ≤ {threshold_text(norm.normal_max, unit)}, "
        f"excessive > {threshold_text(norm.excessive_above, unit)} "
        f"({norm.source}{note})"
    )


def error_text(header: HeadlineHeader) -> str:
    """'Measurement error of <label>: SEM ±…, smallest detectable difference … (source)'."""
    unit = header.unit
    return (
        f"Measurement error of the {header.label[0].lower()}{header.label[1:]}: "
        f"SEM ±{format_amount(header.sem, unit)}, smallest detectable difference "
        f"{format_amount(header.sdd, unit)} ({header.error_source})"
    )


def measurement_error(key: str) -> tuple[float, float, str]:
    """(SEM, SDD, source) of a headline measure, in its own unit (norms.yaml measurement_error)."""
    return settings.norms().measurement_error.of(spec(key).error)


def headline_key(verdict_basis: str | None, task_headline: str) -> str:
    """The measure a rep's verdict rests on: its basis, else (no reading) the task's headline."""
    if verdict_basis in settings.headlines().metrics:
        return str(verdict_basis)
    return KOF_HEADLINE if task_headline == KOF_HEADLINE else FPPA_HEADLINE


class Reading(Protocol):
    """What the headline needs of a metric reading."""

    @property
    def value(self) -> float | None: ...
    @property
    def event(self) -> str | None: ...


class RepBasis(Protocol):
    """What the headline needs of a rep (an analysis :class:`Rep`, or a stored rep read leniently)."""

    @property
    def headline(self) -> RepHeadline | None: ...
    @property
    def verdict_basis(self) -> str | None: ...
    @property
    def metrics(self) -> Mapping[str, Reading]: ...


def headline_of(rep: RepBasis) -> RepHeadline:
    """A rep's headline; computed for analysis files written before schema 1.2."""
    if rep.headline is not None and rep.headline.metric in settings.headlines().metrics:
        return rep.headline
    key = headline_key(rep.verdict_basis, FPPA_HEADLINE)
    metric = rep.metrics.get(base_metric(key))
    return rep_headline(key, metric.value if metric else None, metric.event if metric else None)


def summarise(reps: list[tuple[str, RepHeadline]]) -> SummaryHeadline | None:
    """Mean ± SD of one side's headline over its readings ((verdict, headline) per rep)."""
    return summarise_pairs([(h.metric, h.value) for v, h in reps if v != "no_reading"])


def summarise_rows(rows: list[dict[str, Any]]) -> SummaryHeadline | None:
    """The same from stored rep rows (``headline_metric``, ``headline_value``)."""
    read = [r for r in rows if r.get("verdict") != "no_reading"]
    return summarise_pairs([(r.get("headline_metric"), r.get("headline_value")) for r in read])


def majority_values(
    pairs: list[tuple[str | None, float | None]],
) -> tuple[str, list[float]] | None:
    """The measure most (measure, value) pairs rest on (the first seen on a tie) and its values;
    a side's summary and its verdict are both over these, never mixing two measures."""
    read = [(k, float(v)) for k, v in pairs if k and v is not None]
    if not read:
        return None
    keys = [k for k, _ in read]
    key = max(dict.fromkeys(keys), key=keys.count)
    return key, [v for k, v in read if k == key]


def summarise_pairs(pairs: list[tuple[str | None, float | None]]) -> SummaryHeadline | None:
    """Mean ± SD over (measure, value) pairs, never mixing two measures: the measure most values
    rest on (``n`` of them); None without values."""
    chosen = majority_values(pairs)
    if chosen is None:
        return None
    key, vals = chosen
    mean = sum(vals) / len(vals)
    sd = (sum((v - mean) ** 2 for v in vals) / (len(vals) - 1)) ** 0.5 if len(vals) > 1 else None
    s = spec(key)
    nd = 1 if s.unit == "deg" else 4
    return SummaryHeadline(
        metric=key,
        label=s.label,
        unit=s.unit,
        n=len(vals),
        mean=round(mean, nd),
        sd=None if sd is None else round(sd, nd),
        text=format_value(mean, s.unit),
    )


def base_metric(key: str) -> str:
    """The per-rep metric (reps[].metrics key) a headline measure is read from."""
    return spec(key).base or key


def rep_headline(key: str, value: float | None, event: str | None) -> RepHeadline:
    """The headline ``key`` of a rep: its value (the verdict's own number, else the base metric's
    reading), the event it was read at, named and formatted from headlines.yaml."""
    s = spec(key)
    return RepHeadline(
        metric=key,
        label=s.label,
        value=value,
        unit=s.unit,
        event=event,
        text=format_value(value, s.unit),
    )


def basis_note(rep: Rep) -> str:
    """'' when the FPPA at peak decided (the usual case), else which measure decided the verdict."""
    if rep.verdict == "no_reading":
        return ""
    key = headline_of(rep).metric
    return "" if key == FPPA_HEADLINE else f"verdict rests on: {spec(key).label.lower()}"
