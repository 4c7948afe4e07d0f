"""How reviews are going: the forecast of reviews due, measured retention by week, the seed's
adaptive-difficulty suggestions per module, and a learner's own statistics (reviews per day
over the year, time spent, streaks, true retention by month). Undone answers and suspended
cards are left out."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import func, literal_column
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from reviews.scheduling import ReviewGrade, elapsed_calendar_days
from storage.access import ensure_can_see_person, ensure_mentor_or_lead, ensure_team_lead
from storage.engine import day_in_zone, day_value, quarter_hour, quarter_hour_start
from storage.models import CardSchedule, Module, ReviewCard, ReviewLog
from storage.people import PersonRef, get_people, get_person, list_people
from storage.time_zones import local_day, people_zones, person_zone

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
    until = datetime.combine(today + timedelta(days=2), time.min, tzinfo=UTC)
    recalled = _recalled()
    # Counted per person and day in SQL, each person on their team's day (one query per zone
    # the people are in): a large team logs tens of thousands of reviews a week.
    for zone, ids in _by_zone(people_zones(session, names)).items():
        day = day_in_zone(session, col(ReviewLog.reviewed_at), zone, since=since, until=until)
        for person_id, on_day, was_recalled, reviews in session.exec(
            select(col(ReviewLog.person_id), day, recalled, func.count())
            .where(
                col(ReviewLog.person_id).in_(ids),
                ReviewLog.reviewed_at >= since,
                col(ReviewLog.undone_at).is_(None),
            )
            .group_by(col(ReviewLog.person_id), day, recalled)
        ):
            on = day_value(on_day)
            if on < first_week:
                continue
            acc = totals[(on - timedelta(days=on.weekday()), person_id)]
            acc[0] += reviews
            acc[1] += reviews if was_recalled else 0
    return sorted(
        (WeekRetention(week, names[pid], n, ok) for (week, pid), (n, ok) in totals.items()),
        key=lambda w: (w.week_start, w.person_name),
    )


def _by_zone(zones: dict[int, ZoneInfo]) -> dict[ZoneInfo, list[int]]:
    """The people of each zone."""
    grouped: dict[ZoneInfo, list[int]] = defaultdict(list)
    for person_id, zone in zones.items():
        grouped[zone].append(person_id)
    return grouped


def _recalled() -> Any:
    """SQL for "the review was recalled": answered Hard, Good or Easy, not Again. Constants
    inline: PostgreSQL only groups by an expression it sees twice as the same."""
    return col(ReviewLog.rating) > literal_column(str(int(ReviewGrade.AGAIN)))


def recalls_by_day(
    session: Session,
    person_ids: Sequence[int],
    *,
    since: datetime,
    until: datetime,
    zone: ZoneInfo,
) -> list[DayRecalls]:
    """For many people at once (a team): their reviews from `since` on (undone answers left
    out; days exact up to `until`), counted by day in `zone` and by recalled or not. No
    permission check."""
    # Counted by the team's day in SQL: a team's years of reviews are far too many rows to
    # read, or even to count per quarter hour, one by one.
    day = day_in_zone(session, col(ReviewLog.reviewed_at), zone, since=since, until=until)
    recalled = _recalled()
    return [
        DayRecalls(day_value(on), bool(ok), int(n))
        for on, ok, n in session.exec(
            select(day, recalled, func.count())
            .where(
                col(ReviewLog.person_id).in_(list(person_ids)),
                ReviewLog.reviewed_at >= since,
                col(ReviewLog.undone_at).is_(None),
            )
            .group_by(day, recalled)
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


# --- a learner's own statistics ---------------------------------------------------------

# The heatmap covers the past year, today included.
ACTIVITY_DAYS = 365
# `fsrs.State.Review`, as `ReviewLog.previous_state["state"]` keeps it.
_REVIEW_STATE = 2


class Answer(NamedTuple):
    """One kept answer, as the learner's statistics read it."""

    card_id: int
    reviewed_at: datetime
    rating: int
    duration_ms: int | None
    # The card's state before the answer, when the log kept it: FSRS's `state` number, or
    # whether it was on a ladder rung; None for both when the log kept no state.
    previous_fsrs_state: int | None = None
    previous_rung: int | None = None


@dataclass(frozen=True)
class DayActivity:
    day: date
    reviews: int
    seconds: float  # from the stored durations (answers without one add nothing)


@dataclass(frozen=True)
class WeekActivity:
    week_start: date  # a Monday
    reviews: int
    seconds: float


@dataclass(frozen=True)
class Streaks:
    current: int  # days in a row with a review, up to today (yesterday while today has none)
    longest: int


@dataclass(frozen=True)
class MonthRetention:
    """True retention in a month: answers to cards on an interval of days (review state), and
    how many of them were not "Again"."""

    month: date  # its first day
    answers: int
    recalled: int

    @property
    def share(self) -> float:
        return self.recalled / self.answers if self.answers else 0.0


@dataclass(frozen=True)
class ReviewStatistics:
    """What a learner's reviews add up to (undone answers left out), by their team's days."""

    person_name: str
    today: date
    days: list[DayActivity]  # each day of the past year, oldest first, days without included
    weeks: list[WeekActivity]  # the same year by week
    streaks: Streaks
    months: list[MonthRetention]  # the past year's months with review-state answers
    untimed: int  # answers of the past year without a stored duration

    @property
    def reviews(self) -> int:
        return sum(d.reviews for d in self.days)

    @property
    def seconds(self) -> float:
        return sum(d.seconds for d in self.days)


