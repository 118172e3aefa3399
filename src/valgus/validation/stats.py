"""Error statistics of an estimate against a reference (NaN pairs are dropped)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike


@dataclass(frozen=True)
class ErrorStats:
    """Errors (estimate - reference) over ``n`` finite pairs; NaN figures when n is too small."""

    n: int
    mean: float  # mean signed error (bias)
    sd: float  # sample SD of the error
    rmse: float
    mae: float
    max_abs: float
    r: float  # Pearson correlation of estimate and reference

    def row(self, digits: int = 2) -> list[str]:
        """[n, mean, SD, RMSE, max |error|, r] as table cells."""
        return [
            str(self.n),
            fmt(self.mean, digits),
            fmt(self.sd, digits),
            fmt(self.rmse, digits),
            fmt(self.max_abs, digits),
            fmt(self.r, 3),
        ]


STATS_HEADER = ["n", "mean error", "SD", "RMSE", "max |error|", "r"]


def fmt(x: float | None, digits: int = 2) -> str:
    """A number for a table cell; '—' for None or NaN."""
    if x is None or not np.isfinite(x):
        return "—"
    text = f"{x:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0.0 else text


def error_stats(estimate: ArrayLike, reference: ArrayLike) -> ErrorStats:
    """Error statistics over the pairs where both values are finite."""
    est = np.asarray(estimate, dtype=np.float64).ravel()
    ref = np.asarray(reference, dtype=np.float64).ravel()
    if est.shape != ref.shape:
        raise ValueError(f"estimate {est.shape} and reference {ref.shape} differ in size")
    ok = np.isfinite(est) & np.isfinite(ref)
    e, r = est[ok], ref[ok]
    n = int(ok.sum())
    if n == 0:
        nan = float("nan")
        return ErrorStats(0, nan, nan, nan, nan, nan, nan)
    err = e - r
    sd = float(err.std(ddof=1)) if n > 1 else float("nan")
    corr = float("nan")
    if n > 2 and e.std() > 0 and r.std() > 0:
        corr = float(np.corrcoef(e, r)[0, 1])
    return ErrorStats(
        n=n,
        mean=float(err.mean()),
        sd=sd,
        rmse=float(np.sqrt(np.mean(err**2))),
        mae=float(np.mean(np.abs(err))),
        max_abs=float(np.max(np.abs(err))),
        r=corr,
    )
