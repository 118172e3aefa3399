"""Turn a dict of named mocap markers into the canonical joints, using ``data/markers.yaml``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

import numpy as np

from valgus import settings
from valgus.io.readers.joint_centres import harrington_hip, midpoint
from valgus.keypoints import FloatArray
from valgus.settings.markers import Alternative as AlternativeEntry
from valgus.skeleton import INDEX, JOINTS, REQUIRED_FOR_FPPA, SIDES

SIDE_LETTER = {"right": "r", "left": "l"}


@dataclass(frozen=True)
class Alternative:
    """One way of making a joint: a rule over groups of candidate marker names."""

    rule: str
    groups: tuple[
        tuple[str, ...], ...
    ]  # first_present: 1 group; midpoint: 2+; harrington: asis, psis
    note: str | None = None
    medial_offset_m: float = 0.0  # a lateral marker standing in for a joint centre: shift medially


@dataclass
class Resolved:
    """The canonical joints a convention made from a file's markers."""

    convention: str
    positions: FloatArray  # (T, K, 3), NaN where missing
    rules: dict[str, str] = field(default_factory=dict)  # joint -> "midpoint(r_knee, r_mknee)"
    notes: list[str] = field(default_factory=list)
    fallbacks: int = 0  # sum over joints of the position of the alternative used
    medial_offsets: dict[str, float] = field(default_factory=dict)  # joint -> metres

    @property
    def score(self) -> tuple[int, int, int]:
        """Higher is better: required joints made, joints made, minus fallbacks used."""
        return (self.n_required, len(self.rules), -self.fallbacks)

    @property
    def n_required(self) -> int:
        return sum(j in self.rules for j in REQUIRED_FOR_FPPA)


def _alternative(spec: AlternativeEntry) -> Alternative:
    if spec.rule == "first_present" and spec.markers:
        groups: tuple[tuple[str, ...], ...] = (tuple(spec.markers),)
    elif spec.rule == "midpoint" and spec.of:
        groups = tuple(tuple(g) for g in spec.of)
    elif spec.rule == "harrington" and spec.asis and spec.psis:
        groups = (tuple(spec.asis), tuple(spec.psis))
    else:
        raise ValueError(f"markers.yaml: rule {spec.rule!r} without its marker names")
    return Alternative(
        rule=spec.rule, groups=groups, note=spec.note, medial_offset_m=spec.medial_offset_m
    )


@cache
def conventions() -> dict[str, dict[str, tuple[Alternative, ...]]]:
    """Mocap conventions from markers.yaml: name -> joint key -> alternatives in order."""
    data = settings.markers().mocap_conventions
    return {
        name: {key: tuple(_alternative(a) for a in alts) for key, alts in conv.joints.items()}
        for name, conv in data.items()
    }


def _lookup(available: Mapping[str, str], template: str, side: str | None) -> str | None:
    name = template if side is None else template.replace("{s}", SIDE_LETTER[side])
    return available.get(name.lower())


def _group(available: Mapping[str, str], group: tuple[str, ...], side: str | None) -> str | None:
    for template in group:
        found = _lookup(available, template, side)
        if found is not None:
            return found
    return None


def _apply(
    alt: Alternative,
    markers: Mapping[str, FloatArray],
    available: Mapping[str, str],
    side: str | None,
) -> tuple[FloatArray, str] | None:
    """Positions and a description of one alternative, or None if a marker is absent."""
    sides = ("right", "left") if alt.rule == "harrington" else (side,)
    found = [_group(available, g, s) for g in alt.groups for s in sides]
    names = [n for n in found if n is not None]
    if len(names) < len(found):
        return None
    if alt.rule == "harrington":
        if side is None:
            return None
        r_asis, l_asis, r_psis, l_psis = (markers[n] for n in names)
        hip = harrington_hip(r_asis, l_asis, r_psis, l_psis, side)
        return hip, f"harrington({', '.join(names)})"
    if alt.rule == "first_present":
        return markers[names[0]], names[0]
    return midpoint(*(markers[n] for n in names)), f"midpoint({', '.join(names)})"


def _targets(key: str) -> list[tuple[str, str | None]]:
    """Canonical joints a yaml joint key stands for, with their side."""
    if key in INDEX:
        return [(key, None)]
    return [(f"{side}_{key}", side) for side in SIDES]


def resolve_with(name: str, markers: Mapping[str, FloatArray], n_frames: int) -> Resolved:
    """Apply one convention to markers (name -> (T, 3) metres)."""
    available = {m.lower(): m for m, xyz in markers.items() if np.isfinite(xyz).any()}
    out = Resolved(convention=name, positions=np.full((n_frames, len(JOINTS), 3), np.nan))
    for key, alts in conventions()[name].items():
        for joint, side in _targets(key):
            for rank, alt in enumerate(alts):
                made = _apply(alt, markers, available, side)
                if made is None:
                    continue
                out.positions[:, INDEX[joint], :] = made[0]
                out.rules[joint] = f"{alt.rule}: {made[1]}"
                out.fallbacks += rank
                if alt.medial_offset_m:
                    out.medial_offsets[joint] = alt.medial_offset_m
                if alt.note and alt.note not in out.notes:
                    out.notes.append(alt.note)
                break
    return out


def resolve(markers: Mapping[str, FloatArray], n_frames: int) -> Resolved:
    """The convention making the most hip/knee/ankle joints (then most joints, fewest fallbacks)."""
    best: Resolved | None = None
    for name in conventions():
        cand = resolve_with(name, markers, n_frames)
        if best is None or cand.score > best.score:
            best = cand
    assert best is not None
    return best
