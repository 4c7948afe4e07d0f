"""0011: reviews' new columns; existing schedules are plain (not suspended, no lapses) and
existing answers are not undone; downgrading keeps every review."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy import inspect
from sqlalchemy.engine import Engine

from storage.migrate import current_revision, head_revision, upgrade
from tests.storage.test_migrate import _upgrade_to, unmigrated_engine  # noqa: F401
from tests.storage.test_migrate_0008 import _downgrade_to

NOW = datetime(2026, 12, 5, 9, tzinfo=UTC)


def test_0011_keeps_cards_schedules_and_answers_as_they_were_and_goes_back_down(
    unmigrated_engine: Engine,  # noqa: F811
) -> None:
    engine = unmigrated_engine
    _upgrade_to(engine, "0010")
    with engine.begin() as connection:
        for statement in (
            "INSERT INTO team (id, name, created_at) VALUES (1, 'Search', :t)",
            "INSERT INTO person (id, team_id, name, email, role, job_role, joined_on, active,"
            " is_admin) VALUES (1, 1, 'Aisha Khan', 'aisha@example.org', 'learner',"
            " 'Engineer', '2026-01-05', true, false)",
            "INSERT INTO reviewcard (id, kind, front, back, author_id, created_at)"
            " VALUES (1, 'conceptual', 'What is recall@10?', 'The share found.', 1, :t)",
            "INSERT INTO cardschedule (id, person_id, card_id, due_at, state, scheduler)"
            " VALUES (1, 1, 1, :t, '{}', 'fsrs')",
            "INSERT INTO reviewlog (id, card_id, person_id, rating, reviewed_at, scheduler)"
            " VALUES (1, 1, 1, 3, :t, 'fsrs')",
        ):
            connection.execute(sa.text(statement), {"t": NOW})
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        schedule = connection.execute(
            sa.text("SELECT lapses, leech, suspended_at, buried_until FROM cardschedule")
        ).one()
        assert tuple(schedule) == (0, False, None, None)
        answer = connection.execute(sa.text("SELECT rating, undone_at FROM reviewlog")).one()
        assert tuple(answer) == (3, None)
        team = connection.execute(
            sa.text("SELECT new_cards_per_day, leech_lapses, learning_steps_minutes FROM team")
        ).one()
        assert tuple(team) == (None, None, None)

    _downgrade_to(engine, "0010")
    assert "lapses" not in {c["name"] for c in inspect(engine).get_columns("cardschedule")}
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM reviewlog")).scalar_one() == 1
    upgrade(engine)
    assert current_revision(engine) == head_revision()
