"""The local web app (`valgus web`): upload a clip, see the measurement, manage athletes.

``create_app(WebSettings(db_url=..., results_dir=..., max_upload_mb=...))`` returns the FastAPI app.
"""

from valgus.web.app import create_app
from valgus.web.settings import WebSettings

__all__ = ["WebSettings", "create_app"]
