"""Spaced-repetition scheduling: FSRS and the seed's fixed ladder behind one interface.

Pure: every function takes the card's state (a JSON-serialisable dict, what
`CardSchedule.state` stores) and `now`, and returns new values; nothing here touches a
database or Streamlit.

FSRS runs with same-day (re)learning steps, as Anki does: a new card goes through its
learning steps (FSRS's defaults: 1 and 10 minutes) and a forgotten one through its
relearning steps (10 minutes) before its first interval of days; a team may change or drop
them. The ladder keeps whole days.

Intervals of days count calendar days of the learner's team's zone (UTC unless given), as
Anki counts them with its day boundary: a card on a long interval is shown all day on the day
it falls due, so one due at 18:00 and answered at 09:00 has waited its full interval, not one
day less (24-hour periods would treat tomorrow morning's answer to a card failed this evening
as a same-day repeat). A card in its steps is due at its minute (see `due_by_the_minute`).
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import IntEnum, StrEnum
from typing import Any, Protocol

import fsrs

from storage import formats
from storage.errors import InvalidInput

# The seed curriculum's fixed review ladder.
REVIEW_INTERVALS_DAYS = (1, 3, 7, 14, 30, 90)
# On the ladder's forgetting curve, recall has fallen to this when a rung's interval is over.
LADDER_RECALL_AT_RUNG_INTERVAL = 0.9
DEFAULT_DESIRED_RETENTION = 0.9
# FSRS stays sensible between these; outside them the workload explodes or reviews stop.
MIN_DESIRED_RETENTION = 0.7
MAX_DESIRED_RETENTION = 0.97
DEFAULT_FSRS_PARAMETERS: tuple[float, ...] = tuple(fsrs.scheduler.DEFAULT_PARAMETERS)
# A card id is needed by `fsrs.Card`; ours lives in the CardSchedule row, not in the state.
_FSRS_CARD_ID = 0
# FSRS's own defaults: 1 and 10 minutes to learn a new card, 10 minutes to relearn one.
DEFAULT_LEARNING_STEPS_MINUTES: tuple[float, ...] = tuple(
    step.total_seconds() / 60 for step in fsrs.scheduler.Scheduler().learning_steps
)
DEFAULT_RELEARNING_STEPS_MINUTES: tuple[float, ...] = tuple(
    step.total_seconds() / 60 for step in fsrs.scheduler.Scheduler().relearning_steps
)
# Steps are same-day repeats: each under a day, a handful at most.
MAX_STEP_MINUTES = 1_439
MAX_STEPS = 10
# `fsrs.State` values of a card between its steps (not on an interval of days).
_IN_STEPS = (int(fsrs.State.Learning), int(fsrs.State.Relearning))
_REVIEW = int(fsrs.State.Review)


class Policy(StrEnum):
    """Which scheduler a team uses."""

    FSRS = "fsrs"
    LADDER = "ladder"


POLICY_LABELS = {Policy.FSRS: "FSRS (adapts to each card)", Policy.LADDER: "Fixed ladder"}


class ReviewGrade(IntEnum):
    """The four answers after revealing a card (the numbers FSRS and Anki use)."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4

    @property
    def label(self) -> str:
        return self.name.capitalize()

    @property
    def recalled(self) -> bool:
        return self != ReviewGrade.AGAIN


@dataclass(frozen=True)
class Scheduled:
    """A card's state after a review, and when it is due next."""

    state: dict[str, Any]
    due_at: datetime


class Scheduler(Protocol):
    """What every scheduling policy offers."""

    policy: Policy

    def review(self, state: dict[str, Any] | None, rating: ReviewGrade, now: datetime) -> Scheduled:
        """The state and due time after answering `rating` at `now` (None: a new card)."""
        ...

    def recall(self, state: dict[str, Any] | None, now: datetime) -> float | None:
        """Predicted probability of recalling the card at `now` (None: never reviewed).
        Reads only the state's `stability`, `last_review` and `rung`: team pages take just
        those out of the stored JSON (see `freshness.team_freshness`)."""
        ...


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise InvalidInput("Review times must carry a time zone.")
    return moment.astimezone(UTC)


def start_of_day(moment: datetime, zone: tzinfo = UTC) -> datetime:
    """Midnight (as UTC) of the day `moment` falls on in `zone`: where a review day begins
    for a team in that zone (the review queue, due and overdue counts, the schedulers' count
    of days)."""
    return day_start(_utc(moment).astimezone(zone).date(), zone)


def day_start(day: date, zone: tzinfo) -> datetime:
    """The moment (UTC) `day` begins in `zone`."""
    return datetime.combine(day, time.min, tzinfo=zone).astimezone(UTC)


