"""The screening answers: a strict pydantic model with units in the field names.

Every field is optional. Unknown fields are rejected by name, numbers outside their plausible range
are rejected with the allowed range and, where a unit mix-up is likely, a hint at the right field.
``load_answers(path)`` reads YAML or JSON; ``parse_answers(data)`` validates a mapping. Both raise
:class:`valgus.errors.AnswersError` with a one-line message naming the field.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import json
import typing
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    ValidationError,
    field_validator,
    model_validator,
)

from valgus.errors import AnswersError

Side = Literal["left", "right"]
Condition = Literal["baseline", "heel_elevated", "mini_band"]
Task = Literal[
    "bilateral-squat", "single-leg-squat", "step-down", "lunge", "drop-jump", "single-leg-landing"
]
PainLocation = Literal[
    "front_of_knee",
    "inside_of_knee",
    "outside_of_knee",
    "back_of_knee",
    "hip",
    "ankle_foot",
    "other",
]


def _ranged(lo: float, hi: float, unit: str, hint: str | None = None) -> AfterValidator:
    """A validator keeping a number inside [lo, hi]; the message gives the range and a unit hint."""

    def check(value: float) -> float:
        if not lo <= value <= hi:
            extra = f"; {hint}" if hint else ""
            raise ValueError(
                f"{value:g} is outside the allowed range {lo:g} to {hi:g} {unit}{extra}"
            )
        return value

    check.bounds = (lo, hi, unit)  # type: ignore[attr-defined]  # read by screen.form (web fields)
    return AfterValidator(check)


LungeCm = Annotated[
    float,
    _ranged(
        0,
        25,
        "cm",
        "a knee-to-wall distance above 25 cm is implausible: if you measured the shin angle, "
        "use weight_bearing_lunge_deg instead",
    ),
]
LungeDeg = Annotated[
    float,
    _ranged(
        0,
        70,
        "degrees",
        "if you measured the toe-to-wall distance, use weight_bearing_lunge_cm",
    ),
]
NavicularMm = Annotated[
    float,
    _ranged(
        0,
        30,
        "mm",
        "navicular drop is given in millimetres (1 cm = 10 mm)",
    ),
]
FootPostureIndex = Annotated[int, _ranged(-12, 12, "points (FPI-6 total)")]
StrengthPctBw = Annotated[
    float,
    _ranged(
        3,
        100,
        "% body weight",
        "give percent of body weight (0.30 of body weight is 30), not newtons or kilograms",
    ),
]
QAngleDeg = Annotated[float, _ranged(0, 40, "degrees")]
CraigDeg = Annotated[float, _ranged(-30, 60, "degrees")]
ThomasKneeDeg = Annotated[float, _ranged(0, 150, "degrees of knee flexion")]
ThomasHipDeg = Annotated[float, _ranged(-30, 60, "degrees above the horizontal")]
FppaDeg = Annotated[float, _ranged(-45, 60, "degrees")]
PelvisDeg = Annotated[float, _ranged(-30, 30, "degrees")]
TrunkDeg = Annotated[float, _ranged(-45, 45, "degrees")]
KneeFlexionDeg = Annotated[float, _ranged(0, 160, "degrees")]
LegLength = Annotated[float, _ranged(-1, 1, "leg lengths")]
Ratio = Annotated[float, _ranged(0, 5, "(ratio)")]
PainScore = Annotated[int, _ranged(0, 10, "points on the 0-10 scale")]
Weeks = Annotated[int, _ranged(0, 520, "weeks")]
AgeYears = Annotated[int, _ranged(5, 110, "years")]
Sessions = Annotated[int, _ranged(1, 7, "sessions per week")]
SessionsDone = Annotated[float, _ranged(0, 14, "sessions per week")]
Minutes = Annotated[int, _ranged(5, 120, "minutes per session")]
ErrorDeg = Annotated[float, _ranged(0.1, 30, "degrees")]


class Strict(BaseModel):
    """Strict base: no type coercion, unknown fields rejected."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class _SidedBase(Strict):
    @model_validator(mode="before")
    @classmethod
    def _scalar_is_both_sides(cls, data: Any) -> Any:
        """A bare number applies to both sides (``navicular_drop_mm: 8``)."""
        if isinstance(data, int | float) and not isinstance(data, bool):
            return {"left": data, "right": data}
        return data

    def get(self, side: str) -> Any:
        return getattr(self, side)


