"""The cluster engine: one analysis per clip on a Ray cluster's workers (``pip install valgus[cluster]``).

Each cluster CPU gets a ``ClipWorker`` actor that loads and verifies the pose model once and then
analyses clip after clip. Clips travel as bytes through Ray's object store (no shared file
system); at most two clips per actor are in flight, so the driver holds only those bytes however
long the batch. Results come back as the typed analysis (``Run``), with the annotated video and
still when asked (made on the worker); the driver alone writes the store. A clip whose actor or
node dies is submitted again to another actor (at most ``MAX_RETRIES`` times) and its outcome
says how often; a replacement actor is started and joins when a CPU is free. A clip that fails to
analyse is an outcome, not a task failure, and is never retried.
"""

from __future__ import annotations

import os
import tempfile
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from valgus.errors import InputError, ModelError
from valgus.team.work import Job, Outcome, analyse_job, check_model

MAX_RETRIES = 3
IN_FLIGHT_PER_WORKER = 2  # clips queued on an actor: the next one's bytes travel while it works
START_S = 300.0  # how long to wait for a worker when none is ready
CONNECT_HINT = "start one with `ray start --head` (docs/scaling.md) or leave out --cluster"


def _ray() -> Any:
    try:
        import ray
    except ImportError:
        raise InputError("--cluster needs Ray: pip install 'valgus[cluster]'") from None
    return ray


def connect(address: str) -> dict[str, float]:
    """Join the running cluster at ``address`` (``auto``: the one this machine belongs to);
    check the pinned pose model on a worker; return the cluster's resources."""
    ray = _ray()
    if address != "auto":
        _reachable(address)
    if not ray.is_initialized():
        with _native_stderr() as said:
            try:
                ray.init(
                    address=address,
                    logging_level="ERROR",
                    log_to_driver=False,
                    include_dashboard=False,
                    configure_logging=False,
                )
            except (ConnectionError, RuntimeError, ValueError, ray.exceptions.RayError) as error:
                raise InputError(_join_error(address, error, said())) from None
    try:
        ray.get(ray.remote(num_cpus=1, max_retries=1)(check_model).remote(), timeout=300)
    except ray.exceptions.RayTaskError as error:
        cause = error.cause if isinstance(error.cause, Exception) else error
        ray.shutdown()
        raise ModelError(f"a cluster worker has no usable pose model: {cause}") from None
    except ray.exceptions.GetTimeoutError:
        ray.shutdown()
        raise InputError(
            f"the Ray cluster at {address} ran nothing within 5 min (no free CPU?)"
        ) from None
    return dict(ray.cluster_resources())


AUTH_HINT = (
    "the cluster uses token authentication: set RAY_AUTH_MODE=token and RAY_AUTH_TOKEN to the "
    "cluster's token in this shell (docs/scaling.md)"
)


def _join_error(address: str, error: BaseException, native: str) -> str:
    """One line on why the driver could not join: authentication, else Ray's first line."""
    text = f"{error}\n{native}"
    if "InvalidAuthToken" in text or "Unauthenticated" in text or "uthentication" in text:
        return f"the Ray cluster at {address} refused this driver's token; {AUTH_HINT}"
    first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return f"cannot join the Ray cluster at {address}: {first}; {CONNECT_HINT}"


@contextmanager
def _native_stderr() -> Iterator[Callable[[], str]]:
    """Ray's C++ client logs retries on fd 2: keep them off the terminal (unless VALGUS_DEBUG),
    and let the caller read them to name the cause in one line."""
    if os.environ.get("VALGUS_DEBUG"):
        yield lambda: ""
        return
    saved = os.dup(2)
    with tempfile.TemporaryFile() as capture:
        os.dup2(capture.fileno(), 2)
        try:
            yield lambda: _tail(capture)
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def _tail(capture: IO[bytes]) -> str:
    capture.flush()
    capture.seek(0)
    return capture.read()[-4000:].decode(errors="replace")


def _reachable(address: str, timeout_s: float = 5.0) -> None:
    """InputError unless something listens at host:port (Ray itself would retry for minutes)."""
    import socket

    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        raise InputError(f"--cluster {address!r}: give host:port (e.g. 10.0.0.5:6379) or 'auto'")
    try:
        socket.create_connection((host, int(port)), timeout=timeout_s).close()
    except OSError as error:
        raise InputError(
            f"cannot reach the Ray cluster at {address} ({error.strerror or error}); {CONNECT_HINT}"
        ) from None


