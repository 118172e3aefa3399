"""The signal-conditioning parameters (``valgus/data/signals.yaml``), typed
(:class:`valgus.settings.signals.SignalsFile`)."""

from __future__ import annotations

from valgus import settings
from valgus.settings.signals import SignalsFile


def signals_params() -> SignalsFile:
    return settings.signals()
