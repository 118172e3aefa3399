import numpy as np

from valgus.events.reps import detect_reps

FPS = 30.0


def _squats(pattern: list[tuple[str, float, float]], seed: int = 0, noise: float = 0.005):
    """Build a pelvis-height signal (leg lengths) from (kind, duration_s, depth) segments.

    kind: "stand" (hold at 1.0 - drift), "rep" (cosine dip of the given depth), "hold" (pause at
    the bottom inside the previous dip is modelled by a 'rep' with a flat bottom).
    Returns (signal, times, [(start, deepest, end)] true rep frames for reps with depth >= 0.2).
    """
    parts, truth, n = [], [], 0
    for kind, dur, depth in pattern:
        k = round(dur * FPS)
        if kind == "stand":
            parts.append(np.ones(k))
        elif kind == "rep":
            ph = np.linspace(0, 2 * np.pi, k, endpoint=False)
            parts.append(1 - depth * 0.5 * (1 - np.cos(ph)))
            if depth >= 0.2:
                truth.append((n, n + k // 2, n + k))
        elif kind == "pauserep":  # 1 s down, 1.5 s hold at the bottom, 1 s up
            d = round(1.0 * FPS)
            h = round(1.5 * FPS)
            down = 1 - depth * 0.5 * (1 - np.cos(np.linspace(0, np.pi, d, endpoint=False)))
            up = 1 - depth * 0.5 * (1 - np.cos(np.linspace(np.pi, 2 * np.pi, d, endpoint=False)))
            parts.append(np.concatenate([down, np.full(h, 1 - depth), up]))
            truth.append((n, n + d + h // 2, n + 2 * d + h))
            k = 2 * d + h
        n += k
    s = np.concatenate(parts)
    rng = np.random.default_rng(seed)
    s = s + rng.normal(0, noise, len(s))
    return s, np.arange(len(s)) / FPS, truth


PATTERN = [
    ("stand", 1.5, 0),
    ("rep", 2.5, 0.40),
    ("stand", 2.0, 0),  # pause at the top
    ("rep", 2.0, 0.38),
    ("rep", 2.0, 0.10),  # partial: 25% of typical depth, must not count
    ("stand", 0.5, 0),
    ("pauserep", 0, 0.42),  # pause at the bottom
    ("stand", 1.0, 0),
    ("rep", 2.2, 0.35),
    ("stand", 1.5, 0),
]


def _check(reps, truth, tol_deep: int = 6, tol_edge: int = 12, early: int = 4) -> None:
    assert len(reps) == len(truth)
    for r, (a, m, b) in zip(reps, truth, strict=True):
        assert abs(r.deepest - m) <= tol_deep
        # the 10%-of-depth boundary lies inside the true rep, a few frames from its ends
        assert -early <= r.start - a <= tol_edge and -early <= b - r.end <= tol_edge


def test_exact_count_and_boundaries() -> None:
    s, t, truth = _squats(PATTERN)
    reps = detect_reps(s, t, "squat")
    assert len(truth) == 4
    _check(reps, truth, tol_deep=3)
    assert reps[0].depth > 0.35 and reps[0].t_start == t[reps[0].start]


def test_noise_nan_gaps_and_drift() -> None:
    s, t, truth = _squats(PATTERN, seed=4, noise=0.02)
    s = s - 0.02 * t  # slow drift (person stepping closer / camera zoom)
    s[100:104] = np.nan  # short gap inside rep 1
    s[330:336] = np.nan  # gap in the paused bottom
    reps = detect_reps(s, t, "squat")
    # with drift the 1.5 s pause at the bottom tilts: its deepest frame is anywhere in the pause
    _check(reps, truth, tol_deep=23, early=8)


def test_long_gap_drops_that_rep_only() -> None:
    s, t, truth = _squats(PATTERN)
    m = truth[1][1]
    clean = [r.deepest for r in detect_reps(s, t, "squat")]
    s[m - 25 : m + 25] = np.nan  # 1.7 s gap over the second rep's bottom
    reps = detect_reps(s, t, "squat")
    assert len(clean) == 4
    assert [r.deepest for r in reps] == clean[:1] + clean[2:]


def test_knee_flexion_signal_and_recording_ending_in_the_hole() -> None:
    s, t, truth = _squats(PATTERN)
    flex = (1 - s) * 250  # degrees, larger = deeper
    reps = detect_reps(flex[: truth[-1][1]], t[: truth[-1][1]], larger_is_deeper=True, min_depth=20)
    assert len(reps) == 3  # the last rep is cut at its bottom: not counted


def test_flat_signal_has_no_reps() -> None:
    t = np.arange(300) / FPS
    assert detect_reps(1 + np.random.default_rng(0).normal(0, 0.01, 300), t) == []
    assert detect_reps(np.full(300, np.nan), t) == []
