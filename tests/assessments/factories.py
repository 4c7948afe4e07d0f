"""Factories for the competency and review tests; each adds its rows and flushes, never commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlmodel import Session, col, select

from reviews.queue import record_review
from reviews.scheduling import ReviewGrade
from storage.enums import CardKind, CompetencyGroup, ModuleStatus, PersonRole, RaterKind
from storage.models import (
    Competency,
    LevelDescriptor,
    Module,
    ModuleCompetency,
    ModuleProgress,
    Person,
    QuizQuestion,
    Rating,
    ReviewCard,
    RoleTarget,
    Team,
)
from storage.people import PersonRef
from tests.factories import make_module, make_person, make_ref, make_team

LEVEL_WORDS = {1: "basic", 2: "intermediate", 3: "advanced", 4: "expert"}


def at(day: date, hour: int = 12) -> datetime:
    """A timezone-aware UTC moment on `day` (noon by default: far from any midnight)."""
    return datetime.combine(day, time(hour, 0), tzinfo=UTC)


def make_competency(
    *,
    session: Session,
    key: str,
    name: str | None = None,
    group: CompetencyGroup = CompetencyGroup.TECHNICAL,
    position: int = 0,
    description: str = "",
    team: Team | None = None,
) -> Competency:
    """A competency of `team`'s framework (default: the first team made) with the four level
    descriptors filled in."""
    if team is None:
        team = session.exec(select(Team).order_by(col(Team.id))).first()
        assert team is not None, "make a team before its competencies"
    competency = Competency(
        team_id=team.id,
        key=key,
        name=name or key.replace("-", " ").capitalize(),
        group=group,
        description=description or f"What {key} covers.",
        position=position,
    )
    session.add(competency)
    session.flush()
    assert competency.id is not None
    for level, word in LEVEL_WORDS.items():
        session.add(
            LevelDescriptor(
                competency_id=competency.id, level=level, description=f"{key} at {word} level."
            )
        )
    session.flush()
    return competency


def make_role_target(
    *, session: Session, team: Team, job_role: str, competency: Competency, level: int
) -> RoleTarget:
    assert team.id is not None and competency.id is not None
    target = RoleTarget(
        team_id=team.id, job_role=job_role, competency_id=competency.id, level=level
    )
    session.add(target)
    session.flush()
    return target


def make_quiz_evidence(
    *, session: Session, person: Person, competency: Competency, level: int, created_at: datetime
) -> Rating:
    """A QUIZ rating as a passed quiz leaves it (the rating service refuses them by hand)."""
    assert person.id is not None and competency.id is not None
    rating = Rating(
        person_id=person.id,
        competency_id=competency.id,
        level=level,
        rater_id=None,
        rater_kind=RaterKind.QUIZ,
        note="Passed a quiz.",
        created_at=created_at,
    )
    session.add(rating)
    session.flush()
    return rating


def make_questions(
    *, session: Session, module: Module, answers: list[int], choices: int = 4
) -> list[QuizQuestion]:
    """One question per entry of `answers` (the index of its right choice), keys q1, q2, …"""
    assert module.id is not None
    questions = []
    for number, answer in enumerate(answers, start=1):
        question = QuizQuestion(
            module_id=module.id,
            key=f"q{number}",
            question=f"Question {number}?",
            choices=[f"choice {number}.{c}" for c in range(choices)],
            answer=answer,
            explanation=f"Because of reason {number}.",
        )
        session.add(question)
        questions.append(question)
    session.flush()
    return questions


def link_module(*, session: Session, module: Module, competencies: list[Competency]) -> None:
    """Say which competencies the module teaches (and its quiz gives evidence for)."""
    assert module.id is not None
    for competency in competencies:
        assert competency.id is not None
        session.add(ModuleCompetency(module_id=module.id, competency_id=competency.id))
    session.flush()


def make_card(
    *,
    session: Session,
    module: Module | None,
    front: str = "A prompt?",
    back: str = "An answer.",
    author: Person | None = None,
    kind: CardKind = CardKind.CONCEPTUAL,
) -> ReviewCard:
    """A review card of a module (from the curriculum unless an author is given)."""
    card = ReviewCard(
        module_id=module.id if module else None,
        kind=kind,
        front=front,
        back=back,
        author_id=author.id if author else None,
    )
    session.add(card)
    session.flush()
    return card


def start_module(*, session: Session, person: Person, module: Module, on: date) -> None:
    """Mark a module started for a person (what puts its cards in their deck)."""
    assert person.id is not None and module.id is not None
    session.add(
        ModuleProgress(
            person_id=person.id,
            module_id=module.id,
            status=ModuleStatus.IN_PROGRESS,
            percent=10,
            started_on=on,
        )
    )
    session.flush()


@dataclass
class ReviewDeck:
    """A small team for the review tests: Ada has started one module with three cards."""

    session: Session
    team: Team
    lead: PersonRef
    mentor: PersonRef
    ada: PersonRef
    bo: PersonRef
    started: Module
    other: Module
    cards: list[int]  # the started module's curriculum cards


def make_review_deck(*, session: Session) -> ReviewDeck:
    """Lead Lee, mentor Mo, Ada (Mo's mentee, started "Search basics") and Bo (nothing)."""
    team = make_team(session=session)
    lead = make_person(session=session, team=team, name="Lee Lead", role=PersonRole.LEAD)
    mentor = make_person(session=session, team=team, name="Mo Mentor", role=PersonRole.MENTOR)
    ada = make_person(session=session, team=team, name="Ada Byron", mentor=mentor)
    bo = make_person(session=session, team=team, name="Bo Diddley")
    started = make_module(session=session, key="search-basics", title="Search basics")
    other = make_module(session=session, key="index-families", title="Index families")
    cards = [
        make_card(session=session, module=started, front=f"Basics {n}?").id or 0 for n in range(3)
    ]
    make_card(session=session, module=other, front="Not started yet?")
    start_module(session=session, person=ada, module=started, on=date(2026, 11, 1))
    return ReviewDeck(
        session,
        team,
        make_ref(session=session, person=lead),
        make_ref(session=session, person=mentor),
        make_ref(session=session, person=ada),
        make_ref(session=session, person=bo),
        started,
        other,
        cards,
    )


def review(deck: ReviewDeck, card: int, rating: ReviewGrade, when: datetime) -> None:
    """Ada answers `card` at `when` (no fuzzing, so due dates can be computed by hand)."""
    record_review(deck.session, actor=deck.ada, card_id=card, rating=rating, now=when, fuzz=False)


def without_steps(deck: ReviewDeck) -> ReviewDeck:
    """The deck's team reviews without same-day steps: a new or forgotten card goes straight
    to an interval of days (for tests about those intervals)."""
    deck.team.learning_steps_minutes = []
    deck.team.relearning_steps_minutes = []
    deck.session.add(deck.team)
    deck.session.flush()
    return deck
