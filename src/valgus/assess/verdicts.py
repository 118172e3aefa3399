"""Verdicts per rep and side: normal / borderline / excessive / no_reading, with the basis used."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from valgus.assess.norms import Norm

Verdict = Literal["normal", "borderline", "excessive", "no_reading"]
ORDER: dict[str, int] = {"no_reading": -1, "normal": 0, "borderline": 1, "excessive": 2}


def classify(value: float, norm: Norm) -> Verdict:
    if value <= norm.normal_max:
        return "normal"
    if value <= norm.excessive_above:
        return "borderline"
    return "excessive"


# Outputs print angles to 0.1° and leg lengths to 0.1 % (metrics/catalogue.format_number); a
# verdict judges the number as printed against the thresholds as printed, so "+13.5°" beside
# "normal ≤ 13.5°" is always normal.
SHOWN_SCALE: dict[str, float] = {"deg": 1.0, "leg_length": 100.0}


def classify_shown(value: float, norm: Norm, unit: str) -> Verdict:
    """:func:`classify` on the value as the outputs print it (``unit``: deg or leg_length)."""
    scale = SHOWN_SCALE.get(unit)
    if scale is None:
        return classify(value, norm)
    shown = round(value * scale, 1)
    if shown <= round(norm.normal_max * scale, 1):
        return "normal"
    if shown <= round(norm.excessive_above * scale, 1):
        return "borderline"
    return "excessive"


def side_verdict(values: Sequence[float], norm: Norm, unit: str) -> Verdict:
    """One side's verdict: the mean of its readings of one measure (``values``, the number shown
    as the side's headline; assess/headline.majority_values) against that measure's norm, as
    printed. The published norms are means of repeated trials ("mean of 3 trials" [R2]), so one
    rep above the norm among normal ones is that rep's verdict, not the side's. The mean is kept
    within its readings' range (float sums), so the side's verdict always lies between its best
    and worst rep's. ``no_reading`` without values."""
    if not values:
        return "no_reading"
    mean = min(max(sum(values) / len(values), min(values)), max(values))
    return classify_shown(mean, norm, unit)


@dataclass(frozen=True)
class RepVerdict:
    verdict: Verdict
    basis: str | None  # which metric decided: fppa_deg, fppa_descent_deg, knee_over_foot...
    reason: str | None  # why no reading, or a caveat
    norm: Norm | None
    value: float | None = None  # the number judged (the rep's headline; see assess/headline.py)


def rep_verdict(
    fppa_peak: float | None,
    fppa_descent: float | None,
    knee_over_foot: float | None,
    knee_over_foot_descent: float | None,
    *,
    fppa_norm: Norm,
    kof_norm: Norm,
    peak_reason: str | None,
    kof_standing: float | None = None,
) -> RepVerdict:
    """The FPPA at peak knee flexion decides when it can be read [R2][R3][R4].

    When the peak frame is not a frontal reading (e.g. the thigh points at the camera in a deep
    squat), the descent window's FPPA decides, together with the change of knee-over-foot from
    quiet standing at the peak when there is a standing reference (the deep part can still show the
    knee caving in; ``basis`` names whichever gave the worse verdict), and failing both
    knee-over-foot alone. With ``kof_standing`` (the knee-over-foot of quiet standing)
    knee-over-foot is judged as the change from standing: a wide or turned-out stance already puts
    the knee medial of the foot's axis before any movement, and that is stance geometry, not valgus.
    """
    if fppa_peak is not None:
        verdict = classify_shown(fppa_peak, fppa_norm, "deg")
        return RepVerdict(verdict, "fppa_deg", None, fppa_norm, fppa_peak)
    caveat = f"no FPPA at peak flexion ({peak_reason})" if peak_reason else "no FPPA at peak"
    kof_peak, kof_descent = (
        None if v is None else v - (kof_standing or 0.0)
        for v in (knee_over_foot, knee_over_foot_descent)
    )
    kof_name = "knee-over-foot" + (
        f" change from quiet standing ({kof_standing:+.3f})" if kof_standing is not None else ""
    )
    if fppa_descent is not None:
        verdict = classify_shown(fppa_descent, fppa_norm, "deg")
        # Only a change from standing may overrule the descent angle: an absolute offset from the
        # foot's axis also holds the stance's own geometry (wide or turned-out feet).
        by_kof = (
            None
            if kof_peak is None or kof_standing is None
            else classify_shown(kof_peak, kof_norm, "leg_length")
        )
        if by_kof is not None and ORDER[by_kof] > ORDER[verdict]:
            return RepVerdict(
                by_kof,
                "knee_over_foot_change",
                f"{caveat}; descent FPPA {verdict}, {kof_name} at peak {kof_peak:+.3f} decided",
                kof_norm,
                kof_peak,
            )
        return RepVerdict(
            verdict, "fppa_descent_deg", f"{caveat}; descent FPPA used", fppa_norm, fppa_descent
        )
    at_peak = kof_peak is not None
    kof = kof_peak if at_peak else kof_descent
    if kof is not None:
        basis = ("knee_over_foot" if at_peak else "knee_over_foot_descent") + (
            "_change" if kof_standing is not None else ""
        )
        return RepVerdict(
            classify_shown(kof, kof_norm, "leg_length"),
            basis,
            f"{caveat}; {kof_name} used",
            kof_norm,
            kof,
        )
    return RepVerdict("no_reading", None, peak_reason or "no trusted frontal reading", None)


FILMING_ADVICE = (
    "film from the front at hip height with both feet and knees in view, and squat to at least "
    "60° of knee flexion"
)


def knee_over_foot_verdict(
    kof_descent: float | None, reason: str | None, *, kof_norm: Norm
) -> RepVerdict:
    """Squats to depth (tasks.yaml ``headline: knee_over_foot_descent``): the knee's position
    relative to the toe in the descent at 45-60° of knee flexion decides [R56][R54][R29][R80].

    There is no fallback to the deepest point: there the knee is far nearer the camera than the
    toes and the 2-D offset is dominated by perspective (docs/metrics.md). No reading says why and
    what to change when filming.
    """
    if kof_descent is None:
        why = reason or "knee or toe not seen in the descent"
        return RepVerdict(
            "no_reading",
            None,
            f"knee over the toes not measured at 45-60° of knee flexion ({why}): {FILMING_ADVICE}",
            None,
        )
    return RepVerdict(
        classify_shown(kof_descent, kof_norm, "leg_length"),
        "knee_over_foot_descent",
        None,
        kof_norm,
        kof_descent,
    )


def worst(verdicts: list[str]) -> Verdict:
    """The worst verdict among readings (no_reading only when nothing could be read)."""
    readings = [v for v in verdicts if v != "no_reading"]
    if not readings:
        return "no_reading"
    best = max(readings, key=ORDER.__getitem__)
    return (
        "excessive" if best == "excessive" else "borderline" if best == "borderline" else "normal"
    )
