"""`valgus models list|verify|install --from` against a temporary cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from valgus.cli.main import main
from valgus.pose.models import MODEL_DIR_ENV


def test_verify_missing_then_install_from_task_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(MODEL_DIR_ENV, str(tmp_path))
    assert main(["models", "verify"]) == 2
    assert "valgus models install" in capsys.readouterr().err
    assert main(["models", "list"]) == 0
    assert "not installed" in capsys.readouterr().out
    wrong = tmp_path / "wrong.task"
    wrong.write_bytes(b"not the model")
    assert main(["models", "install", "--from", str(wrong)]) == 2
    assert "refusing to install" in capsys.readouterr().err
    assert not (tmp_path / "pose_landmarker_full.task").exists()
