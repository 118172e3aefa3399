"""What every request handler needs (settings, jobs, store, session codec, login limiter), kept apart from the app factory so
the route modules do not import :mod:`valgus.web.app` (which imports them)."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from valgus.web.jobs import JobQueue
from valgus.web.ratelimit import LoginLimiter
from valgus.web.session import SessionCodec
from valgus.web.settings import WebSettings
from valgus.web.storage import StoreHolder


@dataclass
class AppState:
    """Everything a request handler needs."""

    settings: WebSettings
    jobs: JobQueue
    store: StoreHolder
    codec: SessionCodec
    limiter: LoginLimiter


def state_of(request: Request) -> AppState:
    state: AppState = request.app.state.valgus
    return state
