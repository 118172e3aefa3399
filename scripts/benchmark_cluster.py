"""Benchmark of batch screening on Ray (issue #14); prints a Markdown table (or --out FILE).

In one run, on this machine:

1. clips per minute through the cluster engine with 1 and with 2 workers (a local Ray cluster
   started by ``ray.init(num_cpus=N)``; the same N real clips each time; goal: 2 ≥ 1.7× one);
2. the per-clip overhead of the cluster path against a local run of the same clip in this process
   (one worker; each clip after the first, whose batch also pays the actors' one-off start-up,
   reported apart; goal ≤ 10 %);
3. the driver's peak memory (max RSS of a fresh driver process) for a batch of 10 and of 100
   clips (synthetic motion files, so that the driver's own share shows; goal: flat).

Usage: python scripts/benchmark_cluster.py [--clips 6] [--out docs/benchmark-cluster.md]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REAL = (
    Path(__file__).resolve().parents[1].parent
    / "shared/data/tuxotiikeri_squatdetection/videos/hyva3.mp4"
)


def jobs(paths: list[Path]) -> list:  # type: ignore[type-arg]
    from valgus.team.work import Job

    return [Job(i, str(p), "bilateral-squat", "auto", None) for i, p in enumerate(paths)]


def cluster_run(paths: list[Path], cpus: int) -> float:
    """Wall time of the batch on a fresh local cluster of ``cpus`` CPUs, from the first clip
    sent to the last result (the actors' start-up, imports and model check included)."""
    import ray

    from valgus.team.cluster import cluster_outcomes

    ray.init(num_cpus=cpus, include_dashboard=False, logging_level="ERROR", log_to_driver=False)
    try:
        start = time.perf_counter()
        outcomes = list(cluster_outcomes(jobs(paths), cpus))
        wall = time.perf_counter() - start
    finally:
        ray.shutdown()
    assert all(o.run is not None for o in outcomes), [o.error for o in outcomes]
    return wall


DRIVER = """
import resource, sys
from pathlib import Path
from valgus.cli.main import main
code = main(["team", "screen", sys.argv[1], "--task", "single-leg-squat", "--no-store",
             "--out", sys.argv[2], "--cluster", "auto"])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
sys.exit(code)
"""


def driver_peak(n: int, tmp: Path) -> float:
    """Peak RSS (MB) of a driver process screening ``n`` synthetic clips on a running cluster."""
    from valgus.synthetic import squat_trial, write_trc

    folder = tmp / f"m{n}"
    folder.mkdir()
    trial = squat_trial(3, valgus_deg=8.0, peak_flexion_deg=60.0, stance="left", fps=60.0)
    for i in range(n):
        write_trc(trial.recording, folder / f"M{i:03d}_left.trc")
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, str(folder), str(tmp / f"o{n}")],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return int(done.stdout.strip().splitlines()[-1]) / 1024.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clips", type=int, default=6)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if not REAL.is_file():
        sys.exit(f"benchmark needs {REAL} (real data) — absent")
    from dataclasses import replace

    from valgus.team.work import analyse_job

    lines = ["| measure | value |", "| --- | --- |"]
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        paths = []
        for i in range(args.clips):
            paths.append(tmp / f"R{i:02d}.mp4")
            shutil.copy(REAL, paths[-1])
        one = jobs(paths[:1])[0]
        analyse_job(replace(one, split_clip=False))  # warm this process too
        start = time.perf_counter()
        analyse_job(replace(one, split_clip=False))
        local_s = time.perf_counter() - start
        first = cluster_run(paths[:1], 1)  # start-up + one clip
        wall1 = cluster_run(paths, 1)
        wall2 = cluster_run(paths, 2)
        marginal = (wall1 - first) / (len(paths) - 1)  # each clip after the first
        rate1, rate2 = 60 * len(paths) / wall1, 60 * len(paths) / wall2
        lines += [
            f"| clip | {REAL.name}, {len(paths)} copies |",
            f"| 1 worker | {rate1:.1f} clips/min |",
            f"| 2 workers | {rate2:.1f} clips/min ({rate2 / rate1:.2f}x one worker; goal ≥ 1.7x) |",
            f"| local run of one clip (this process, one core, warm) | {local_s:.2f} s |",
            f"| cluster, 1 worker, per clip after the first | {marginal:.2f} s "
            f"({100 * (marginal / local_s - 1):+.1f} % against local; goal ≤ 10 %) |",
            f"| cluster start-up, once per batch (actors import valgus, verify the model) | "
            f"{first - local_s:.2f} s |",
        ]
        import ray

        ray.init(num_cpus=2, include_dashboard=False, logging_level="ERROR", log_to_driver=False)
        try:
            # the drivers below join this cluster with --cluster auto
            address = ray.get_runtime_context().gcs_address
            import os

            os.environ["RAY_ADDRESS"] = address
            peak10 = driver_peak(10, tmp)
            peak100 = driver_peak(100, tmp)
        finally:
            ray.shutdown()
        lines += [
            f"| driver peak RSS, 10 clips | {peak10:.0f} MB |",
            f"| driver peak RSS, 100 clips | {peak100:.0f} MB ({peak100 - peak10:+.0f} MB) |",
        ]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        args.out.write_text(text)


if __name__ == "__main__":
    main()
