"""User-facing errors: the CLI prints ``str(error)`` as one line and exits non-zero."""

MAX_MESSAGE = 400


def shorten(text: str, limit: int = MAX_MESSAGE) -> str:
    """One line of at most about ``limit`` characters: a huge value is never echoed in full."""
    line = " ".join(text[: 4 * limit].split())
    if len(text) <= limit and len(line) <= limit:
        return line
    return f"{line[:limit]}… ({len(text):,} characters, cut)"


class ValgusError(Exception):
    """Base class for errors a user caused and can fix (bad input, missing model, ...)."""

    exit_code = 2


class InputError(ValgusError):
    """A file that cannot be read or holds nothing usable."""


class NoPersonError(InputError):
    """No person (or no usable legs) in the recording."""


class ViewError(ValgusError):
    """The camera view cannot support frontal-plane metrics (e.g. a side view)."""


class ModelError(ValgusError):
    """The pose model is missing or fails its checksum."""


class StoreError(ValgusError):
    """The database cannot be opened, is of a newer schema, or refuses the change."""


class AnswersError(ValgusError):
    """Screening answers that fail validation; the message names the field."""


class StoppedError(ValgusError):
    """The user stopped a long run (Ctrl-C); what finished is kept (exit code as for SIGINT)."""

    exit_code = 130
