"""How learners' feedback and mentees' ratings add up (pure: plain values in, figures out):
ratings per module and month, modules to look at (low ratings, time over plan) and the trend
of a series of ratings."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from statistics import mean, median

# A module whose answers average this or lower is flagged (on the 1–5 scale)...
LOW_RATING_MEAN = 2.5
# ...once this many learners answered about it (one bad week is not a pattern).
MIN_ANSWERS_TO_FLAG = 2
# Flagged when learners who finished it logged this many times its planned hours (median).
TIME_OVER_PLAN_RATIO = 1.5
# A trend compares the mean of the latest ratings with the ones before, this many each...
TREND_WINDOW = 3
# ...and calls a move of at least this much (on the 1–5 scale) rising or falling.
TREND_STEP = 0.5
WEEKLY_LABEL = "Weekly (no module)"


class Trend(StrEnum):
    RISING = "rising"
    STEADY = "steady"
    FALLING = "falling"
    TOO_FEW = "too few ratings"


@dataclass(frozen=True)
class Answer:
    module: str | None  # the module's title; None: a weekly answer
    on: date
    rating: int


@dataclass(frozen=True)
class MonthRating:
    month: date  # the first day of the month
    module: str  # a module's title, or WEEKLY_LABEL
    mean_rating: float
    answers: int


@dataclass(frozen=True)
class ModuleFigures:
    module: str
    planned_hours: float
    answers: int
    mean_rating: float | None
    finished_by: int  # learners who finished it
    median_hours: float | None  # logged by those who finished it
    low_rating: bool
    over_plan: bool

    @property
    def over_plan_ratio(self) -> float | None:
        if self.median_hours is None or self.planned_hours <= 0:
            return None
        return round(self.median_hours / self.planned_hours, 1)

    @property
    def flagged(self) -> bool:
        return self.low_rating or self.over_plan


def ratings_by_month(answers: Iterable[Answer]) -> list[MonthRating]:
    """The mean rating per module and month (weekly answers as one series), oldest first."""
    groups: dict[tuple[date, str], list[int]] = defaultdict(list)
    for a in answers:
        groups[(a.on.replace(day=1), a.module or WEEKLY_LABEL)].append(a.rating)
    return [
        MonthRating(month, module, round(mean(ratings), 2), len(ratings))
        for (month, module), ratings in sorted(groups.items())
    ]


def module_figures(
    planned_hours: Mapping[str, float],
    answers: Iterable[Answer],
    hours_of_finishers: Mapping[str, Sequence[float]],
) -> list[ModuleFigures]:
    """Per module (in `planned_hours`' order): answers, their mean, and the median hours its
    finishers logged against the plan; flagged for a low mean or time over plan."""
    ratings: dict[str, list[int]] = defaultdict(list)
    for a in answers:
        if a.module is not None:
            ratings[a.module].append(a.rating)
    rows = []
    for module, planned in planned_hours.items():
        given = ratings.get(module, [])
        hours = list(hours_of_finishers.get(module, ()))
        average = round(mean(given), 2) if given else None
        logged = round(median(hours), 1) if hours else None
        rows.append(
            ModuleFigures(
                module=module,
                planned_hours=planned,
                answers=len(given),
                mean_rating=average,
                finished_by=len(hours),
                median_hours=logged,
                low_rating=average is not None
                and len(given) >= MIN_ANSWERS_TO_FLAG
                and average <= LOW_RATING_MEAN,
                over_plan=logged is not None
                and planned > 0
                and logged >= TIME_OVER_PLAN_RATIO * planned,
            )
        )
    return rows


def trend(ratings: Sequence[int]) -> Trend:
    """Whether the latest TREND_WINDOW ratings (oldest first in `ratings`) are above, level
    with or below the TREND_WINDOW before them."""
    if len(ratings) < 2 * TREND_WINDOW:
        return Trend.TOO_FEW
    latest = mean(ratings[-TREND_WINDOW:])
    before = mean(ratings[-2 * TREND_WINDOW : -TREND_WINDOW])
    if latest - before >= TREND_STEP:
        return Trend.RISING
    if before - latest >= TREND_STEP:
        return Trend.FALLING
    return Trend.STEADY
