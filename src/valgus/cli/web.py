"""`valgus web`: the local web app (upload a clip, see the result, manage athletes)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from valgus.web.settings import DEFAULT_MAX_UPLOAD_MB


def web_command(
    host: Annotated[
        str, typer.Option(help="Address to listen on (127.0.0.1: this computer only; no login!)")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port")] = 8000,
    db: Annotated[
        str | None,
        typer.Option(
            help="Database URL or file (default: $VALGUS_DATABASE_URL or the user data dir)"
        ),
    ] = None,
    results: Annotated[
        Path | None,
        typer.Option(help="Folder for analysis results (default: <user data dir>/web-results)"),
    ] = None,
    max_upload_mb: Annotated[
        float, typer.Option(help="Largest accepted upload in MB")
    ] = DEFAULT_MAX_UPLOAD_MB,
) -> None:
    """Start the local web app and open it at http://HOST:PORT in a browser."""
    import uvicorn

    from valgus.cli.app import console
    from valgus.errors import InputError
    from valgus.web import WebSettings, create_app

    if max_upload_mb <= 0:
        raise InputError("--max-upload-mb must be a positive number of megabytes")
    settings = WebSettings(db_url=db, max_upload_mb=max_upload_mb)
    if results is not None:
        settings = WebSettings(db_url=db, max_upload_mb=max_upload_mb, results_dir=results)
    app = create_app(settings)
    if host not in ("127.0.0.1", "localhost", "::1"):
        console.print(
            f"[yellow]![/] listening on {host}: anyone on the network can open the app (it has no login)."
        )
    console.print(f"valgus web: open [bold]http://{host}:{port}[/] (Ctrl+C to stop)")
    console.print(f"results are kept in {settings.results_dir}")
    uvicorn.run(app, host=host, port=port, log_level="warning")


def register(app: typer.Typer) -> None:
    """Add `valgus web`."""
    app.command("web")(web_command)
