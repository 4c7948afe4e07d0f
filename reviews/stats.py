"""How reviews are going: the forecast of reviews due, measured retention by week, and the
seed's adaptive-difficulty suggestions per module. Undone answers and suspended cards are
left out."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import func, literal_column
from sqlmodel import Session, col, select

from reviews.scheduling import ReviewGrade
from storage.access import ensure_can_see_person, ensure_team_lead
from storage.engine import quarter_hour, quarter_hour_start
from storage.models import CardSchedule, Module, ReviewCard, ReviewLog
from storage.people import PersonRef, get_people, get_person, list_people
from storage.time_zones import local_day, people_zones

FORECAST_DAYS = 30

RETENTION_WEEKS = 12

# Adaptive difficulty (from the seed): success ratio over recent reviews of a module.
HARDER_ABOVE_SUCCESS_RATIO = 0.8

EASIER_BELOW_SUCCESS_RATIO = 0.6

ADAPTIVE_WINDOW_DAYS = 30

MIN_REVIEWS_FOR_SUGGESTION = 5


# --- read models ------------------------------------------------------------------------


class DayRecalls(NamedTuple):
    """Reviews on one day (a team's) that were recalled, or not: how many."""

    day: date
    recalled: bool
    reviews: int


@dataclass(frozen=True)
class ForecastDay:
    day: date
    person_name: str
    due: int


@dataclass(frozen=True)
class WeekRetention:
    week_start: date
    person_name: str
    reviews: int
    recalled: int

    @property
    def share(self) -> float:
        return self.recalled / self.reviews if self.reviews else 0.0


@dataclass(frozen=True)
class ModuleSuggestion:
    module_key: str
    module_title: str
    reviews: int
    success_ratio: float
    suggestion: str  # "harder" | "keep" | "revisit"

    @property
    def advice(self) -> str:
        return SUGGESTION_TEXT[self.suggestion]


SUGGESTION_TEXT = {
    "harder": "Recalled reliably: move on, or write harder cards for this module.",
    "keep": "On track: keep reviewing as scheduled.",
    "revisit": "Often forgotten: revisit the prerequisites and the module text.",
}


def difficulty_suggestion(success_ratio: float) -> str:
    """The seed's adaptive difficulty: above 0.8 → harder, below 0.6 → revisit, else keep."""
    if success_ratio > HARDER_ABOVE_SUCCESS_RATIO:
        return "harder"
    if success_ratio < EASIER_BELOW_SUCCESS_RATIO:
        return "revisit"
    return "keep"


# --- services ---------------------------------------------------------------------------


def _visible_people(
    session: Session, actor: PersonRef, person_ids: Sequence[int]
) -> list[PersonRef]:
    people = get_people(session, person_ids)
    for person in people:
        ensure_can_see_person(actor, person, "their reviews")
    return people


def team_member_ids(session: Session, *, actor: PersonRef) -> list[int]:
    """Active people of the lead's team (what the team charts cover), leads first."""
    ensure_team_lead(actor, actor.team_id, "see the whole team's reviews")
    return [p.id for p in list_people(session, actor.team_id)]


def forecast(
    session: Session, *, actor: PersonRef, person_ids: Sequence[int], today: date
) -> list[ForecastDay]:
    """Reviews falling due per day and person for the next 30 days (overdue ones on today)."""
    people = _visible_people(session, actor, person_ids)
    names = {p.id: p.name for p in people}
    last = today + timedelta(days=FORECAST_DAYS - 1)
    counts: dict[tuple[date, int], int] = defaultdict(int)
    zones = people_zones(session, names)
    due_quarter = quarter_hour(session, col(CardSchedule.due_at))
    # A day later than the last in any zone; cards past the last day are dropped below.
    until = datetime.combine(last + timedelta(days=2), time.min, tzinfo=UTC)
    for person_id, due_in, due in session.exec(
        select(CardSchedule.person_id, due_quarter, func.count())
        .where(
            col(CardSchedule.person_id).in_(list(names)),
            CardSchedule.due_at < until,
            col(CardSchedule.suspended_at).is_(None),  # never due while suspended
        )
        .group_by(col(CardSchedule.person_id), due_quarter)
    ):
        due_on = local_day(quarter_hour_start(due_in), zones[person_id])
        counts[(max(due_on, today), person_id)] += due
    return [
        ForecastDay(
            today + timedelta(days=n), names[pid], counts.get((today + timedelta(days=n), pid), 0)
        )
        for pid in names
        for n in range(FORECAST_DAYS)
    ]


def retention_by_week(
    session: Session, *, actor: PersonRef, person_ids: Sequence[int], today: date
) -> list[WeekRetention]:
    """Measured retention: per person and week (Mondays), reviews and how many were recalled,
    over the last 12 weeks; weeks without reviews are left out."""
    people = _visible_people(session, actor, person_ids)
    names = {p.id: p.name for p in people}
    first_week = today - timedelta(days=today.weekday() + 7 * (RETENTION_WEEKS - 1))
    # A day early: the first Monday may begin before UTC's in a zone east of it.
    since = datetime.combine(first_week - timedelta(days=1), time.min, tzinfo=UTC)
    totals: dict[tuple[date, int], list[int]] = defaultdict(lambda: [0, 0])
    zones = people_zones(session, names)
    # Counted per person and quarter hour in SQL, placed on the person's team's day here: a
    # large team logs tens of thousands of reviews a week.
    quarter = quarter_hour(session, col(ReviewLog.reviewed_at))
    recalled = _recalled()
    for person_id, reviewed_in, was_recalled, reviews in session.exec(
        select(col(ReviewLog.person_id), quarter, recalled, func.count())
        .where(
            col(ReviewLog.person_id).in_(list(names)),
            ReviewLog.reviewed_at >= since,
            col(ReviewLog.undone_at).is_(None),
        )
        .group_by(col(ReviewLog.person_id), quarter, recalled)
    ):
        on = local_day(quarter_hour_start(reviewed_in), zones[person_id])
        if on < first_week:
            continue
        acc = totals[(on - timedelta(days=on.weekday()), person_id)]
        acc[0] += reviews
        acc[1] += reviews if was_recalled else 0
    return sorted(
        (WeekRetention(week, names[pid], n, ok) for (week, pid), (n, ok) in totals.items()),
        key=lambda w: (w.week_start, w.person_name),
    )


def _recalled() -> Any:
    """SQL for "the review was recalled": answered Hard, Good or Easy, not Again. Constants
    inline: PostgreSQL only groups by an expression it sees twice as the same."""
    return col(ReviewLog.rating) > literal_column(str(int(ReviewGrade.AGAIN)))


def recalls_by_day(
    session: Session, person_ids: Sequence[int], *, since: datetime, zone: ZoneInfo
) -> list[DayRecalls]:
    """For many people at once (a team): their reviews from `since` on (undone answers left
    out), counted by day in `zone` and by recalled or not. No permission check."""
    # Counted per quarter hour in SQL, then by the team's day: a team's years of reviews are
    # far too many rows to read one by one.
    quarter = quarter_hour(session, col(ReviewLog.reviewed_at))
    recalled = _recalled()
    return [
        DayRecalls(local_day(quarter_hour_start(reviewed_in), zone), bool(ok), int(n))
        for reviewed_in, ok, n in session.exec(
            select(quarter, recalled, func.count())
            .where(
                col(ReviewLog.person_id).in_(list(person_ids)),
                ReviewLog.reviewed_at >= since,
                col(ReviewLog.undone_at).is_(None),
            )
            .group_by(quarter, recalled)
        )
    ]


def module_suggestions(
    session: Session, *, actor: PersonRef, person_id: int, now: datetime
) -> list[ModuleSuggestion]:
    """Adaptive difficulty per module from the last 30 days of reviews (5 reviews at least)."""
    person = get_person(session, person_id)
    ensure_can_see_person(actor, person, "their reviews")
    since = now - timedelta(days=ADAPTIVE_WINDOW_DAYS)
    rows = session.exec(
        select(ReviewLog.rating, Module.key, Module.title)
        .join(ReviewCard, col(ReviewCard.id) == ReviewLog.card_id)
        .join(Module, col(Module.id) == ReviewCard.module_id)
        .where(
            ReviewLog.person_id == person_id,
            ReviewLog.reviewed_at >= since,
            col(ReviewLog.undone_at).is_(None),
        )
        .order_by(col(Module.position))
    ).all()
    totals: dict[tuple[str, str], list[int]] = {}
    for rating, key, title in rows:
        acc = totals.setdefault((key, title), [0, 0])
        acc[0] += 1
        acc[1] += 1 if rating > ReviewGrade.AGAIN else 0
    return [
        ModuleSuggestion(key, title, n, ok / n, difficulty_suggestion(ok / n))
        for (key, title), (n, ok) in totals.items()
        if n >= MIN_REVIEWS_FOR_SUGGESTION
    ]
