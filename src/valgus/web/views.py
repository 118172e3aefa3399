"""Templates and the small formatting helpers they use (plain words for non-programmers)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from valgus.analysis.model import Rep
from valgus.assess.headline import (
    basis_note,
    format_amount,
    format_value,
    headline_of,
    threshold_text,
)
from valgus.metrics.catalogue import measures_table

HERE = Path(__file__).parent

VERDICT_LABEL = {
    "normal": "Normal",
    "borderline": "Borderline",
    "excessive": "Excessive",
    "no_reading": "No reading",
}
VERDICT_HELP = {
    "normal": "The knee stays within the published normal range.",
    "borderline": "Between the normal range and clearly excessive: worth watching.",
    "excessive": "The knee caves in more than the published range.",
    "no_reading": "This could not be measured reliably; see the reasons below.",
}
SIDE_LABEL = {"left": "Left knee", "right": "Right knee"}


def deg(value: float | None, signed: bool = True) -> str:
    """12.3 -> '+12.3°', None -> '—'."""
    if value is None:
        return "—"
    value = round(value, 1) + 0.0  # no "-0.0"
    if value == 0:
        return "0.0°"
    return f"{value:+.1f}°" if signed else f"{value:.1f}°"


def knee_over_foot(value: float | None) -> str:
    """Knee position over the foot in % of leg length, as every output writes it (catalogue)."""
    return format_value(value, "leg_length")


def number(value: float | None, digits: int = 1, signed: bool = False) -> str:
    if value is None:
        return "—"
    return f"{value:+.{digits}f}" if signed else f"{value:.{digits}f}"


def sentence(text: str | None) -> str:
    """First letter upper-case, the rest untouched (unlike Jinja's capitalize), a final full stop."""
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def split_first_sentence(text: str) -> tuple[str, str]:
    """'A. B. C.' -> ('A.', 'B. C.')"""
    head, sep, tail = text.partition(". ")
    return (head + ".", tail) if sep else (text, "")


def rep_note(rep: Rep) -> str:
    """Why a rep has no reading, or which value decided its verdict."""
    if rep.reason:
        return rep.reason
    return basis_note(rep)


def task_label(task_id: str) -> str:
    from valgus.errors import ValgusError
    from valgus.tasks import get_task

    try:
        return get_task(task_id).label
    except ValgusError:
        return task_id


def csrf_value(request: Any) -> str:
    """This session's CSRF token (for fetch calls: the X-CSRF-Token header)."""
    session = getattr(request.state, "session", None)
    return session.csrf if session is not None else ""


def csrf_input(request: Any) -> Markup:
    """The hidden CSRF field every POST form carries."""
    return Markup('<input type="hidden" name="csrf_token" value="{}">').format(csrf_value(request))


def user_of(request: Any) -> Any:
    """The logged-in user or None (for the top bar)."""
    return getattr(request.state, "user", None)


@cache
def templates() -> Jinja2Templates:
    """The app's Jinja2 templates with the helpers above as filters."""
    t = Jinja2Templates(directory=str(HERE / "templates"))
    t.env.autoescape = (
        True  # *.html.j2 is not in Starlette's autoescaped suffixes: escape everything
    )
    t.env.filters.update(
        deg=deg,
        kof=knee_over_foot,
        sentence=sentence,
        first_sentence=split_first_sentence,
        num=number,
        rep_note=rep_note,
        task_label=task_label,
        headline=headline_of,
    )
    t.env.globals.update(
        VERDICT_LABEL=VERDICT_LABEL,
        VERDICT_HELP=VERDICT_HELP,
        SIDE_LABEL=SIDE_LABEL,
        csrf_input=csrf_input,
        csrf_value=csrf_value,
        user_of=user_of,
        amount=format_amount,
        threshold=threshold_text,
    )
    t.env.globals["measures_table"] = measures_table  # the metric catalogue's per-rep tables
    return t
