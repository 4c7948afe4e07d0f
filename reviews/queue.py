"""Spaced-repetition reviews for one person: the due queue, recording and undoing an answer,
leeches, and the reviews waiting per module (what the mentoring agenda lists).

Every answer is kept as a `ReviewLog` row and never deleted (an undone one is marked undone
and left out of everything that reads the history); `CardSchedule` rows are the current
state and can always be rebuilt from the kept logs (see `reviews.policy`: a policy switch,
new steps or new FSRS parameters do that).
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
from reviews.policy import person_review_settings
from reviews.scheduling import (
    LoggedReview,
    ReviewGrade,
    Scheduled,
    Scheduler,
    due_by_the_minute,
    in_steps,
    interval_options,
    is_lapse,
    replay,
    start_of_day,
)
from storage.access import ensure_can_see_person
from storage.audit import record
from storage.errors import InvalidInput, NotFound
from storage.models import CardSchedule, Module, ReviewCard, ReviewLog
from storage.people import PersonRef, get_person
from storage.time_zones import person_zone

# --- read models ------------------------------------------------------------------------


@dataclass(frozen=True)
class DueCard:
    card: CardView
    intervals: dict[ReviewGrade, timedelta]  # what each answer would give
    new: bool
    learning: bool = False  # between same-day (re)learning steps


@dataclass(frozen=True)
class ReviewOutcome:
    card_id: int
    rating: ReviewGrade
    next_due_at: datetime
    interval: timedelta
    lapses: int = 0  # times the card has been forgotten after it was learned
    leech: bool = False  # this answer made it a leech: it is suspended


@dataclass(frozen=True)
class UndoneAnswer:
    """An answer taken back: the card is as it was before it."""

    card_id: int
    front: str
    rating: ReviewGrade
    due_at: datetime | None  # the card's due time again (None: new again)


@dataclass(frozen=True)
class LeechCard:
    """A card the person keeps failing (what the mentoring agenda lists)."""

    card_id: int
    front: str
    module_title: str
    lapses: int


@dataclass(frozen=True)
class ModuleReviewCounts:
    """Reviews a person has waiting in one module (what the mentoring agenda lists)."""

    module_key: str
    module_title: str
    due: int  # due by the end of today, overdue included
    overdue: int  # due before today began


# --- the queue and answering -----------------------------------------------------------


def _waiting(schedule: CardSchedule, now: datetime) -> bool:
    """Whether a card is held back: suspended, or buried until after `now`."""
    return schedule.suspended_at is not None or (
        schedule.buried_until is not None and schedule.buried_until > now
    )


def next_due_at(
    session: Session, *, actor: PersonRef, person_id: int, now: datetime
) -> datetime | None:
    """When the person's next card falls due after `now` (None: nothing scheduled); a
    suspended card never does, a buried one not before it is unburied."""
    ensure_can_see_person(actor, get_person(session, person_id), "their reviews")
    times = [
        max(s.due_at, s.buried_until or s.due_at)
        for s in card_schedules(session, person_id).values()
        if s.state and s.suspended_at is None
    ]
    later = [t for t in times if t > now]
    return min(later) if later else None


def _new_cards_started_today(
    session: Session, person_id: int, now: datetime, zone: ZoneInfo
) -> int:
    """Cards the person reviewed for the first time today, by their team's day."""
    return len(
        session.exec(
            select(ReviewLog.card_id)
            .where(ReviewLog.person_id == person_id, col(ReviewLog.undone_at).is_(None))
            .group_by(col(ReviewLog.card_id))
            .having(func.min(ReviewLog.reviewed_at) >= start_of_day(now, zone))
        ).all()
    )


def due_queue(
    session: Session, *, actor: PersonRef, person_id: int, now: datetime
) -> list[DueCard]:
    """The cards to answer now, in order: cards due by the end of `now`'s day (the person's
    team's day), most overdue first, with cards in same-day steps only once their minute has
    come; then up to the day's share of new cards. Suspended cards and cards buried until
    later are left out.

    Each comes with the interval every answer would give under the team's policy (and the
    person's own FSRS parameters, if fitted).
    """
    person = get_person(session, person_id)
    ensure_can_see_person(actor, person, "their reviews")
    settings = person_review_settings(session, person_id)
    scheduler = settings.scheduler(fuzz=False)  # intervals shown before fuzzing
    schedules = card_schedules(session, person_id)
    cards = card_views(session, person, settings, schedules, now)
    # Due today counts as due now: reviews are a daily habit, so a card falling due this
    # afternoon is shown this morning (as Anki does), whatever the hour of the sitting. A card
    # in its same-day steps waits for its minute: that is the point of the step.
    zone = settings.zone
    end_of_day = start_of_day(now, zone) + timedelta(days=1)

    def due_now(card: CardView) -> bool:
        schedule = schedules[card.id]
        if _waiting(schedule, now):
            return False
        if due_by_the_minute(schedule.state, schedule.due_at, zone):
            return schedule.due_at <= now
        return schedule.due_at < end_of_day

    reviewed = [c for c in cards if c.id in schedules and schedules[c.id].state]
    due = sorted((c for c in reviewed if due_now(c)), key=lambda c: (c.due_at or now, c.id))
    started = _new_cards_started_today(session, person_id, now, zone)
    allowed_new = max(settings.new_cards_per_day - started, 0)
    unseen = [
        c
        for c in cards
        if c.id not in schedules or not (schedules[c.id].state or _waiting(schedules[c.id], now))
    ]
    chosen = [*due, *unseen[:allowed_new]]
    # A schedule stored under another policy is rebuilt from its reviews (one query for all).
    stale = [
        c.id for c in chosen if c.id in schedules and schedules[c.id].scheduler != settings.policy
    ]
    rebuilt = _rebuilt_states(session, person_id, stale, scheduler)
    queue = []
    for card in chosen:
        schedule = schedules.get(card.id)
        state = None if schedule is None else rebuilt.get(card.id, schedule.state) or None
        queue.append(
            DueCard(
                card,
                interval_options(scheduler, state, now),
                new=state is None,
                learning=in_steps(state),
            )
        )
    return queue


