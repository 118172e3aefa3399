"""Entry point: registers every command module, turns user errors into one clean line."""

from __future__ import annotations

import os
import sys

# Quieten the pose model's native (glog / TFLite) logging before anything imports mediapipe.
os.environ.setdefault("GLOG_minloglevel", "2")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("OPENCV_LOG_LEVEL", "ERROR")  # OpenCV's own warnings
os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", "-8")  # FFmpeg inside OpenCV: quiet

from valgus.cli import (
    analyze,
    athlete,
    backup,
    demo,
    models,
    plan,
    progress,
    report,
    screen,
    team,
    web,
)
from valgus.cli.app import app, err_console
from valgus.errors import ValgusError

for _module in (
    analyze,
    demo,
    models,
    screen,
    plan,
    athlete,
    progress,
    report,
    team,
    web,
    backup,
):
    _module.register(app)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; a ValgusError (or any unexpected error) prints one line, never a traceback."""
    try:
        app(args=argv, standalone_mode=False)
    except ValgusError as error:
        err_console.print(f"[bold red]error:[/] {error}", highlight=False, soft_wrap=True)
        return error.exit_code
    except SystemExit as done:  # typer/click exit codes (e.g. --help)
        return int(done.code or 0)
    except KeyboardInterrupt:
        err_console.print("[bold red]interrupted[/]")
        return 130
    except Exception as error:
        import click

        if isinstance(error, click.exceptions.ClickException):
            error.show()
            return error.exit_code
        if isinstance(error, click.exceptions.Abort):
            err_console.print("[bold red]aborted[/]")
            return 1
        err_console.print(
            f"[bold red]error:[/] unexpected {type(error).__name__}: {error} "
            "(set VALGUS_DEBUG=1 for the traceback)",
            highlight=False,
            soft_wrap=True,
        )
        import os

        if os.environ.get("VALGUS_DEBUG"):
            raise
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
