"""A person's review deck: which cards are in it, what each looks like now, and writing a
card of one's own (or, for a mentor or lead, for everyone who has started its module).

The due queue and answering a card are in `reviews.queue`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from reviews.policy import ReviewSettings, team_review_settings
from reviews.scheduling import Policy, Scheduler
from storage.access import ensure_can_see_person
from storage.audit import record
from storage.enums import CardKind, ModuleStatus, PersonRole
from storage.errors import InvalidInput
from storage.models import CardSchedule, Module, ModuleProgress, Person, ReviewCard
from storage.people import PersonRef, get_person

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


def deck(session: Session, *, actor: PersonRef, person_id: int, now: datetime) -> list[CardView]:
    """Every card in a person's deck with its due time and predicted recall at `now`."""
    person = get_person(session, person_id)
    ensure_can_see_person(actor, person, "their reviews")
    settings = team_review_settings(session, person.team_id)
    return card_views(session, person, settings, card_schedules(session, person_id), now)


def write_card(
    session: Session,
    *,
    actor: PersonRef,
    front: str,
    back: str,
    kind: CardKind,
    module_key: str | None = None,
) -> CardView:
    """A card written by a learner (their own deck) or a mentor or lead (everyone in the team
    who has started its module, and their own deck)."""
    front, back = front.strip(), back.strip()
    problems = []
    if not front or not back:
        problems.append("both the prompt and the answer are needed")
    if len(front) > MAX_CARD_CHARS or len(back) > MAX_CARD_CHARS:
        problems.append(f"prompt and answer are at most {MAX_CARD_CHARS} characters each")
    module = None
    if module_key:
        module = session.exec(select(Module).where(Module.key == module_key)).first()
        if module is None:
            problems.append(f"there is no module '{module_key}'")
    if problems:
        raise InvalidInput("Card not saved: " + "; ".join(problems) + ".")
    card = ReviewCard(
        module_id=module.id if module else None,
        kind=CardKind(kind),
        front=front,
        back=back,
        author_id=actor.id,
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
