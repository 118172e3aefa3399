"""A batch of clips through an engine (local pool or Ray cluster), resumable, nothing lost.

The driver (this module) hashes every clip first: a clip whose content (SHA-256) is already stored
for that athlete, task and software version is skipped and its stored analysis goes into the
roster, so running the same command again resumes where it stopped and stores nothing twice. The
engine returns outcomes as they finish; the driver writes each clip's outputs and stores its trial
(one transaction per trial, so an interrupted batch leaves only whole trials). A clip that failed
is a roster row with its reason.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from valgus.analysis.model import AnalysisResult
from valgus.errors import InputError
from valgus.team.roster import ClipRef, roster_rows
from valgus.team.work import Job, Outcome

Engine = Callable[[list[Job]], Iterator[Outcome]]


@dataclass
class Tally:
    total: int
    done: int = 0
    skipped: int = 0
    stored: int = 0
    failed: int = 0
    retried: int = 0
    interrupted: bool = False
    by_clip: dict[int, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def rows(self) -> list[dict[str, Any]]:
        """Roster rows in the folder's order, however the clips finished."""
        return [row for key in sorted(self.by_clip) for row in self.by_clip[key]]


def hash_clips(clips: list[ClipRef]) -> list[str]:
    """Every clip's SHA-256; InputError naming the files that cannot be read (before any work)."""
    from valgus.pose.models import sha256_file  # a file's SHA-256, streamed

    hashes, unreadable = [], []
    for ref in clips:
        try:
            hashes.append(sha256_file(ref.path))
        except OSError:
            unreadable.append(ref.path.name)
    if unreadable:
        names = ", ".join(unreadable[:5]) + (" …" if len(unreadable) > 5 else "")
        raise InputError(
            f"{len(unreadable)} clip(s) cannot be read: {names}; fix their permissions"
        )
    return hashes


@dataclass
class Batch:
    """What the driver needs besides the engine."""

    task: str
    save: Callable[[ClipRef, Any], None] | None  # store one run (athlete created on first use)
    stored: Callable[[ClipRef, str], AnalysisResult | None]  # the stored analysis, if any
    sex_of: Callable[[ClipRef], str | None]
    write: Callable[[ClipRef, Any, dict[str, bytes]], None]  # outputs from a run + its pictures
    pictures: bool = False  # workers make the annotated video and still of each video clip

    def run(self, clips: list[ClipRef], engine: Engine, progress: Callable[[Tally], None]) -> Tally:
        tally = Tally(total=len(clips))
        jobs = []
        for key, (ref, sha) in enumerate(zip(clips, hash_clips(clips), strict=True)):
            kept = self.stored(ref, sha)
            if kept is not None:
                tally.by_clip[key] = roster_rows(ref, kept, None)
                tally.done += 1
                tally.skipped += 1
                continue
            jobs.append(
                Job(key, str(ref.path), self.task, ref.side, self.sex_of(ref),
                    pictures=self.pictures)
            )  # fmt: skip
        progress(tally)
        outcomes = engine(jobs) if jobs else iter(())
        try:
            for outcome in outcomes:
                tally.by_clip[outcome.key] = self._finish(clips[outcome.key], outcome, tally)
                progress(tally)
        except KeyboardInterrupt:
            tally.interrupted = True
        finally:
            close = getattr(outcomes, "close", None)
            if close is not None:
                close()
        return tally

    def _finish(self, ref: ClipRef, outcome: Outcome, tally: Tally) -> list[dict[str, Any]]:
        tally.done += 1
        tally.retried += outcome.retries > 0
        if outcome.run is None:
            tally.failed += 1
            return roster_rows(ref, None, outcome.error, outcome.retries)
        self.write(ref, outcome.run, outcome.pictures)
        if self.save is not None:
            self.save(ref, outcome.run)
            tally.stored += 1
        return roster_rows(ref, outcome.run.result, None, outcome.retries)
