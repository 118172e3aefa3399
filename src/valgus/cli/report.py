"""`valgus report CODE --pdf out.pdf --html out.html [--paper a4|letter]`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from valgus.cli.app import console
from valgus.cli.athlete import DbOption, opened
from valgus.cli.dates import parse_date
from valgus.errors import InputError


def report_command(
    code: str,
    pdf: Annotated[Path | None, typer.Option("--pdf", help="Write a PDF.")] = None,
    html: Annotated[
        Path | None, typer.Option("--html", help="Write a self-contained HTML.")
    ] = None,
    paper: Annotated[str, typer.Option("--paper", help="a4 | letter")] = "a4",
    date: Annotated[
        str | None, typer.Option("--date", help="Assessment YYYY-MM-DD (default: the latest).")
    ] = None,
    db: DbOption = None,
) -> None:
    """A report of the athlete's assessment, causes, program, referral advice and progress."""
    from valgus.report import make_report

    if pdf is None and html is None:
        raise InputError("give --pdf out.pdf and/or --html out.html")
    day = parse_date(date)
    with opened(db) as store:
        make_report(store, code, html=html, pdf=pdf, paper=paper, session_date=day)
    console.print("wrote " + " and ".join(str(p) for p in (pdf, html) if p is not None))


def register(app: typer.Typer) -> None:
    """Add `valgus report`."""
    app.command("report")(report_command)
