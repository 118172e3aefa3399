"""The interactive questionnaire: questions as data, each answer validated as it is given.

``ask_answers(ask, say)`` takes two callables (prompt -> text, message -> None) so the terminal
(rich) and tests (scripted input) share the same logic. Enter skips any question.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from valgus.errors import AnswersError
from valgus.screen.answers import Answers, parse_answers


@dataclass(frozen=True)
class Question:
    path: str  # dotted answers path; a "{side}" part asks per side
    prompt: str
    kind: str  # text | int | float | bool | choice | list
    choices: tuple[str, ...] = ()


Q = Question
QUESTIONS: tuple[Question, ...] = (
    Q("person.sex", "Sex", "choice", ("female", "male")),
    Q("person.age_years", "Age (years)", "int"),
    Q("person.sport", "Main sport", "text"),
    Q("person.dominant_leg", "Dominant leg", "choice", ("left", "right")),
    Q("person.pain_score_0_10", "Knee pain now, 0-10", "int"),
    Q("person.pain_location", "Where is the pain (comma-separated)", "list"),
    Q("person.pain_duration_weeks", "For how many weeks has it hurt", "int"),
    Q(
        "person.weeks_of_corrective_training_without_change",
        "Weeks of corrective training so far without a change",
        "int",
    ),
    Q(
        "person.logged_sessions_per_week",
        "Sessions a week actually done over those weeks (from a training log)",
        "float",
    ),
    Q(
        "person.functional_limitation",
        "Does the knee significantly limit daily life or sport",
        "bool",
    ),
    Q("red_flags.heard_pop", "Did you hear or feel a pop at an injury", "bool"),
    Q("red_flags.immediate_swelling", "Did the knee swell within hours of an injury", "bool"),
    Q("red_flags.giving_way", "Does the knee give way", "bool"),
    Q("red_flags.locking", "Does the knee lock or catch", "bool"),
    Q("red_flags.cannot_bear_weight_4_steps", "After an injury, can you NOT take 4 steps", "bool"),
    Q("clinical.weight_bearing_lunge_cm.{side}", "Knee-to-wall lunge, {side} (cm)", "float"),
    Q("clinical.navicular_drop_mm.{side}", "Navicular drop, {side} (mm)", "float"),
    Q("clinical.foot_posture_index.{side}", "Foot Posture Index, {side} (-12..12)", "int"),
    Q(
        "clinical.hip_abduction_strength_pct_bw.{side}",
        "Hip abduction strength, {side} (% BW)",
        "float",
    ),
    Q(
        "clinical.hip_external_rotation_strength_pct_bw.{side}",
        "Hip external-rotation strength, {side} (% BW)",
        "float",
    ),
    Q(
        "clinical.adductor_length.{side}",
        "Adductor length, {side}",
        "choice",
        ("restricted", "normal"),
    ),
    Q("preferences.sessions_per_week", "Sessions per week you can do", "int"),
    Q("preferences.minutes_per_session", "Minutes per session", "int"),
    Q("preferences.equipment", "Equipment you have (comma-separated)", "list"),
)
MOVEMENT_PROMPT = "Path of a valgus analyze JSON file (Enter when done)"
CONDITION_PROMPT = "Condition of that test"


def plain(value: str) -> str:
    """An allowed value as the user reads and may type it (``front_of_knee`` -> front of knee)."""
    return value.replace("_", " ")


def _number_text(kind: str, bounds: tuple[float | None, float | None, str]) -> str:
    lo, hi, unit = bounds
    what = "a whole number" if kind == "int" else "a number"
    if lo is None or hi is None:
        return what
    return f"{what} from {lo:g} to {hi:g}{f' {unit}' if unit else ''}"


def allowed_text(q: Question, side: str = "") -> str:
    """What the question accepts, in plain words: values, or a number's range and unit."""
    from valgus.screen.form import field_of  # the form reads these questions: import late

    field = field_of(q, side)
    if q.kind == "bool":
        return "y or n"
    if q.kind in ("int", "float"):
        return _number_text(q.kind, (field.lo, field.hi, field.unit))
    if field.choices:
        joined = ", ".join(plain(c) for c in field.choices)
        return f"one or more of: {joined}" if q.kind == "list" else f"one of: {joined}"
    return "any text"