def elapsed_calendar_days(earlier: datetime, later: datetime, zone: tzinfo = UTC) -> int:
    """Day boundaries (in `zone`) crossed between two moments: 0 the same day, 1 the next."""
    return (_utc(later).astimezone(zone).date() - _utc(earlier).astimezone(zone).date()).days


def interval_options(
    scheduler: Scheduler, state: dict[str, Any] | None, now: datetime
) -> dict[ReviewGrade, timedelta]:
    """The interval each answer would give (what the four buttons show)."""
    return {
        rating: scheduler.review(state, rating, now).due_at - _utc(now) for rating in ReviewGrade
    }


def interval_label(interval: timedelta) -> str:
    """A short human label for an interval: '1 min', '10 min', '3 h', '1 day', '3 weeks'."""
    minutes = interval.total_seconds() / 60
    if minutes < 59.5:
        return f"{max(round(minutes), 1)} min"
    if minutes < 23.5 * 60:
        return f"{round(minutes / 60)} h"
    days = max(round(interval.total_seconds() / 86_400), 1)
    value: float
    if days < 14:
        value, unit = days, "day"
    elif days < 60:
        value, unit = round(days / 7), "week"
    elif days < 365:
        value, unit = round(days / 30), "month"
    else:
        value, unit = round(days / 365, 1), "year"
    shown = f"{value:g}"
    return f"{shown} {unit}{'' if value == 1 else 's'}"


def in_steps(state: dict[str, Any] | None) -> bool:
    """Whether a card is between same-day (re)learning steps (a new card is not yet)."""
    if not state:
        return False
    return bool(state.get("state") in _IN_STEPS)


def is_lapse(state: dict[str, Any] | None, rating: ReviewGrade) -> bool:
    """Whether answering `rating` forgets a learned card: "Again" on a card on an interval
    of days (FSRS's review state; any reviewed card on the ladder)."""
    if rating != ReviewGrade.AGAIN or not state:
        return False
    return bool(state.get("state", _REVIEW) == _REVIEW)


def due_by_the_minute(state: dict[str, Any] | None, due_at: datetime, zone: tzinfo) -> bool:
    """Whether a card is due at its minute rather than all day: a card in same-day steps
    falling due on the day of its last answer. (A step that crosses midnight counts by day,
    as an interval does.)"""
    if not state or not in_steps(state) or not state.get("last_review"):
        return False
    last = datetime.fromisoformat(state["last_review"])
    return elapsed_calendar_days(last, due_at, zone) == 0


def validate_steps(minutes: Sequence[float], *, what: str) -> tuple[float, ...]:
    """Steps in minutes, each from 1 minute to under a day, at most MAX_STEPS; else
    InvalidInput naming `what` ("learning steps")."""
    steps = tuple(float(m) for m in minutes)
    problems = []
    if len(steps) > MAX_STEPS:
        problems.append(f"at most {MAX_STEPS} steps")
    bad = [f"{m:g}" for m in steps if not 1 <= m <= MAX_STEP_MINUTES]
    if bad:
        problems.append(
            f"each from 1 to {MAX_STEP_MINUTES:,} minutes (under a day), not {', '.join(bad)}"
        )
    if problems:
        raise InvalidInput(f"The {what} must be " + " and ".join(problems) + ".")
    return steps


# --- FSRS -------------------------------------------------------------------------------


def validate_parameters(parameters: Sequence[float]) -> tuple[float, ...]:
    """FSRS parameters within the package's bounds, else InvalidInput."""
    try:
        fsrs.Scheduler(parameters=tuple(float(p) for p in parameters))
    except (ValueError, TypeError) as error:
        raise InvalidInput(f"These FSRS parameters cannot be used: {error}") from error
    return tuple(float(p) for p in parameters)


def validate_retention(desired_retention: float) -> float:
    """A desired retention FSRS can schedule for, else InvalidInput."""
    if not MIN_DESIRED_RETENTION <= desired_retention <= MAX_DESIRED_RETENTION:
        raise InvalidInput(
            f"Desired retention must be between {formats.percent(MIN_DESIRED_RETENTION)} and "
            f"{formats.percent(MAX_DESIRED_RETENTION)}, not {formats.percent(desired_retention)}."
        )
    return float(desired_retention)


