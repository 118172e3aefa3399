"""Typed settings: each data file of ``valgus/data`` read through one loader
(:func:`valgus.settings.base.read`) into its pydantic model, unknown keys refused.

Code reads settings from here (``settings.camera().yaw.ok_max_deg``), never a raw dict; every
declared field is read somewhere (tests/settings/test_typed_settings.py), and each constant has one
home (e.g. the SDD/SEM only in norms.yaml ``measurement_error``).
"""

from __future__ import annotations

from valgus.settings.base import DataFile, read
from valgus.settings.camera import CameraFile
from valgus.settings.events import EventsFile
from valgus.settings.headlines import HeadlinesFile
from valgus.settings.markers import MarkersFile
from valgus.settings.metrics import MetricsFile
from valgus.settings.norms import NormsFile
from valgus.settings.plan import ReferralFile, RisksFile, SafetyFile
from valgus.settings.pose import ModelsFile, PoseFile, VideoFile
from valgus.settings.program import ExercisesFile, TemplatesFile
from valgus.settings.screen import RulesFile, ScreenSettingsFile, SourcesFile, TestsFile
from valgus.settings.signals import SignalsFile
from valgus.settings.tasks import TasksFile

# Every data file and its model (a test checks that each file in valgus/data is listed).
FILES: tuple[type[DataFile], ...] = (
    NormsFile,
    TasksFile,
    CameraFile,
    EventsFile,
    SignalsFile,
    PoseFile,
    VideoFile,
    ModelsFile,
    MarkersFile,
    MetricsFile,
    HeadlinesFile,
    ReferralFile,
    RisksFile,
    SafetyFile,
    ScreenSettingsFile,
    RulesFile,
    TestsFile,
    SourcesFile,
    ExercisesFile,
    TemplatesFile,
)


def norms() -> NormsFile:
    return read(NormsFile)


def tasks() -> TasksFile:
    return read(TasksFile)


def camera() -> CameraFile:
    return read(CameraFile)


def events() -> EventsFile:
    return read(EventsFile)


def signals() -> SignalsFile:
    return read(SignalsFile)


def pose() -> PoseFile:
    return read(PoseFile)


def video() -> VideoFile:
    return read(VideoFile)


def models() -> ModelsFile:
    return read(ModelsFile)


def markers() -> MarkersFile:
    return read(MarkersFile)


def metrics() -> MetricsFile:
    return read(MetricsFile)


def headlines() -> HeadlinesFile:
    return read(HeadlinesFile)


def referral() -> ReferralFile:
    return read(ReferralFile)


def risks() -> RisksFile:
    return read(RisksFile)


def safety() -> SafetyFile:
    return read(SafetyFile)


def screen_settings() -> ScreenSettingsFile:
    return read(ScreenSettingsFile)


def screen_rules() -> RulesFile:
    return read(RulesFile)


def screen_tests() -> TestsFile:
    return read(TestsFile)


def sources() -> SourcesFile:
    return read(SourcesFile)


def exercises() -> ExercisesFile:
    return read(ExercisesFile)


def templates() -> TemplatesFile:
    return read(TemplatesFile)
