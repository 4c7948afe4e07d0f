"""Small keyword-only factories for test data; each adds its rows and flushes, never commits."""

from __future__ import annotations

import copy
import shutil
from datetime import date
from itertools import count
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from assessments.framework import start_team_framework
from bootstrap.demo.curriculum import seed_demo
from curriculum.loader import DEFAULT_CURRICULUM_DIR, Curriculum
from storage.engine import make_engine
from storage.enums import PersonRole
from storage.migrate import upgrade
from storage.models import CurriculumLevel, Module, Person, Team, Track, TrackModule
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
