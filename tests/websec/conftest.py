"""The web fixtures (a temporary store, an admin client) for the security tests."""

from tests.web.conftest import app, client, demo_trc, settings  # noqa: F401
