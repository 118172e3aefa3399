"""The questionnaire as form fields (web): each question's allowed values, range and unit.

``form_fields()`` lists one field per answer (per side for sided questions) from the same
questions as the terminal questionnaire; the allowed values and ranges come from the answers model
itself, so a form can never offer what ``parse_answers`` refuses. ``answers_from_form(values)``
turns the submitted strings back into an answers mapping (blank = skipped).
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from valgus.errors import AnswersError
from valgus.screen.answers import Answers
from valgus.screen.questionnaire import QUESTIONS, Question

_LISTED_CHOICES = re.compile(r"\s*\([^)]*comma-separated\)")
_UNIT = re.compile(r"\s*\(([^)]*)\)\s*$")


@dataclass(frozen=True)
class FormField:
    """One answer as a form field: ``name`` is its dotted answers path."""

    name: str
    label: str
    kind: str  # text | int | float | bool | choice | list
    choices: tuple[str, ...] = ()
    lo: float | None = None
    hi: float | None = None
    unit: str = ""
    section: str = ""

    @property
    def range_text(self) -> str:
        return "" if self.lo is None or self.hi is None else f"{self.lo:g} to {self.hi:g}"

    @property
    def step(self) -> str:
        return "1" if self.kind == "int" else "any"


def _strip_optional(annotation: Any) -> Any:
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return args[0] if len(args) == 1 else annotation
    return annotation


def _annotation_at(path: str) -> tuple[Any, list[Any]]:
    """The type and metadata of the answers field at a dotted path."""
    model: Any = Answers
    annotation: Any = None
    metadata: list[Any] = []
    for part in path.split("."):
        field = model.model_fields[part]
        annotation, metadata = _strip_optional(field.annotation), list(field.metadata)
        if typing.get_origin(annotation) is typing.Annotated:
            base, *extra = typing.get_args(annotation)
            annotation, metadata = _strip_optional(base), metadata + extra
        model = annotation
    return annotation, metadata


def _literals(annotation: Any) -> tuple[str, ...]:
    if typing.get_origin(annotation) is list:
        (annotation,) = typing.get_args(annotation)
    if typing.get_origin(annotation) is typing.Literal:
        return tuple(str(a) for a in typing.get_args(annotation))
    return ()


def _bounds(metadata: Sequence[Any]) -> tuple[float, float, str] | None:
    for item in metadata:
        bounds = getattr(getattr(item, "func", None), "bounds", None)
        if bounds is not None:
            return typing.cast(tuple[float, float, str], bounds)
    return None


def _plain_unit(unit: str, label: str, bounds: tuple[float, float, str] | None) -> str:
    """The unit as shown beside the label: none when the label already says it."""
    if not unit or unit.lower() in label.lower():
        return ""
    if bounds and f"{bounds[0]:g}-{bounds[1]:g}" in label:
        return ""
    return unit.replace(" (", ", ").replace(")", "")


def _field(q: Question, side: str) -> FormField:
    path = q.path.format(side=side)
    annotation, metadata = _annotation_at(path)
    bounds = _bounds(metadata)
    label = _LISTED_CHOICES.sub("", q.prompt.format(side=side))
    unit = bounds[2] if bounds else ""
    if bounds and (match := _UNIT.search(label)):
        label = label[: match.start()]
        unit = unit if ".." in match.group(1) else match.group(1)
    unit = _plain_unit(unit, label, bounds)
    choices = q.choices or _literals(annotation)
    return FormField(
        name=path,
        label=label,
        kind=q.kind,
        choices=choices,
        lo=bounds[0] if bounds else None,
        hi=bounds[1] if bounds else None,
        unit=unit,
        section=path.split(".")[0],
    )


def field_of(q: Question, side: str = "") -> FormField:
    """One question (one side of a sided question) with its allowed values, range and unit."""
    return _field(q, side)


def form_fields() -> list[FormField]:
    """Every questionnaire item as a form field, in questionnaire order."""
    fields: list[FormField] = []
    for q in QUESTIONS:
        sides = ("left", "right") if "{side}" in q.path else ("",)
        fields.extend(_field(q, side) for side in sides)
    return fields


def _convert(field: FormField, values: list[str]) -> Any:
    text = values[0].strip() if values else ""
    if field.kind == "list":
        return [v for v in (v.strip() for v in values) if v]
    if not text:
        return None
    try:
        if field.kind == "int":
            return int(text)
        if field.kind == "float":
            return float(text)
    except ValueError:
        raise AnswersError(f"{field.label}: {text[:40]!r} is not a number.") from None
    if field.kind == "bool":
        if text not in ("yes", "no"):
            raise AnswersError(f"{field.label}: answer yes or no.")
        return text == "yes"
    if field.choices and text not in field.choices:
        raise AnswersError(f"{field.label}: choose one of {', '.join(field.choices)}.")
    return text


def answers_from_form(values: Mapping[str, list[str]]) -> dict[str, Any]:
    """The answers mapping for submitted form values (field name -> values); blanks are skipped."""
    data: dict[str, Any] = {}
    for field in form_fields():
        value = _convert(field, list(values.get(field.name, [])))
        if value is None or value == []:
            continue
        node = data
        *parents, last = field.name.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
    return data
