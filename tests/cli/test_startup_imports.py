"""The CLI starts light: heavy libraries load when a command needs them, not at start-up.

`valgus analyze` starts its pose workers before the analysis modules load (issue #14: the default
command against raw inference); these checks keep SciPy, matplotlib, the store and the web app out
of the start-up path. Each runs in a fresh interpreter.
"""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("scipy", "matplotlib", "sqlalchemy", "alembic", "fastapi", "mediapipe", "ray")


def _loaded_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys\nprint(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_the_cli_imports_no_heavy_library() -> None:
    loaded = _loaded_after("import valgus.cli.main")
    assert "typer" in loaded and "valgus.cli.analyze" in loaded  # the probe sees imports
    assert sorted(name for name in HEAVY if name in loaded) == []


def test_the_analysis_entry_and_outputs_load_without_scipy() -> None:
    loaded = _loaded_after(
        "import valgus.analysis.run, valgus.analysis.outputs, valgus.analysis.early_view, "
        "valgus.io.readers.video_pose"
    )
    assert "valgus.io.readers.pose_workers" in loaded
    assert "scipy" not in loaded and "matplotlib" not in loaded


def test_mediapipe_is_imported_without_pyplot_and_pyplot_still_works() -> None:
    loaded = _loaded_after(
        "from valgus.pose.mediapipe_backend import import_mediapipe_vision\n"
        "vision = import_mediapipe_vision()\n"
        "assert vision.PoseLandmarker is not None"
    )
    assert "mediapipe.tasks.python.vision.pose_landmarker" in loaded
    assert "matplotlib.pyplot" not in loaded
    after = _loaded_after(
        "from valgus.pose.mediapipe_backend import import_mediapipe_vision\n"
        "import_mediapipe_vision()\n"
        "import matplotlib.pyplot as plt\n"
        "assert plt.figure is not None and plt.__file__.endswith('pyplot.py')"
    )
    assert "matplotlib.figure" in after