def _choose(text: str, choices: tuple[str, ...]) -> str:
    key = text.strip().lower().replace(" ", "_").replace("-", "_")
    if key not in choices:
        raise ValueError(f"{text.strip()!r} is not one of: {', '.join(plain(c) for c in choices)}")
    return key


def _convert(text: str, q: Question, choices: tuple[str, ...] = ()) -> Any:
    """The typed text as the answer's value; a ValueError says in plain words what is expected."""
    if q.kind in ("int", "float"):
        try:
            return int(text) if q.kind == "int" else float(text.replace(",", "."))
        except ValueError:
            example = "20" if q.kind == "int" else "12.5"
            raise ValueError(
                f"{text.strip()!r} is not {'a whole number' if q.kind == 'int' else 'a number'};"
                f" type digits, for example {example}"
            ) from None
    if q.kind == "bool":
        low = text.lower()
        if low not in ("y", "yes", "n", "no"):
            raise ValueError("answer y or n")
        return low.startswith("y")
    if q.kind == "list":
        items = [t for t in text.split(",") if t.strip()]
        return [_choose(t, choices) for t in items] if choices else [t.strip() for t in items]
    if choices:
        return _choose(text, choices)
    return text


def _set(data: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    new = {**data}
    node = new
    parts = path.split(".")
    for part in parts[:-1]:
        node[part] = {**node.get(part, {})}
        node = node[part]
    node[parts[-1]] = value
    return new


def _ask_one(
    data: dict[str, Any],
    path: str,
    prompt: str,
    q: Question,
    ask: Callable[[str], str],
    say: Callable[[str], None],
) -> dict[str, Any]:
    from valgus.screen.form import field_of

    side = path.rsplit(".", 1)[-1] if "{side}" in q.path else ""
    choices = field_of(q, side).choices
    suffix = f" [{allowed_text(q, side)}]"
    while True:
        text = ask(f"{prompt}{suffix} (Enter to skip)").strip()
        if not text:
            return data
        try:
            candidate = _set(data, path, _convert(text, q, choices))
            parse_answers(candidate)
            return candidate
        except ValueError as error:
            say(f"not understood: {error}; try again or press Enter to skip")
        except AnswersError as error:
            say(f"not accepted: {_own_words(str(error))} Try again or press Enter to skip.")


def _own_words(message: str) -> str:
    """An answers-file message without the field path and the schema pointer (the question is
    on screen)."""
    text = message.split(": ", 1)[1] if message.startswith("answers field ") else message
    return text.removesuffix("; see docs/answers-schema.md.").rstrip(".") + "."


def ask_answers(ask: Callable[[str], str], say: Callable[[str], None]) -> Answers:
    """Run the whole questionnaire; every item can be skipped; invalid answers are re-asked."""
    data: dict[str, Any] = {}
    for q in QUESTIONS:
        sides = ("left", "right") if "{side}" in q.path else ("",)
        for side in sides:
            data = _ask_one(data, q.path.format(side=side), q.prompt.format(side=side), q, ask, say)
    movements: list[dict[str, Any]] = []
    while True:
        path = ask(MOVEMENT_PROMPT).strip()
        if not path:
            break
        conditions = ("baseline", "heel_elevated", "mini_band")
        shown = ", ".join(plain(c) for c in conditions)
        text = ask(f"{CONDITION_PROMPT} [one of: {shown}; Enter = baseline]").strip()
        try:
            condition = _choose(text, conditions) if text else "baseline"
        except ValueError as error:
            say(f"not understood: {error}. That file was not added.")
            continue
        entry = {"file": path, "condition": condition}
        try:
            parse_answers({"movements": [entry]})
            movements.append(entry)
        except AnswersError as error:
            say(f"not accepted: {_own_words(str(error))} That file was not added.")
    if movements:
        data["movements"] = movements
    return parse_answers(data)
