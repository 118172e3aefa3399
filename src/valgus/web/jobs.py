"""Background analyses: a job id per upload, one worker thread, status that pages and the API poll."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from valgus.errors import ValgusError

log = logging.getLogger("valgus.web")

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"


@dataclass
class Job:
    """The live state of one analysis (kept in memory; the finished result lives on disk)."""

    id: str
    name: str
    status: str = QUEUED
    stage: str = "waiting to start"
    done: int = 0
    total: int = 0
    error: str | None = None
    athlete: str | None = None  # the athlete code, so coaches see only their team's jobs
    created: float = field(default_factory=time.time)
    finished: float | None = None

    def report(self, stage: str, done: int = 0, total: int = 0) -> None:
        """Called from the worker: what it is doing and how far it got."""
        self.stage, self.done, self.total = stage, done, total

    def progress_callback(self, stage: str) -> Callable[[int, int], None]:
        def update(done: int, total: int) -> None:
            self.report(stage, done, total)

        return update

    @property
    def fraction(self) -> float | None:
        return min(1.0, self.done / self.total) if self.total > 0 else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "status": self.status,
            "stage": self.stage,
            "progress": {"done": self.done, "total": self.total, "fraction": self.fraction},
            "error": self.error,
            "elapsed_s": round((self.finished or time.time()) - self.created, 1),
        }


class JobQueue:
    """Runs one analysis at a time (pose estimation uses the whole CPU) in a worker thread."""

    def __init__(self, workers: int = 1) -> None:
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="valgus-job")

    def submit(self, name: str, work: Callable[[Job], None], athlete: str | None = None) -> Job:
        """Queue ``work(job)``; a ValgusError it raises becomes the job's one-line error."""
        job = Job(id=uuid.uuid4().hex, name=name, athlete=athlete)
        with self._lock:
            self._jobs[job.id] = job
        self._pool.submit(self._run, job, work)
        return job

    def _run(self, job: Job, work: Callable[[Job], None]) -> None:
        job.status, job.stage = RUNNING, "starting"
        try:
            work(job)
        except ValgusError as error:
            job.status, job.error = FAILED, str(error)
        except Exception as error:  # never let a worker die silently; the page shows one line
            log.exception("analysis %s failed", job.id)
            job.status = FAILED
            job.error = (
                f"the analysis stopped on an internal error ({type(error).__name__}); "
                "the details are in the server log"
            )
        else:
            job.status, job.stage = DONE, "finished"
        finally:
            job.finished = time.time()

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def forget(self, job_id: str) -> None:
        """Drop a job whose result was deleted (its page then answers 404)."""
        with self._lock:
            self._jobs.pop(job_id, None)

    def forget_athlete(self, code: str) -> int:
        """Drop every job of an erased athlete (file names and progress included)."""
        with self._lock:
            gone = [job_id for job_id, job in self._jobs.items() if job.athlete == code]
            for job_id in gone:
                del self._jobs[job_id]
        return len(gone)

    def ahead_of(self, job: Job) -> int:
        """How many queued or running jobs were submitted before this one."""
        with self._lock:
            return sum(
                1
                for other in self._jobs.values()
                if other.created < job.created and other.status in (QUEUED, RUNNING)
            )

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
