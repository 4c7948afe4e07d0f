"""Pure rules for a track's schedule and whether a learner is on track.

Everything here takes plain values and `today`; nothing touches a database or Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from storage.enums import ModuleStatus
from storage.formats import whole_percent

DAYS_PER_WEEK = 7
# A learner within this share of the whole track of where the schedule expects them is on track.
ON_TRACK_TOLERANCE_RATIO = 0.10


@dataclass(frozen=True)
class ScheduledModule:
    """A module's place in a track: the weeks (1-based, inclusive) it is planned for."""

    key: str
    hours: float
    start_week: int
    end_week: int


@dataclass(frozen=True)
class ModuleWindow:
    key: str
    expected_start: date
    expected_end: date  # the last day of the module's last week

    def expected_fraction(self, today: date) -> float:
        """How much of this module the schedule expects done by the end of `today` (0..1)."""
        if today < self.expected_start:
            return 0.0
        if today >= self.expected_end:
            return 1.0
        total_days = (self.expected_end - self.expected_start).days + 1
        return ((today - self.expected_start).days + 1) / total_days


def module_windows(started_on: date, modules: list[ScheduledModule]) -> list[ModuleWindow]:
    """The calendar window of each module for an enrollment starting on `started_on`."""
    return [
        ModuleWindow(
            key=module.key,
            expected_start=started_on + timedelta(days=DAYS_PER_WEEK * (module.start_week - 1)),
            expected_end=started_on + timedelta(days=DAYS_PER_WEEK * module.end_week - 1),
        )
        for module in modules
    ]


def expected_end(started_on: date, weeks: int) -> date:
    """Last day of a track of `weeks` weeks starting on `started_on`."""
    return started_on + timedelta(days=DAYS_PER_WEEK * weeks - 1)


class Pace(StrEnum):
    NOT_STARTED = "not started"
    AHEAD = "ahead"
    ON_TRACK = "on track"
    BEHIND = "behind"
    COMPLETED = "completed"


@dataclass(frozen=True)
class PaceReport:
    pace: Pace
    expected_percent: int
    actual_percent: int
    overdue: list[str]  # keys of modules whose window has passed but are not complete


def assess_pace(
    started_on: date,
    modules: list[ScheduledModule],
    percent_done: dict[str, int],
    today: date,
) -> PaceReport:
    """Compare hours-weighted progress with what the schedule expects by `today`.

    `percent_done` maps module key to 0..100; a missing key counts as 0.
    """
    total_hours = sum(module.hours for module in modules)
    windows = {window.key: window for window in module_windows(started_on, modules)}
    expected = actual = 0.0
    overdue: list[str] = []
    for module in modules:
        weight = module.hours / total_hours if total_hours else 1 / len(modules)
        done = min(max(percent_done.get(module.key, 0), 0), 100) / 100
        window = windows[module.key]
        expected += weight * window.expected_fraction(today)
        actual += weight * done
        if today > window.expected_end and done < 1:
            overdue.append(module.key)
    if actual >= 1 - 1e-9:
        pace = Pace.COMPLETED
    elif today < started_on:
        pace = Pace.NOT_STARTED
    elif actual < expected - ON_TRACK_TOLERANCE_RATIO:
        pace = Pace.BEHIND
    elif actual > expected + ON_TRACK_TOLERANCE_RATIO:
        pace = Pace.AHEAD
    else:
        pace = Pace.ON_TRACK
    return PaceReport(
        pace=pace,
        expected_percent=whole_percent(expected, 1),
        actual_percent=whole_percent(actual, 1),
        overdue=overdue,
    )


def status_for_percent(percent: int) -> ModuleStatus:
    """Module status implied by a completion percentage."""
    if percent >= 100:
        return ModuleStatus.COMPLETED
    if percent > 0:
        return ModuleStatus.IN_PROGRESS
    return ModuleStatus.NOT_STARTED