class FsrsScheduler:
    """FSRS through the `fsrs` package; its state is `fsrs.Card.to_dict()` without the id."""

    policy = Policy.FSRS

    def __init__(
        self,
        *,
        parameters: Sequence[float] = DEFAULT_FSRS_PARAMETERS,
        desired_retention: float = DEFAULT_DESIRED_RETENTION,
        fuzz: bool = True,
        zone: tzinfo = UTC,
        learning_steps_minutes: Sequence[float] = DEFAULT_LEARNING_STEPS_MINUTES,
        relearning_steps_minutes: Sequence[float] = DEFAULT_RELEARNING_STEPS_MINUTES,
    ) -> None:
        self.zone = zone  # whose calendar days are counted
        self.parameters = validate_parameters(parameters)
        self.desired_retention = validate_retention(desired_retention)
        self.learning_steps_minutes = validate_steps(learning_steps_minutes, what="learning steps")
        self.relearning_steps_minutes = validate_steps(
            relearning_steps_minutes, what="relearning steps"
        )
        self._fsrs = fsrs.Scheduler(
            parameters=self.parameters,
            desired_retention=self.desired_retention,
            learning_steps=tuple(timedelta(minutes=m) for m in self.learning_steps_minutes),
            relearning_steps=tuple(timedelta(minutes=m) for m in self.relearning_steps_minutes),
            enable_fuzzing=fuzz,
        )
        # The forgetting curve's constants, computed as `fsrs.Scheduler` does (see `recall`).
        self._decay = -self.parameters[20]
        self._factor = 0.9 ** (1 / self._decay) - 1

    def _card(self, state: dict[str, Any] | None, now: datetime) -> fsrs.Card:
        """The `fsrs.Card` to compute with. `fsrs` counts elapsed days as whole 24-hour
        periods since `last_review`; moving `last_review` to the start of its day makes that
        count the calendar days crossed (see the module's docstring). The stored state keeps
        the real moment."""
        if not state:
            return fsrs.Card(card_id=_FSRS_CARD_ID, due=now)
        card = fsrs.Card.from_dict({**state, "card_id": _FSRS_CARD_ID})  # type: ignore[typeddict-item]
        if card.last_review is not None:
            card.last_review = start_of_day(card.last_review, self.zone)
        return card

    @staticmethod
    def _state(card: fsrs.Card) -> dict[str, Any]:
        state: dict[str, Any] = dict(card.to_dict())
        del state["card_id"]
        return state

    def review(self, state: dict[str, Any] | None, rating: ReviewGrade, now: datetime) -> Scheduled:
        now = _utc(now)
        card, _log = self._fsrs.review_card(self._card(state, now), fsrs.Rating(int(rating)), now)
        return Scheduled(self._state(card), card.due)

    def recall(self, state: dict[str, Any] | None, now: datetime) -> float | None:
        if not state or state.get("stability") is None:
            return None
        # `fsrs.Scheduler.get_card_retrievability` of `_card(state)`, without building the card:
        # team pages ask this of every card of every member.
        stability, last_review = state["stability"], state.get("last_review")
        if not stability or not last_review:
            return 0.0
        last = start_of_day(datetime.fromisoformat(last_review), self.zone)
        elapsed_days = max(0, (_utc(now) - last).days)
        return float((1 + self._factor * elapsed_days / float(stability)) ** self._decay)


# --- the fixed ladder -------------------------------------------------------------------


def ladder_recall(elapsed_days: float, interval_days: float) -> float:
    """Exponential forgetting whose recall is 0.9 once `interval_days` have passed."""
    return float(LADDER_RECALL_AT_RUNG_INTERVAL ** (max(elapsed_days, 0.0) / interval_days))


class LadderScheduler:
    """The seed's ladder: success climbs one rung, "Again" goes back to the first.

    State: `rung` (index into REVIEW_INTERVALS_DAYS) and `last_review` (ISO time).
    A new card's first success lands on the first rung, as a lapse does.
    """

    policy = Policy.LADDER

    def __init__(self, *, zone: tzinfo = UTC) -> None:
        self.zone = zone  # whose calendar days are counted

    def review(self, state: dict[str, Any] | None, rating: ReviewGrade, now: datetime) -> Scheduled:
        now = _utc(now)
        rung = int(state["rung"]) if state else -1
        top = len(REVIEW_INTERVALS_DAYS) - 1
        rung = 0 if rating == ReviewGrade.AGAIN else min(rung + 1, top)
        due = now + timedelta(days=REVIEW_INTERVALS_DAYS[rung])
        return Scheduled({"rung": rung, "last_review": now.isoformat()}, due)

    def recall(self, state: dict[str, Any] | None, now: datetime) -> float | None:
        if not state or "rung" not in state:
            return None
        last = datetime.fromisoformat(state["last_review"])
        elapsed_days = elapsed_calendar_days(last, now, self.zone)
        return ladder_recall(elapsed_days, REVIEW_INTERVALS_DAYS[int(state["rung"])])


