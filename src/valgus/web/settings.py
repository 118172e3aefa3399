"""Settings of the local web app: database, results folder, upload limits."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from valgus.analysis.load import VIDEO_SUFFIXES
from valgus.io.readers import MOTION_EXTENSIONS

#: Extensions the upload form accepts (videos go through the pose model, the rest are motion files).
VIDEO_EXTENSIONS = tuple(sorted(VIDEO_SUFFIXES & {".mp4", ".mov", ".avi", ".mkv", ".webm", ".m4v"}))
ACCEPTED_EXTENSIONS = (*VIDEO_EXTENSIONS, *MOTION_EXTENSIONS)
DEFAULT_MAX_UPLOAD_MB = 500


def default_results_dir() -> Path:
    """Where results of the web app are kept: ``<user data dir>/valgus/web-results``."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("valgus")) / "web-results"


@dataclass(frozen=True)
class WebSettings:
    """How one web app instance runs.

    db_url: store URL or file (None: $VALGUS_DATABASE_URL or the default SQLite file).
    results_dir: one sub-folder per analysis (JSON, CSVs, plot, still, annotated video).
    max_upload_mb: uploads larger than this are refused (HTTP 413).
    upload_dir: where uploads wait while they are analysed (None: <results_dir>/.uploads);
      they are deleted afterwards unless the user asks to keep them.
    allowed_hosts: host names the app answers to (DNS-rebinding guard); "*" for any.
    secret_file: the key that signs session cookies (None: <results_dir>/.session-key, 0600).
    secure_cookies: send the session cookie only over HTTPS (set behind a TLS proxy).
    """

    db_url: str | None = None
    results_dir: Path = field(default_factory=default_results_dir)
    max_upload_mb: float = DEFAULT_MAX_UPLOAD_MB
    upload_dir: Path | None = None
    allowed_hosts: tuple[str, ...] = ("127.0.0.1", "localhost", "::1")
    secret_file: Path | None = None
    secure_cookies: bool = False

    @property
    def uploads(self) -> Path:
        """Where uploads wait (private; leftovers of a stopped server are removed at start-up)."""
        return self.upload_dir or self.results_dir / ".uploads"

    @property
    def session_key_file(self) -> Path:
        return self.secret_file or self.results_dir / ".session-key"

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)
