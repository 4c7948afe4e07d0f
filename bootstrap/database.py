"""Get a database ready to serve: migrate, load the curriculum, seed the demo when empty."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.engine import Engine

from assessments.demo import seed_competency_history
from assessments.review_demo import seed_review_history
from curriculum.catalog import sync_curriculum
from curriculum.demo import seed_demo
from curriculum.loader import DEFAULT_CURRICULUM_DIR, CurriculumError, load_curriculum
from mentoring.demo import seed_mentoring
from search.demo import seed_demo_notes
from storage.engine import session_scope
from storage.migrate import upgrade
from storage.people import has_any_team
from storage.settings import get_settings


@dataclass(frozen=True)
class StartupReport:
    seeded_demo: bool
    curriculum_problems: CurriculumError | None  # set when the YAML was refused and the
    # database's previous copy of the curriculum is in use


def prepare_database(
    engine: Engine, *, today: date, curriculum_dir: Path | None = None
) -> StartupReport:
    """Upgrade the schema, re-read the curriculum YAML, and seed the demo team if empty.

    The curriculum folder is `curriculum_dir`, else the `curriculum_dir` setting, else the
    built-in course.

    A curriculum with problems is refused as a whole; on an empty database that is fatal
    (CurriculumError), otherwise the previous copy stays and the report carries the problems.
    """
    upgrade(engine)
    curriculum_dir = curriculum_dir or get_settings().curriculum_dir or DEFAULT_CURRICULUM_DIR
    with session_scope(engine) as session:
        empty = not has_any_team(session)
        try:
            curriculum = load_curriculum(curriculum_dir)
        except CurriculumError as error:
            if empty:
                raise
            return StartupReport(seeded_demo=False, curriculum_problems=error)
        if empty:
            team = seed_demo(session, curriculum, today)
            seed_competency_history(session, today=today)
            seed_review_history(session, today=today)
            seed_mentoring(session, today=today)
            assert team.id is not None
            seed_demo_notes(session, today=today, team_id=team.id)
        else:
            sync_curriculum(session, curriculum)
    return StartupReport(seeded_demo=empty, curriculum_problems=None)