def _sided(kind: Any, name: str) -> type[_SidedBase]:
    model = type(
        name,
        (_SidedBase,),
        {
            "__annotations__": {"left": kind | None, "right": kind | None},
            "left": None,
            "right": None,
        },
    )
    return model


LungeCmSides = _sided(LungeCm, "LungeCmSides")
LungeDegSides = _sided(LungeDeg, "LungeDegSides")
NavicularSides = _sided(NavicularMm, "NavicularSides")
FpiSides = _sided(FootPostureIndex, "FpiSides")
StrengthSides = _sided(StrengthPctBw, "StrengthSides")
QAngleSides = _sided(QAngleDeg, "QAngleSides")
CraigSides = _sided(CraigDeg, "CraigSides")
ThomasKneeSides = _sided(ThomasKneeDeg, "ThomasKneeSides")
ThomasHipSides = _sided(ThomasHipDeg, "ThomasHipSides")
AdductorSides = _sided(Literal["restricted", "normal"], "AdductorSides")


class Person(Strict):
    sex: Literal["female", "male"] | None = None
    age_years: AgeYears | None = None
    sport: str | None = None
    dominant_leg: Side | None = None
    goals: list[str] = []
    pain_location: list[PainLocation] = []
    pain_score_0_10: PainScore | None = None
    pain_duration_weeks: Weeks | None = None
    history: list[str] = []
    weeks_of_corrective_training_without_change: Weeks | None = None
    # Sessions a week actually done over those weeks (filled from the adherence log by
    # `valgus plan --athlete`, or entered from a training log); None = not known: weeks without
    # change then lead to "log the programme first", never to a no-progress referral.
    logged_sessions_per_week: SessionsDone | None = None
    functional_limitation: bool | None = None


class RedFlags(Strict):
    """Symptoms after an injury; any ``true`` can replace the program with a referral."""

    heard_pop: bool | None = None
    immediate_swelling: bool | None = None
    giving_way: bool | None = None
    locking: bool | None = None
    acute_injury: bool | None = None
    cannot_bear_weight_4_steps: bool | None = None
    cannot_flex_90: bool | None = None
    isolated_patellar_tenderness: bool | None = None
    fibular_head_tenderness: bool | None = None
    night_pain_or_fever: bool | None = None


class Clinical(Strict):
    weight_bearing_lunge_cm: LungeCmSides | None = None  # type: ignore[valid-type]
    weight_bearing_lunge_deg: LungeDegSides | None = None  # type: ignore[valid-type]
    navicular_drop_mm: NavicularSides | None = None  # type: ignore[valid-type]
    foot_posture_index: FpiSides | None = None  # type: ignore[valid-type]
    hip_abduction_strength_pct_bw: StrengthSides | None = None  # type: ignore[valid-type]
    hip_external_rotation_strength_pct_bw: StrengthSides | None = None  # type: ignore[valid-type]
    q_angle_deg: QAngleSides | None = None  # type: ignore[valid-type]
    craigs_test_deg: CraigSides | None = None  # type: ignore[valid-type]
    thomas_test_knee_flexion_deg: ThomasKneeSides | None = None  # type: ignore[valid-type]
    thomas_test_hip_angle_deg: ThomasHipSides | None = None  # type: ignore[valid-type]
    adductor_length: AdductorSides | None = None  # type: ignore[valid-type]


class SideNumbers(Strict):
    """Directly entered movement numbers for one side (mean over reps)."""

    fppa_deg: FppaDeg | None = None
    static_fppa_deg: FppaDeg | None = None
    pelvic_drop_deg: PelvisDeg | None = None
    trunk_lean_deg: TrunkDeg | None = None
    knee_flexion_deg: KneeFlexionDeg | None = None
    knee_over_foot: LegLength | None = None
    kasr: Ratio | None = None
    verdict: Literal["normal", "borderline", "excessive", "no_reading"] | None = None


