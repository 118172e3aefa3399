"""`valgus backup FILE` / `valgus restore FILE`: the database and the results folder, in one archive."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

DbOption = Annotated[
    str | None,
    typer.Option(help="Database URL or file (default: $VALGUS_DATABASE_URL or the user data dir)"),
]
ResultsOption = Annotated[
    Path | None,
    typer.Option(help="The web app's results folder (default: <user data dir>/valgus/web-results)"),
]


def cli_user() -> str:
    """Who ran the command, for the audit log (``cli:<login name>``)."""
    import getpass

    try:
        return f"cli:{getpass.getuser()}"[:64]
    except (KeyError, OSError):
        return "cli"


def _results(results: Path | None) -> Path:
    from valgus.web.settings import default_results_dir

    return results if results is not None else default_results_dir()


def backup(
    file: Annotated[Path, typer.Argument(help="The archive to write (e.g. clinic.tar.gz)")],
    db: DbOption = None,
    results: ResultsOption = None,
    force: Annotated[bool, typer.Option(help="Overwrite FILE if it exists")] = False,
) -> None:
    """Back up the database (SQLite or PostgreSQL) and the results folder into one private file."""
    from valgus.backup import make_backup
    from valgus.cli.app import console

    folder = _results(results)
    summary = make_backup(file, db, folder, force=force, user=cli_user())
    console.print(f"backup written to {summary.path} (0600): {summary.line()}", highlight=False)
    if summary.outside:
        console.print(
            f"[yellow]![/] {len(summary.outside)} kept files the database refers to lie outside "
            f"{folder} and are not in the backup (e.g. {summary.outside[0]}); "
            "back them up separately or pass --results",
            highlight=False,
        )


def restore(
    file: Annotated[Path, typer.Argument(help="An archive written by `valgus backup`")],
    db: DbOption = None,
    results: ResultsOption = None,
    force: Annotated[
        bool,
        typer.Option(help="Replace a database and results folder that already hold data"),
    ] = False,
) -> None:
    """Restore a backup into an empty database and results folder (stop `valgus web` first)."""
    from valgus.backup import restore_backup
    from valgus.cli.app import console

    summary = restore_backup(file, db, _results(results), force=force, user=cli_user())
    console.print(f"restored {summary.path}: {summary.line()}", highlight=False)


def register(app: typer.Typer) -> None:
    """Add `valgus backup` and `valgus restore`."""
    app.command("backup")(backup)
    app.command("restore")(restore)
