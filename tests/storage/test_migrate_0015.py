"""0015: notes get a category, an owner and review dates; existing notes become guides owned
by their author, and keep their text."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy import inspect
from sqlalchemy.engine import Engine

from storage.migrate import current_revision, head_revision, upgrade
from tests.storage.test_migrate import _upgrade_to, unmigrated_engine  # noqa: F401
from tests.storage.test_migrate_0008 import _downgrade_to

NOW = datetime(2026, 12, 5, 10, tzinfo=UTC)


def test_0015_makes_existing_notes_guides_owned_by_their_author_and_goes_back_down(
    unmigrated_engine: Engine,  # noqa: F811
) -> None:
    engine = unmigrated_engine
    _upgrade_to(engine, "0014")
    with engine.begin() as connection:
        connection.execute(
            sa.text("INSERT INTO team (id, name, created_at) VALUES (1, 'Search', :t)"), {"t": NOW}
        )
        connection.execute(
            sa.text(
                "INSERT INTO person (id, team_id, name, email, role, job_role, joined_on, "
                "active, is_admin) VALUES (7, 1, 'Grace', 'grace@example.org', 'lead', 'Lead', "
                "'2026-01-05', true, false)"
            ),
            {"t": NOW},
        )
        connection.execute(
            sa.text(
                "INSERT INTO note (id, team_id, author_id, title, body, tags, visibility, "
                "created_at, updated_at) VALUES (1, 1, 7, 'IVF', 'nprobe', '[]', 'team', :t, :t)"
            ),
            {"t": NOW},
        )
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        row = connection.execute(
            sa.text("SELECT title, category, owner_id, review_by, last_opened_at FROM note")
        ).one()
    assert tuple(row) == ("IVF", "guide", 7, None, None)

    _downgrade_to(engine, "0014")
    assert "owner_id" not in {c["name"] for c in inspect(engine).get_columns("note")}
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT title FROM note")).scalar_one() == "IVF"

    upgrade(engine)  # and up again
    assert current_revision(engine) == head_revision()
