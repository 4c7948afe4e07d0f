"""A person's review deck: which cards are in it, what each looks like now, writing a card
of one's own (or, for a mentor or lead, for everyone who has started its module), and the
card browser: each card's state and history, editing, suspending, burying, resetting and
deleting.

The due queue and answering a card are in `reviews.queue`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlmodel import Session, col, func, select

from reviews.policy import ReviewSettings, person_review_settings, team_review_settings
from reviews.scheduling import Policy, ReviewGrade, Scheduler, day_start
from storage.access import ensure_mentor_or_lead
from storage.audit import record
from storage.enums import CardKind, ModuleStatus, PersonRole
from storage.errors import InvalidInput, NotFound, PermissionDenied
from storage.models import CardSchedule, Module, ModuleProgress, Person, ReviewCard, ReviewLog
from storage.people import PersonRef, get_person
from storage.text_rules import body_problem, normalise_line_breaks
from storage.time_zones import local_day, team_zone

MAX_CARD_CHARS = 1_000


# --- read models ------------------------------------------------------------------------


@dataclass(frozen=True)
class CardView:
    id: int
    front: str
    back: str
    kind: CardKind
    module_key: str | None
    module_title: str | None
    author_name: str | None  # None: from the curriculum
    due_at: datetime | None  # None: not reviewed yet
    recall: float | None  # predicted recall now; None: not reviewed yet


# --- decks ------------------------------------------------------------------------------


def deck_cards(
    session: Session, person: PersonRef
) -> list[tuple[ReviewCard, Module | None, str | None]]:
    """Curriculum cards of the modules the person has started, cards written for those
    modules by the team's mentors and leads, and the person's own cards; each with its
    module and its author's name (None: from the curriculum)."""
    started = set(
        session.exec(
            select(ModuleProgress.module_id).where(
                ModuleProgress.person_id == person.id,
                ModuleProgress.status != ModuleStatus.NOT_STARTED,
            )
        ).all()
    )
    rows = session.exec(
        select(ReviewCard, Module, Person)
        .join(Module, col(Module.id) == ReviewCard.module_id, isouter=True)
        .join(Person, col(Person.id) == ReviewCard.author_id, isouter=True)
        .where(col(ReviewCard.module_id).in_(started) | (col(ReviewCard.author_id) == person.id))
        .order_by(col(Module.position), col(ReviewCard.id))
    ).all()
    chosen: list[tuple[ReviewCard, Module | None, str | None]] = []
    for card, module, author in rows:
        name = author.name if author is not None else None
        if card.author_id is None or card.author_id == person.id:
            chosen.append((card, module, name))
        elif (
            author is not None
            and author.team_id == person.team_id
            and PersonRole(author.role) != PersonRole.LEARNER
        ):
            chosen.append((card, module, name))  # a mentor's or lead's card for their module
    return chosen


def card_schedules(session: Session, person_id: int) -> dict[int, CardSchedule]:
    """The person's current schedule of each card they have reviewed, by card id."""
    return {
        s.card_id: s
        for s in session.exec(select(CardSchedule).where(CardSchedule.person_id == person_id))
    }


def _recall(
    schedule: CardSchedule | None, readers: dict[str, Scheduler], now: datetime
) -> float | None:
    if schedule is None:
        return None
    return readers.get(schedule.scheduler, readers[Policy.FSRS]).recall(schedule.state, now)


def card_views(
    session: Session,
    person: PersonRef,
    settings: ReviewSettings,
    schedules: dict[int, CardSchedule],
    now: datetime,
) -> list[CardView]:
    """The person's deck as read models, with due times and predicted recall at `now`."""
    readers = settings.readers()
    views = []
    for card, module, author_name in deck_cards(session, person):
        schedule = schedules.get(card.id or 0)
        views.append(
            CardView(
                id=card.id or 0,
                front=card.front,
                back=card.back,
                kind=CardKind(card.kind),
                module_key=module.key if module else None,
                module_title=module.title if module else None,
                author_name=author_name,
                due_at=schedule.due_at if schedule else None,
                recall=_recall(schedule, readers, now),
            )
        )
    return views


def _checked_card(
    session: Session, front: str, back: str, module_key: str | None, refusal: str
) -> tuple[str, str, Module | None]:
    """The card's text trimmed and its module, else InvalidInput naming every problem."""
    front, back = normalise_line_breaks(front).strip(), normalise_line_breaks(back).strip()
    problems = []
    if not front or not back:
        problems.append("both the prompt and the answer are needed")
    if len(front) > MAX_CARD_CHARS or len(back) > MAX_CARD_CHARS:
        problems.append(f"prompt and answer are at most {MAX_CARD_CHARS} characters each")
    problems += [
        p for side, text in (("prompt", front), ("answer", back)) if (p := body_problem(text, side))
    ]
    module = None
    if module_key:
        module = session.exec(select(Module).where(Module.key == module_key)).first()
        if module is None:
            problems.append(f"there is no module '{module_key}'")
    if problems:
        raise InvalidInput(f"{refusal}: " + "; ".join(problems) + ".")
    return front, back, module


