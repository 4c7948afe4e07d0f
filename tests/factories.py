"""Small keyword-only factories for test data; each adds its rows and flushes, never commits."""

from __future__ import annotations

import copy
import shutil
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from itertools import count
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from assessments.framework import start_team_framework
from assessments.ratings import append_ratings
from bootstrap.demo.curriculum import seed_demo
from curriculum.loader import DEFAULT_CURRICULUM_DIR, Curriculum
from reviews.queue import record_review
from reviews.scheduling import ReviewGrade
from search.embedding import HashEmbedder, SentenceTransformerEmbedder
from search.indexing import INDEX_FOLDER, SearchIndex
from storage.engine import make_engine, session_scope
from storage.enums import CardKind, CompetencyGroup, ModuleStatus, PersonRole, RaterKind, Visibility
from storage.migrate import upgrade
from storage.models import (
    Competency,
    CurriculumLevel,
    LevelDescriptor,
    Module,
    ModuleCompetency,
    ModuleProgress,
    Note,
    Person,
    QuizQuestion,
    Rating,
    ReviewCard,
    RoleTarget,
    Team,
    Track,
    TrackModule,
)
from storage.people import PersonRef, get_person
from storage.transfer import export_database

_serial = count(1)

# Columns filled from the wall clock (`utc_now`) when a row is written; two runs never agree on
# them, so comparisons of whole databases leave them out.
WALL_CLOCK_COLUMNS = frozenset({"created_at", "updated_at"})


def make_team(*, session: Session, name: str | None = None) -> Team:
    """A team with the curriculum's framework if one is loaded, as a new team starts."""
    team = Team(name=name or f"Team {next(_serial)}")
    session.add(team)
    session.flush()
    assert team.id is not None
    start_team_framework(session, team.id)
    return team


def make_person(
    *,
    session: Session,
    team: Team,
    name: str | None = None,
    role: PersonRole = PersonRole.LEARNER,
    job_role: str = "Backend engineer",
    mentor: Person | None = None,
    joined_on: date = date(2025, 1, 6),
    active: bool = True,
) -> Person:
    assert team.id is not None
    name = name or f"Person {next(_serial)}"
    person = Person(
        team_id=team.id,
        name=name,
        email=f"{name.lower().replace(' ', '.')}.{next(_serial)}@example.test",
        role=role,
        job_role=job_role,
        mentor_id=mentor.id if mentor else None,
        joined_on=joined_on,
        active=active,
    )
    session.add(person)
    session.flush()
    return person


def make_ref(*, session: Session, person: Person) -> PersonRef:
    """The acting-person read model services take."""
    assert person.id is not None
    return get_person(session, person.id)


def make_level(*, session: Session, number: int = 1, name: str | None = None) -> CurriculumLevel:
    level = session.exec(select(CurriculumLevel).where(CurriculumLevel.number == number)).first()
    if level is None:
        level = CurriculumLevel(number=number, name=name or f"Level {number}")
        session.add(level)
        session.flush()
    return level


def make_module(
    *,
    session: Session,
    key: str | None = None,
    title: str | None = None,
    hours: float = 4.0,
    level_number: int = 1,
) -> Module:
    level = make_level(session=session, number=level_number)
    assert level.id is not None
    key = key or f"module-{next(_serial)}"
    module = Module(
        key=key,
        level_id=level.id,
        position=next(_serial),
        title=title or key.replace("-", " ").capitalize(),
        hours=hours,
        topics=["a topic"],
    )
    session.add(module)
    session.flush()
    return module


def make_track(
    *,
    session: Session,
    key: str | None = None,
    name: str | None = None,
    weeks: int,
    schedule: list[tuple[Module, int, int]],
    mentoring_weeks: int = 0,
) -> Track:
    """A track whose `schedule` lists (module, start_week, end_week) in order."""
    key = key or f"track-{next(_serial)}"
    track = Track(
        key=key,
        name=name or f"{key.capitalize()} track",
        weeks=weeks,
        mentoring_weeks=mentoring_weeks,
    )
    session.add(track)
    session.flush()
    assert track.id is not None
    for position, (module, start_week, end_week) in enumerate(schedule, start=1):
        assert module.id is not None
        session.add(
            TrackModule(
                track_id=track.id,
                module_id=module.id,
                position=position,
                start_week=start_week,
                end_week=end_week,
            )
        )
    session.flush()
    return track


def make_migrated_engine(*, url: str = "sqlite://") -> Engine:
    """An engine over a database brought up through the real migrations."""
    engine = make_engine(url)
    upgrade(engine)
    return engine


def make_demo_engine(*, curriculum: Curriculum, today: date, url: str = "sqlite://") -> Engine:
    """A migrated database holding the seeded demo team, committed."""
    engine = make_migrated_engine(url=url)
    with Session(engine) as session:
        seed_demo(session, curriculum, today)
        session.commit()
    return engine


def make_curriculum_copy(*, target: Path) -> Path:
    """A copy of the default curriculum folder that a test may break."""
    folder = target / "curriculum"
    shutil.copytree(DEFAULT_CURRICULUM_DIR, folder)
    return folder


def rows_without_wall_clock(export: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """An export's rows with the wall-clock timestamp columns left out."""
    tables = copy.deepcopy(export["tables"])
    return {
        name: [{k: v for k, v in row.items() if k not in WALL_CLOCK_COLUMNS} for row in rows]
        for name, rows in tables.items()
    }


def table_rows(engine: Engine) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, as an export holds them."""
    tables: dict[str, list[dict[str, Any]]] = export_database(engine)["tables"]
    return tables


# --- competencies, quizzes and reviews ------------------------------------------------


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
    append_ratings(session, [rating])
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


# --- search: notes, and an index over a temporary folder with the hash embedder -------


NOON = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


def make_note(
    *,
    session: Session,
    author: Person,
    title: str,
    body: str,
    tags: list[str] | None = None,
    visibility: Visibility = Visibility.TEAM,
    pair: Person | None = None,
    module_id: int | None = None,
    updated_at: datetime = NOON,
) -> Note:
    assert author.id is not None
    note = Note(
        team_id=author.team_id,
        author_id=author.id,
        owner_id=author.id,
        title=title,
        body=body,
        tags=tags or [],
        visibility=visibility,
        pair_person_id=pair.id if pair else None,
        module_id=module_id,
        created_at=updated_at,
        updated_at=updated_at,
    )
    session.add(note)
    session.flush()
    return note


ChromaServer = tuple[str, int]


def make_index(
    folder: Path, embedder: HashEmbedder | None = None, chroma: ChromaServer | None = None
) -> SearchIndex:
    """An index in `folder`; its Chroma part in the folder, or on the `chroma` server."""
    host, port = chroma or (None, 8000)
    return SearchIndex(
        folder / "index", embedder or HashEmbedder(), chroma_host=host, chroma_port=port
    )


@pytest.fixture(scope="session")
def demo_index(demo_data_dir: Path) -> Path:
    """The seeded demo's search index, built with the real model as `python -m search index`
    would (once per run; a second use finds nothing changed)."""
    engine = make_engine(f"sqlite:///{demo_data_dir / 'proficio.db'}")
    index = SearchIndex(demo_data_dir / INDEX_FOLDER, SentenceTransformerEmbedder())
    with session_scope(engine) as session:
        index.update(session)
    engine.dispose()
    return demo_data_dir
