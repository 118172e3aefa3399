"""The Typer application object and the shared console."""

from __future__ import annotations

import sys

import typer
from rich.console import Console

app = typer.Typer(
    name="valgus",
    help="Measure, explain and correct dynamic knee valgus from video or motion files.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _width(stream_is_tty: bool) -> int | None:
    return None if stream_is_tty else 140


console = Console(width=_width(sys.stdout.isatty()))
err_console = Console(stderr=True, width=_width(sys.stderr.isatty()))