class ClipWorker:
    """A Ray actor, one per cluster CPU: imports valgus and verifies the pinned pose model by
    SHA-256 once when it starts, then analyses clip after clip with them (a Ray task would pay
    both for every clip, and a missing model would only show on the first clip)."""

    def __init__(self) -> None:
        import valgus.analysis.run  # noqa: F401  (the pipeline's imports, once)

        self.model = check_model()

    def ready(self) -> dict[str, Any]:
        return self.model

    def run(self, job: Job) -> Outcome:
        return analyse_job(job)


@dataclass
class _Pool:
    """The actors: started (not yet ready), ready (with the jobs each holds), and the jobs."""

    ray: Any
    actor_class: Any
    starting: dict[Any, Any] = field(default_factory=dict)  # ready() ref -> actor
    ready: dict[Any, int] = field(default_factory=dict)  # actor -> jobs in flight
    running: dict[Any, tuple[Job, Any]] = field(default_factory=dict)  # run() ref -> job, actor

    def start(self) -> None:
        actor = self.actor_class.options(scheduling_strategy="SPREAD").remote()
        self.starting[actor.ready.remote()] = actor

    def submit(self, job: Job) -> None:
        actor = min(self.ready, key=self.ready.__getitem__)
        data = Path(job.path).read_bytes()
        self.running[actor.run.remote(replace(job, data=data, split_clip=False))] = (job, actor)
        self.ready[actor] += 1

    def free(self) -> bool:
        return any(n < IN_FLIGHT_PER_WORKER for n in self.ready.values())

    def lost(self, actor: Any) -> None:
        """An actor (or its node) died: forget it and start another (placed when a CPU frees)."""
        if self.ready.pop(actor, None) is not None:
            self.ray.kill(actor)
            self.start()

    def close(self) -> None:
        for ref in self.running:
            self.ray.cancel(ref, force=True)
        for actor in [*self.ready, *self.starting.values()]:
            self.ray.kill(actor)


def cluster_outcomes(jobs: list[Job], cpus: int) -> Iterator[Outcome]:
    """Each job's outcome as it finishes, clips spread over actors on the cluster's nodes."""
    ray = _ray()
    actor_class = ray.remote(num_cpus=1, max_restarts=0, max_task_retries=0)(ClipWorker)
    pool = _Pool(ray, actor_class)
    for _ in range(max(1, cpus)):
        pool.start()
    pending = deque(jobs)
    retries: dict[int, int] = {}
    try:
        while pending or pool.running:
            while pending and pool.free():
                pool.submit(pending.popleft())
            waiting = [*pool.running, *pool.starting]
            ready, _ = ray.wait(waiting, num_returns=1, timeout=None if pool.ready else START_S)
            if not ready:
                raise InputError(
                    f"no cluster worker could start within {START_S:.0f} s (no free CPU?); "
                    "every finished clip is stored: run the same command again to resume"
                )
            for ref in ready:
                if ref in pool.starting:
                    _started(ray, pool, ref)
                    continue
                job, actor = pool.running.pop(ref)
                if actor in pool.ready:
                    pool.ready[actor] -= 1
                try:
                    outcome: Outcome = ray.get(ref)
                except ray.exceptions.RayTaskError as error:  # a bug, not a lost worker
                    yield Outcome(job.key, error=f"{Path(job.path).name}: {error.cause!r}")
                    continue
                except ray.exceptions.RayError as error:  # worker or node lost: run it again
                    pool.lost(actor)
                    lost = retries.get(job.key, 0) + 1
                    retries[job.key] = lost
                    if lost > MAX_RETRIES:
                        yield Outcome(
                            job.key,
                            error=f"lost {lost} times ({type(error).__name__})",
                            retries=lost - 1,
                        )
                    else:
                        pending.appendleft(job)
                    continue
                outcome.retries = retries.get(job.key, 0)
                yield outcome
    finally:
        pool.close()


def _started(ray: Any, pool: _Pool, ref: Any) -> None:
    """An actor finished starting: ready for clips, or (its node died) replaced; an actor
    without a usable model stops the batch (ModelError: one clear line)."""
    actor = pool.starting.pop(ref)
    try:
        ray.get(ref)
    except ray.exceptions.RayTaskError as error:
        cause = error.cause if isinstance(error.cause, Exception) else error
        raise ModelError(f"a cluster worker has no usable pose model: {cause}") from None
    except ray.exceptions.RayError:
        pool.start()
        return
    pool.ready[actor] = 0


def disconnect() -> None:
    ray = _ray()
    if ray.is_initialized():
        ray.shutdown()
