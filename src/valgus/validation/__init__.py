"""Validation: compare valgus's measurements with references (analytic truth, motion capture,
calibrated multi-camera 3-D, labels). Used by ``scripts/validate.py``, which writes
``docs/validation.md``. Helpers here are reusable; ``suites`` holds one module per data set."""
