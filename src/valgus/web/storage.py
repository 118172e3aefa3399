"""The app's connection to the store, opened on first use (so the app starts even without a DB)."""

from __future__ import annotations

import threading

from valgus.store.api import Store, open_store


class StoreHolder:
    """Opens the store once, lazily, and closes it at shutdown."""

    def __init__(self, url: str | None) -> None:
        self.url = url
        self._store: Store | None = None
        self._lock = threading.Lock()

    def get(self) -> Store:
        """The opened store (StoreError with a one-line message when it cannot be opened)."""
        with self._lock:
            if self._store is None:
                self._store = open_store(self.url)
            return self._store

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None
