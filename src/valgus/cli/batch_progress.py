"""The batch's progress line: done / total, failures, clips per minute, time left (Rich, stderr)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from valgus.cli.app import err_console
from valgus.team.batch import Tally


def rate_text(tally: Tally, seconds: float) -> str:
    """'12.0 clips/min, 3 min left' from the clips analysed so far (skipped ones do not count)."""
    analysed = tally.done - tally.skipped
    if analysed <= 0 or seconds <= 0:
        return "—"
    per_min = 60.0 * analysed / seconds
    left = (tally.total - tally.done) / per_min
    return f"{per_min:.1f} clips/min, {left:.1f} min left"


@contextmanager
def batch_progress(title: str) -> Iterator[Callable[[Tally], None]]:
    start = time.monotonic()
    with Progress(
        TextColumn(f"[bold]{title}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[failed]} failed, {task.fields[skipped]} already stored"),
        TextColumn("{task.fields[rate]}"),
        console=err_console,
        transient=True,
    ) as bar:
        task = bar.add_task(title, total=None, failed=0, skipped=0, rate="—")

        def update(tally: Tally) -> None:
            bar.update(
                task,
                completed=tally.done,
                total=tally.total,
                failed=tally.failed,
                skipped=tally.skipped,
                rate=rate_text(tally, time.monotonic() - start),
            )

        yield update
