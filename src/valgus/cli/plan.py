"""`valgus plan`: causes, referral, risks and the corrective program from an answers file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from valgus.cli.app import console
from valgus.errors import InputError

if TYPE_CHECKING:
    from valgus.screen.answers import Answers


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise InputError(
            f"cannot write {path}: {error.strerror}; choose a writable path."
        ) from None
    console.print(f"wrote {path}")


def with_stored_progress(answers: Answers, code: str, db: str | None) -> Answers:
    """Fill "weeks without change" from the athlete's stored assessments when not answered.

    The stored series feed the referral rule "no meaningful improvement after several weeks"
    [R125a]: a change smaller than the SDD [R1] is not progress.
    """
    from valgus.progress.adherence import summarise
    from valgus.progress.series import build_series
    from valgus.progress.summary import no_meaningful_improvement
    from valgus.store.api import load_history, open_store

    if answers.person.weeks_of_corrective_training_without_change is not None:
        return answers
    store = open_store(db)
    try:
        history = load_history(store, code)
    finally:
        store.close()
    spans = [
        (s.points[0].date, s.points[-1].date)
        for s in build_series(history)
        if s.points and no_meaningful_improvement(s)
    ]
    if not spans:
        return answers
    start, end = max(spans, key=lambda span: span[1] - span[0])
    logged = summarise(history.adherence, start, end)
    person = answers.person.model_copy(
        update={
            "weeks_of_corrective_training_without_change": (end - start).days // 7,
            # nothing logged = 0 sessions a week: "no progress" needs the programme done
            "logged_sessions_per_week": logged.sessions_per_week or 0.0,
        }
    )
    return answers.model_copy(update={"person": person})


def store_plan(code: str, db: str | None, answers: Answers, plan: dict[str, Any]) -> None:
    from valgus.screen.answers import answers_to_dict
    from valgus.store.api import open_store, save_plan, save_screening

    store = open_store(db)
    try:
        save_screening(store, code, answers_to_dict(answers))
        plan_id = save_plan(store, code, plan)
    finally:
        store.close()
    console.print(f"Kept the answers and plan {plan_id} for athlete {code}.")


def register(app: typer.Typer) -> None:
    @app.command("plan")
    def plan_command(
        answers: Path = typer.Option(..., "--answers", help="Answers file (YAML or JSON)."),
        json_out: Path | None = typer.Option(None, "--json", help="Write the plan as JSON."),
        markdown_out: Path | None = typer.Option(None, "--markdown", help="Write Markdown."),
        html_out: Path | None = typer.Option(None, "--html", help="Write a standalone HTML page."),
        retest_weeks: int | None = typer.Option(None, "--retest-weeks", help="4-6 weeks."),
        quiet: bool = typer.Option(False, "--quiet", help="No terminal summary."),
        athlete: str | None = typer.Option(
            None, "--athlete", help="Keep answers and plan for this athlete; use their history."
        ),
        db: str | None = typer.Option(None, "--db", help="Database URL or file."),
    ) -> None:
        """Explain the likely causes, refer when needed and build the corrective program."""
        from valgus.cli.plan_output import print_plan
        from valgus.plan.assemble import make_plan
        from valgus.program.render import to_html, to_markdown
        from valgus.screen.answers import load_answers

        loaded = load_answers(answers)
        if athlete:
            loaded = with_stored_progress(loaded, athlete, db)
        plan = make_plan(loaded, retest_weeks=retest_weeks).to_dict()
        if athlete:
            store_plan(athlete, db, loaded, plan)
        if not quiet:
            print_plan(console, plan)
        if json_out:
            _write(json_out, json.dumps(plan, indent=2, ensure_ascii=False))
        if markdown_out:
            _write(markdown_out, to_markdown(plan))
        if html_out:
            _write(html_out, to_html(plan))
