"""Signal conditioning: gating (gating), leg-swap repair (swaps), gap filling (gaps), zero-lag
filtering (filtering), all four in order (pipeline); vector helpers (vec).

Import from the submodules: this package imports nothing itself, so the light helpers (vec) do not
load SciPy.
"""
