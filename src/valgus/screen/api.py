"""Screening alone (causes, evidence, next tests). The whole plan is assembled one layer up, in
:mod:`valgus.plan.assemble` (``make_plan``)."""

from valgus.screen.engine import Screening, screen

__all__ = ["Screening", "screen"]
