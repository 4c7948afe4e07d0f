"""The demo team, and keeping a working curriculum when the YAML folder breaks."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from bootstrap.demo.curriculum import DEMO_TEAM_NAME
from curriculum.loader import Curriculum
from curriculum.progress import PersonProgressRow, learner_overview, team_progress
from storage.enums import PersonRole
from storage.models import ActivityLog, Person, Team
from storage.people import PersonRef, get_person
from storage.transfer import export_database
from tests.conftest import TODAY
from tests.factories import (
    make_demo_engine,
    rows_without_wall_clock,
)


@pytest.fixture(scope="module")
def demo_engine(curriculum: Curriculum) -> Iterator[Engine]:
    """The demo seeded once for this module; tests only read it."""
    engine = make_demo_engine(curriculum=curriculum, today=TODAY)
    yield engine
    engine.dispose()


@pytest.fixture
def demo(demo_engine: Engine) -> Iterator[Session]:
    with Session(demo_engine) as session:
        yield session


def _lead(demo: Session) -> PersonRef:
    """The demo team's lead, who may see everyone's progress."""
    return get_person(
        demo,
        demo.exec(
            select(Person.id).where(Person.role == "lead", Person.name == "Priya Raman")
        ).one(),
    )


@pytest.fixture
def progress_rows(demo: Session) -> dict[str, PersonProgressRow]:
    team = demo.exec(select(Team).where(Team.name == DEMO_TEAM_NAME)).one()
    assert team.id is not None
    return {
        row.name: row
        for row in team_progress(demo, actor=_lead(demo), team_id=team.id, today=TODAY)
    }


def test_demo_team_has_twelve_people_in_three_roles(demo: Session) -> None:
    # The demo's second team (bootstrap.demo.sharing) is small and shares a community.
    team = demo.exec(select(Team).where(Team.name == DEMO_TEAM_NAME)).one()
    people = demo.exec(select(Person).where(Person.team_id == team.id)).all()
    assert len(people) == 12
    assert Counter(p.role for p in people) == {
        PersonRole.LEAD: 1,
        PersonRole.MENTOR: 3,
        PersonRole.LEARNER: 8,
    }
    assert len({p.email for p in people}) == 12


def test_every_learner_has_a_mentor_who_is_a_mentor(demo: Session) -> None:
    people = {p.id: p for p in demo.exec(select(Person)).all()}
    learners = [p for p in people.values() if p.role == PersonRole.LEARNER]
    for learner in learners:
        assert learner.mentor_id is not None, learner.name
        assert people[learner.mentor_id].role == PersonRole.MENTOR, learner.name
    # Each mentor has someone to mentor.
    mentors = {p.id for p in people.values() if p.role == PersonRole.MENTOR}
    assert {learner.mentor_id for learner in learners} == mentors


def test_learners_current_tracks_cover_every_track_twice(demo: Session) -> None:
    learners = demo.exec(select(Person).where(Person.role == PersonRole.LEARNER)).all()
    tracks = Counter()
    for learner in learners:
        assert learner.id is not None
        overview = learner_overview(demo, actor=_lead(demo), person_id=learner.id, today=TODAY)
        assert overview.enrollment is not None, learner.name
        tracks[overview.enrollment.track_key] += 1
    assert tracks == {"fast": 2, "standard": 2, "foundation": 2, "leadership": 2}


def test_demo_has_about_six_months_of_activity(demo: Session) -> None:
    earliest, latest, entries = demo.exec(
        select(func.min(ActivityLog.occurred_on), func.max(ActivityLog.occurred_on), func.count())
    ).one()
    assert TODAY - timedelta(days=190) <= earliest <= TODAY - timedelta(days=150)
    assert latest <= TODAY
    assert entries >= 200
    # Activity throughout: no month of the six without entries.
    months = {
        day.strftime("%Y-%m") for day in demo.exec(select(ActivityLog.occurred_on).distinct()).all()
    }
    assert len(months) >= 6


def test_every_learner_has_logged_something(demo: Session) -> None:
    logged = set(demo.exec(select(ActivityLog.person_id).distinct()).all())
    learners = set(demo.exec(select(Person.id).where(Person.role == PersonRole.LEARNER)).all())
    assert learners <= logged


def test_team_overview_shows_a_mix_of_paces(progress_rows: dict[str, PersonProgressRow]) -> None:
    paces = Counter(row.pace for row in progress_rows.values())
    assert paces["behind"] >= 1
    assert paces["ahead"] + paces["completed"] >= 1
    assert paces["on track"] >= 1


def test_someone_has_gone_quiet_for_two_weeks(progress_rows: dict[str, PersonProgressRow]) -> None:
    quiet = [
        name
        for name, row in progress_rows.items()
        if row.last_activity is not None and row.last_activity <= TODAY - timedelta(days=14)
    ]
    assert quiet
    assert "Ben Carter" in quiet  # the demo's stalled learner
    assert progress_rows["Ben Carter"].pace == "behind"


def test_demo_lead_has_no_track_but_sees_everyone(
    progress_rows: dict[str, PersonProgressRow],
) -> None:
    lead = progress_rows["Priya Raman"]
    assert (lead.role, lead.track, lead.mentor) == ("lead", None, None)
    assert progress_rows["Aisha Khan"].mentor == "Grace Okafor"


def test_seeding_is_deterministic(demo_engine: Engine, curriculum: Curriculum) -> None:
    again = make_demo_engine(curriculum=curriculum, today=TODAY)
    try:
        assert rows_without_wall_clock(export_database(again)) == rows_without_wall_clock(
            export_database(demo_engine)
        )
    finally:
        again.dispose()
