"""The FastAPI application: ``create_app(settings)`` wires settings, jobs, store, routes, errors."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.body_limit import RequestBodyLimitResponder
from starlette.types import ASGIApp, Receive, Scope, Send

from valgus.web.errors import error_response, install_handlers
from valgus.web.guard import default_lookup, make_guard, require_csrf
from valgus.web.jobs import JobQueue
from valgus.web.ratelimit import LoginLimiter
from valgus.web.recovery import recover
from valgus.web.session import SessionCodec, load_or_create_secret
from valgus.web.settings import WebSettings
from valgus.web.state import AppState, state_of
from valgus.web.storage import StoreHolder
from valgus.web.uploads import too_large_message
from valgus.web.views import HERE

__all__ = ["AppState", "create_app", "state_of"]

UPLOAD_PATHS = ("/analyze", "/api/analyze")
FORM_OVERHEAD = 1 << 20  # multipart boundaries and the small form fields
MAX_FORM_BYTES = 2 << 20  # every other request body (forms, JSON): 2 MB
log = logging.getLogger("valgus.web")


class PathBodyLimit:
    """Refuse (413) a request body over its limit while it streams, with or without Content-Length.

    Uploads may be as large as the upload limit; every other body is small.
    """

    def __init__(self, app: ASGIApp, upload_limit: int, default_limit: int) -> None:
        self.app = app
        self.upload_limit = upload_limit
        self.default_limit = default_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        upload = scope["path"] in UPLOAD_PATHS
        limit = self.upload_limit if upload else self.default_limit
        length = dict(scope.get("headers") or []).get(b"content-length", b"")
        if length.isdigit() and int(length) > limit:
            request = Request(scope)
            message = (
                too_large_message(limit - FORM_OVERHEAD)
                if upload
                else "the request is larger than this server accepts"
            )
            await error_response(request, message, 413)(scope, receive, send)
            return
        await RequestBodyLimitResponder(self.app, limit)(scope, receive, send)


def create_app(settings: WebSettings | None = None) -> FastAPI:
    """Build the web app: every route but /login and /static needs a logged-in user."""
    from valgus.web.routes import account, api, athletes, pages, plan, teams

    settings = settings or WebSettings()
    settings.results_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    settings.uploads.mkdir(parents=True, exist_ok=True, mode=0o700)
    recovered = recover(settings.results_dir, settings.uploads)
    if recovered:
        log.warning("marked %d interrupted analyses failed and removed their uploads", recovered)
    state = AppState(
        settings=settings,
        jobs=JobQueue(),
        store=StoreHolder(settings.db_url),
        codec=SessionCodec(load_or_create_secret(settings.session_key_file)),
        limiter=LoginLimiter(),
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        state.jobs.shutdown()
        state.store.close()

    app = FastAPI(
        title="valgus",
        description="Measure knee valgus from a video or motion file (a measurement, not a diagnosis).",
        lifespan=lifespan,
        docs_url=None,  # the docs page loads scripts from a CDN: the schema is at /api/openapi.json
        redoc_url=None,
        openapi_url="/api/openapi.json",
        dependencies=[Depends(require_csrf)],
    )
    app.state.valgus = state
    install_handlers(app)

    @app.middleware("http")
    async def limit_upload_size(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        """Refuse an oversized upload from its Content-Length before reading it."""
        if request.method == "POST" and request.url.path in UPLOAD_PATHS:
            length = request.headers.get("content-length", "")
            limit = settings.max_upload_bytes
            if length.isdigit() and int(length) > limit + FORM_OVERHEAD:
                return error_response(request, too_large_message(limit), 413)
        return await call_next(request)

    app.add_middleware(
        PathBodyLimit,
        upload_limit=settings.max_upload_bytes + FORM_OVERHEAD,
        default_limit=MAX_FORM_BYTES,
    )
    app.middleware("http")(
        make_guard(
            state.codec,
            settings.allowed_hosts,
            default_lookup(state.store.get),
            settings.secure_cookies,
        )
    )
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.include_router(account.router)
    app.include_router(pages.router)
    app.include_router(athletes.router)
    app.include_router(plan.router)
    app.include_router(teams.router)
    app.include_router(api.router)
    return app
