"""Login rate limiting: after too many failures, a user name or an address waits (in memory)."""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable

MAX_FAILURES = 5
WINDOW_S = 15 * 60


class LoginLimiter:
    """Counts failed logins per user name and per client address over a sliding window."""

    def __init__(
        self,
        max_failures: int = MAX_FAILURES,
        window_s: float = WINDOW_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_failures = max_failures
        self.window_s = window_s
        self.clock = clock
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: str) -> deque[float]:
        times = self._failures[key]
        cutoff = self.clock() - self.window_s
        while times and times[0] < cutoff:
            times.popleft()
        return times

    def blocked(self, username: str, address: str) -> bool:
        """Whether this name or address has used up its attempts for now."""
        with self._lock:
            return any(
                len(self._recent(k)) >= self.max_failures * m
                for k, m in ((f"u:{username.lower()}", 1), (f"a:{address}", 4))
            )

    def failed(self, username: str, address: str) -> None:
        with self._lock:
            now = self.clock()
            for key in (f"u:{username.lower()}", f"a:{address}"):
                self._recent(key).append(now)
                if len(self._failures) > 100_000:  # bounded memory under a flood of names
                    self._failures.clear()

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._failures.pop(f"u:{username.lower()}", None)