def make_scheduler(
    policy: Policy,
    *,
    parameters: Sequence[float] | None = None,
    desired_retention: float = DEFAULT_DESIRED_RETENTION,
    fuzz: bool = True,
    zone: tzinfo = UTC,
    learning_steps_minutes: Sequence[float] = DEFAULT_LEARNING_STEPS_MINUTES,
    relearning_steps_minutes: Sequence[float] = DEFAULT_RELEARNING_STEPS_MINUTES,
) -> Scheduler:
    """The scheduler for a team's policy (parameters, retention and steps only matter for
    FSRS; the ladder keeps whole days), counting days in the team's `zone`."""
    if policy == Policy.LADDER:
        return LadderScheduler(zone=zone)
    return FsrsScheduler(
        parameters=parameters or DEFAULT_FSRS_PARAMETERS,
        desired_retention=desired_retention,
        fuzz=fuzz,
        zone=zone,
        learning_steps_minutes=learning_steps_minutes,
        relearning_steps_minutes=relearning_steps_minutes,
    )


@dataclass(frozen=True)
class LoggedReview:
    """One kept review, as rescheduling and fitting read it."""

    card_id: int
    rating: ReviewGrade
    reviewed_at: datetime


def replay(scheduler: Scheduler, reviews: Sequence[LoggedReview]) -> Scheduled | None:
    """A card's state rebuilt from its reviews in time order (None: no review yet)."""
    result: Scheduled | None = None
    for review in sorted(reviews, key=lambda r: r.reviewed_at):
        result = scheduler.review(
            result.state if result else None, review.rating, review.reviewed_at
        )
    return result


def elapsed_whole_days(earlier: datetime, later: datetime) -> int:
    """Whole days between two moments (how FSRS and the replay count elapsed time)."""
    return math.floor((_utc(later) - _utc(earlier)).total_seconds() / 86_400)


# --- workload at other desired retentions -----------------------------------------------

WORKLOAD_RANDOM_SEED = 20_261_121
WORKLOAD_SAMPLE_EVERY_DAYS = 7


@dataclass(frozen=True)
class WorkloadPoint:
    desired_retention: float
    reviews_per_day: float
    mean_recall: float  # predicted recall of all cards, averaged over the horizon


def simulate_workload(
    states: Sequence[dict[str, Any]],
    *,
    parameters: Sequence[float],
    retentions: Sequence[float],
    start: datetime,
    horizon_days: int,
    seed: int = WORKLOAD_RANDOM_SEED,
) -> list[WorkloadPoint]:
    """Reviews per day and average recall if FSRS aimed at each desired retention.

    Monte Carlo with a fixed seed: from each card's current memory state, the card is
    reviewed whenever it falls due under that retention (an overdue card at `start`), is
    recalled with the probability FSRS predicts at that moment (answered Good, else Again),
    and the simulation runs `horizon_days`. Recall is sampled weekly across all cards.
    """
    start = _utc(start)
    end = start + timedelta(days=horizon_days)
    samples = [
        start + timedelta(days=d) for d in range(0, horizon_days, WORKLOAD_SAMPLE_EVERY_DAYS)
    ]
    points = []
    for retention in retentions:
        scheduler = FsrsScheduler(parameters=parameters, desired_retention=retention, fuzz=False)
        rng = random.Random(seed)
        reviews = 0
        recall_sum = 0.0
        recall_count = 0
        for initial in states:
            if not initial or initial.get("stability") is None:
                continue
            state = initial
            last = datetime.fromisoformat(state["last_review"])
            moment = max(last + timedelta(days=_interval_days(scheduler, state)), start)
            pending = iter(samples)
            sample = next(pending, None)
            while True:
                while sample is not None and sample < min(moment, end):
                    recall_sum += scheduler.recall(state, sample) or 0.0
                    recall_count += 1
                    sample = next(pending, None)
                if moment >= end:
                    break
                recalled = rng.random() < (scheduler.recall(state, moment) or 0.0)
                result = scheduler.review(
                    state, ReviewGrade.GOOD if recalled else ReviewGrade.AGAIN, moment
                )
                reviews += 1
                state, moment = result.state, result.due_at
        points.append(
            WorkloadPoint(
                desired_retention=retention,
                reviews_per_day=reviews / horizon_days,
                mean_recall=recall_sum / recall_count if recall_count else 0.0,
            )
        )
    return points


def _interval_days(scheduler: FsrsScheduler, state: dict[str, Any]) -> int:
    """The whole-day interval FSRS gives a card of this stability at the scheduler's retention."""
    decay = -scheduler.parameters[20]
    factor = 0.9 ** (1 / decay) - 1
    days: float = (
        float(state["stability"]) / factor * (scheduler.desired_retention ** (1 / decay) - 1)
    )
    return max(round(days), 1)