def write_card(
    session: Session,
    *,
    actor: PersonRef,
    front: str,
    back: str,
    kind: CardKind,
    module_key: str | None = None,
    now: datetime,
) -> CardView:
    """A card written by a learner (their own deck) or a mentor or lead (everyone in the team
    who has started its module, and their own deck)."""
    front, back, module = _checked_card(session, front, back, module_key, "Card not saved")
    card = ReviewCard(
        module_id=module.id if module else None,
        kind=CardKind(kind),
        front=front,
        back=back,
        author_id=actor.id,
        created_at=now,
    )
    session.add(card)
    session.flush()
    record(
        session,
        actor=actor,
        action="card_written",
        entity="reviewcard",
        entity_id=card.id,
        detail={"module": module.key if module else None},
        at=now,
    )
    return CardView(
        id=card.id or 0,
        front=front,
        back=back,
        kind=CardKind(kind),
        module_key=module.key if module else None,
        module_title=module.title if module else None,
        author_name=actor.name,
        due_at=None,
        recall=None,
    )


# --- the card browser -------------------------------------------------------------------


class CardState(StrEnum):
    """Where a card stands for a person, as Anki's browser names it."""

    NEW = "new"
    LEARNING = "learning"
    REVIEW = "review"
    RELEARNING = "relearning"
    SUSPENDED = "suspended"
    LEECH = "leech"


# `fsrs.State` numbers as `CardSchedule.state["state"]` keeps them.
_FSRS_STATES = {1: CardState.LEARNING, 2: CardState.REVIEW, 3: CardState.RELEARNING}


@dataclass(frozen=True)
class BrowsedCard:
    """One card of a person's deck as the browser lists it."""

    id: int
    front: str
    back: str
    kind: CardKind
    module_key: str | None
    module_title: str | None
    author_name: str | None  # None: from the curriculum
    own: bool  # the person wrote or imported it: they may edit and delete it
    curriculum: bool  # from the curriculum: can be suspended, never deleted
    state: CardState
    due_at: datetime | None  # None: new
    due_in_days: int | None  # by the team's days: negative overdue, 0 today
    lapses: int
    recall: float | None  # predicted recall now
    buried_until: datetime | None


@dataclass(frozen=True)
class CardFilter:
    """What the browser narrows the deck to; every field left empty lets all cards through."""

    text: str = ""
    module_key: str | None = None
    kind: CardKind | None = None
    state: CardState | None = None
    due_within_days: int | None = None  # -1: overdue, 0: due today, 7: within a week
    min_lapses: int = 0
    max_recall: float | None = None  # retrievability at most this


@dataclass(frozen=True)
class HistoryEntry:
    """One review of a card, with what the scheduler predicted before it."""

    reviewed_at: datetime
    rating: ReviewGrade
    recall_before: float | None  # predicted recall at that moment (None: first review)
    interval: timedelta  # until the card was due next
    undone: bool  # the learner took this answer back; it no longer counts


def card_state(schedule: CardSchedule | None) -> CardState:
    """A card's state from its schedule (None: never reviewed)."""
    if schedule is None:
        return CardState.NEW
    if schedule.leech:
        return CardState.LEECH
    if schedule.suspended_at is not None:
        return CardState.SUSPENDED
    if not schedule.state:
        return CardState.NEW  # reset, or suspended before its first review
    if "rung" in schedule.state:
        return CardState.REVIEW
    return _FSRS_STATES.get(int(schedule.state.get("state") or 2), CardState.REVIEW)


def browse_cards(
    session: Session, *, actor: PersonRef, person_id: int, now: datetime
) -> list[BrowsedCard]:
    """Every card of a person's deck with its state, due day, lapses and predicted recall;
    for the person, their mentor and their team's leads."""
    person = get_person(session, person_id)
    if actor.id != person.id:
        ensure_mentor_or_lead(actor, person, "see their cards")
    settings = person_review_settings(session, person_id)
    readers = settings.readers()
    schedules = card_schedules(session, person_id)
    today = local_day(now, settings.zone)
    cards = []
    for card, module, author_name in deck_cards(session, person):
        schedule = schedules.get(card.id or 0)
        due_at = schedule.due_at if schedule is not None and schedule.state else None
        cards.append(
            BrowsedCard(
                id=card.id or 0,
                front=card.front,
                back=card.back,
                kind=CardKind(card.kind),
                module_key=module.key if module else None,
                module_title=module.title if module else None,
                author_name=author_name,
                own=card.author_id == person.id,
                curriculum=card.author_id is None or card.key is not None,
                state=card_state(schedule),
                due_at=due_at,
                due_in_days=None
                if due_at is None
                else (local_day(due_at, settings.zone) - today).days,
                lapses=schedule.lapses if schedule else 0,
                recall=_recall(schedule, readers, now) if schedule and schedule.state else None,
                buried_until=(
                    schedule.buried_until
                    if schedule and schedule.buried_until and schedule.buried_until > now
                    else None
                ),
            )
        )
    return cards


