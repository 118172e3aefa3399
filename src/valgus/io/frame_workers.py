"""Worker processes that decode a clip: a part's pose, then a part of its annotated video.

A worker is a fresh interpreter (``python -m valgus.io.frame_workers``), not a multiprocessing
child: nothing of the caller's process (model, threads, its ``__main__`` script) is inherited or
re-imported. It reads pickled jobs ``(kind, job)`` from stdin, one after another, and writes
pickled messages to a private copy of its stdout: ("progress", n) ..., then ("done", payload) or
("error", exception). A thread of the main process reads them into the inbox of the job it runs,
tagged with the caller's number for that worker, and ends with ("exit", return code).

Within :func:`kept_warm`, a worker whose job is done is kept for the next job instead of being
stopped: the annotated video's parts are drawn and encoded by the processes that estimated the
clip's pose, so a clip pays for the interpreters' start-up and imports once.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import pickle
import queue
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from typing import IO, Any

Message = tuple[int, str, Any]  # (the caller's tag, kind, payload)
Send = Callable[[str, Any], None]

# job kind -> "module:function" run in the worker as function(job, send)
HANDLERS: dict[str, str] = {
    "pose": "valgus.io.readers.pose_workers:run_part",
    "video": "valgus.io.writers.video_parts:run_part",
}


# ---------------------------------------------------------------- the worker process


def _handle(kind: str, job: Any, send: Send) -> None:
    try:
        module, name = HANDLERS[kind].split(":")
        getattr(importlib.import_module(module), name)(job, send)
    except Exception as error:  # every failure reaches the main process
        try:
            send("error", error)
        except Exception:  # an exception that does not pickle
            send("error", RuntimeError(f"{type(error).__name__}: {error}"))


def main() -> None:
    """Entry point of a worker: jobs pickled on stdin, messages on a copy of stdout."""
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything else printed goes to stderr, never into the message stream

    def send(kind: str, payload: Any) -> None:
        pickle.dump((kind, payload), out, protocol=pickle.HIGHEST_PROTOCOL)
        out.flush()

    while True:
        try:
            kind, job = pickle.load(sys.stdin.buffer)
        except EOFError:
            break
        _handle(kind, job, send)
    out.close()


# ---------------------------------------------------------------- the main process


class FrameWorker:
    """One worker process, seen from the main process."""

    def __init__(self) -> None:
        stderr = None if os.environ.get("VALGUS_DEBUG") else subprocess.DEVNULL
        self.process = subprocess.Popen(
            [sys.executable, "-m", "valgus.io.frame_workers"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
        )
        self._route: tuple[queue.Queue[Message], int] | None = None
        self._lock = threading.Lock()
        self.exited = False
        self._code: int | None = None
        threading.Thread(target=self._read, daemon=True).start()

    def submit(self, kind: str, job: Any, inbox: queue.Queue[Message], tag: int) -> None:
        """Run ``job`` of ``kind``; its messages go to ``inbox`` as (tag, kind, payload), ending
        with ("exit", code) if the worker stops (also when it had stopped before this job)."""
        with self._lock:
            self._route = (inbox, tag)
            exited, code = self.exited, self._code
        if exited:  # its reader posted the exit to an earlier job (or to none)
            inbox.put((tag, "exit", code))
            return
        data = pickle.dumps((kind, job), protocol=pickle.HIGHEST_PROTOCOL)
        # written by a thread: a job larger than the pipe does not wait for the worker's imports
        threading.Thread(target=self._write, args=(data,), daemon=True).start()

    def _write(self, data: bytes) -> None:
        stdin = self.process.stdin
        assert stdin is not None
        with contextlib.suppress(OSError, ValueError):  # a worker that died: its reader says so
            stdin.write(data)
            stdin.flush()

    def _post(self, kind: str, payload: Any, *, exit_code: int | None = None) -> None:
        with self._lock:
            if kind == "exit":
                self.exited, self._code = True, exit_code
            route = self._route
        if route is not None:  # else no job was given yet: nobody waits for this
            route[0].put((route[1], kind, payload))

    def _read(self) -> None:
        """Reader thread: every message into the current job's inbox, then ("exit", code)."""
        stdout: IO[bytes] | None = self.process.stdout
        assert stdout is not None
        try:
            while True:
                kind, payload = pickle.load(stdout)
                self._post(kind, payload)
        except EOFError:
            pass
        except Exception as error:  # a torn or unreadable message: the job has no result
            self._post("error", RuntimeError(f"worker message lost: {error}"))
        finally:
            code = self.process.wait()
            self._post("exit", code, exit_code=code)

    @property
    def alive(self) -> bool:
        return not self.exited and self.process.poll() is None

    def close(self) -> None:
        """Stop the worker (at once: a job it still runs is dropped)."""
        if self.process.poll() is None:
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                with contextlib.suppress(OSError, ValueError):
                    pipe.close()


# ---------------------------------------------------------------- workers kept between jobs

_idle: list[FrameWorker] = []
_warm = 0  # open kept_warm() scopes, over all threads
_pool_lock = threading.Lock()


@contextlib.contextmanager
def kept_warm() -> Iterator[None]:
    """Workers released in this scope wait for the next job; all are stopped when it ends."""
    global _warm
    with _pool_lock:
        _warm += 1
    try:
        yield
    finally:
        with _pool_lock:
            _warm -= 1
            idle = list(_idle) if _warm == 0 else []
            if _warm == 0:
                _idle.clear()
        for worker in idle:
            worker.close()


def take(n: int) -> list[FrameWorker]:
    """``n`` workers: waiting ones first, new ones for the rest."""
    taken: list[FrameWorker] = []
    with _pool_lock:
        while _idle and len(taken) < n:
            worker = _idle.pop()
            if worker.alive:
                taken.append(worker)
            else:
                worker.close()
    try:
        while len(taken) < n:
            taken.append(FrameWorker())
    except BaseException:
        for worker in taken:
            worker.close()
        raise
    return taken


def release(worker: FrameWorker, healthy: bool) -> None:
    """A worker whose job is over: kept for the next job within :func:`kept_warm` when it
    finished its job normally, stopped otherwise."""
    with _pool_lock:
        if healthy and _warm > 0 and worker.alive:
            _idle.append(worker)
            return
    worker.close()


def waiting() -> int:
    """Workers waiting for a job (for tests and benchmarks)."""
    with _pool_lock:
        return sum(w.alive for w in _idle)


if __name__ == "__main__":
    main()
