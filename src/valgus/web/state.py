"""What every request handler needs (settings, jobs, store), kept apart from the app factory so
the route modules do not import :mod:`valgus.web.app` (which imports them)."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from valgus.web.jobs import JobQueue
from valgus.web.settings import WebSettings
from valgus.web.storage import StoreHolder


@dataclass
class AppState:
    """Everything a request handler needs."""

    settings: WebSettings
    jobs: JobQueue
    store: StoreHolder


def state_of(request: Request) -> AppState:
    state: AppState = request.app.state.valgus
    return state
