"""Knowledge-transfer figures over plain rows: per month, the team's sessions held and
attended, presenters, notes written and reviewed, peer reviews given, 1:1 hours and mentees'
ratings; per person, the same over the whole window. Pure: the rows come from the packages
that own them (see insights/knowledge_transfer.py)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from statistics import mean

MINUTES_PER_HOUR = 60
RATING_DECIMALS = 1


@dataclass(frozen=True)
class SessionHeld:
    day: date
    presenter_ids: tuple[int, ...]
    attendee_ids: tuple[int, ...]


@dataclass(frozen=True)
class MeetingHeld:
    day: date
    mentor_id: int
    mentee_id: int
    minutes: int
    rating: int | None  # the mentee's, 1–5


@dataclass(frozen=True)
class TransferRows:
    """Everything counted, from the start of the first month on."""

    sessions: Sequence[SessionHeld]
    notes_written: Sequence[tuple[int, date]]  # (author, day)
    notes_reviewed: Sequence[tuple[int, date]]  # (reviewer, day), every review
    peer_reviews: Sequence[tuple[int, date]]  # (reviewer, day)
    meetings: Sequence[MeetingHeld]


@dataclass(frozen=True)
class MonthTransfer:
    month: date  # first day of the month
    sessions: int
    attendances: int  # people attending, summed over the sessions
    presenters: int  # distinct people who presented
    notes_written: int
    notes_reviewed: int
    peer_reviews: int
    mentoring_hours: float
    mean_rating: float | None  # mentees' rating of the 1:1s held (1–5); None: none rated
    ratings: int


@dataclass(frozen=True)
class PersonTransfer:
    person_id: int
    name: str
    presented: int
    attended: int
    notes_written: int
    notes_reviewed: int
    peer_reviews: int
    hours_given: float  # 1:1 hours as a mentor
    hours_received: float  # 1:1 hours as a mentee
    mean_rating_as_mentor: float | None  # their mentees' ratings (1–5); None: none rated
    ratings_as_mentor: int


def month_of(day: date) -> date:
    return day.replace(day=1)


def _hours(minutes: int) -> float:
    return round(minutes / MINUTES_PER_HOUR, 2)


def _mean(ratings: Iterable[int | None]) -> tuple[float | None, int]:
    given = [r for r in ratings if r is not None]
    return (round(mean(given), RATING_DECIMALS) if given else None), len(given)


def _counted(rows: Iterable[tuple[int, date]], months: set[date]) -> dict[date, int]:
    counts: dict[date, int] = defaultdict(int)
    for _who, day in rows:
        if month_of(day) in months:
            counts[month_of(day)] += 1
    return counts


def by_month(rows: TransferRows, months: Sequence[date]) -> list[MonthTransfer]:
    """The team's figures per month (`months`: first days, oldest first); rows outside them
    are left out."""
    wanted = set(months)
    sessions: dict[date, list[SessionHeld]] = defaultdict(list)
    for s in rows.sessions:
        sessions[month_of(s.day)].append(s)
    meetings: dict[date, list[MeetingHeld]] = defaultdict(list)
    for m in rows.meetings:
        meetings[month_of(m.day)].append(m)
    written = _counted(rows.notes_written, wanted)
    reviewed = _counted(rows.notes_reviewed, wanted)
    peer = _counted(rows.peer_reviews, wanted)
    result = []
    for month in months:
        held = sessions[month]
        rating, rated = _mean(m.rating for m in meetings[month])
        result.append(
            MonthTransfer(
                month=month,
                sessions=len(held),
                attendances=sum(len(s.attendee_ids) for s in held),
                presenters=len({p for s in held for p in s.presenter_ids}),
                notes_written=written[month],
                notes_reviewed=reviewed[month],
                peer_reviews=peer[month],
                mentoring_hours=_hours(sum(m.minutes for m in meetings[month])),
                mean_rating=rating,
                ratings=rated,
            )
        )
    return result


def by_person(
    rows: TransferRows, people: Sequence[tuple[int, str]], months: Sequence[date]
) -> list[PersonTransfer]:
    """Each person's figures over the months (`people`: (id, name) in the order shown)."""
    wanted = set(months)
    sessions = [s for s in rows.sessions if month_of(s.day) in wanted]
    meetings = [m for m in rows.meetings if month_of(m.day) in wanted]

    def count(pairs: Iterable[tuple[int, date]], person_id: int) -> int:
        return sum(1 for who, day in pairs if who == person_id and month_of(day) in wanted)

    result = []
    for person_id, name in people:
        mentored = [m for m in meetings if m.mentor_id == person_id]
        rating, rated = _mean(m.rating for m in mentored)
        result.append(
            PersonTransfer(
                person_id=person_id,
                name=name,
                presented=sum(1 for s in sessions if person_id in s.presenter_ids),
                attended=sum(1 for s in sessions if person_id in s.attendee_ids),
                notes_written=count(rows.notes_written, person_id),
                notes_reviewed=count(rows.notes_reviewed, person_id),
                peer_reviews=count(rows.peer_reviews, person_id),
                hours_given=_hours(sum(m.minutes for m in mentored)),
                hours_received=_hours(sum(m.minutes for m in meetings if m.mentee_id == person_id)),
                mean_rating_as_mentor=rating,
                ratings_as_mentor=rated,
            )
        )
    return result
