"""The installed pose model, or a skip naming the install command."""

from __future__ import annotations

import pytest

from valgus.errors import ModelError
from valgus.pose.models import ModelInfo, verify_model


@pytest.fixture(scope="session")
def pose_model() -> ModelInfo:
    try:
        return verify_model()
    except ModelError as error:
        pytest.skip(f"{error} (needed for tests on real video)")
