"""Spaced-repetition reviews for one person: the due queue, recording a review, and the
reviews waiting per module (what the mentoring agenda lists).

Every review is kept as a `ReviewLog` row and never changed; `CardSchedule` rows are the
current state and can always be rebuilt from the logs (see `reviews.policy`: a policy switch
or new FSRS parameters do that).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, func, select

from reviews.deck import CardView, card_schedules, card_views, deck_cards
from reviews.policy import team_review_settings
from reviews.scheduling import (
    LoggedReview,
    ReviewGrade,
    Scheduler,
    interval_options,
    replay,
    start_of_day,
)
from storage.access import ensure_can_see_person
from storage.errors import InvalidInput, NotFound
from storage.models import CardSchedule, Module, ReviewCard, ReviewLog
from storage.people import PersonRef, get_person
from storage.time_zones import person_zone, team_zone

# New cards a person meets per day, so starting a module does not bury them in one sitting.
NEW_CARDS_PER_DAY = 10


# --- read models ------------------------------------------------------------------------


@dataclass(frozen=True)
class DueCard:
    card: CardView
    intervals: dict[ReviewGrade, timedelta]  # what each answer would give
    new: bool


@dataclass(frozen=True)
class ReviewOutcome:
    card_id: int
    rating: ReviewGrade
    next_due_at: datetime
    interval: timedelta


@dataclass(frozen=True)
class ModuleReviewCounts:
    """Reviews a person has waiting in one module (what the mentoring agenda lists)."""

    module_key: str
    module_title: str
    due: int  # due by the end of today, overdue included
    overdue: int  # due before today began


# --- the queue and answering -----------------------------------------------------------


def next_due_at(
    session: Session, *, actor: PersonRef, person_id: int, now: datetime
) -> datetime | None:
    """When the person's next card falls due after `now` (None: nothing scheduled)."""
    ensure_can_see_person(actor, get_person(session, person_id), "their reviews")
    return session.exec(
        select(CardSchedule.due_at)
        .where(CardSchedule.person_id == person_id, CardSchedule.due_at > now)
        .order_by(col(CardSchedule.due_at))
        .limit(1)
    ).first()


def _new_cards_started_today(
    session: Session, person_id: int, now: datetime, zone: ZoneInfo
) -> int:
    """Cards the person reviewed for the first time today, by their team's day."""
    return len(
        session.exec(
            select(ReviewLog.card_id)
            .where(ReviewLog.person_id == person_id)
            .group_by(col(ReviewLog.card_id))
            .having(func.min(ReviewLog.reviewed_at) >= start_of_day(now, zone))
        ).all()
    )


def due_queue(
    session: Session, *, actor: PersonRef, person_id: int, now: datetime
) -> list[DueCard]:
    """Cards due by the end of `now`'s day (the person's team's day), most overdue first,
    then up to the day's share of new cards.

    Each comes with the interval every answer would give under the team's policy.
    """
    person = get_person(session, person_id)
    ensure_can_see_person(actor, person, "their reviews")
    settings = team_review_settings(session, person.team_id)
    scheduler = settings.scheduler(fuzz=False)  # intervals shown before fuzzing
    schedules = card_schedules(session, person_id)
    cards = card_views(session, person, settings, schedules, now)
    # Due today counts as due now: reviews are a daily habit, so a card falling due this
    # afternoon is shown this morning (as Anki does), whatever the hour of the sitting.
    zone = team_zone(session, person.team_id)
    end_of_day = start_of_day(now, zone) + timedelta(days=1)
    due = sorted(
        (c for c in cards if c.due_at is not None and c.due_at < end_of_day),
        key=lambda c: (c.due_at or now, c.id),
    )
    started = _new_cards_started_today(session, person_id, now, zone)
    allowed_new = max(NEW_CARDS_PER_DAY - started, 0)
    new = [c for c in cards if c.due_at is None][:allowed_new]
    chosen = [*due, *new]
    # A schedule stored under another policy is rebuilt from its reviews (one query for all).
    stale = [
        c.id for c in chosen if c.id in schedules and schedules[c.id].scheduler != settings.policy
    ]
    rebuilt = _rebuilt_states(session, person_id, stale, scheduler)
    queue = []
    for card in chosen:
        schedule = schedules.get(card.id)
        state = None if schedule is None else rebuilt.get(card.id, schedule.state)
        queue.append(DueCard(card, interval_options(scheduler, state, now), new=schedule is None))
    return queue


