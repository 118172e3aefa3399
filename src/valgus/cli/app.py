"""The Typer application object and the shared console."""

from __future__ import annotations

import typer
from rich.console import Console

app = typer.Typer(
    name="valgus",
    help="Measure, explain and correct dynamic knee valgus from video or motion files.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
err_console = Console(stderr=True)
