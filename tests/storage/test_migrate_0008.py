"""0008: 1:1 sessions can be skipped and carry a version; existing sessions keep their text."""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import command
from sqlalchemy import inspect
from sqlalchemy.engine import Engine

from storage.migrate import alembic_config, current_revision, head_revision, upgrade
from tests.storage.test_migrate import _upgrade_to, unmigrated_engine  # noqa: F401

NOW = datetime(2026, 11, 19, 10, tzinfo=UTC)


def _downgrade_to(engine: Engine, revision: str) -> None:
    """Down to `revision`; on SQLite with foreign keys off meanwhile, as `upgrade` does (a
    rebuilt table that others point at, such as `team`, cannot be dropped otherwise)."""
    config = alembic_config()
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        driver = connection.connection.driver_connection
        if sqlite:
            driver.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                command.downgrade(config, revision)
        finally:
            if sqlite:
                driver.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]


def _a_session_with_an_agenda(engine: Engine) -> None:
    """A team, a mentor and a mentee, a plan and one session whose agenda is saved (at 0007)."""
    with engine.begin() as connection:
        run = connection.execute
        run(sa.text("INSERT INTO team (id, name, created_at) VALUES (1, 'Search', :t)"), {"t": NOW})
        for person_id, name, role in ((1, "Grace Okafor", "mentor"), (2, "Ada Byte", "learner")):
            run(
                sa.text(
                    "INSERT INTO person (id, team_id, name, email, role, job_role, joined_on, "
                    "active, is_admin) VALUES (:i, 1, :n, :e, :r, 'Engineer', :d, :yes, :no)"
                ),
                {
                    "i": person_id,
                    "n": name,
                    "e": f"p{person_id}@example.com",
                    "r": role,
                    "d": date(2025, 1, 6),
                    "yes": True,
                    "no": False,
                },
            )
        run(
            sa.text(
                "INSERT INTO mentoringplan (id, mentor_id, mentee_id, started_on, weeks, "
                "sessions_per_week, session_minutes, focus, status, created_at) "
                "VALUES (1, 1, 2, :d, 8, 1, 45, '[]', 'active', :t)"
            ),
            {"d": date(2026, 11, 2), "t": NOW},
        )
        run(
            sa.text(
                "INSERT INTO mentoringsession (id, plan_id, number, scheduled_for, phase, "
                "agenda, notes, notes_visibility) "
                "VALUES (1, 1, 1, :t, 'Assessment', 'Talk about search', '', 'pair')"
            ),
            {"t": NOW},
        )


def test_0008_gives_existing_sessions_version_0_unskipped_and_goes_back_down(
    unmigrated_engine: Engine,  # noqa: F811
) -> None:
    engine = unmigrated_engine
    _upgrade_to(engine, "0007")
    _a_session_with_an_agenda(engine)
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        row = connection.execute(
            sa.text("SELECT agenda, version, skipped_at, updated_by_id FROM mentoringsession")
        ).one()
    assert tuple(row) == ("Talk about search", 0, None, None)

    _downgrade_to(engine, "0007")
    assert current_revision(engine) == "0007"
    columns = {c["name"] for c in inspect(engine).get_columns("mentoringsession")}
    assert not columns & {"version", "skipped_at", "updated_by_id"}
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT agenda FROM mentoringsession")).scalar_one() == (
            "Talk about search"
        )
        if engine.dialect.name == "sqlite":
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []

    upgrade(engine)  # and up again
    assert current_revision(engine) == head_revision()