def _rebuilt_states(
    session: Session, person_id: int, card_ids: Sequence[int], scheduler: Scheduler
) -> dict[int, dict[str, Any]]:
    """The cards' states rebuilt from the person's kept reviews under `scheduler`."""
    if not card_ids:
        return {}
    reviews: dict[int, list[LoggedReview]] = defaultdict(list)
    for log in session.exec(
        select(ReviewLog)
        .where(ReviewLog.person_id == person_id, col(ReviewLog.card_id).in_(card_ids))
        .order_by(col(ReviewLog.reviewed_at), col(ReviewLog.id))
    ):
        reviews[log.card_id].append(
            LoggedReview(log.card_id, ReviewGrade(log.rating), log.reviewed_at)
        )
    results = {card_id: replay(scheduler, logs) for card_id, logs in reviews.items()}
    return {card_id: result.state for card_id, result in results.items() if result}


def record_review(
    session: Session,
    *,
    actor: PersonRef,
    card_id: int,
    rating: ReviewGrade | int,
    now: datetime,
    duration_ms: int | None = None,
    fuzz: bool = True,
) -> ReviewOutcome:
    """Keep one review as a log row and move the card's schedule on; only for oneself."""
    try:
        rating = ReviewGrade(rating)
    except ValueError as error:
        raise InvalidInput("A rating is Again (1), Hard (2), Good (3) or Easy (4).") from error
    if duration_ms is not None and duration_ms < 0:
        raise InvalidInput("A review cannot take negative time.")
    person = get_person(session, actor.id)
    if not any(card.id == card_id for card, _, _ in deck_cards(session, person)):
        raise NotFound("That card is not in your deck.")
    settings = team_review_settings(session, person.team_id)
    scheduler = settings.scheduler(fuzz=fuzz)
    schedule = session.exec(
        select(CardSchedule).where(
            CardSchedule.person_id == actor.id, CardSchedule.card_id == card_id
        )
    ).first()
    state: dict[str, Any] | None
    if schedule is not None and schedule.scheduler == settings.policy:
        state = schedule.state
    else:
        rebuilt = _rebuilt_states(session, actor.id, [card_id], settings.scheduler(fuzz=False))
        state = rebuilt.get(card_id)
    result = scheduler.review(state, rating, now)
    session.add(
        ReviewLog(
            card_id=card_id,
            person_id=actor.id,
            rating=int(rating),
            reviewed_at=now,
            duration_ms=duration_ms,
            scheduler=settings.policy.value,
        )
    )
    if schedule is None:
        schedule = CardSchedule(
            person_id=actor.id, card_id=card_id, due_at=result.due_at, scheduler=""
        )
    schedule.state = result.state
    schedule.due_at = result.due_at
    schedule.scheduler = settings.policy.value
    session.add(schedule)
    session.flush()
    return ReviewOutcome(card_id, rating, result.due_at, result.due_at - now)


# --- for the mentoring agenda -----------------------------------------------------------


def review_counts_by_module(
    session: Session, *, person_id: int, now: datetime
) -> list[ModuleReviewCounts]:
    """For the mentoring agenda: per module, the person's reviews due today and overdue
    (by their team's day).

    Cards not tied to a module are counted under "Own cards". Modules with nothing due are
    left out. No permission check: the agenda's own service decides who may see it.
    """
    start = start_of_day(now, person_zone(session, person_id))
    end = start + timedelta(days=1)
    rows = session.exec(
        select(CardSchedule.due_at, Module.key, Module.title)
        .join(ReviewCard, col(ReviewCard.id) == CardSchedule.card_id)
        .join(Module, col(Module.id) == ReviewCard.module_id, isouter=True)
        .where(CardSchedule.person_id == person_id, CardSchedule.due_at < end)
        .order_by(col(Module.position))
    ).all()
    totals: dict[tuple[str, str], list[int]] = {}
    for due_at, key, title in rows:
        acc = totals.setdefault((key or "", title or "Own cards"), [0, 0])
        acc[0] += 1
        acc[1] += 1 if due_at < start else 0
    return [ModuleReviewCounts(k, t, due, overdue) for (k, t), (due, overdue) in totals.items()]


# --- for the team's figures -------------------------------------------------------------


def overdue_counts(
    session: Session, person_ids: Sequence[int], *, before: datetime
) -> dict[int, int]:
    """For many people at once: how many of each one's cards fell due before `before` (the
    start of their team's today); people with none are left out. No permission check."""
    return {
        person_id: int(n)
        for person_id, n in session.exec(
            select(CardSchedule.person_id, func.count())
            .where(col(CardSchedule.person_id).in_(list(person_ids)), CardSchedule.due_at < before)
            .group_by(col(CardSchedule.person_id))
        )
    }