def _replayed(
    session: Session, person_id: int, card_ids: Sequence[int], scheduler: Scheduler
) -> dict[int, Scheduled]:
    """The cards' states and due times rebuilt from the person's answers still standing."""
    if not card_ids:
        return {}
    reviews: dict[int, list[LoggedReview]] = defaultdict(list)
    for log in session.exec(
        select(ReviewLog)
        .where(
            ReviewLog.person_id == person_id,
            col(ReviewLog.card_id).in_(card_ids),
            col(ReviewLog.undone_at).is_(None),
        )
        .order_by(col(ReviewLog.reviewed_at), col(ReviewLog.id))
    ):
        reviews[log.card_id].append(
            LoggedReview(log.card_id, ReviewGrade(log.rating), log.reviewed_at)
        )
    results = {card_id: replay(scheduler, logs) for card_id, logs in reviews.items()}
    return {card_id: result for card_id, result in results.items() if result}


def _rebuilt_states(
    session: Session, person_id: int, card_ids: Sequence[int], scheduler: Scheduler
) -> dict[int, dict[str, Any]]:
    """The cards' states rebuilt from the person's answers still standing under `scheduler`."""
    return {i: r.state for i, r in _replayed(session, person_id, card_ids, scheduler).items()}


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
    """Keep one answer as a log row (with the card's state before it, for undo) and move the
    card's schedule on; only for oneself. "Again" on a learned card is a lapse; the lapse that
    reaches the team's leech threshold tags the card a leech and suspends it."""
    try:
        rating = ReviewGrade(rating)
    except ValueError as error:
        raise InvalidInput("A rating is Again (1), Hard (2), Good (3) or Easy (4).") from error
    if duration_ms is not None and duration_ms < 0:
        raise InvalidInput("A review cannot take negative time.")
    person = get_person(session, actor.id)
    if not any(card.id == card_id for card, _, _ in deck_cards(session, person)):
        raise NotFound("That card is not in your deck.")
    settings = person_review_settings(session, actor.id)
    scheduler = settings.scheduler(fuzz=fuzz)
    schedule = _schedule(session, actor.id, card_id)
    state: dict[str, Any] | None
    if schedule is not None and schedule.scheduler == settings.policy:
        state = schedule.state or None
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
            previous_state=schedule.state if schedule is not None and schedule.state else None,
            previous_due_at=schedule.due_at if schedule is not None and schedule.state else None,
        )
    )
    if schedule is None:
        schedule = CardSchedule(
            person_id=actor.id, card_id=card_id, due_at=result.due_at, scheduler=""
        )
    schedule.state = result.state
    schedule.due_at = result.due_at
    schedule.scheduler = settings.policy.value
    became_leech = False
    if is_lapse(state, rating):
        schedule.lapses += 1
        if not schedule.leech and schedule.lapses >= settings.leech_lapses:
            schedule.leech, schedule.suspended_at, became_leech = True, now, True
    session.add(schedule)
    session.flush()
    if became_leech:
        record(
            session,
            actor=actor,
            action="card_leech_suspended",
            entity="reviewcard",
            entity_id=card_id,
            summary=(
                f"{person.name} forgot a card {schedule.lapses} times; it is tagged a leech "
                "and suspended."
            ),
            team_id=person.team_id,
            detail={"lapses": schedule.lapses},
            at=now,
        )
    return ReviewOutcome(
        card_id, rating, result.due_at, result.due_at - now, schedule.lapses, became_leech
    )


def _schedule(session: Session, person_id: int, card_id: int) -> CardSchedule | None:
    return session.exec(
        select(CardSchedule).where(
            CardSchedule.person_id == person_id, CardSchedule.card_id == card_id
        )
    ).first()