def day_activity(
    answers: Sequence[Answer], *, zone: ZoneInfo, first: date, last: date
) -> list[DayActivity]:
    """Reviews and time spent on each day from `first` to `last` (in `zone`), every day
    listed."""
    reviews: dict[date, int] = defaultdict(int)
    seconds: dict[date, float] = defaultdict(float)
    for answer in answers:
        on = local_day(answer.reviewed_at, zone)
        reviews[on] += 1
        seconds[on] += (answer.duration_ms or 0) / 1000
    return [
        DayActivity(day, reviews[day], seconds[day])
        for day in (first + timedelta(days=n) for n in range((last - first).days + 1))
    ]


def week_activity(days: Sequence[DayActivity]) -> list[WeekActivity]:
    """Days added up by week (Mondays), oldest first."""
    reviews: dict[date, int] = defaultdict(int)
    seconds: dict[date, float] = defaultdict(float)
    for d in days:
        monday = d.day - timedelta(days=d.day.weekday())
        reviews[monday] += d.reviews
        seconds[monday] += d.seconds
    return [WeekActivity(week, reviews[week], seconds[week]) for week in sorted(reviews)]


def streaks(review_days: Collection[date], today: date) -> Streaks:
    """The current streak (days in a row with a review, ending today; a day without one yet
    today does not break it before the day is over, as Anki counts) and the longest."""
    days = set(review_days)
    current = 0
    day = today if today in days else today - timedelta(days=1)
    while day in days:
        current += 1
        day -= timedelta(days=1)
    longest = run = 0
    previous: date | None = None
    for day in sorted(days):
        run = run + 1 if previous is not None and (day - previous).days == 1 else 1
        longest = max(longest, run)
        previous = day
    return Streaks(current, longest)


def is_review_answer(answer: Answer, previous_answer_at: datetime | None, zone: ZoneInfo) -> bool:
    """Whether an answer was given to a card in review state (on an interval of days, neither
    new nor in its same-day steps): as the log kept the card's state before it; for a log that
    kept none, when it came a day (in `zone`) or more after the card's previous answer."""
    if answer.previous_rung is not None:
        return True
    if answer.previous_fsrs_state is not None:
        return answer.previous_fsrs_state == _REVIEW_STATE
    return (
        previous_answer_at is not None
        and elapsed_calendar_days(previous_answer_at, answer.reviewed_at, zone) >= 1
    )


def true_retention_by_month(
    answers: Sequence[Answer], *, zone: ZoneInfo, earlier: dict[int, datetime] | None = None
) -> list[MonthRetention]:
    """Per month (in `zone`), the review-state answers and how many were not "Again";
    `earlier`: each card's last answer before these (the first one's previous). Months
    without review-state answers are left out."""
    previous = dict(earlier or {})
    totals: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    for answer in sorted(answers, key=lambda a: a.reviewed_at):
        if is_review_answer(answer, previous.get(answer.card_id), zone):
            acc = totals[local_day(answer.reviewed_at, zone).replace(day=1)]
            acc[0] += 1
            acc[1] += answer.rating != ReviewGrade.AGAIN
        previous[answer.card_id] = answer.reviewed_at
    return [MonthRetention(month, n, ok) for month, (n, ok) in sorted(totals.items())]


def review_statistics(
    session: Session, *, actor: PersonRef, person_id: int, now: datetime
) -> ReviewStatistics:
    """A person's reviews per day over the past year, time spent, streaks and true retention
    by month; for the person, their mentor and their team's leads (who see their cards)."""
    person = get_person(session, person_id)
    if actor.id != person.id:
        ensure_mentor_or_lead(actor, person, "see their cards")
    zone = person_zone(session, person_id)
    today = local_day(now, zone)
    first = today - timedelta(days=ACTIVITY_DAYS - 1)
    since = datetime.combine(first, time.min, tzinfo=zone).astimezone(UTC)
    kept = (col(ReviewLog.person_id) == person_id, col(ReviewLog.undone_at).is_(None))
    # Only the two fields the rule reads are taken out of the stored state.
    before = col(ReviewLog.previous_state)
    answers = [
        Answer(*row)
        for row in session.execute(
            sa_select(
                col(ReviewLog.card_id),
                col(ReviewLog.reviewed_at),
                col(ReviewLog.rating),
                col(ReviewLog.duration_ms),
                before["state"].as_integer(),
                before["rung"].as_integer(),
            )
            .where(*kept, col(ReviewLog.reviewed_at) >= since)
            .order_by(col(ReviewLog.reviewed_at), col(ReviewLog.id))
        )
    ]
    earlier = dict(
        session.exec(
            select(ReviewLog.card_id, func.max(ReviewLog.reviewed_at))
            .where(*kept, col(ReviewLog.reviewed_at) < since)
            .group_by(col(ReviewLog.card_id))
        ).all()
    )
    days = day_activity(answers, zone=zone, first=first, last=today)
    # The longest streak may be older than a year: every day with a review, counted in SQL.
    first_review = session.exec(select(func.min(ReviewLog.reviewed_at)).where(*kept)).one()
    ever = {
        d.day
        for d in recalls_by_day(
            session, [person_id], since=first_review or now, until=now, zone=zone
        )
    }
    return ReviewStatistics(
        person_name=person.name,
        today=today,
        days=days,
        weeks=week_activity(days),
        streaks=streaks(ever, today),
        months=true_retention_by_month(answers, zone=zone, earlier=earlier),
        untimed=sum(1 for a in answers if a.duration_ms is None),
    )