class Movement(Strict):
    """One movement result: a ``valgus analyze`` JSON file or numbers typed in."""

    condition: Condition = "baseline"
    file: str | None = None
    task: Task | None = None
    left: SideNumbers | None = None
    right: SideNumbers | None = None
    fppa_sdd_deg: ErrorDeg | None = None
    fppa_sem_deg: ErrorDeg | None = None

    @model_validator(mode="after")
    def _file_or_numbers(self) -> Movement:
        if self.file is None and self.task is None:
            raise ValueError(
                "give either file (a valgus analyze JSON) or task with left/right numbers"
            )
        if self.file is None and self.left is None and self.right is None:
            raise ValueError("numbers entered directly need left and/or right values")
        return self


class Preferences(Strict):
    equipment: list[
        Literal[
            "mini_band",
            "long_band",
            "foam_roller",
            "step",
            "wall",
            "dumbbell",
            "kettlebell",
            "barbell",
            "bench",
            "box",
            "mirror",
            "wedge",
            "chair",
        ]
    ] = []
    sessions_per_week: Sessions = 3
    minutes_per_session: Minutes = 30


class Answers(Strict):
    schema_version: Literal["1.0"] = "1.0"
    assessment_date: dt.date | None = None
    person: Person = Person()
    red_flags: RedFlags = RedFlags()
    clinical: Clinical = Clinical()
    movements: list[Movement] = []
    preferences: Preferences = Preferences()
    base_dir: str | None = None  # where relative movement files are resolved (set by load_answers)

    @model_validator(mode="before")
    @classmethod
    def _date_from_text(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("assessment_date"), str):
            with contextlib.suppress(ValueError):  # strict validation reports a bad date
                data = {**data, "assessment_date": dt.date.fromisoformat(data["assessment_date"])}
        return data

    @field_validator("assessment_date")
    @classmethod
    def _plausible_date(cls, day: dt.date | None) -> dt.date | None:
        from valgus.dates import out_of_range

        problem = None if day is None else out_of_range(day)
        if problem is not None:
            raise ValueError(problem)
        return day


