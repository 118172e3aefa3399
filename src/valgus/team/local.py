"""The local engine: a process pool on this machine's cores, one clip per process.

With many clips, running whole clips side by side beats splitting each clip over the cores (no
per-clip worker start, no part hand-over). A worker process that dies takes its clip with it: the
clips it held are run again (at most ``MAX_RETRIES`` times), on a fresh pool.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace

from valgus.io.readers.pose_workers import available_cores
from valgus.team.work import Job, Outcome, analyse_job

MAX_RETRIES = 3


def local_workers(n_clips: int, workers: int | None = None) -> int:
    """Processes to run: one per core (or ``workers``), never more than there are clips."""
    return max(1, min(n_clips, workers if workers else available_cores()))


def local_outcomes(jobs: list[Job], workers: int) -> Iterator[Outcome]:
    """Each job's outcome as it finishes. One worker: in this process, each clip split over the
    cores as ``valgus analyze`` does; several: a pool, at most two clips per process in flight."""
    if workers <= 1:
        for job in jobs:
            yield analyse_job(job)
        return
    pending = deque(replace(job, split_clip=False) for job in jobs)
    retries: dict[int, int] = {}
    pool = _pool(workers)
    running: dict[Future[Outcome], Job] = {}
    try:
        while pending or running:
            while pending and len(running) < 2 * workers:
                job = pending.popleft()
                running[pool.submit(analyse_job, job)] = job
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            broken = False
            for future in done:
                job = running.pop(future)
                try:
                    outcome = future.result()
                except BrokenProcessPool:
                    broken = True
                    lost = retries.get(job.key, 0) + 1
                    retries[job.key] = lost
                    if lost > MAX_RETRIES:
                        yield Outcome(job.key, error=f"worker died {lost} times", retries=lost - 1)
                    else:
                        pending.appendleft(job)
                    continue
                outcome.retries = retries.get(job.key, 0)
                yield outcome
            if broken:  # every clip the dead pool still held runs again on a new one
                for future, job in running.items():
                    future.cancel()
                    retries[job.key] = retries.get(job.key, 0) + 1
                    pending.appendleft(job)
                running.clear()
                pool.shutdown(wait=False, cancel_futures=True)
                pool = _pool(workers)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
