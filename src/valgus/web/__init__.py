"""The local web app (`valgus web`): upload a clip, see the measurement, manage athletes.

``create_app(WebSettings(db_url=..., results_dir=..., max_upload_mb=...))`` returns the FastAPI app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from valgus.web.app import create_app
    from valgus.web.settings import WebSettings

__all__ = ["WebSettings", "create_app"]


def __getattr__(name: str) -> Any:
    """Imported on first use: the CLI reads valgus.web.settings without loading the app."""
    if name == "create_app":
        from valgus.web.app import create_app

        return create_app
    if name == "WebSettings":
        from valgus.web.settings import WebSettings

        return WebSettings
    raise AttributeError(name)
