"""0018: every note review is kept; each note's last review so far becomes its first row,
credited to its owner."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy import inspect
from sqlalchemy.engine import Engine

from storage.migrate import current_revision, head_revision, upgrade
from tests.storage.test_migrate import _upgrade_to, unmigrated_engine  # noqa: F401
from tests.storage.test_migrate_0008 import _downgrade_to

NOW = datetime(2026, 12, 5, 10, tzinfo=UTC)


def test_0018_keeps_each_notes_last_review_as_its_owners_and_goes_back_down(
    unmigrated_engine: Engine,  # noqa: F811
) -> None:
    engine = unmigrated_engine
    _upgrade_to(engine, "0017")
    with engine.begin() as connection:
        connection.execute(
            sa.text("INSERT INTO team (id, name, created_at) VALUES (1, 'Search', :t)"), {"t": NOW}
        )
        for pid, name in ((7, "Grace"), (8, "Aisha")):
            connection.execute(
                sa.text(
                    "INSERT INTO person (id, team_id, name, email, role, job_role, joined_on, "
                    "active, is_admin) VALUES (:id, 1, :name, :email, 'learner', 'Engineer', "
                    "'2026-01-05', true, false)"
                ),
                {"id": pid, "name": name, "email": f"{name.lower()}@example.org"},
            )
        for nid, reviewed in ((1, NOW), (2, None)):
            connection.execute(
                sa.text(
                    "INSERT INTO note (id, team_id, author_id, owner_id, title, body, tags, "
                    "visibility, category, created_at, updated_at, review_by, reviewed_at) "
                    "VALUES (:id, 1, 7, 8, 'IVF', 'nprobe', '[]', 'team', 'guide', :t, :t, "
                    "'2027-03-01', :reviewed)"
                ),
                {"id": nid, "t": NOW, "reviewed": reviewed},
            )
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT note_id, reviewer_id, next_review_by FROM notereview")
        ).all()
    # Raw SQL: SQLite returns the date as text, PostgreSQL as a date.
    assert [(n, r, str(d)) for n, r, d in rows] == [(1, 8, "2027-03-01")]

    _downgrade_to(engine, "0017")
    assert "notereview" not in inspect(engine).get_table_names()
    upgrade(engine)  # and up again
    assert current_revision(engine) == head_revision()
