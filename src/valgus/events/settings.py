"""The event-detection parameters (``valgus/data/events.yaml``: reps, landings, standing,
stance), typed (:class:`valgus.settings.events.EventsFile`)."""

from __future__ import annotations

from valgus import settings
from valgus.settings.events import EventsFile


def events_params() -> EventsFile:
    return settings.events()