def _field_path(loc: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        elif not str(item).startswith(
            ("function-", "constrained-", "json-or-python")
        ) and item not in (
            "float",
            "int",
            "str",
            "bool",
            "date",
            "list",
            "tagged-union",
            "literal",
        ):
            parts.append(("." if parts else "") + str(item))
    return "".join(parts) or "answers"


def _model_at(loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    model: Any = Answers
    for item in loc[:-1]:
        if isinstance(item, int):
            continue
        field = getattr(model, "model_fields", {}).get(item)
        if field is None:
            return None
        annotation = field.annotation
        candidates = [
            a for a in getattr(annotation, "__args__", (annotation,)) if a is not type(None)
        ]
        nxt = None
        for cand in candidates:
            inner = getattr(cand, "__args__", (cand,))
            for c in (cand, *inner):
                if isinstance(c, type) and issubclass(c, BaseModel):
                    nxt = c
        model = nxt
        if model is None:
            return None
    return model


def _field_info(loc: tuple[int | str, ...]) -> tuple[tuple[str, ...], str]:
    """The allowed values and the range text of the answers field at ``loc`` ("", () if none)."""
    names = [item for item in loc if isinstance(item, str)]
    model = _model_at(tuple(i for i in loc if not isinstance(i, int)))
    field = getattr(model, "model_fields", {}).get(names[-1]) if names else None
    if field is None:
        return (), ""
    choices: list[str] = []
    bounds = None
    stack: list[Any] = [field.annotation, *field.metadata]
    while stack:
        item = stack.pop()
        if typing.get_origin(item) is Literal:
            choices.extend(str(a) for a in typing.get_args(item))
        found = getattr(getattr(item, "func", None), "bounds", None)
        bounds = bounds or found
        stack.extend(typing.get_args(item))
        stack.extend(getattr(item, "__metadata__", ()))
        if isinstance(item, type) and issubclass(item, _SidedBase):
            stack.append(item.model_fields["left"].annotation)
    span = f" from {bounds[0]:g} to {bounds[1]:g} {bounds[2]}" if bounds else ""
    return tuple(dict.fromkeys(choices)), span


_KINDS = {
    "int": "write a whole number{span}",
    "float": "write a number{span}",
    "bool": "write true or false",
    "date": "write a date as YYYY-MM-DD, for example 2026-02-01",
    "list": "write a list, for example [a, b]{one_of}",
    "string": "write text (in quotes if it could be read as a number)",
}


def _message(error: ValidationError) -> str:
    """The first problem in the tool's own words: the field, what was given, what is allowed."""
    first = error.errors()[0]
    loc = tuple(first["loc"])
    path = _field_path(loc)
    if first["type"] == "extra_forbidden":
        model = _model_at(loc)
        known = sorted(model.model_fields) if model else []
        close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.5)
        hint = f"did you mean {close[0]}?" if close else f"known fields here: {', '.join(known)}"
        return f"answers field {path} is not a known field ({hint}); see docs/answers-schema.md."
    kind = str(first["type"])
    value = first.get("input")
    shown = "" if isinstance(value, dict | list) or value is None else f"{value!r}"
    choices, span = _field_info(tuple(i for i in loc if not _is_internal(i)))
    one_of = f" of: {', '.join(choices)}" if choices else ""
    if kind == "literal_error" or (choices and kind in ("enum", "string_type")):
        msg = f"write one{one_of}"
    elif kind == "missing":
        msg = "this field is needed here"
    elif "valid dictionary or instance of" in str(first["msg"]) or kind in (
        "model_type",
        "model_attributes_type",
        "dict_type",
    ):
        msg = (
            f"write one value for both sides or left:/right: values ({'one' + one_of if choices else 'a number' + span})"
            if path.startswith("clinical.")
            else "write the fields of this section (name: value lines)"
        )
    elif kind.startswith("value_error"):
        msg = str(first["msg"]).removeprefix("Value error, ")
        shown = "" if shown and str(first["msg"]).find(shown.strip("'")) >= 0 else shown
    else:
        base = kind.split("_")[0]
        template = _KINDS.get(base)
        msg = (
            template.format(span=span, one_of=f" with values{one_of}" if choices else "")
            if template
            else "this value is not accepted here"
        )
    if isinstance(value, str) and _numeric(value) and "number" in msg:
        msg += ", as plain numbers without quotes"
    got = f" (got {shown})" if shown else ""
    return f"answers field {path}: {msg}{got}; see docs/answers-schema.md."


def _numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _is_internal(item: int | str) -> bool:
    """Parts of a pydantic error location that are type names, not fields."""
    return isinstance(item, str) and (
        item.startswith(("function-", "constrained-", "json-or-python"))
        or item in ("float", "int", "str", "bool", "date", "list", "tagged-union", "literal")
        or item.startswith("literal[")
    )


def parse_answers(data: Any, base_dir: Path | None = None) -> Answers:
    """Validate a mapping of answers; raises AnswersError naming the first bad field."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise AnswersError(
            "answers must be a mapping of sections (person, clinical, movements, ...)."
        )
    if base_dir is not None:
        data = {**data, "base_dir": str(base_dir)}
    try:
        return Answers.model_validate(data)
    except ValidationError as error:
        raise AnswersError(_message(error)) from None


def load_answers(path: Path | str) -> Answers:
    """Read a YAML or JSON answers file; movement files are resolved next to it."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise AnswersError(f"cannot read the answers file {path}: {error.strerror}.") from None
    except UnicodeDecodeError:
        raise AnswersError(
            f"the answers file {path} is not text (a binary file?); give a YAML or JSON file."
        ) from None
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError, ValueError) as error:
        # ValueError: YAML reads 2026-13-45 as a date and fails on the month
        first = str(error).splitlines()[0][:120]
        raise AnswersError(f"the answers file {path} is not valid YAML/JSON ({first}).") from None
    except RecursionError:
        raise AnswersError(
            f"the answers file {path} is nested too deeply to read; give a plain answers file."
        ) from None
    return parse_answers(data, base_dir=path.resolve().parent)


def answers_to_dict(answers: Answers) -> dict[str, Any]:
    """Plain data for saving (``--save``): empty sections and the base_dir are left out."""
    data = answers.model_dump(mode="json", exclude_none=True, exclude_defaults=False)
    data.pop("base_dir", None)
    return data