def undo_last_answer(session: Session, *, actor: PersonRef, now: datetime) -> UndoneAnswer:
    """Take back the person's latest answer still standing: its log row is marked undone
    (never deleted) and the card gets back the state and due time it had before it (a card
    answered for the first time is new again); a lapse it counted, and the leech tag and
    suspension that lapse brought, are taken back too."""
    log = session.exec(
        select(ReviewLog)
        .where(ReviewLog.person_id == actor.id, col(ReviewLog.undone_at).is_(None))
        .order_by(col(ReviewLog.reviewed_at).desc(), col(ReviewLog.id).desc())
        .limit(1)
    ).first()
    if log is None:
        raise NotFound("There is no answer to undo.")
    card = session.get(ReviewCard, log.card_id)
    schedule = _schedule(session, actor.id, log.card_id)
    log.undone_at = now
    session.add(log)
    rating = ReviewGrade(log.rating)
    if schedule is not None:
        if is_lapse(log.previous_state, rating) and schedule.lapses > 0:
            if schedule.leech and schedule.suspended_at == log.reviewed_at:
                schedule.leech, schedule.suspended_at = False, None
            schedule.lapses -= 1
        if log.previous_state is not None and log.previous_due_at is not None:
            schedule.state, schedule.due_at = log.previous_state, log.previous_due_at
            schedule.scheduler = log.scheduler
            session.add(schedule)
        else:
            _rebuild_or_forget(session, actor, schedule)
    session.flush()
    restored = _schedule(session, actor.id, log.card_id)
    front = card.front if card is not None else ""
    record(
        session,
        actor=actor,
        action="review_undone",
        entity="reviewcard",
        entity_id=log.card_id,
        summary=f"Undid the answer {rating.label} to '{front[:80]}'.",
        detail={"review_log": log.id, "rating": int(rating)},
        at=now,
    )
    return UndoneAnswer(
        log.card_id,
        front,
        rating,
        restored.due_at if restored is not None and restored.state else None,
    )


def _rebuild_or_forget(session: Session, actor: PersonRef, schedule: CardSchedule) -> None:
    """A card whose undone answer kept no earlier state: the first answer to it (it becomes
    new again), or one kept before undo existed (rebuilt from the answers still standing)."""
    settings = person_review_settings(session, actor.id)
    rebuilt = _replayed(session, actor.id, [schedule.card_id], settings.scheduler(fuzz=False))
    result = rebuilt.get(schedule.card_id)
    if result is not None:
        schedule.state, schedule.due_at = result.state, result.due_at
        schedule.scheduler = settings.policy.value
        session.add(schedule)
    elif schedule.suspended_at is None and schedule.buried_until is None:
        session.delete(schedule)
    else:  # keep the suspension or burial someone chose; the card is unseen again
        schedule.state, schedule.lapses = {}, 0
        session.add(schedule)


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
        .where(
            CardSchedule.person_id == person_id,
            CardSchedule.due_at < end,
            col(CardSchedule.suspended_at).is_(None),
        )
        .order_by(col(Module.position))
    ).all()
    totals: dict[tuple[str, str], list[int]] = {}
    for due_at, key, title in rows:
        acc = totals.setdefault((key or "", title or "Own cards"), [0, 0])
        acc[0] += 1
        acc[1] += 1 if due_at < start else 0
    return [ModuleReviewCounts(k, t, due, overdue) for (k, t), (due, overdue) in totals.items()]


def leeches(session: Session, *, person_id: int) -> list[LeechCard]:
    """For the mentoring agenda: the person's cards tagged leeches (forgotten again and
    again), by module, most lapses first. No permission check, as `review_counts_by_module`."""
    rows = session.exec(
        select(CardSchedule.card_id, CardSchedule.lapses, ReviewCard.front, Module.title)
        .join(ReviewCard, col(ReviewCard.id) == CardSchedule.card_id)
        .join(Module, col(Module.id) == ReviewCard.module_id, isouter=True)
        .where(CardSchedule.person_id == person_id, col(CardSchedule.leech).is_(True))
        .order_by(col(Module.position), col(CardSchedule.lapses).desc(), col(ReviewCard.id))
    ).all()
    return [
        LeechCard(card_id, front, title or "Own cards", lapses)
        for card_id, lapses, front, title in rows
    ]


# --- for the team's figures -------------------------------------------------------------


def overdue_counts(
    session: Session, person_ids: Sequence[int], *, before: datetime
) -> dict[int, int]:
    """For many people at once: how many of each one's cards fell due before `before` (the
    start of their team's today), suspended ones left out; people with none are left out.
    No permission check."""
    return {
        person_id: int(n)
        for person_id, n in session.exec(
            select(CardSchedule.person_id, func.count())
            .where(
                col(CardSchedule.person_id).in_(list(person_ids)),
                CardSchedule.due_at < before,
                col(CardSchedule.suspended_at).is_(None),
            )
            .group_by(col(CardSchedule.person_id))
        )
    }
