"""The cluster engine: one analysis per clip on a Ray cluster's workers (``pip install valgus[cluster]``).

Clips travel as bytes through Ray's object store (no shared file system); at most two clips per
cluster CPU are in flight, so the driver holds only those bytes however long the batch. Results
come back as the typed analysis (``Run``); the driver alone writes the store. A task whose worker
or node dies is submitted again (at most ``MAX_RETRIES`` times) and its outcome says how often;
a clip that fails to analyse is an outcome, not a task failure, and is never retried.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from valgus.errors import InputError, ModelError
from valgus.team.work import Job, Outcome, analyse_job, check_model

MAX_RETRIES = 3
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
        try:
            ray.init(
                address=address,
                logging_level="ERROR",
                log_to_driver=False,
                include_dashboard=False,
                configure_logging=False,
            )
        except (ConnectionError, RuntimeError, ValueError) as error:
            first = (
                str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            )
            raise InputError(
                f"cannot join the Ray cluster at {address}: {first}; {CONNECT_HINT}"
            ) from None
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


def cluster_outcomes(jobs: list[Job], cpus: int) -> Iterator[Outcome]:
    """Each job's outcome as it finishes, clips spread over the cluster's nodes."""
    ray = _ray()
    task = ray.remote(num_cpus=1, max_retries=0, scheduling_strategy="SPREAD")(analyse_job)
    pending = deque(jobs)
    retries: dict[int, int] = {}
    running: dict[Any, Job] = {}
    limit = max(2, 2 * cpus)
    try:
        while pending or running:
            while pending and len(running) < limit:
                job = pending.popleft()
                data = Path(job.path).read_bytes()
                running[task.remote(replace(job, data=data, split_clip=False))] = job
                del data
            ready, _ = ray.wait(list(running), num_returns=1)
            for ref in ready:
                job = running.pop(ref)
                try:
                    outcome: Outcome = ray.get(ref)
                except ray.exceptions.RayTaskError as error:  # a bug, not a lost worker
                    yield Outcome(job.key, error=f"{Path(job.path).name}: {error.cause!r}")
                    continue
                except ray.exceptions.RayError as error:  # worker or node lost: run it again
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
        for ref in running:
            ray.cancel(ref, force=True)


def disconnect() -> None:
    ray = _ray()
    if ray.is_initialized():
        ray.shutdown()
