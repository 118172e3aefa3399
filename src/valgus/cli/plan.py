"""`valgus plan`: causes, referral, risks and the corrective program from an answers file."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from valgus.cli.app import console
from valgus.cli.plan_output import print_plan
from valgus.errors import InputError
from valgus.program.render import to_html, to_markdown
from valgus.screen.answers import load_answers
from valgus.screen.api import make_plan


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise InputError(f"cannot write {path}: {error.strerror}; choose a writable path.") from None
    console.print(f"wrote {path}")


def register(app: typer.Typer) -> None:
    @app.command("plan")
    def plan_command(
        answers: Path = typer.Option(..., "--answers", help="Answers file (YAML or JSON)."),
        json_out: Path | None = typer.Option(None, "--json", help="Write the plan as JSON."),
        markdown_out: Path | None = typer.Option(None, "--markdown", help="Write Markdown."),
        html_out: Path | None = typer.Option(None, "--html", help="Write a standalone HTML page."),
        retest_weeks: int | None = typer.Option(None, "--retest-weeks", help="4-6 weeks."),
        quiet: bool = typer.Option(False, "--quiet", help="No terminal summary."),
    ) -> None:
        """Explain the likely causes, refer when needed and build the corrective program."""
        plan = make_plan(load_answers(answers), retest_weeks=retest_weeks).to_dict()
        if not quiet:
            print_plan(console, plan)
        if json_out:
            _write(json_out, json.dumps(plan, indent=2, ensure_ascii=False))
        if markdown_out:
            _write(markdown_out, to_markdown(plan))
        if html_out:
            _write(html_out, to_html(plan))
