"""Get a database ready to serve: migrate, load the curriculum, and set up an empty one,
either as the demo team or as a real organisation's first team."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from assessments.framework import start_team_framework
from bootstrap.demo.assessments import seed_competency_history
from bootstrap.demo.curriculum import DEMO_TEAM_NAME, seed_demo
from bootstrap.demo.feedback import seed_feedback
from bootstrap.demo.goals import seed_goals
from bootstrap.demo.mentoring import seed_mentoring
from bootstrap.demo.notes import seed_demo_notes
from bootstrap.demo.practical import seed_practical_work
from bootstrap.demo.reviews import HISTORY_DAYS, seed_review_history
from bootstrap.demo.sharing import seed_sharing
from curriculum.catalog import curriculum_folder, sync_curriculum
from curriculum.loader import (
    DEFAULT_CURRICULUM_DIR,
    CurriculumError,
    CurriculumProblem,
    load_curriculum,
)
from storage.engine import session_scope
from storage.enums import PersonRole
from storage.errors import InvalidInput
from storage.migrate import upgrade
from storage.models import Person, Team
from storage.people import PersonRef, has_any_team, organisation
from storage.roster import PersonIn, TeamRef, clean_name, create_organisation, create_team


@dataclass(frozen=True)
class StartupReport:
    seeded_demo: bool
    needs_setup: bool  # the database has no team yet: the app asks how to start
    curriculum_problems: CurriculumError | None  # set when the YAML was refused and the
    # database's previous copy of the curriculum is in use
    curriculum_warnings: tuple[CurriculumProblem, ...] = ()  # loaded, but worth fixing


def _curriculum_dir(session: Session, explicit: Path | None) -> Path:
    """`explicit`, else the folder the course is read from."""
    return explicit if explicit is not None else curriculum_folder(session)


def prepare_database(
    engine: Engine, *, today: date, demo: bool, curriculum_dir: Path | None = None
) -> StartupReport:
    """Upgrade the schema and re-read the curriculum YAML; an empty database gets the demo
    team when `demo`, else is left for the setup page (`needs_setup`).

    A curriculum with problems is refused as a whole; on an empty database that is about to
    be seeded it is fatal (CurriculumError), otherwise the previous copy stays and the
    report carries the problems.
    """
    upgrade(engine)
    with session_scope(engine) as session:
        empty = not has_any_team(session)
        folder = _curriculum_dir(session, curriculum_dir)
        try:
            curriculum = load_curriculum(folder)
        except CurriculumError as error:
            if empty and demo:
                raise
            return StartupReport(seeded_demo=False, needs_setup=empty, curriculum_problems=error)
        if empty and demo:
            _seed_demo(session, today=today, curriculum_dir=curriculum_dir)
        elif not empty:
            sync_curriculum(session, curriculum)
            for team_id in session.exec(select(Team.id)).all():
                # Competencies the YAML gained since are added; a team's edits are kept.
                start_team_framework(session, team_id or 0)
    return StartupReport(
        seeded_demo=empty and demo,
        needs_setup=empty and not demo,
        curriculum_problems=None,
        curriculum_warnings=curriculum.warnings,
    )


def _seed_demo(session: Session, *, today: date, curriculum_dir: Path | None) -> None:
    curriculum = load_curriculum(_curriculum_dir(session, curriculum_dir))
    team = seed_demo(session, curriculum, today)
    assert team.id is not None
    start_team_framework(session, team.id)
    seed_practical_work(session, today=today)  # before the mentors review older evidence
    seed_competency_history(session, today=today)
    seed_review_history(session, today=today)
    seed_mentoring(session, today=today)
    seed_goals(session, today=today)  # after the 1:1s it was reviewed in
    seed_feedback(session, today=today)  # after the plans: points go on their next 1:1s
    seed_demo_notes(session, today=today, team_id=team.id)
    seed_sharing(session, today=today)
    # The demo's lead is its organisation admin too, so the demo shows the Organisation pages.
    for lead in session.exec(
        select(Person).where(Person.team_id == team.id, Person.role == PersonRole.LEAD)
    ):
        lead.is_admin = True
        session.add(lead)
    if organisation(session) is None:
        create_organisation(
            session,
            name=DEMO_TEAM_NAME,
            curriculum_dir=None if curriculum_dir is None else str(curriculum_dir),
            demo=True,
            # The demo's story starts with its set-up, as far back as its history goes.
            now=datetime.combine(today - timedelta(days=HISTORY_DAYS), time(8), tzinfo=UTC),
        )


def set_up_demo(engine: Engine, *, today: date) -> None:
    """ "Explore the demo team": seed the demo into the still-empty database."""
    with session_scope(engine) as session:
        if has_any_team(session):
            raise InvalidInput("This Proficio is already set up.")
        _seed_demo(session, today=today, curriculum_dir=None)


def set_up_team(
    engine: Engine,
    *,
    team_name: str,
    lead_name: str,
    lead_email: str,
    curriculum_dir: Path | None,
    now: datetime,
) -> PersonRef:
    """ "Set up my team": the organisation, its curriculum (the built-in course or a folder,
    refused with every problem named) and its first team, whose lead is an admin."""
    clean_name(team_name, field="team name")  # named as the setup form names it
    folder = curriculum_dir or DEFAULT_CURRICULUM_DIR
    if not folder.is_dir():
        raise InvalidInput(f"There is no folder {folder}.")
    curriculum = load_curriculum(folder)  # CurriculumError lists every problem
    with session_scope(engine) as session:
        if has_any_team(session):
            raise InvalidInput("This Proficio is already set up.")
        create_organisation(
            session,
            name=team_name,
            curriculum_dir=None if curriculum_dir is None else str(curriculum_dir.resolve()),
            demo=False,
            now=now,
        )
        sync_curriculum(session, curriculum)
        _, lead = new_team(
            session,
            actor=None,
            name=team_name,
            lead=PersonIn(
                name=lead_name,
                email=lead_email,
                role=PersonRole.LEAD,
                job_role="Team lead",
                joined_on=now.date(),
            ),
            now=now,
            lead_is_admin=True,
        )
        return lead


def new_team(
    session: Session,
    *,
    actor: PersonRef | None,
    name: str,
    lead: PersonIn,
    now: datetime,
    lead_is_admin: bool = False,
) -> tuple[TeamRef, PersonRef]:
    """A new team with its first lead, starting from the curriculum's competency framework
    (see `storage.roster.create_team` for who may)."""
    team, person = create_team(
        session, actor=actor, name=name, lead=lead, now=now, lead_is_admin=lead_is_admin
    )
    start_team_framework(session, team.id)
    return team, person