def filter_cards(cards: Sequence[BrowsedCard], wanted: CardFilter) -> list[BrowsedCard]:
    """The cards that pass every part of the filter (text: in the front or back, any case)."""
    text = wanted.text.strip().casefold()

    def passes(card: BrowsedCard) -> bool:
        return (
            (not text or text in card.front.casefold() or text in card.back.casefold())
            and (wanted.module_key is None or card.module_key == (wanted.module_key or None))
            and (wanted.kind is None or card.kind == wanted.kind)
            and (wanted.state is None or card.state == wanted.state)
            and (
                wanted.due_within_days is None
                or (card.due_in_days is not None and card.due_in_days <= wanted.due_within_days)
            )
            and card.lapses >= wanted.min_lapses
            and (
                wanted.max_recall is None
                or (card.recall is not None and card.recall <= wanted.max_recall)
            )
        )

    return [card for card in cards if passes(card)]


def _deck_card(session: Session, person: PersonRef, card_id: int) -> ReviewCard:
    for card, _module, _author in deck_cards(session, person):
        if card.id == card_id:
            return card
    raise NotFound("That card is not in your deck.")


def _own_card(session: Session, actor: PersonRef, card_id: int, verb: str) -> ReviewCard:
    """A card of the actor's deck they wrote; `verb`: what they want to do ("edit")."""
    card = _deck_card(session, actor, card_id)
    if card.author_id is None or card.key is not None:
        raise PermissionDenied(
            f"Curriculum cards belong to the curriculum: you can suspend one, not {verb} it."
        )
    if card.author_id != actor.id:
        raise PermissionDenied(f"Only the card's author can {verb} it.")
    return card


def edit_card(
    session: Session,
    *,
    actor: PersonRef,
    card_id: int,
    front: str,
    back: str,
    kind: CardKind,
    module_key: str | None,
    now: datetime,
) -> BrowsedCard:
    """Change a card one wrote (its text, kind and module); its schedule stays."""
    card = _own_card(session, actor, card_id, "edit")
    front, back, module = _checked_card(session, front, back, module_key, "Card not changed")
    changed = [
        name
        for name, old, new in (
            ("front", card.front, front),
            ("back", card.back, back),
            ("kind", CardKind(card.kind), CardKind(kind)),
            ("module", card.module_id, module.id if module else None),
        )
        if old != new
    ]
    card.front, card.back, card.kind = front, back, CardKind(kind)
    card.module_id = module.id if module else None
    card.updated_at = now
    session.add(card)
    session.flush()
    record(
        session,
        actor=actor,
        action="card_edited",
        entity="reviewcard",
        entity_id=card.id,
        summary=f"Edited a card ({', '.join(changed) or 'nothing changed'}).",
        detail={"changed": changed},
        at=now,
    )
    return next(
        c
        for c in browse_cards(session, actor=actor, person_id=actor.id, now=now)
        if c.id == card_id
    )


def _schedule_for_change(
    session: Session, actor: PersonRef, card_id: int, now: datetime
) -> CardSchedule:
    """The actor's schedule of a card of their deck; a never-reviewed card gets an empty one
    (still new) to hold its suspension or burial."""
    _deck_card(session, actor, card_id)
    schedule = session.exec(
        select(CardSchedule).where(
            CardSchedule.person_id == actor.id, CardSchedule.card_id == card_id
        )
    ).first()
    if schedule is None:
        policy = team_review_settings(session, actor.team_id).policy
        schedule = CardSchedule(
            person_id=actor.id, card_id=card_id, due_at=now, state={}, scheduler=policy.value
        )
    return schedule


def _changed(
    session: Session,
    actor: PersonRef,
    schedule: CardSchedule,
    action: str,
    now: datetime,
    **detail: Any,
) -> None:
    session.add(schedule)
    session.flush()
    record(
        session,
        actor=actor,
        action=action,
        entity="reviewcard",
        entity_id=schedule.card_id,
        detail=detail,
        at=now,
    )


