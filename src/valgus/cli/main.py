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
from valgus.errors import ValgusError, shorten

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
        return _fail(str(error), error.exit_code)
    except SystemExit as done:  # typer/click exit codes (e.g. --help)
        return int(done.code or 0)
    except KeyboardInterrupt:
        err_console.print("[bold red]interrupted[/]")
        return 130
    except RecursionError:
        return _fail(
            "the input is nested too deeply to read (lists or mappings inside each other "
            "thousands of levels deep); give a file written by valgus or a plain answers file"
        )
    except UnicodeDecodeError as error:
        return _fail(
            f"a file is not UTF-8 text (byte {error.start} cannot be read); is it a binary file?"
        )
    except OSError as error:
        return _fail(os_message(error))
    except Exception as error:
        message = _usage_message(error)
        if message is not None:
            return _fail(message, 1 if message == "aborted" else 2)
        if os.environ.get("VALGUS_DEBUG"):
            raise
        return _fail(
            f"unexpected {type(error).__name__}: {error} (set VALGUS_DEBUG=1 for the traceback)", 1
        )
    return 0


def _fail(message: str, exit_code: int = 2) -> int:
    """Print one short line (a huge value in the message is cut) and give the exit code."""
    err_console.print(f"[bold red]error:[/] {shorten(message)}", highlight=False, soft_wrap=True)
    return exit_code


def os_message(error: OSError) -> str:
    """A file system refusal as one line naming the path."""
    path = shorten(str(error.filename), 120) if error.filename is not None else "a file"
    reason = error.strerror or str(error)
    if isinstance(error, IsADirectoryError):
        return f"{path} is a folder; give a file name"
    if isinstance(error, FileExistsError):
        return f"{path} exists and is not a folder; give a folder (or another name)"
    if isinstance(error, NotADirectoryError):
        return f"cannot use {path}: part of that path is a file, not a folder"
    if isinstance(error, PermissionError):
        return f"no permission to use {path}; choose another place"
    return f"cannot use {path} ({reason})"


def _usage_message(error: Exception) -> str | None:
    """A command-line usage error (missing option, bad value, unknown command) as one line."""
    import click
    import typer

    if isinstance(error, click.exceptions.Abort | typer.Abort):
        return "aborted"
    if isinstance(error, click.exceptions.ClickException | typer.exceptions.TyperException):
        format_message = getattr(error, "format_message", None)
        text = format_message() if callable(format_message) else str(error)
        return f"{text} (see --help)"
    return None


if __name__ == "__main__":
    sys.exit(main())
