"""`valgus screen`: interactive questionnaire (or --answers FILE) -> likely causes and next tests."""

from __future__ import annotations

import json
from pathlib import Path

import typer
import yaml
from rich.markup import escape
from rich.prompt import Prompt

from valgus.cli.app import console
from valgus.errors import InputError


def register(app: typer.Typer) -> None:
    @app.command("screen")
    def screen_command(
        answers: Path | None = typer.Option(
            None, "--answers", help="Answers file; skips the questions."
        ),
        save: Path | None = typer.Option(None, "--save", help="Write the answers (YAML or .json)."),
        json_out: Path | None = typer.Option(None, "--json", help="Write the screening as JSON."),
    ) -> None:
        """Screen the likely causes of knee valgus (asks questions unless --answers is given)."""
        from valgus.cli.plan_output import print_causes, print_referral
        from valgus.referral.triage import triage
        from valgus.screen.answers import answers_to_dict, load_answers
        from valgus.screen.engine import screen
        from valgus.screen.questionnaire import ask_answers

        if answers is not None:
            given = load_answers(answers)
        else:
            console.print(
                "[bold]valgus screen[/]: answer what you know; press Enter to skip any item."
            )
            given = ask_answers(
                # escaped: the allowed values are shown in [brackets], which rich reads as markup
                lambda p: Prompt.ask(escape(p), default="", show_default=False, console=console),
                lambda m: console.print(f"[yellow]{escape(m)}[/]", highlight=False),
            )
        if save is not None:
            data = answers_to_dict(given)
            text = (
                json.dumps(data, indent=2)
                if save.suffix.lower() == ".json"
                else yaml.safe_dump(data, sort_keys=False)
            )
            try:
                save.write_text(text, encoding="utf-8")
            except OSError as error:
                raise InputError(f"cannot write {save}: {error.strerror}.") from None
            console.print(f"answers saved to {save}")
        result = screen(given)
        referral = triage(given)
        print_referral(console, referral.to_dict())
        print_causes(console, [c.to_dict() for c in result.causes], result.next_tests)
        if json_out is not None:
            doc = {**result.to_dict(), "referral": referral.to_dict()}
            json_out.write_text(json.dumps(doc, indent=2), encoding="utf-8")
            console.print(f"wrote {json_out}")
        console.print("[dim]Next: valgus plan --answers FILE builds the program.[/]")