def suspend_card(session: Session, *, actor: PersonRef, card_id: int, now: datetime) -> None:
    """Take a card of one's deck out of the reviews until it is unsuspended."""
    schedule = _schedule_for_change(session, actor, card_id, now)
    schedule.suspended_at = schedule.suspended_at or now
    _changed(session, actor, schedule, "card_suspended", now)


def unsuspend_card(session: Session, *, actor: PersonRef, card_id: int, now: datetime) -> None:
    """Bring a suspended card (or a leech) back into the reviews, where its schedule says."""
    schedule = _schedule_for_change(session, actor, card_id, now)
    was_leech = schedule.leech
    schedule.suspended_at, schedule.leech = None, False
    reviewed = session.exec(
        select(ReviewLog.id).where(ReviewLog.person_id == actor.id, ReviewLog.card_id == card_id)
    ).first()
    if not schedule.state and reviewed is None and schedule.buried_until is None:
        if schedule.id is not None:
            session.delete(schedule)  # never reviewed: new again, among the day's new cards
        session.flush()
        record(
            session,
            actor=actor,
            action="card_unsuspended",
            entity="reviewcard",
            entity_id=card_id,
            detail={"leech": was_leech},
            at=now,
        )
        return
    _changed(session, actor, schedule, "card_unsuspended", now, leech=was_leech)


def bury_card(session: Session, *, actor: PersonRef, card_id: int, now: datetime) -> datetime:
    """Hide a card until the start of tomorrow (the team's day); returns that moment."""
    schedule = _schedule_for_change(session, actor, card_id, now)
    zone = team_zone(session, actor.team_id)
    schedule.buried_until = day_start(local_day(now, zone) + timedelta(days=1), zone)
    _changed(session, actor, schedule, "card_buried", now)
    return schedule.buried_until


def reset_card(session: Session, *, actor: PersonRef, card_id: int, now: datetime) -> None:
    """Start a card again as if new (due now, no lapses); its past reviews are kept."""
    schedule = _schedule_for_change(session, actor, card_id, now)
    schedule.state, schedule.due_at, schedule.lapses, schedule.leech = {}, now, 0, False
    schedule.buried_until = None
    schedule.reset_at = now  # a rebuild from the reviews (a policy change) starts here
    _changed(session, actor, schedule, "card_reset", now)


def delete_card(session: Session, *, actor: PersonRef, card_id: int, now: datetime) -> None:
    """Delete a card one wrote, with one's own reviews of it; refused while anyone else
    reviews it (a mentor's card for a module), so nobody else's history is lost."""
    card = _own_card(session, actor, card_id, "delete")
    others = session.exec(
        select(func.count(func.distinct(ReviewLog.person_id))).where(
            ReviewLog.card_id == card_id, ReviewLog.person_id != actor.id
        )
    ).one()
    if others:
        raise PermissionDenied(
            f"{others} other {'person reviews' if others == 1 else 'people review'} this card; "
            "suspend it instead of deleting it."
        )
    logs = session.exec(select(ReviewLog).where(ReviewLog.card_id == card_id)).all()
    for row in [*logs, *session.exec(select(CardSchedule).where(CardSchedule.card_id == card_id))]:
        session.delete(row)
    session.flush()
    session.delete(card)
    session.flush()
    record(
        session,
        actor=actor,
        action="card_deleted",
        entity="reviewcard",
        entity_id=card_id,
        summary=f"Deleted a card ({len(logs)} of its reviews with it).",
        detail={"front": card.front[:80], "reviews": len(logs)},
        at=now,
    )


def card_history(
    session: Session, *, actor: PersonRef, person_id: int, card_id: int
) -> list[HistoryEntry]:
    """A person's reviews of one card, oldest first, each with the recall predicted at that
    moment and the interval it gave (under the person's current scheduler); undone answers are
    listed but do not move the card on."""
    person = get_person(session, person_id)
    if actor.id != person.id:
        ensure_mentor_or_lead(actor, person, "see their cards")
    _deck_card(session, person, card_id)
    scheduler = person_review_settings(session, person_id).scheduler(fuzz=False)
    logs = session.exec(
        select(ReviewLog)
        .where(ReviewLog.person_id == person_id, ReviewLog.card_id == card_id)
        .order_by(col(ReviewLog.reviewed_at), col(ReviewLog.id))
    ).all()
    history, state = [], None
    for log in logs:
        rating = ReviewGrade(log.rating)
        result = scheduler.review(state, rating, log.reviewed_at)
        history.append(
            HistoryEntry(
                log.reviewed_at,
                rating,
                scheduler.recall(state, log.reviewed_at),
                result.due_at - log.reviewed_at,
                log.undone_at is not None,
            )
        )
        if log.undone_at is None:
            state = result.state
    return history
